// Faults from outside: a real full disk (a 512 KiB tmpfs). Exporting either format onto it
// rejects with CALLLOG_IO (errno 28) — the XLSX case used to abort the process — the old file
// stays, nothing is left behind, and the process goes on to export again.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CallLog, CalllogError } from '../lib.js'

test('a full disk is a CALLLOG_IO rejection for CSV and XLSX; the old file stays', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'calllog-node-tmpfs-'))
  const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=512k', 'tmpfs', dir])
  if (m.status !== 0) {
    rmSync(dir, { recursive: true, force: true })
    t.skip('cannot mount a tmpfs here (needs root): full-disk case not run')
    return
  }
  try {
    const log = CallLog.sample(20000)
    for (const ext of ['csv', 'xlsx']) {
      const target = join(dir, `calls.${ext}`)
      writeFileSync(target, 'the old file')
      const run = ext === 'csv' ? log.exportCsv(target, { preset: 'overview' }) : log.exportXlsx(target, { preset: 'overview' })
      await assert.rejects(run, (e) => e instanceof CalllogError && e.code === 'CALLLOG_IO' && e.errno === 28 && e.path === target)
      assert.equal(readFileSync(target, 'utf8'), 'the old file')
      assert.deepEqual(readdirSync(dir), [`calls.${ext}`])
      rmSync(target)
    }
    const ok = join(mkdtempSync(join(tmpdir(), 'calllog-node-ok-')), 'ok.xlsx')
    await log.exportXlsx(ok, { preset: 'overview' })
    assert.ok(statSync(ok).size > 0)
  } finally {
    spawnSync('umount', [dir])
    rmSync(dir, { recursive: true, force: true })
  }
})

