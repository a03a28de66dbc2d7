// Background exports (seed 001 非同期検索): pending -> running -> done | failed | cancelled.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CallLog, JobQueue, CalllogError } from '../lib.js'
import { parseCsv } from './helpers.mjs'

const dir = mkdtempSync(join(tmpdir(), 'calllog-node-jobs-'))
test.after(() => rmSync(dir, { recursive: true, force: true }))

test('a job runs to done with its output, and shows in the list', async () => {
  const jobs = new JobQueue()
  const log = CallLog.sample(2000, 1)
  const started = jobs.exportCsv(log, join(dir, 'a.csv'), { preset: 'call_history' }, '5月分 通話履歴')
  assert.ok(['pending', 'running'].includes(started.state), started.state)
  assert.equal(started.label, '5月分 通話履歴')
  assert.ok(started.createdAt instanceof Date)
  const done = await jobs.wait(started.id)
  assert.equal(done.state, 'done')
  assert.equal(done.output.rows, 2000)
  assert.equal(done.output.path, join(dir, 'a.csv'))
  assert.ok(done.finishedAt >= done.startedAt)
  assert.equal(parseCsv(readFileSync(join(dir, 'a.csv'), 'utf8')).length, 2001)
  assert.deepEqual(jobs.list().map((j) => j.id), [started.id])
  assert.equal(jobs.status(started.id).state, 'done')
})

test('progress while running, then cancel: state cancelled, no file left', async () => {
  const jobs = new JobQueue({ workers: 1 })
  const log = CallLog.sample(200000, 2)
  const sub = mkdtempSync(join(dir, 'cancel-'))
  const job = jobs.exportXlsx(log, join(sub, 'big.xlsx'))
  let s
  const deadline = Date.now() + 20000
  do {
    await new Promise((resolve) => setTimeout(resolve, 50))
    s = jobs.status(job.id)
  } while ((s.state !== 'running' || s.rows === 0) && Date.now() < deadline)
  assert.equal(s.state, 'running')
  assert.ok(s.rows > 0 && s.rows < 200000, `rows ${s.rows}`)
  assert.equal(s.total, 200000)
  assert.equal(jobs.cancel(job.id), true)
  const end = await jobs.wait(job.id)
  assert.equal(end.state, 'cancelled')
  assert.deepEqual(readdirSync(sub), [])
})

test('a failing job is failed with the error; the queue keeps at most maxFinished', async () => {
  const jobs = new JobQueue({ maxFinished: 2 })
  const log = CallLog.sample(10, 3)
  const bad = jobs.exportCsv(log, join(dir, 'no', 'such', 'dir', 'x.csv'))
  const end = await jobs.wait(bad.id)
  assert.equal(end.state, 'failed')
  assert.match(end.error, /no.such.dir/)
  for (let i = 0; i < 3; i++) await jobs.wait(jobs.exportCsv(log, join(dir, `k${i}.csv`)).id)
  assert.equal(jobs.list().length, 2)
  assert.equal(jobs.status(bad.id), null)
  assert.throws(() => jobs.wait(bad.id), (e) => e instanceof CalllogError && e.code === 'CALLLOG_UNKNOWN_VALUE')
  // bad options throw when starting, and no job is made
  assert.throws(() => jobs.exportCsv(log, join(dir, 'x.csv'), { preset: 'nope' }), (e) => e instanceof CalllogError)
  assert.equal(jobs.list().length, 2)
})
