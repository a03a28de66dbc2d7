// Query through the binding: filters (seeds 002, 004, 001), customer card (seed 003), metrics.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { CallLog, CalllogError } from '../lib.js'

const t = (s) => new Date(s)
const plus = (d, s) => new Date(d.getTime() + s * 1000)

// ---- seed 003: the card groups contacts by exact phone match after normalisation
function inbound (id, from, at, extra = {}) {
  return { id, direction: 'inbound', from, to: '+81 3-0000-0000', timeline: { startedAt: t(at) }, ...extra }
}
function answered (r, wait, talk) {
  const start = r.timeline.startedAt
  r.timeline.talkStartedAt = plus(start, wait)
  r.timeline.talkEndedAt = plus(start, wait + talk)
  return r
}
const history = () => CallLog.from([
  inbound('d', '０３－１２３４－５６７８', '2024-05-25T04:00:00Z', { status: 'busy' }),
  answered(inbound('a', '+81 3-1234-5678', '2024-04-01T01:00:00Z', {
    notes: [{ author: 'Sato', text: 'asked for a quote' }], categories: ['sales'], managerRating: 5, callRating: 4,
  }), 20, 300),
  inbound('c', '+81312345678', '2024-05-20T03:00:00Z', { timeline: { startedAt: t('2024-05-20T03:00:00Z'), offeredAt: t('2024-05-20T03:00:00Z'), answeredOrCancelledAt: t('2024-05-20T03:00:15Z') } }),
  answered(inbound('e', '03-1234-5679', '2024-05-26T00:00:00Z'), 5, 60),
  answered({ id: 'b', direction: 'outbound', from: '+81 3-0000-0000', to: '03-1234-5678', timeline: { startedAt: t('2024-05-10T02:00:00Z') }, categories: ['sales', 'follow-up'], managerRating: 3 }, 10, 120),
])

test('seed 003 customer card: three spellings are one customer; the summary by hand', () => {
  const log = history()
  const now = t('2024-05-31T00:00:00Z')
  for (const n of ['+81 3-1234-5678', '03-1234-5678', '+81312345678']) {
    const card = log.customerCard(n, 'JP', { now })
    assert.equal(card.number, '+81312345678')
    assert.deepEqual(card.contacts.map((r) => r.id), ['a', 'b', 'c', 'd'], n)
  }
  const s = log.customerCard('03-1234-5678', 'JP', { now }).summary
  assert.equal(s.total, 4)
  assert.equal(s.answered, 2)
  assert.equal(s.missed, 1)
  assert.equal(s.firstContact.toISOString(), '2024-04-01T01:00:00.000Z')
  assert.equal(s.lastContact.toISOString(), '2024-05-25T04:00:00.000Z')
  assert.equal(s.contactsLast30Days, 3)
  assert.equal(s.totalTalkTime, 420)
  assert.equal(s.averageWait, 15)
  assert.deepEqual(s.comments.map((c) => [c.recordId, c.note.text]), [['a', 'asked for a quote']])
  assert.deepEqual(s.categories, [{ category: 'sales', count: 2 }, { category: 'follow-up', count: 1 }])
  assert.equal(s.averageManagerRating, 4)
  assert.equal(log.customerCard('03-1234-5679', 'JP', { now }).contacts[0].id, 'e')
  assert.throws(() => log.customerCard('abc', 'JP'), (e) => e instanceof CalllogError && e.code === 'CALLLOG_FILTER' && e.field === 'number')
  assert.throws(() => log.customerCard('03-1234-5678', 'XX'), (e) => e instanceof CalllogError && e.code === 'CALLLOG_FILTER' && e.field === 'defaultRegion')
})

