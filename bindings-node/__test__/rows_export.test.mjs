// Exports from an (async) iterable of rows (issue 14): a database cursor into a file or a
// response in constant memory, with back-pressure, errors naming the row over the whole
// source, abort between chunks, and the source closed when the consumer goes away.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, readdirSync, existsSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { Writable } from 'node:stream'
import { CallLog, CalllogError } from '../lib.js'
import { parseCsv, xlsxSheets } from './helpers.mjs'

const dir = mkdtempSync(join(tmpdir(), 'calllog-node-rows-'))
test.after(() => rmSync(dir, { recursive: true, force: true }))

const row = (i) => ({
  id: `r-${i}`,
  direction: 'inbound',
  from: '+48 600 100 200',
  attemptResult: 'call_accepted',
  timeline: { startedAt: new Date(Date.UTC(2024, 4, 1, 9, 0, i % 60)) },
})

/** A fake database cursor: yields rows asynchronously and records how far it was pulled. */
function cursor (n, state = {}) {
  state.pulled = 0
  state.closed = false
  return {
    async * [Symbol.asyncIterator] () {
      try {
        for (let i = 0; i < n; i++) {
          state.pulled++
          if (i % 250 === 0) await new Promise((resolve) => setImmediate(resolve))
          yield state.bad === i ? { id: `r-${i}`, channel: 'carrier pigeon' } : row(i)
        }
      } finally {
        state.closed = true
      }
    },
  }
}

test('CallLog.exportCsv(rows) equals the export of the same records held in a log', async () => {
  const n = 2500
  const r = await CallLog.exportCsv(cursor(n), join(dir, 'rows.csv'), { preset: 'call_history' })
  assert.equal(r.records, n)
  await CallLog.from(Array.from({ length: n }, (_, i) => row(i))).exportCsv(join(dir, 'log.csv'), { preset: 'call_history' })
  assert.deepEqual(readFileSync(join(dir, 'rows.csv')), readFileSync(join(dir, 'log.csv')))
  // a plain (sync) iterable works too, and an XLSX
  const x = await CallLog.exportXlsx([row(1), row(2)], join(dir, 'rows.xlsx'), { preset: 'contacts_simple' })
  assert.equal(x.records, 2)
  assert.equal(xlsxSheets(readFileSync(join(dir, 'rows.xlsx')))[0].length, 3)
})

test('a bad row fails the export with its index over the whole source and leaves no file', async () => {
  const state = { bad: 1700 }
  await assert.rejects(
    CallLog.exportCsv(cursor(3000, state), join(dir, 'bad.csv')),
    (e) => e instanceof CalllogError && e.index === 1700 && e.recordId === 'r-1700' && e.field === 'channel')
  assert.ok(!existsSync(join(dir, 'bad.csv')))
  assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('bad')), [])
  assert.ok(state.closed, 'the cursor was closed')
  assert.ok(state.pulled < 3000, 'not pulled to the end')
  assert.throws(() => CallLog.exportCsv('nope', join(dir, 'x.csv')), (e) => e.code === 'CALLLOG_INVALID_ARGUMENT')
  assert.throws(() => CallLog.exportCsv([], join(dir, 'x.csv'), { colums: [] }), (e) => e.code === 'CALLLOG_EXPORT_OPTION' && e.option === 'colums')
  assert.throws(() => CallLog.csvStream([], { preset: 'nope' }), (e) => e instanceof CalllogError && e.code === 'CALLLOG_UNKNOWN_VALUE')
})

test('csvStream(rows) pulls the cursor only as fast as the consumer reads', async () => {
  const state = {}
  const stream = CallLog.csvStream(cursor(200000, state), { preset: 'call_history' })
  // read the first bytes, then stop: the cursor must not have been drained ahead
  const first = await new Promise((resolve, reject) => {
    stream.once('data', resolve)
    stream.once('error', reject)
  })
  assert.ok(first.length > 0)
  stream.pause()
  await new Promise((resolve) => setTimeout(resolve, 200))
  assert.ok(state.pulled < 40000, `pulled ${state.pulled} rows ahead of a paused reader`)
  stream.destroy()
  await new Promise((resolve) => setTimeout(resolve, 50))
  assert.ok(state.closed, 'destroying the stream closes the cursor')
  // read to the end: the same bytes as the file export
  const parts = []
  await pipeline(CallLog.csvStream(cursor(3000), { preset: 'call_history' }), new Writable({
    write (c, _e, cb) { parts.push(c); cb() },
  }))
  await CallLog.exportCsv(cursor(3000), join(dir, 'same.csv'), { preset: 'call_history' })
  assert.deepEqual(Buffer.concat(parts), readFileSync(join(dir, 'same.csv')))
  assert.equal(parseCsv(Buffer.concat(parts).toString('utf8')).length, 3001)
})

test('an AbortSignal stops between chunks with its reason; xlsxStream(rows) streams a workbook', async () => {
  const ac = new AbortController()
  const state = {}
  const p = CallLog.exportCsv(cursor(100000, state), join(dir, 'ab.csv'), { signal: ac.signal })
  setTimeout(() => ac.abort(new Error('user left')), 20)
  await assert.rejects(p, (e) => e.name === 'AbortError' && e.cause.message === 'user left')
  assert.ok(!existsSync(join(dir, 'ab.csv')))
  assert.ok(state.closed)
  const parts = []
  await pipeline(CallLog.xlsxStream(cursor(1200), { preset: 'call_history' }), new Writable({
    write (c, _e, cb) { parts.push(c); cb() },
  }))
  assert.equal(xlsxSheets(Buffer.concat(parts))[0].length, 1201)
})
