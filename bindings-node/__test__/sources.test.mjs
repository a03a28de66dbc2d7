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

const fixture = (...p) => join(here, '..', '..', 'core', 'tests', 'fixtures', ...p)

test('readSource freeswitch_csv and freeswitch_json: hangup causes, queues, URL-decoded variables', async () => {
  const csv = await CallLog.readSource(fixture('freeswitch', 'Master.csv'), 'freeswitch_csv', { timeZone: 'Europe/Moscow' })
  assert.equal(csv.length, 6)
  const [a, cancelled] = csv.toArray()
  assert.equal(a.customerName, 'Иван Петров')
  assert.deepEqual(a.timeline.startedAt, new Date('2024-05-01T09:00:00Z'))
  assert.equal(a.endReason, 'NORMAL_CLEARING')
  assert.equal(cancelled.attemptResult, 'request_cancelled')
  const out = join(dir, 'fs.csv')
  await csv.exportCsv(out, { columns: ['id', 'started_at', 'talk', 'status', 'attempt_result'], timeZone: 'Europe/Moscow' })
  const lines = readFileSync(out, 'utf8').split('\r\n')
  assert.equal(lines[1], '3f1c2a9e-0c1d-4a51-9a0e-000000000001,2024-05-01 12:00:00,180,Answered,Call accepted')
  assert.equal(lines[2], '3f1c2a9e-0c1d-4a51-9a0e-000000000002,2024-05-01 12:10:00,0,No answer,Request cancelled')

  const json = await CallLog.readSource(fixture('freeswitch', 'cdr.json'), 'freeswitch_json')
  const [q, abandoned, busy] = json.toArray()
  assert.equal(q.customerName, 'Łukasz Żółć')
  assert.equal(q.queue, 'support@default')
  assert.equal(q.agents[0].name, 'anna.nowak@default')
  assert.equal(q.disconnectSide, 'customer')
  assert.equal(q.extra.sip_from_display, 'Łukasz Żółć')
  assert.equal(abandoned.attemptResult, 'abandoned')
  assert.equal(busy.status, 'busy')
  const bad = join(dir, 'bad.json')
  writeFileSync(bad, '{"variables": {"uuid": "u", "start_epoch": "1", "hangup_cause": "WHO_KNOWS"}}\n')
  await assert.rejects(CallLog.readSource(bad, 'freeswitch_json'), (e) => e instanceof CalllogError && e.code === 'CALLLOG_PARSE' && e.row === 1 && e.column === 'hangup_cause')
})

test('readSource connect_ctr: queue, agent, hold, after-contact work, attributes', async () => {
  const log = await CallLog.readSource(fixture('connect', 'ctr.jsonl'), 'connect_ctr')
  assert.equal(log.length, 5)
  const [a, abandoned, transfer, , chat] = log.toArray()
  assert.equal(a.queue, 'サポート')
  assert.equal(a.agents[0].name, 'yamada.hanako')
  assert.equal(a.holdCount, 2)
  assert.equal(a.reported.hold, 20)
  assert.deepEqual(a.timeline.afterCallWorkEndedAt, new Date('2024-05-01T00:06:00Z'))
  assert.equal(a.extra['Attributes.顧客ランク'], 'ゴールド')
  assert.equal(a.recording.url, 'my-bucket/connect/recordings/2024/05/01/000001.wav')
  assert.equal(abandoned.attemptResult, 'abandoned')
  assert.equal(transfer.extra.PreviousContactId, a.id)
  assert.equal(chat.channel, 'chat')
  const out = join(dir, 'ctr.csv')
  await log.exportCsv(out, { columns: ['id', 'queue', 'agents', 'started_at', 'disconnect_side'], timeZone: 'Asia/Tokyo' })
  const lines = readFileSync(out, 'utf8').split('\r\n')
  assert.equal(lines[1], '11111111-aaaa-4bbb-8ccc-000000000001,サポート,yamada.hanako,2024-05-01 09:00:00,Customer')
  const bad = join(dir, 'task.jsonl')
  writeFileSync(bad, '{"ContactId": "c1", "Channel": "VOICE"}\n{"ContactId": "c2", "Channel": "TASK"}\n')
  await assert.rejects(CallLog.readSource(bad, 'connect_ctr'), (e) => e.code === 'CALLLOG_PARSE' && e.row === 2 && e.column === 'Channel')
})

test('CallSourceName in the types lists exactly the sources the addon reads', async () => {
  const dts = readFileSync(join(here, '..', 'vocab.d.ts'), 'utf8')
  const names = [...dts.match(/export type CallSourceName = (.*)/)[1].matchAll(/'([a-z_]+)'/g)].map((m) => m[1])
  assert.deepEqual(names, ['asterisk_csv', 'freeswitch_csv', 'freeswitch_json', 'twilio_json', 'connect_ctr'])
  const empty = join(dir, 'empty')
  writeFileSync(empty, '')
  for (const name of names) {
    const log = await CallLog.readSource(empty, name)
    assert.equal(log.length, 0, name)
  }
})