test('seed 002 filter: attempt results, success, number search, agents, groups', () => {
  const log = CallLog.from([
    { id: '1', attemptResult: 'call_accepted', from: '+7 495 111-22-33', agents: [{ name: 'Анна', groups: ['Продажи'] }], timeline: { startedAt: t('2024-05-01T09:00:00Z') } },
    { id: '2', attemptResult: 'number_busy', from: '+7 495 999-88-77', agents: [{ name: 'Борис', groups: ['Поддержка'] }], timeline: { startedAt: t('2024-05-01T10:00:00Z') } },
    { id: '3', attemptResult: 'no_answer', from: '+7 812 111-22-33', agents: [{ name: 'Анна', groups: ['Продажи'] }], timeline: { startedAt: t('2024-05-02T11:00:00Z') } },
  ], { rules: 'voximplant' })
  const ids = (f) => log.filter(f).toArray().map((r) => r.id)
  assert.deepEqual(ids({ success: true }), ['1'])
  assert.deepEqual(ids({ success: false }), ['2', '3'])
  assert.deepEqual(ids({ attemptResults: ['number_busy', 'no_answer'] }), ['2', '3'])
  assert.deepEqual(ids({ number: '111-22' }), ['1', '3'])
  assert.deepEqual(ids({ agents: ['Борис'] }), ['2'])
  assert.deepEqual(ids({ groups: ['Продажи'], from: t('2024-05-02T00:00:00Z') }), ['3'])
  assert.equal(log.filter({}).rules.talk, 'incoming_from_scenario_start', 'the filtered log keeps its rules')
})

test('seed 004 filter: statuses, hour window across midnight, 3-month span limit', () => {
  const log = CallLog.from([
    { id: 'n', status: 'answered', timeline: { startedAt: t('2024-05-01T23:30:00Z') } },
    { id: 'm', status: 'no_answer', timeline: { startedAt: t('2024-05-01T12:00:00Z') } },
    { id: 'e', status: 'answered', timeline: { startedAt: t('2024-05-02T01:00:00Z') } },
  ])
  const ids = (f) => log.filter(f).toArray().map((r) => r.id)
  assert.deepEqual(ids({ statuses: ['answered'] }), ['n', 'e'])
  assert.deepEqual(ids({ answerStates: ['unanswered'] }), ['m'])
  assert.deepEqual(ids({ hours: { from: '22:00', to: '02:00' } }), ['n', 'e'])
  assert.deepEqual(ids({ hours: { from: '08:00', to: '18:00' }, timeZone: 'Europe/Warsaw' }), ['m'])
  assert.throws(() => log.filter({ from: t('2024-01-01T00:00:00Z'), to: t('2024-05-01T00:00:00Z') }), (e) => e instanceof CalllogError && e.code === 'CALLLOG_FILTER' && e.field === 'period')
  assert.deepEqual(ids({ from: t('2024-01-01T00:00:00Z'), to: t('2024-06-01T00:00:00Z'), maxSpanMonths: 0 }), ['n', 'm', 'e'])
  assert.deepEqual(ids({ datePreset: 'today', now: t('2024-05-01T15:00:00Z') }), ['n', 'm'])
})

test('filter error paths', () => {
  const log = CallLog.sample(10, 1)
  const code = (c, field) => (e) => e instanceof CalllogError && e.code === c && (field === undefined || e.field === field)
  assert.throws(() => log.filter({ number: '12' }), code('CALLLOG_FILTER'))
  assert.throws(() => log.filter({ timeZone: 'Mars/Base' }), code('CALLLOG_FILTER'))
  assert.throws(() => log.filter({ hours: { from: '25:00', to: '02:00' } }), code('CALLLOG_FILTER', 'hours.from'))
  assert.throws(() => log.filter({ scenarioKind: 'robots' }), code('CALLLOG_FILTER', 'scenarioKind'))
  assert.throws(() => log.filter({ channels: ['fax'] }), code('CALLLOG_UNKNOWN_VALUE'))
  assert.throws(() => log.filter({ number: '123', numberExact: '123' }), code('CALLLOG_FILTER', 'number'))
  assert.throws(() => log.filter({ talkMin: 60, talkMax: 30 }), code('CALLLOG_FILTER'))
  assert.throws(() => log.filter({ from: 'yesterday' }), (e) => e instanceof TypeError && e.code === 'CALLLOG_INVALID_ARGUMENT')
})

