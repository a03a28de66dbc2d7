// Exports through the binding: files read back, progress, abort, streams, errors, event loop.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, readdirSync, existsSync, rmSync, createWriteStream } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { Writable } from 'node:stream'
import { CallLog, CalllogError } from '../lib.js'
import { parseCsv, xlsxSheets, assertZip } from './helpers.mjs'

const dir = mkdtempSync(join(tmpdir(), 'calllog-node-export-'))
test.after(() => rmSync(dir, { recursive: true, force: true }))

const seed002 = CallLog.from([
  {
    id: 'V-1',
    direction: 'outbound',
    callType: 'operator_campaign',
    attemptResult: 'call_accepted',
    from: '+7 495 000-00-01',
    to: '=HYPERLINK("http://evil")',
    agents: [{ name: 'Анна', groups: ['sales'] }],
    timeline: { startedAt: new Date('2024-05-01T09:00:00Z'), dialStartedAt: new Date('2024-05-01T09:00:02Z'), talkStartedAt: new Date('2024-05-01T09:00:20Z'), talkEndedAt: new Date('2024-05-01T09:03:00Z') },
    price: { amount: '1.25', currency: 'RUB' },
    notes: [{ text: 'line 1\nline "2", done' }],
  },
  { id: 'V-2', callType: 'automated_campaign', attemptResult: 'number_busy', timeline: { startedAt: new Date('2024-05-01T10:00:00Z') } },
], { rules: 'voximplant' })

test('exportCsv writes the seed 002 call history in Russian, read back', async () => {
  const path = join(dir, 'calls.csv')
  const r = await seed002.exportCsv(path, { preset: 'call_history', locale: 'ru', timeZone: 'Europe/Moscow' })
  assert.equal(r.records, 2)
  assert.equal(r.path, path)
  const rows = parseCsv(readFileSync(path, 'utf8'))
  assert.equal(rows.length, 3)
  const h = rows[0]
  const col = (name) => { const i = h.indexOf(name); assert.ok(i >= 0, `column ${name} in ${h}`); return i }
  assert.equal(rows[1][col('Время')], '2024-05-01 12:00:00', 'Moscow time')
  assert.equal(rows[1][col('Длительность дозвона')], '18')
  assert.equal(rows[1][col('Длительность разговора')], '160')
  assert.equal(rows[1][col('Результат попытки')], 'Вызов принят')
  assert.equal(rows[2][col('Результат попытки')], 'Номер занят')
  assert.equal(rows[1][col('Цена')], '1.25')
  assert.ok(rows[1][col('Заметки')].includes('line "2", done'), 'quotes, commas and newlines survive')
  assert.ok(!rows[1][col('Звонок к')].startsWith('='), 'formula injection neutralised')
})

test('exportXlsx writes a valid workbook with the expected rows', async () => {
  const path = join(dir, 'calls.xlsx')
  const log = CallLog.sample(300, 3)
  const r = await log.exportXlsx(path, { preset: 'contacts_simple', locale: 'pl', xlsx: { maxRowsPerSheet: 101 } })
  assert.equal(r.records, 300)
  assert.equal(r.sheets, 3, '100 data rows per sheet + header')
  const buf = readFileSync(path)
  assertZip(buf)
  const sheets = xlsxSheets(buf)
  assert.equal(sheets.length, 3)
  assert.deepEqual(sheets.map((s) => s.length), [101, 101, 101])
  assert.deepEqual(sheets[1][0], sheets[0][0], 'header repeated on every sheet')
  const ids = sheets.flatMap((s) => s.slice(1).map((row) => row[sheets[0][0].indexOf('ID połączenia')]))
  assert.deepEqual(ids, log.toArray().map((x) => x.id))
})

test('CSV progress: increasing rows, the final call (done) before the promise resolves', async () => {
  const log = CallLog.sample(20000, 4)
  const seen = []
  const r = await log.exportCsv(join(dir, 'p.csv'), { onProgress: (p) => seen.push(p) })
  assert.ok(seen.length >= 1)
  const last = seen.at(-1)
  assert.deepEqual(last, { rows: 20000, total: 20000, bytes: r.bytes, done: true })
  assert.equal(seen.filter((p) => p.done).length, 1)
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i].rows >= seen[i - 1].rows)
})

