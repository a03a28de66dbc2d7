// Seed 001 (BIZTEL): the callback worklist through the binding.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { CallbackList, CalllogError } from '../lib.js'

const t = (s) => new Date(s)
const entry = (id, at, extra = {}) => ({ id, registeredAt: t(at), callCenter: '東京センター', callerNumber: '03-1234-5678', ...extra })

test('seed 001 worklist: register, assign, done, memo limit, search, retention', () => {
  const list = CallbackList.from([
    entry('cb-1', '2024-05-01T10:00:00+09:00'),
    entry('cb-2', '2024-05-02T10:00:00+09:00', { callCenter: '大阪センター', callerNumber: '06-9999-0000' }),
  ])
  list.register(entry('cb-3', '2024-05-03T10:00:00+09:00'))
  assert.equal(list.length, 3)
  assert.equal(list.get('cb-3').state, 'not_done')
  list.assign('cb-1', '佐藤')
  list.markDone('cb-1')
  list.setMemo('cb-2', 'あ'.repeat(1000))
  assert.equal(list.get('cb-1').assignee, '佐藤')
  assert.equal(list.get('cb-1').state, 'done')
  // memo ≤ 1,000 characters; the entry is left unchanged
  assert.throws(() => list.setMemo('cb-2', 'あ'.repeat(1001)), (e) => e instanceof CalllogError && e.code === 'CALLLOG_INVALID' && e.recordId === 'cb-2' && e.field === 'memo')
  assert.equal(list.get('cb-2').memo.length, 1000)
  // search form
  const ids = (s) => list.search(s).map((e) => e.id)
  assert.deepEqual(ids({ state: 'not_done' }), ['cb-2', 'cb-3'])
  assert.deepEqual(ids({ unassignedOnly: true }), ['cb-2', 'cb-3'])
  assert.deepEqual(ids({ assignees: ['佐藤'] }), ['cb-1'])
  assert.deepEqual(ids({ callCenters: ['大阪センター'] }), ['cb-2'])
  assert.deepEqual(ids({ callerNumber: '1234' }), ['cb-1', 'cb-3'])
  assert.deepEqual(ids({ from: t('2024-05-02T00:00:00+09:00') }), ['cb-2', 'cb-3'])
  // retention
  assert.deepEqual(list.purgeOlderThan(30, t('2024-06-01T09:00:00+09:00')), ['cb-1'])
  assert.deepEqual(list.toArray().map((e) => e.id), ['cb-2', 'cb-3'])
})

test('worklist error paths', () => {
  const list = new CallbackList()
  list.register(entry('a', '2024-05-01T10:00:00Z'))
  const code = (c) => (e) => e instanceof CalllogError && e.code === c
  assert.throws(() => list.register(entry('a', '2024-05-01T10:00:00Z')), code('CALLLOG_INVALID'))
  assert.throws(() => list.assign('nope', 'x'), (e) => e instanceof CalllogError)
  assert.throws(() => list.register({ id: 'b', registeredAt: 'today' }), (e) => code('CALLLOG_INVALID')(e) && e.field === 'registeredAt')
  assert.throws(() => list.register({ id: 'c', state: 'maybe' }), code('CALLLOG_UNKNOWN_VALUE'))
  assert.throws(() => list.search({ state: 'maybe' }), code('CALLLOG_FILTER'))
  assert.throws(() => CallbackList.from([entry('x', '2024-05-01T10:00:00Z'), { id: 'y', memo: 'い'.repeat(1001) }]), (e) => code('CALLLOG_INVALID')(e) && e.field === 'memo')
  assert.equal(list.get('zzz'), null)
})