test('metrics: totals and groups, service level, rates', () => {
  const start = t('2024-05-01T09:00:00Z')
  const call = (id, queue, wait, talk) => {
    const r = { id, queue, direction: 'inbound', agents: [{ name: 'A' }], timeline: { startedAt: start } }
    if (talk === null) {
      r.timeline.offeredAt = start
      r.timeline.answeredOrCancelledAt = plus(start, wait)
    } else {
      r.timeline.talkStartedAt = plus(start, wait)
      r.timeline.talkEndedAt = plus(start, wait + talk)
    }
    return r
  }
  const log = CallLog.from([call('1', 'sales', 10, 100), call('2', 'sales', 30, 200), call('3', 'support', 40, null)])
  const m = log.metrics({ serviceLevel: 20, groupBy: 'queue' })
  assert.equal(m.total.offered, 3)
  assert.equal(m.total.answered, 2)
  assert.equal(m.total.abandoned, 1)
  assert.equal(m.total.answeredWithinServiceLevel, 1)
  assert.equal(m.total.answerRate, 2 / 3)
  assert.equal(m.total.averageSpeedOfAnswer, 20)
  assert.equal(m.total.totalTalkTime, 300)
  assert.deepEqual(m.groups.map((g) => [g.key, g.metrics.offered]), [['sales', 2], ['support', 1]])
  assert.throws(() => log.metrics({ groupBy: 'planet' }), (e) => e instanceof CalllogError && e.code === 'CALLLOG_FILTER')
  assert.throws(() => log.metrics({ timeZone: 'Nowhere/City' }), (e) => e instanceof CalllogError)
})

test('query: sort, offset/limit and cursor paging for a UI; a supervisor cannot sort by price', () => {
  const log = CallLog.sample(500, 13)
  const all = log.query({ sort: [{ field: 'started_at', descending: true }] })
  assert.equal(all.total, 500)
  assert.equal(all.rows.length, 500)
  const times = all.rows.map((r) => r.timeline.startedAt?.getTime() ?? -Infinity)
  for (let i = 1; i < times.length; i++) assert.ok(times[i - 1] >= times[i] || times[i] === -Infinity)
  // cursor paging visits every row once, in the same order
  const seen = []
  let cursor
  do {
    const page = log.query({ sort: [{ field: 'started_at', descending: true }], limit: 120, cursor })
    assert.equal(page.total, 500)
    seen.push(...page.rows.map((r) => r.id))
    cursor = page.nextCursor
  } while (cursor)
  assert.deepEqual(seen, all.rows.map((r) => r.id))
  const page2 = log.query({ sort: [{ field: 'started_at' }], offset: 10, limit: 5 })
  assert.equal(page2.rows.length, 5)
  assert.ok(page2.rows[0].derived, 'rows carry derived fields')
  const sup = { role: 'supervisor', user: 'x', groups: ['Продажи'] }
  const scoped = log.query({ viewer: sup })
  assert.ok(scoped.total > 0 && scoped.total < 500)
  assert.ok(scoped.rows.every((r) => r.price === undefined))
  assert.throws(() => log.query({ viewer: sup, sort: [{ field: 'price' }] }), (e) => e instanceof CalllogError && e.code === 'CALLLOG_FILTER' && e.field === 'sort')
  assert.throws(() => log.query({ cursor: 'abc' }), (e) => e instanceof CalllogError && e.code === 'CALLLOG_FILTER' && e.field === 'cursor')
  assert.throws(() => log.query({ sort: [{ field: 'colour' }] }), (e) => e instanceof CalllogError && e.code === 'CALLLOG_FILTER')
})