test('an AbortSignal cancels: AbortError, no file, no temporary file left', async () => {
  const sub = mkdtempSync(join(dir, 'abort-'))
  const log = CallLog.sample(200000, 5)
  const ac = new AbortController()
  const p = log.exportXlsx(join(sub, 'big.xlsx'), { signal: ac.signal })
  const why = new Error('the user closed the tab')
  setTimeout(() => ac.abort(why), 30)
  // as Node's own APIs: the cause is the signal's reason
  await assert.rejects(p, (e) => e.name === 'AbortError' && e.code === 'ABORT_ERR' && e.cause === why)
  assert.deepEqual(readdirSync(sub), [])
  // AbortSignal.timeout() can be told from a user's abort
  await assert.rejects(log.exportXlsx(join(sub, 't.xlsx'), { signal: AbortSignal.timeout(20) }),
    (e) => e.name === 'AbortError' && e.cause instanceof DOMException && e.cause.name === 'TimeoutError')
  const s = log.csvStream({ signal: AbortSignal.timeout(20) })
  await assert.rejects(async () => { for await (const _ of s) await new Promise((resolve) => setTimeout(resolve, 5)) },
    (e) => e.name === 'AbortError' && e.cause.name === 'TimeoutError')
  assert.deepEqual(readdirSync(sub), [])
  // an already aborted signal rejects at once, and creates nothing
  await assert.rejects(log.exportCsv(join(sub, 'never.csv'), { signal: AbortSignal.abort() }), { name: 'AbortError' })
  assert.deepEqual(readdirSync(sub), [])
})

test('the event loop keeps ticking during a large export', async () => {
  const log = CallLog.sample(40000, 6)
  let last = performance.now()
  let maxGap = 0
  let ticks = 0
  const iv = setInterval(() => { const now = performance.now(); maxGap = Math.max(maxGap, now - last); last = now; ticks++ }, 5)
  const t0 = performance.now()
  await log.exportXlsx(join(dir, 'loop.xlsx'))
  const took = performance.now() - t0
  clearInterval(iv)
  assert.ok(took > 200, `export took ${took} ms: too short to tell`)
  assert.ok(ticks >= 10, `${ticks} ticks in ${took} ms`)
  assert.ok(maxGap < took / 2, `longest pause ${maxGap} ms of ${took} ms`)
})

test('csvStream: same bytes as exportCsv, back-pressure, constant buffering', async () => {
  const log = CallLog.sample(100000, 7)
  const file = join(dir, 'stream-ref.csv')
  await log.exportCsv(file, { preset: 'call_history' })
  const stream = log.csvStream({ preset: 'call_history' })
  // nobody reads: production stops at the high-water mark
  stream.read(0) // start filling
  await new Promise((resolve) => setTimeout(resolve, 400))
  const buffered = stream.readableLength
  assert.ok(buffered > 0, 'something was produced')
  assert.ok(buffered <= 4 * 1024 * 1024, `${buffered} bytes buffered without a reader`)
  // a slow consumer gets everything, in order
  const chunks = []
  await pipeline(stream, new Writable({
    highWaterMark: 64 * 1024,
    write (chunk, _enc, cb) { chunks.push(chunk); setImmediate(cb) },
  }))
  assert.ok(Buffer.concat(chunks).equals(readFileSync(file)))
  assert.ok(readFileSync(file).length > 8 * buffered, 'the file is much larger than what was ever buffered')
})

test('csvStream: destroying the stream cancels the export; an aborted signal errors the stream', async () => {
  const log = CallLog.sample(100000, 8)
  const s = log.csvStream()
  await new Promise((resolve) => s.once('readable', resolve))
  s.destroy()
  await new Promise((resolve) => s.once('close', resolve))
  const ac = new AbortController()
  const s2 = log.csvStream({ signal: ac.signal })
  ac.abort()
  await assert.rejects(pipeline(s2, createWriteStream(join(dir, 'aborted.csv'))), { name: 'AbortError' })
})

