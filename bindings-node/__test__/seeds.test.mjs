// The seed scenarios of core/tests/seed_rules.rs, through the Node binding.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { CallLog, derive, isSuccessResult, vocabularies, validateCallback, CalllogError, label } from '../lib.js'

const t = (s) => new Date(s)

// ---- seed 000 (video-call SaaS): D start, E offered, F answered/cancelled, H talk start
function seed000 (e, f, h) {
  const timeline = { startedAt: t('2024-05-01T10:00:00+09:00') }
  if (e) timeline.offeredAt = t(e)
  if (f) timeline.answeredOrCancelledAt = t(f)
  if (h) timeline.talkStartedAt = t(h)
  return { id: 'A-1', channel: 'video', timeline }
}

test('seed 000 case 1: H blank, E and F recorded -> cancelled before answer, no wait', () => {
  const d = derive(seed000('2024-05-01T10:00:02+09:00', '2024-05-01T10:00:25+09:00', null))
  assert.equal(d.outcome, 'cancelled_before_answer')
  assert.equal(d.success, false)
  assert.equal(d.wait, undefined)
})

test('seed 000 case 2: H and E blank, F recorded -> no agent available', () => {
  const d = derive(seed000(null, '2024-05-01T10:00:40+09:00', null))
  assert.equal(d.outcome, 'no_agent_available')
  assert.equal(label('outcome', d.outcome, 'ja'), '対応可能なスタッフなし')
})

test('seed 000 case 3: H, E and F blank -> browser closed', () => {
  assert.equal(derive(seed000(null, null, null)).outcome, 'browser_closed')
})

test('seed 000 wait time runs from call start (D) to talk start (H)', () => {
  const r = seed000('2024-05-01T10:00:05+09:00', '2024-05-01T10:00:30+09:00', '2024-05-01T10:00:42+09:00')
  r.timeline.talkEndedAt = t('2024-05-01T10:10:00+09:00')
  r.timeline.closedAt = t('2024-05-01T10:12:30+09:00')
  const [row] = CallLog.from([r]).toArray()
  assert.equal(row.derived.wait, 42)
  assert.equal(row.derived.afterCallWork, 150)
  assert.equal(row.derived.dial, 25)
  assert.equal(row.derived.talk, 558)
  assert.equal(row.derived.total, 600)
  assert.equal(row.derived.outcome, 'completed')
  assert.equal(derive(r, 'video_call_saas').total, 750)
})

// ---- seed 002 (Voximplant Kit): dialled 09:00:02, picked up 09:00:20, ended 09:03:00
function seed002 (callType) {
  const r = {
    id: 'V-1',
    callType,
    attemptResult: 'call_accepted',
    timeline: {
      startedAt: t('2024-05-01T09:00:00Z'),
      talkStartedAt: t('2024-05-01T09:00:20Z'),
      talkEndedAt: t('2024-05-01T09:03:00Z'),
    },
  }
  if (callType !== 'incoming') r.timeline.dialStartedAt = t('2024-05-01T09:00:02Z')
  return r
}

test('seed 002 dial and talk per call type under the Voximplant preset', () => {
  const log = CallLog.from(
    ['automated_campaign', 'softphone_outgoing', 'operator_campaign', 'incoming'].map(seed002),
    { rules: 'voximplant' },
  )
  const rows = log.toArray()
  for (const row of rows.slice(0, 3)) {
    assert.equal(row.derived.dial, 18, row.callType)
    assert.equal(row.derived.talk, 160, row.callType)
  }
  // incoming: dial "Не применимо", talk from the start of the scenario
  assert.equal(rows[3].derived.dial, undefined)
  assert.equal(rows[3].derived.talk, 180)
  // the canonical rules measure incoming talk from pick-up
  assert.equal(log.withRules('canonical').at(3).derived.talk, 160)
  assert.deepEqual(log.rules, { wait: 'call_start_to_talk_start', talk: 'incoming_from_scenario_start', total: 'start_to_end' })
})

test('seed 002 unanswered dial runs until the unavailable status', () => {
  const d = derive({
    id: 'V-2',
    callType: 'automated_campaign',
    attemptResult: 'number_unavailable',
    timeline: {
      startedAt: t('2024-05-01T09:00:00Z'),
      dialStartedAt: t('2024-05-01T09:00:00Z'),
      answeredOrCancelledAt: t('2024-05-01T09:00:07Z'),
      closedAt: t('2024-05-01T09:00:07Z'),
    },
  }, 'voximplant')
  assert.deepEqual(d, { dial: 7, outcome: 'failed', success: false, total: 7 })
})

