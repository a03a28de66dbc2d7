// Issue 17 through the Node binding: seed 000's export permission, the defaults of the
// export's language (sheet names, a ja CSV with a BOM, the time zone note), and column sets
// the export cannot honour.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CallLog, CalllogError, JobQueue } from '../lib.js'
import { unzip } from './helpers.mjs'

const dir = mkdtempSync(join(tmpdir(), 'calllog-node-defaults-'))
test.after(() => rmSync(dir, { recursive: true, force: true }))

const log = CallLog.from([
  { id: 'A-1', channel: 'video', agents: [{ name: '佐藤', groups: ['営業'] }], timeline: { startedAt: new Date('2024-05-01T10:00:00+09:00') } },
  { id: 'A-2', channel: 'video', agents: [{ name: '鈴木', groups: ['サポート'] }], timeline: { startedAt: new Date('2024-05-01T11:00:00+09:00') } },
])
const sheetNames = (file) => [...unzip(readFileSync(file)).get('xl/workbook.xml').toString('utf8').matchAll(/<sheet name="([^"]*)"/g)].map((m) => m[1])
const notPermitted = (role) => (e) => e instanceof CalllogError && e.code === 'CALLLOG_NOT_PERMITTED' &&
  e.role === role && e.action === 'export' && e.allowed.join() === 'owner,manager'

test('seed 000: only owners and managers may export, in files, streams and jobs', async () => {
  const preset = 'video_call_history'
  for (const role of ['owner', 'manager']) {
    const r = await log.exportCsv(join(dir, `${role}.csv`), { preset, viewer: { role } })
    assert.equal(r.records, 2)
  }
  const viewer = { role: 'supervisor', user: '佐藤', groups: ['営業'] }
  // refused before anything starts, like every option error the options alone reveal
  assert.throws(() => log.exportCsv(join(dir, 'sup.csv'), { preset, viewer }), notPermitted('supervisor'))
  assert.throws(() => log.exportXlsx(join(dir, 'sup.xlsx'), { preset, viewer }), notPermitted('supervisor'))
  assert.throws(() => log.csvStream({ preset, viewer: { role: 'admin' } }), notPermitted('admin'))
  const jobs = new JobQueue({ workers: 1 })
  assert.throws(() => jobs.exportCsv(log, join(dir, 'job.csv'), { preset, viewer }), notPermitted('supervisor'))
  assert.ok(!existsSync(join(dir, 'sup.csv')) && !existsSync(join(dir, 'sup.xlsx')) && !existsSync(join(dir, 'job.csv')))
  // seed 002's supervisors keep exporting their groups; a policy may be a list of roles
  const sup = await log.exportCsv(join(dir, 'v.csv'), { preset: 'call_history', viewer })
  assert.equal(sup.records, 1)
  assert.throws(
    () => log.exportCsv(join(dir, 'v.csv'), { preset: 'call_history', viewer, exportPolicy: ['owner', 'manager'] }),
    notPermitted('supervisor'))
  assert.throws(() => log.exportCsv(join(dir, 'v.csv'), { exportPolicy: 'nobody' }),
    (e) => e.code === 'CALLLOG_UNKNOWN_VALUE' && e.vocabulary === 'export policy')
})

test('a ja CSV starts with a BOM by default; ru and explicit utf8 do not', async () => {
  await log.exportCsv(join(dir, 'ja.csv'), { preset: 'video_call_history' })
  const ja = readFileSync(join(dir, 'ja.csv'))
  assert.deepEqual([...ja.subarray(0, 3)], [0xef, 0xbb, 0xbf])
  assert.match(ja.toString('utf8'), /お客様待ち時間\(秒\)/)
  await log.exportCsv(join(dir, 'ru.csv'), { preset: 'call_history' })
  assert.notEqual(readFileSync(join(dir, 'ru.csv'))[0], 0xef)
  await log.exportCsv(join(dir, 'ja8.csv'), { preset: 'video_call_history', csv: { encoding: 'utf8' } })
  assert.notEqual(readFileSync(join(dir, 'ja8.csv'))[0], 0xef)
})

test('sheets are named in the export language, date-time headers carry the time zone', async () => {
  for (const [preset, name] of [['video_call_history', '通話履歴'], ['call_history', 'История звонков'], ['contacts_simple', 'Kontakty'], ['overview', 'Calls']]) {
    const file = join(dir, `${preset}.xlsx`)
    await log.exportXlsx(file, { preset, timeZone: 'Asia/Tokyo' })
    assert.deepEqual(sheetNames(file), [name])
  }
  const comments = unzip(readFileSync(join(dir, 'video_call_history.xlsx'))).get('xl/comments1.xml').toString('utf8')
  assert.match(comments, /タイムゾーン: Asia\/Tokyo/)
  await log.exportXlsx(join(dir, 'named.xlsx'), { preset: 'call_history', xlsx: { sheetName: 'Май' } })
  assert.deepEqual(sheetNames(join(dir, 'named.xlsx')), ['Май'])
})

test('a price needs its currency; a detailed layout needs detail columns', async () => {
  await assert.rejects(log.exportCsv(join(dir, 'p.csv'), { columns: ['id', 'price'] }),
    (e) => e.code === 'CALLLOG_EXPORT_OPTION' && e.option === 'columns' && /price_currency/.test(e.reason))
  await assert.rejects(log.exportCsv(join(dir, 'd.csv'), { preset: 'contacts_simple', layout: 'detailed' }),
    (e) => e.code === 'CALLLOG_EXPORT_OPTION' && e.option === 'layout')
})

test('a summary sheet with native charts, and a metrics workbook of its own', async () => {
  const calls = CallLog.from([
    { id: 'a', direction: 'inbound', queue: 'Sales', attemptResult: 'call_accepted', agents: [{ name: 'Anna', groups: ['Sales'] }], timeline: { startedAt: new Date('2024-05-01T09:00:00Z'), talkStartedAt: new Date('2024-05-01T09:00:10Z'), talkEndedAt: new Date('2024-05-01T09:02:10Z') } },
    { id: 'b', direction: 'outbound', queue: 'Support', attemptResult: 'number_busy', agents: [{ name: 'Boris', groups: ['Support'] }], timeline: { startedAt: new Date('2024-05-01T10:00:00Z') } },
  ])
  const file = join(dir, 'summary.xlsx')
  const r = await calls.exportXlsx(file, { preset: 'call_history', xlsx: { summarySheet: true } })
  assert.equal(r.records, 2)
  assert.deepEqual(sheetNames(file), ['История звонков', 'Сводка'])
  const parts = unzip(readFileSync(file))
  assert.deepEqual([...parts.keys()].filter((n) => n.startsWith('xl/charts/chart')).sort(), ['xl/charts/chart1.xml', 'xl/charts/chart2.xml', 'xl/charts/chart3.xml'])
  assert.match(parts.get('xl/charts/chart3.xml').toString('utf8'), /Результаты попыток/)
  const own = join(dir, 'metrics.xlsx')
  const m = await calls.exportSummaryXlsx(own, { locale: 'ja', viewer: { role: 'supervisor', user: 'x', groups: ['Support'] } })
  assert.equal(m.records, 1)
  assert.deepEqual(sheetNames(own), ['サマリー'])
  assert.throws(() => calls.exportSummaryXlsx(own, { xlsx: { summarySheets: true } }), (e) => e.code === 'CALLLOG_EXPORT_OPTION' && e.option === 'xlsx.summarySheets')
})
