// CallLog.fromAsync: records from a (async) iterable in chunks, the event loop served between
// chunks, abortable, errors indexed over the whole source.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { CallLog, CalllogError } from '../lib.js'

const rows = (n) => CallLog.sample(n, 3).toArray()

test('fromAsync takes an async generator and equals CallLog.from', async () => {
  const src = rows(5000)
  async function * cursor () { for (const r of src) yield r }
  const a = await CallLog.fromAsync(cursor(), { chunkSize: 700, rules: 'voximplant' })
  const b = CallLog.from(src, { rules: 'voximplant' })
  assert.equal(a.length, 5000)
  assert.deepEqual(a.toArray(), b.toArray())
  assert.equal((await CallLog.fromAsync([])).length, 0)
  assert.equal((await CallLog.fromAsync(src.slice(0, 3))).length, 3) // a plain array works too
})

test('the event loop is served between chunks', async () => {
  const src = rows(20000)
  let ticks = 0
  const iv = setInterval(() => { ticks++ }, 1)
  const t0 = performance.now()
  await CallLog.fromAsync(src, { chunkSize: 500 })
  const took = performance.now() - t0
  clearInterval(iv)
  // 40 chunks, each followed by a turn of the loop: timers ran during the conversion
  assert.ok(ticks >= 10, `only ${ticks} timer ticks in ${took.toFixed(0)} ms`)
})

test('errors carry the index over the whole source; options are checked', async () => {
  const src = rows(2500)
  src[2100] = { ...src[2100], custmerName: 'x' }
  await assert.rejects(CallLog.fromAsync(src, { chunkSize: 1000 }),
    (e) => e instanceof CalllogError && e.code === 'CALLLOG_INVALID' && e.index === 2100 && e.field === 'custmerName')
  await assert.rejects(CallLog.fromAsync(src, { chunkSize: 0 }), (e) => e.code === 'CALLLOG_EXPORT_OPTION' && e.option === 'chunkSize')
  await assert.rejects(CallLog.fromAsync(src, { chunksize: 10 }), (e) => e.code === 'CALLLOG_EXPORT_OPTION' && e.option === 'chunksize')
  await assert.rejects(CallLog.fromAsync(42), (e) => e instanceof TypeError && e.code === 'CALLLOG_INVALID_ARGUMENT')
})

test('a signal aborts between chunks with its reason as the cause', async () => {
  const ac = new AbortController()
  const why = new Error('shutting down')
  async function * slow () {
    for (let i = 0; i < 100000; i++) {
      if (i === 1500) ac.abort(why)
      yield { id: `r-${i}` }
    }
  }
  await assert.rejects(CallLog.fromAsync(slow(), { chunkSize: 1000, signal: ac.signal }),
    (e) => e.name === 'AbortError' && e.cause === why)
  await assert.rejects(CallLog.fromAsync([], { signal: AbortSignal.abort(why) }), (e) => e.name === 'AbortError')
})
