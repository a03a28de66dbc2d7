// Conversion: Dates, seconds, money, vocabularies, blank vs zero, everything round-trips.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { CallLog, vocabularies, label, rulesPreset } from '../lib.js'

test('a full record round-trips through CallLog with Dates, seconds and decimal money', () => {
  const rec = {
    id: 'c-1',
    channel: 'voice',
    direction: 'outbound',
    interactionType: 'outbound_call',
    callType: 'operator_campaign',
    callMode: 'voice',
    status: 'answered',
    customerName: '山田商店',
    from: '+48 600 000 000',
    to: '+7 495 000-00-00',
    cc: ['a@example.com'],
    bcc: [],
    agents: [{ id: 'u1', name: 'Анна', number: '101', groups: ['sales'], deleted: false }],
    queue: 'q1',
    campaign: 'spring',
    scenario: 'main',
    scenarioUrl: 'https://example.com/s/1',
    timeline: {
      startedAt: new Date('2024-05-01T09:00:00.123Z'),
      dialStartedAt: new Date('2024-05-01T09:00:01Z'),
      talkStartedAt: new Date('2024-05-01T09:00:20Z'),
      talkEndedAt: new Date('2024-05-01T09:03:00Z'),
      closedAt: new Date('2024-05-01T09:04:00Z'),
    },
    reported: { hold: 12.5, total: 0 },
    endReason: 'hangup',
    disconnectSide: 'customer',
    holdCount: 2,
    attemptResult: 'call_accepted',
    completionCode: 'Перезвонить',
    callbackAt: new Date('2024-05-02T09:00:00Z'),
    attempts: 3,
    tags: ['vip'],
    topics: ['billing'],
    categories: ['lead'],
    classifier: 'sale',
    notes: [{ author: 'Анна', at: new Date('2024-05-01T09:05:00Z'), text: 'ok, "quoted", comma' }],
    managerRating: 5,
    callRating: 4,
    recording: { url: 'https://example.com/r.ogg', duration: 0, processing: false, format: 'ogg' },
    price: { amount: '0.0125', currency: 'RUB' },
    coBrowse: true,
    ringHistory: [{ at: new Date('2024-05-01T09:00:02Z'), staffName: 'Анна', detail: 'answered' }],
    preSurvey: [{ index: 1, question: 'Q1', answer: 'A1' }, { index: 2, question: 'Q2' }],
    postSurvey: [],
    visit: { source: 'google', landingPage: '/pricing' },
    ticketId: 'T-9',
    ivrPath: [],
    extra: { vendor_field: 'x' },
  }
  const [out] = CallLog.from([rec]).toArray()
  const { derived, ...back } = out
  assert.ok(back.timeline.startedAt instanceof Date)
  assert.equal(back.timeline.startedAt.getTime(), rec.timeline.startedAt.getTime(), 'milliseconds kept')
  assert.equal(back.callbackAt.toISOString(), '2024-05-02T09:00:00.000Z')
  assert.deepEqual(back.price, { amount: '0.0125', currency: 'RUB' })
  assert.equal(back.reported.hold, 12.5)
  assert.equal(back.reported.total, 0, 'a reported 0 stays 0, not blank')
  assert.equal(back.reported.wait, undefined, 'blank stays blank')
  assert.equal(back.recording.duration, 0)
  assert.deepEqual(back.preSurvey[1], { index: 2, question: 'Q2' })
  assert.deepEqual(back.extra, { vendor_field: 'x' })
  assert.equal(back.notes[0].at.toISOString(), '2024-05-01T09:05:00.000Z')
  // every field given comes back unchanged
  for (const [k, v] of Object.entries(rec)) {
    if (k === 'timeline' || k === 'visit' || k === 'reported' || k === 'recording') continue
    assert.deepEqual(back[k], v, k)
  }
  assert.equal(derived.talk, 160)
  assert.equal(derived.dial, 19)
  assert.equal(derived.hold, 12.5)
  assert.equal(derived.outcome, 'completed')
  assert.equal(derived.success, true)
})

test('a minimal record gets defaults, not invented facts', () => {
  const log = CallLog.from([{ id: 'x' }])
  assert.equal(log.length, 1)
  const r = log.at(0)
  assert.equal(r.channel, 'voice')
  assert.equal(r.direction, undefined)
  assert.deepEqual(r.timeline, {})
  assert.deepEqual(r.derived, { outcome: 'browser_closed', success: false })
  assert.equal(log.at(-1).id, 'x')
  assert.equal(log.at(1), null)
})

test('vocabularies: machine names, labels in four locales, labels accepted on input', () => {
  const v = vocabularies()
  assert.deepEqual(v.channel, ['voice', 'video', 'sms', 'email', 'chat'])
  assert.equal(v.interaction_type.length, 17)
  assert.deepEqual(v.status, ['answered', 'ringing', 'failed', 'classifier', 'busy', 'pending', 'no_answer'])
  assert.equal(label('attempt_result', 'number_busy', 'ru'), 'Номер занят')
  assert.equal(label('status', 'no_answer', 'pl'), 'Nieodebrane')
  assert.equal(label('channel', 'video', 'ja-JP'), 'ビデオ')
  // output always uses machine names, whatever the input spelled
  const r = CallLog.from([{ id: 'l', attemptResult: 'Номер занят', status: 'NO ANSWER' }]).at(0)
  assert.equal(r.attemptResult, 'number_busy')
  assert.equal(r.status, 'no_answer')
})

test('rules presets are plain objects of rule names', () => {
  assert.deepEqual(rulesPreset('focus_contact_center'), { wait: 'call_start_to_talk_start', talk: 'agent_talk_plus_ivr', total: 'start_to_end' })
  assert.deepEqual(rulesPreset('amazon_connect').wait, 'queue_entry_to_answer')
  assert.equal(CallLog.from([], { rules: { total: 'start_to_close' } }).rules.total, 'start_to_close')
})

test('the built-in sample log is deterministic and valid', () => {
  const a = CallLog.sample(200, 7)
  const b = CallLog.sample(200, 7)
  assert.equal(a.length, 200)
  assert.deepEqual(a.toArray(), b.toArray())
  // what comes out goes back in: every sample record converts and validates
  assert.equal(CallLog.from(a.toArray()).length, 200)
  assert.deepEqual(CallLog.from(a.toArray()).toArray(), a.toArray())
})
