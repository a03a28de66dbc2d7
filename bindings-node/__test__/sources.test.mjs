// CallLog.readSource: what phone systems write. The fixture is the core's
// (core/tests/fixtures/asterisk/Master.csv, written as Asterisk's cdr/cdr_csv.c writes lines).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CallLog, CalllogError } from '../lib.js'

const here = dirname(fileURLToPath(import.meta.url))
const master = join(here, '..', '..', 'core', 'tests', 'fixtures', 'asterisk', 'Master.csv')
const dir = mkdtempSync(join(tmpdir(), 'calllog-node-sources-'))
test.after(() => rmSync(dir, { recursive: true, force: true }))

test('readSource asterisk_csv reads Master.csv and exports cell by cell', async () => {
  const log = await CallLog.readSource(master, 'asterisk_csv', { timeZone: 'Asia/Tokyo' })
  assert.equal(log.length, 5)
  const [a, b] = log.toArray()
  assert.equal(a.id, '1714554000.1')
  assert.equal(a.customerName, '山田 太郎')
  assert.equal(a.status, 'answered')
  assert.equal(a.attemptResult, 'call_accepted')
  assert.deepEqual(a.timeline.startedAt, new Date('2024-05-01T09:00:00Z'))
  assert.equal(a.extra.lastdata, 'PJSIP/201,30,tT')
  assert.equal(b.timeline.talkStartedAt ?? null, null)
  const out = join(dir, 'calls.csv')
  await log.exportCsv(out, { columns: ['id', 'started_at', 'talk', 'status'], timeZone: 'Asia/Tokyo' })
  const lines = readFileSync(out, 'utf8').split('\r\n')
  assert.equal(lines[1], '1714554000.1,2024-05-01 18:00:00,180,Answered')
  assert.equal(lines[2], '1714554600.3,2024-05-01 18:10:00,0,No answer')
})

test('readSource errors: the line and the field, an unknown source, a missing file, an unknown option', async () => {
  const good = readFileSync(master, 'utf8').split('\n')[0]
  const bad = join(dir, 'bad.csv')
  writeFileSync(bad, `${good}\n${good.replace('"ANSWERED"', '"MAYBE"')}\n`)
  await assert.rejects(CallLog.readSource(bad, 'asterisk_csv'), (e) => e instanceof CalllogError && e.code === 'CALLLOG_PARSE' && e.row === 2 && e.column === 'disposition')
  await assert.rejects(CallLog.readSource(bad, 'cisco_csv'), (e) => e instanceof CalllogError && e.code === 'CALLLOG_UNKNOWN_VALUE')
  await assert.rejects(CallLog.readSource(join(dir, 'none.csv'), 'asterisk_csv'), (e) => e.code === 'CALLLOG_IO' && e.path.endsWith('none.csv'))
  assert.throws(() => CallLog.readSource(bad, 'asterisk_csv', { timezone: 'UTC' }), (e) => e.code === 'CALLLOG_EXPORT_OPTION' && e.option === 'timezone')
  assert.throws(() => CallLog.readSource(bad, 'asterisk_csv', { timeZone: 'Mars/Base' }), (e) => e.code === 'CALLLOG_EXPORT_OPTION')
})

test('readSource twilio_json reads list pages and single resources', async () => {
  const twilio = join(here, '..', '..', 'core', 'tests', 'fixtures', 'twilio', 'calls.json')
  const log = await CallLog.readSource(twilio, 'twilio_json')
  assert.equal(log.length, 5)
  const calls = log.toArray()
  assert.equal(calls[0].direction, 'inbound')
  assert.equal(calls[0].customerName, 'Kowalski Jan')
  assert.equal(calls[2].extra.parent_call_sid, calls[0].id)
  assert.equal(calls[4].attemptResult ?? null, null)
})
