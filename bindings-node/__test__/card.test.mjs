// Seed 003 (Ringostat call card) through the Node binding: statistics, last visit, top 5
// pages and the sessions history from a tracker's web sessions, incoming/outgoing counts, and
// the "Comments and categories" edits.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { CallLog, CalllogError, editContact } from '../lib.js'

const t = (s) => new Date(s)
const log = CallLog.from([
  { id: 'R-1', direction: 'inbound', from: '+48 600 100 200', status: 'answered', timeline: { startedAt: t('2024-05-10T09:05:00Z') } },
  { id: 'R-2', direction: 'outbound', to: '600100200', timeline: { startedAt: t('2024-05-18T12:00:00Z') } },
  { id: 'R-3', direction: 'inbound', from: '+48 600 100 201', timeline: { startedAt: t('2024-05-18T12:00:00Z') } },
])
const sessions = [
  {
    id: 's-1',
    customer: '+48600100200',
    startedAt: t('2024-05-10T09:00:00Z'),
    endedAt: t('2024-05-10T09:20:00Z'),
    visit: { source: 'google', medium: 'cpc', landingPage: '/oferta' },
    device: 'desktop',
    os: 'Windows 11',
    geolocation: 'Warszawa, PL',
    pages: [{ url: '/oferta', timeOnPage: 80 }, { url: '/kontakt', timeOnPage: 15 }],
  },
  { id: 's-2', customer: '600 100 200', startedAt: t('2024-05-18T11:50:00Z'), device: 'mobile', os: 'Android 14', geolocation: 'Kraków, PL', contactIds: ['R-2'], pages: [{ url: '/oferta', timeOnPage: 30 }, { url: '/cennik' }] },
  { id: 's-x', customer: '+48 600 100 201', startedAt: t('2024-05-18T11:00:00Z') },
]

test('seed 003 card: statistics, last visit, top pages, sessions history', () => {
  const card = log.customerCard('600 100 200', 'PL', { now: t('2024-05-20T00:00:00Z'), sessions })
  assert.deepEqual([card.summary.total, card.summary.incoming, card.summary.outgoing], [2, 1, 1])
  assert.deepEqual(card.statistics, {
    daysSinceFirstVisit: 9,
    daysSinceLastVisit: 1,
    totalCalls: 2,
    totalSessions: 2,
    callsLast30Days: 2,
    pageViewsLast30Days: 4,
  })
  assert.equal(card.lastVisit.id, 's-2')
  assert.deepEqual([card.lastVisit.device, card.lastVisit.os, card.lastVisit.geolocation], ['mobile', 'Android 14', 'Kraków, PL'])
  assert.deepEqual(card.topPages.slice(0, 2), [{ url: '/oferta', views: 2, timeSpent: 110 }, { url: '/kontakt', views: 1, timeSpent: 15 }])
  assert.deepEqual(card.sessions.map((s) => [s.id, s.contactIds]), [['s-2', ['R-2']], ['s-1', ['R-1']]])
  assert.equal(card.sessions[1].visit.source, 'google')
  assert.ok(card.sessions[1].startedAt instanceof Date)
})

test('sessions are validated and their keys checked', () => {
  assert.throws(
    () => log.customerCard('600 100 200', 'PL', { sessions: [{ id: 'bad', customer: '600100200', startedAt: t('2024-05-18T11:50:00Z'), endedAt: t('2024-05-18T11:00:00Z') }] }),
    (e) => e instanceof CalllogError && e.code === 'CALLLOG_INVALID' && e.recordId === 'bad' && e.field === 'endedAt')
  assert.throws(
    () => log.customerCard('600 100 200', 'PL', { sessions: [{ id: 's', startedAt: t('2024-05-18T11:50:00Z'), pages: [{ url: '/', timeOnPag: 3 }] }] }),
    (e) => e.code === 'CALLLOG_FILTER' && e.field === 'sessions[0].pages[0].timeOnPag')
})

test('seed 003 comments, categories and ratings are edited with validation', () => {
  const [r] = log.toArray()
  const e = editContact(r, [{ addCategory: 'lead' }, { addCategory: 'vip' }, { addComment: 'Oddzwonić w czerwcu' }, { managerRating: 4 }, { callRating: 5 }])
  assert.deepEqual([e.categories, e.notes.map((n) => n.text), e.managerRating, e.callRating], [['lead', 'vip'], ['Oddzwonić w czerwcu'], 4, 5])
  assert.ok(e.derived, 'an edited record is a stored record')
  const e2 = editContact(e, [{ removeCategory: 'lead' }, { removeComment: 0 }, { managerRating: null }, { addComment: { author: 'TOP menedżer', text: 'Dobra rozmowa' } }])
  assert.deepEqual([e2.categories, e2.notes.map((n) => n.author), e2.managerRating, e2.callRating], [['vip'], ['TOP menedżer'], undefined, 5])
  for (const [edit, field] of [[{ callRating: 6 }, 'callRating'], [{ addCategory: 'vip' }, 'categories'], [{ removeComment: 3 }, 'notes[3]'], [{ addComment: '' }, 'notes[1]'], [{ colour: 'red' }, 'edits[0]'], [{ addCategory: 'a', callRating: 1 }, 'edits[0]']]) {
    assert.throws(() => editContact(e2, [edit]), (err) => err.code === 'CALLLOG_INVALID' && err.recordId === 'R-1' && err.field === field, JSON.stringify(edit))
  }
})