test('xlsxStream streams a valid workbook and removes its temporary file', async () => {
  const log = CallLog.sample(500, 9)
  const chunks = []
  await pipeline(log.xlsxStream({ preset: 'call_history' }), new Writable({ write (c, _e, cb) { chunks.push(c); cb() } }))
  const sheets = xlsxSheets(Buffer.concat(chunks))
  assert.equal(sheets[0].length, 501)
  assert.deepEqual(readdirSync(tmpdir()).filter((n) => n.startsWith(`calllog-${process.pid}-`)), [])
})

test('export error paths', async () => {
  const log = CallLog.sample(50, 10)
  const code = (c, extra = {}) => (e) => {
    assert.ok(e instanceof CalllogError, `${e.name}: ${e.message}`)
    assert.equal(e.code, c, e.message)
    for (const [k, v] of Object.entries(extra)) assert.deepEqual(e[k], v, k)
    return true
  }
  // bad options throw synchronously, before any work
  assert.throws(() => log.exportCsv(join(dir, 'x.csv'), { preset: 'nope' }), code('CALLLOG_UNKNOWN_VALUE', { value: 'nope' }))
  assert.throws(() => log.exportCsv(join(dir, 'x.csv'), { timeZone: 'Mars/Base' }), code('CALLLOG_EXPORT_OPTION', { option: 'timeZone' }))
  assert.throws(() => log.exportCsv(join(dir, 'x.csv'), { durations: 'minutes' }), code('CALLLOG_EXPORT_OPTION', { option: 'durations' }))
  assert.throws(() => log.exportCsv(join(dir, 'x.csv'), { csv: { delimiter: ';;' } }), code('CALLLOG_EXPORT_OPTION', { option: 'csv.delimiter' }))
  assert.throws(() => log.exportCsv(join(dir, 'x.csv'), { columns: ['no_such_column'] }), (e) => e instanceof CalllogError)
  assert.throws(() => log.exportCsv(join(dir, 'x.csv'), { locale: 'de' }), code('CALLLOG_UNKNOWN_VALUE', { vocabulary: 'locale' }))
  assert.throws(() => log.csvStream({ layout: 'sideways' }), code('CALLLOG_EXPORT_OPTION', { option: 'layout' }))
  // failures while writing reject
  const missing = join(dir, 'no', 'such', 'dir', 'x.csv')
  await assert.rejects(log.exportCsv(missing), code('CALLLOG_IO'))
  await assert.rejects(log.exportCsv(join(dir, 'cap.csv'), { rowCap: 10 }), code('CALLLOG_ROW_CAP_EXCEEDED', { cap: 10 }))
  assert.equal(existsSync(join(dir, 'cap.csv')), false)
  const polish = CallLog.from([{ id: 'pl-1', customerName: 'Zażółć gęślą jaźń' }])
  await assert.rejects(polish.exportCsv(join(dir, 'sjis.csv'), { csv: { encoding: 'cp932' } }), code('CALLLOG_UNENCODABLE', { row: 1, encoding: 'CP932' }))
  const replaced = await polish.exportCsv(join(dir, 'sjis.csv'), { csv: { encoding: 'cp932', unencodable: 'replace' } })
  assert.ok(replaced.replacedCharacters > 0)
  await assert.rejects(
    new Promise((resolve, reject) => { const s = polish.csvStream({ csv: { encoding: 'cp932' } }); s.on('error', reject); s.on('end', resolve); s.resume() }),
    code('CALLLOG_UNENCODABLE'),
  )
})

test('readCsv: the full preset round-trips records exactly', async () => {
  const log = CallLog.sample(500, 11)
  const path = join(dir, 'full.csv')
  await log.exportCsv(path, { preset: 'full', locale: 'ja', timeZone: 'Asia/Tokyo', csv: { encoding: 'utf8_bom' } })
  const back = await CallLog.readCsv(path, { preset: 'full', locale: 'ja', timeZone: 'Asia/Tokyo' })
  assert.ok(back instanceof CallLog)
  assert.equal(back.length, 500)
  assert.deepEqual(back.toArray(), log.toArray())
  // the seed 002 layout in Russian reads back what it holds
  await seed002.exportCsv(join(dir, 'ru.csv'), { preset: 'call_history', locale: 'ru' })
  const ru = await CallLog.readCsv(join(dir, 'ru.csv'), { preset: 'call_history', locale: 'ru', rules: 'voximplant' })
  assert.equal(ru.at(0).id, '', 'the layout has no id column')
  assert.equal(ru.at(0).attemptResult, 'call_accepted')
  assert.equal(ru.at(1).attemptResult, 'number_busy')
})

