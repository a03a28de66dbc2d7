// CallLog.fromArrow / toArrow: Arrow IPC bytes in the core's schema, interoperable with
// apache-arrow's tableFromIPC / tableToIPC, converted on the libuv pool.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { tableFromIPC, tableToIPC, tableFromArrays, Table, vectorFromArray, Utf8, Dictionary, Int32 } from 'apache-arrow'
import { CallLog, CalllogError } from '../lib.js'

test('toArrow is read by apache-arrow, and its IPC comes back to the same records', async () => {
  const log = CallLog.sample(3000, 9)
  const ipc = await log.toArrow({ batchSize: 1024 })
  assert.ok(Buffer.isBuffer(ipc))
  const table = tableFromIPC(ipc)
  assert.equal(table.numRows, 3000)
  assert.equal(table.batches.length, 3)
  const names = table.schema.fields.map((f) => f.name)
  for (const c of ['id', 'channel', 'started_at', 'reported_talk', 'agents', 'price', 'price_currency', 'extra', 'talk', 'outcome', 'success']) {
    assert.ok(names.includes(c), c)
  }
  const first = log.at(0)
  assert.equal(table.get(0).id, first.id)
  assert.equal(table.get(0).channel, first.channel)
  // apache-arrow writes it back (stream and file formats); calllog reads either
  for (const format of ['stream', 'file']) {
    const back = await CallLog.fromArrow(tableToIPC(table, format))
    assert.deepEqual(back.toArray(), log.toArray(), format)
  }
  const file = await log.toArrow({ format: 'file', derived: false })
  assert.equal(file.subarray(0, 6).toString(), 'ARROW1')
  assert.ok(!tableFromIPC(file).schema.fields.some((f) => f.name === 'talk'))
  assert.deepEqual((await CallLog.fromArrow(file)).toArray(), log.toArray())
})

test('a table built with apache-arrow: columns by name, plain text vocabularies', async () => {
  const t = tableFromArrays({
    id: ['n-1', 'n-2'],
    channel: ['chat', 'voice'],
    customer_name: ['Łukasz', '山田'],
  })
  const log = await CallLog.fromArrow(tableToIPC(t), { rules: 'voximplant' })
  assert.equal(log.length, 2)
  assert.deepEqual(log.toArray().map((r) => [r.id, r.channel, r.customerName]), [
    ['n-1', 'chat', 'Łukasz'], ['n-2', 'voice', '山田'],
  ])
  assert.deepEqual(log.rules, CallLog.sample(1, 1).withRules('voximplant').rules)
})

test('bad data rejects with CALLLOG_ARROW naming row, record and column', async () => {
  const channel = vectorFromArray(['voice', 'pigeon'], new Dictionary(new Utf8(), new Int32()))
  const t = new Table({ id: vectorFromArray(['w-1', 'w-2'], new Utf8()), channel })
  await assert.rejects(CallLog.fromArrow(tableToIPC(t)), (e) => {
    assert.ok(e instanceof CalllogError)
    assert.equal(e.code, 'CALLLOG_ARROW')
    assert.equal(e.row, 1)
    assert.equal(e.recordId, 'w-2')
    assert.equal(e.column, 'channel')
    assert.match(e.reason, /pigeon/)
    return true
  })
  const unknown = tableToIPC(tableFromArrays({ id: ['a'], colour: ['red'] }))
  await assert.rejects(CallLog.fromArrow(unknown), (e) => e.code === 'CALLLOG_ARROW' && e.column === 'colour')
  assert.equal((await CallLog.fromArrow(unknown, { ignoreUnknown: true })).length, 1)
  await assert.rejects(CallLog.fromArrow(Buffer.from('not arrow')), (e) => e.code === 'CALLLOG_ARROW')
  // unknown options are errors naming the option, as everywhere
  assert.throws(() => CallLog.fromArrow(unknown, { ignoreUnknow: true }), (e) => e.code === 'CALLLOG_EXPORT_OPTION' && e.option === 'ignoreUnknow')
  const log = CallLog.sample(2, 1)
  assert.throws(() => log.toArrow({ formt: 'file' }), (e) => e.code === 'CALLLOG_EXPORT_OPTION' && e.option === 'formt')
  assert.throws(() => log.toArrow({ format: 'parquet' }), (e) => e.code === 'CALLLOG_EXPORT_OPTION' && e.option === 'format')
  assert.throws(() => log.toArrow({ batchSize: 0 }), (e) => e.code === 'CALLLOG_EXPORT_OPTION' && e.option === 'batchSize')
  assert.throws(() => CallLog.fromArrow('a string'), TypeError)
})

test('validation runs unless validate: false', async () => {
  const t = tableFromArrays({ id: ['v'], manager_rating: Int32Array.from([9]) })
  await assert.rejects(CallLog.fromArrow(tableToIPC(t)), (e) => e.code === 'CALLLOG_INVALID' && e.recordId === 'v')
  assert.equal((await CallLog.fromArrow(tableToIPC(t), { validate: false })).length, 1)
})

test('the event loop keeps turning while a large IPC is converted', async () => {
  const ipc = await CallLog.sample(100_000, 4).toArrow({ derived: false })
  let ticks = 0
  const timer = setInterval(() => { ticks++ }, 5)
  const t0 = performance.now()
  const log = await CallLog.fromArrow(ipc)
  const elapsed = performance.now() - t0
  clearInterval(timer)
  assert.equal(log.length, 100_000)
  // the conversion runs on the libuv pool: a 5 ms timer fires while it runs
  if (elapsed > 30) assert.ok(ticks > 0, `no timer ran in ${elapsed.toFixed(0)} ms`)
})