// A throwing onProgress used to be an uncaught exception (the process died at the first
// progress call). Now the export rejects with CALLLOG_CALLBACK whose `cause` is what was thrown,
// the target keeps what it held, nothing is left behind, and the process exports on.
test('a throwing onProgress rejects the export, never kills the process', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'calllog-node-cb-'))
  try {
    const big = CallLog.sample(100000)
    const small = CallLog.sample(50)
    for (const ext of ['csv', 'xlsx']) {
      const target = join(dir, `calls.${ext}`)
      writeFileSync(target, 'the old file')
      const exp = (log, opts) => (ext === 'csv' ? log.exportCsv(target, opts) : log.exportXlsx(target, opts))
      // the first call throws, whichever it is (a progress tick or the final one)
      const boom = new RangeError('the UI is gone')
      let calls = 0
      await assert.rejects(exp(big, { onProgress: () => { calls++; throw boom } }), (e) => {
        assert.ok(e instanceof CalllogError, String(e))
        assert.equal(e.code, 'CALLLOG_CALLBACK')
        assert.equal(e.cause, boom)
        assert.match(e.message, /the UI is gone/)
        return true
      })
      assert.equal(calls, 1, 'a callback that threw is not called again')
      // only the final call throws: the file must not replace the old one
      const seen = []
      await assert.rejects(exp(small, { onProgress: (p) => { seen.push(p.done); if (p.done) throw new Error('no') } }),
        (e) => e.code === 'CALLLOG_CALLBACK')
      assert.equal(seen.at(-1), true)
      assert.equal(readFileSync(target, 'utf8'), 'the old file')
      assert.deepEqual(readdirSync(dir), [`calls.${ext}`])
      // a non-Error thrown value is carried as it is
      await assert.rejects(exp(small, { onProgress: () => { throw 'plain string' } }),
        (e) => e.code === 'CALLLOG_CALLBACK' && e.cause === 'plain string')
      // and the same call without the throw works, with the final call before the promise
      let last = null
      const r = await exp(small, { onProgress: (p) => { last = p } })
      assert.equal(last.done, true)
      assert.equal(r.records, 50)
      rmSync(target)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('a throwing onProgress errors a csvStream and a background job, typed', async () => {
  const { JobQueue } = await import('../lib.js')
  const log = CallLog.sample(200)
  const stream = log.csvStream({ onProgress: (p) => { if (p.done) throw new Error('stream callback') } })
  await assert.rejects(async () => { for await (const _ of stream) { /* drain */ } },
    (e) => e instanceof CalllogError && e.code === 'CALLLOG_CALLBACK' && e.cause.message === 'stream callback')

  const dir = mkdtempSync(join(tmpdir(), 'calllog-node-job-'))
  try {
    const q = new JobQueue({ workers: 1 })
    const job = q.exportXlsx(log, join(dir, 'j.xlsx'), { onProgress: () => { throw new Error('job callback') } })
    await assert.rejects(q.result(job.id), (e) => e instanceof CalllogError && e.code === 'CALLLOG_CALLBACK' && /job callback/.test(e.message))
    const st = q.status(job.id)
    assert.equal(st.state, 'failed')
    assert.equal(st.errorCode, 'CALLLOG_CALLBACK')
    assert.deepEqual(readdirSync(dir), [])
    const ok = q.exportCsv(log, join(dir, 'ok.csv'))
    assert.equal((await q.result(ok.id)).rows, 200)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('a job queue refuses work beyond maxPending with CALLLOG_QUEUE_FULL', async () => {
  const { JobQueue } = await import('../lib.js')
  const log = CallLog.sample(100000)
  const dir = mkdtempSync(join(tmpdir(), 'calllog-node-full-'))
  const q = new JobQueue({ workers: 1, maxPending: 1 })
  const started = []
  let refused = null
  try {
    for (let i = 0; i < 6 && !refused; i++) {
      try {
        started.push(q.exportCsv(log, join(dir, `${i}.csv`)).id)
      } catch (e) {
        refused = e
      }
    }
    assert.ok(refused, 'a seventh job is never accepted with one worker and one pending slot')
    assert.ok(refused instanceof CalllogError)
    assert.equal(refused.code, 'CALLLOG_QUEUE_FULL')
    assert.equal(refused.limit, 1)
    assert.ok(started.length >= 1 && started.length <= 2, `accepted ${started.length}`)
  } finally {
    for (const id of started) q.cancel(id)
    for (const id of started) await q.wait(id)
    rmSync(dir, { recursive: true, force: true })
  }
})

test('a read-only mount is a CALLLOG_IO rejection (EROFS); the old file stays', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'calllog-node-ro-'))
  const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir])
  if (m.status !== 0) {
    rmSync(dir, { recursive: true, force: true })
    t.skip('cannot mount a tmpfs here (needs root): read-only case not run')
    return
  }
  try {
    for (const ext of ['csv', 'xlsx']) writeFileSync(join(dir, `calls.${ext}`), 'the old file')
    assert.equal(spawnSync('mount', ['-o', 'remount,ro', dir]).status, 0)
    const log = CallLog.sample(100)
    for (const ext of ['csv', 'xlsx']) {
      const target = join(dir, `calls.${ext}`)
      const run = ext === 'csv' ? log.exportCsv(target) : log.exportXlsx(target)
      await assert.rejects(run, (e) => e instanceof CalllogError && e.code === 'CALLLOG_IO' && e.errno === 30)
      assert.equal(readFileSync(target, 'utf8'), 'the old file')
    }
    assert.deepEqual(readdirSync(dir).sort(), ['calls.csv', 'calls.xlsx'])
  } finally {
    spawnSync('umount', [dir])
    rmSync(dir, { recursive: true, force: true })
  }
})

test('a directory that vanishes mid-export is a typed rejection, never a crash', async () => {
  const log = CallLog.sample(60000)
  for (const ext of ['csv', 'xlsx']) {
    const dir = mkdtempSync(join(tmpdir(), 'calllog-node-vanish-'))
    const target = join(dir, `calls.${ext}`)
    const onProgress = (p) => { if (!p.done) rmSync(dir, { recursive: true, force: true }) }
    const run = ext === 'csv' ? log.exportCsv(target, { onProgress }) : log.exportXlsx(target, { onProgress })
    await assert.rejects(run, (e) => e instanceof CalllogError && ['CALLLOG_IO', 'CALLLOG_XLSX'].includes(e.code))
    rmSync(dir, { recursive: true, force: true })
  }
  const again = join(mkdtempSync(join(tmpdir(), 'calllog-node-again-')), 'a.xlsx')
  assert.equal((await log.exportXlsx(again)).records, 60000)
})

test('a job queue limit of 0 is refused, not raised to 1 silently', async () => {
  const { JobQueue } = await import('../lib.js')
  for (const k of ['workers', 'maxFinished', 'maxPending']) {
    assert.throws(() => new JobQueue({ [k]: 0 }), (e) => e instanceof CalllogError && e.code === 'CALLLOG_EXPORT_OPTION' && e.option === k)
  }
  assert.equal(CallLog.from.name, 'from')
})