test('readCsv error paths: missing file, unparsable cell', async () => {
  await assert.rejects(CallLog.readCsv(join(dir, 'missing.csv')), (e) => e instanceof CalllogError && e.code === 'CALLLOG_IO' && e.path.endsWith('missing.csv'))
  const bad = join(dir, 'bad.csv')
  const { writeFileSync } = await import('node:fs')
  writeFileSync(bad, 'Call ID,Started at\nx-1,not a date\n')
  await assert.rejects(CallLog.readCsv(bad), (e) => e instanceof CalllogError && e.code === 'CALLLOG_PARSE' && e.path === bad && e.row === 1)
})

test('seed 004 detailed report: one row per IVR step, contact fields repeated or on the first row only', async () => {
  const log = CallLog.from([{
    id: 'F-1',
    interactionType: 'inbound_campaign_call',
    status: 'answered',
    timeline: { startedAt: new Date('2024-05-01T08:00:00+02:00'), enqueuedAt: new Date('2024-05-01T08:00:45+02:00'), talkStartedAt: new Date('2024-05-01T08:01:00+02:00'), talkEndedAt: new Date('2024-05-01T08:06:00+02:00') },
    ivrPath: [
      { node: 'Powitanie', enteredAt: new Date('2024-05-01T08:00:00+02:00') },
      { node: 'Menu', enteredAt: new Date('2024-05-01T08:00:20+02:00'), leftAt: new Date('2024-05-01T08:00:45+02:00'), choice: '1' },
    ],
  }], { rules: 'focus_contact_center' })
  const read = async (layout) => {
    const path = join(dir, `detailed-${layout}.csv`)
    const r = await log.exportCsv(path, { preset: 'contacts_detailed', locale: 'pl', layout })
    assert.equal(r.records, 1)
    assert.equal(r.rows, 2)
    return parseCsv(readFileSync(path, 'utf8'))
  }
  const repeated = await read('detailed')
  assert.equal(repeated.length, 3)
  const id = repeated[0].indexOf('ID połączenia')
  assert.deepEqual([repeated[1][id], repeated[2][id]], ['F-1', 'F-1'])
  const first = await read('detailed_first_row')
  assert.deepEqual([first[1][id], first[2][id]], ['F-1', ''])
})

test('a long-lived signal gets no listeners left behind by finished exports and streams', async () => {
  const { getEventListeners } = await import('node:events')
  const log = CallLog.sample(100, 12)
  const server = new AbortController()
  for (let i = 0; i < 15; i++) await log.exportCsv(join(dir, 'many.csv'), { signal: server.signal })
  await pipeline(log.csvStream({ signal: server.signal }), new Writable({ write (_c, _e, cb) { cb() } }))
  await pipeline(log.xlsxStream({ signal: server.signal }), new Writable({ write (_c, _e, cb) { cb() } }))
  assert.throws(() => log.exportCsv(join(dir, 'x.csv'), { signal: server.signal, preset: 'nope' }), CalllogError)
  assert.equal(getEventListeners(server.signal, 'abort').length, 0)
})

test('csv.threads formats on several threads and gives the same file', async () => {
  const log = CallLog.sample(20000, 3)
  const files = []
  for (const threads of [1, 2, 0]) {
    const path = join(dir, `threads-${threads}.csv`)
    const s = await log.exportCsv(path, { preset: 'overview', csv: { threads } })
    assert.equal(s.rows, 20000)
    files.push(readFileSync(path))
  }
  assert.ok(files[0].equals(files[1]) && files[0].equals(files[2]))
  // a negative count (a u32 of 4,294,967,295 to the addon) is an option error, not an allocation
  await assert.rejects(async () => log.exportCsv(join(dir, 'neg.csv'), { csv: { threads: -1 } }), (e) => e.code === 'CALLLOG_EXPORT_OPTION')
  // an unknown CSV key is still an error naming it
  assert.throws(() => log.exportCsv(join(dir, 'x.csv'), { csv: { thread: 2 } }), /thread/)
})