test('seed 002: of the fourteen attempt results only call_accepted is a success', () => {
  const results = vocabularies().attempt_result
  assert.equal(results.length, 14)
  assert.deepEqual(results.filter(isSuccessResult), ['call_accepted'])
  const log = CallLog.from(results.map((attemptResult, i) => ({ id: `r${i}`, attemptResult })))
  assert.deepEqual(log.toArray().filter((r) => r.derived.success).map((r) => r.attemptResult), ['call_accepted'])
})

// ---- seed 004 (Focus Contact Center): IVR 08:00:00-08:00:45, agent talk 08:01:00-08:06:00
const seed004 = () => ({
  id: 'F-1',
  interactionType: 'inbound_campaign_call',
  status: 'answered',
  timeline: {
    startedAt: t('2024-05-01T08:00:00+02:00'),
    enqueuedAt: t('2024-05-01T08:00:45+02:00'),
    talkStartedAt: t('2024-05-01T08:01:00+02:00'),
    talkEndedAt: t('2024-05-01T08:06:00+02:00'),
  },
  ivrPath: [
    { node: 'Powitanie', enteredAt: t('2024-05-01T08:00:00+02:00') },
    { node: 'Menu', enteredAt: t('2024-05-01T08:00:20+02:00'), leftAt: t('2024-05-01T08:00:45+02:00'), choice: '1' },
  ],
})

test('seed 004 talk = agent talk + IVR under the FCC preset', () => {
  const d = derive(seed004(), 'focus_contact_center')
  assert.equal(d.ivr, 45)
  assert.equal(d.agentTalk, 300)
  assert.equal(d.talk, 345)
  assert.equal(derive(seed004()).talk, 300)
  // a rule set given field by field works like the preset
  assert.equal(derive(seed004(), { talk: 'agent_talk_plus_ivr' }).talk, 345)
})

test('seed 004 IVR-only call has the talk time of its IVR', () => {
  const r = seed004()
  delete r.timeline.talkStartedAt
  delete r.timeline.talkEndedAt
  r.status = 'no_answer'
  const d = derive(r, 'focus_contact_center')
  assert.equal(d.talk, 45)
  assert.equal(d.agentTalk, undefined)
  assert.equal(d.outcome, 'not_answered')
})

// ---- seed 001 (BIZTEL callbacks): memo at most 1,000 characters
test('seed 001 callback memo: 1,000 characters pass, 1,001 fail with code, recordId and field', () => {
  const ok = validateCallback({ id: 'cb-1', registeredAt: t('2024-05-01T10:00:00+09:00'), memo: 'あ'.repeat(1000) })
  assert.equal(ok.state, 'not_done')
  assert.equal(ok.memo.length, 1000)
  assert.throws(
    () => validateCallback({ id: 'cb-2', registeredAt: t('2024-05-01T10:00:00+09:00'), memo: 'あ'.repeat(1001) }),
    (e) => e instanceof CalllogError && e.code === 'CALLLOG_INVALID' && e.recordId === 'cb-2' && e.field === 'memo' && /1001 characters/.test(e.message),
  )
})

// ---- seed 002 visibility: a supervisor sees their groups' calls, without the price
test('seed 002 supervisor sees own groups without price; operator needs the history switch', () => {
  const log = CallLog.from([
    { id: 's1', agents: [{ name: 'Анна', groups: ['sales'] }], price: { amount: '1.25', currency: 'RUB' }, scenarioUrl: 'https://kit/s/1', extra: { sip: 'x' } },
    { id: 's2', agents: [{ name: 'Борис', groups: ['support'] }], price: { amount: '2.00', currency: 'RUB' } },
  ])
  const sup = log.forViewer({ role: 'supervisor', user: 'Вера', groups: ['sales'] }).toArray()
  assert.deepEqual(sup.map((r) => r.id), ['s1'])
  assert.equal(sup[0].price, undefined)
  assert.equal(sup[0].scenarioUrl, undefined)
  assert.deepEqual(sup[0].extra, {})
  const owner = log.forViewer({ role: 'owner' }).toArray()
  assert.deepEqual(owner.map((r) => r.price.amount), ['1.25', '2.00'])
  assert.equal(log.forViewer({ role: 'operator', user: 'Борис' }).length, 0)
  assert.deepEqual(log.forViewer({ role: 'operator', user: 'Борис', historyAccess: true }).toArray().map((r) => r.id), ['s2'])
})
