#!/usr/bin/env node
// The Node binding against the usual Node tools, on the same rows.
//
//   node benches/compare/node_binding.mjs [--rows 1000000] [--out DIR] [--only name,name]
//
// Every contender runs in its own child process on the same deterministic JS objects (a typical
// seed 002 call: 4 Date timestamps, agents, price, tags...), generated before the clock starts.
// Each writes the seed 002 call-history columns (22 columns: dates, labels, derived dial/talk
// seconds, joined lists):
//   calllog-csv / calllog-xlsx: CallLog.from(objects) (conversion + validation, timed apart),
//                               then log.exportCsv / exportXlsx (libuv pool)
//   csv-stringify:               the same columns mapped in JS, streamed to a file
//   exceljs:                     the same columns through exceljs' streaming WorkbookWriter
// Reports seconds, rows/s and peak RSS per contender. Needs the release addon and the
// contenders: `make bench-node` builds and installs both (bindings-node/bench).

import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs'
import { once } from 'node:events'
import { tmpdir, cpus } from 'node:os'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { finished } from 'node:stream/promises'

const here = dirname(fileURLToPath(import.meta.url))
const binding = join(here, '..', '..', 'bindings-node')
const require = createRequire(join(binding, 'bench', 'package.json'))

function args () {
  const a = { rows: 1_000_000, out: null, only: null, child: null }
  const v = process.argv.slice(2)
  for (let i = 0; i < v.length; i += 2) a[v[i].replace(/^--/, '')] = v[i + 1]
  a.rows = Number(a.rows)
  return a
}

// ---------------------------------------------------------------- the same rows for everyone

function generate (n) {
  let s = 0x9e3779b9
  const rnd = (k) => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s % k }
  const results = ['call_accepted', 'number_busy', 'no_answer', 'voicemail', 'dial_error', 'call_rejected']
  const types = ['automated_campaign', 'softphone_outgoing', 'operator_campaign', 'incoming']
  const agents = [['Анна Петрова', 'Продажи'], ['Борис Иванов', 'Поддержка'], ['佐藤 花子', 'Tokyo'], ['Zofia Nowak', 'Sprzedaż']]
  const base = Date.UTC(2024, 4, 1)
  const out = new Array(n)
  for (let i = 0; i < n; i++) {
    const start = base + i * 7000 + rnd(5000)
    const callType = types[rnd(4)]
    const attemptResult = results[rnd(results.length)]
    const answered = attemptResult === 'call_accepted'
    const dial = start + 1000 + rnd(3000)
    const talkStart = dial + 5000 + rnd(20000)
    const talkEnd = talkStart + 10000 + rnd(600000)
    const [name, group] = agents[rnd(4)]
    const r = {
      id: `V-${i}`,
      direction: callType === 'incoming' ? 'inbound' : 'outbound',
      callType,
      attemptResult,
      from: `+7 495 ${String(100 + rnd(900))}-${String(10 + rnd(90))}-${String(10 + rnd(90))}`,
      to: `+7 812 ${String(100 + rnd(900))}-${String(10 + rnd(90))}-${String(10 + rnd(90))}`,
      agents: [{ name, groups: [group] }],
      queue: `queue-${rnd(5)}`,
      campaign: callType === 'incoming' ? undefined : `campaign-${rnd(3)}`,
      scenario: 'main',
      timeline: {
        startedAt: new Date(start),
        dialStartedAt: callType === 'incoming' ? undefined : new Date(dial),
        talkStartedAt: answered ? new Date(talkStart) : undefined,
        talkEndedAt: answered ? new Date(talkEnd) : undefined,
        closedAt: new Date(answered ? talkEnd : dial + 20000),
      },
      price: { amount: `${rnd(5)}.${String(rnd(100)).padStart(2, '0')}`, currency: 'RUB' },
      tags: rnd(3) === 0 ? ['vip', 'callback'] : [],
      notes: rnd(10) === 0 ? [{ text: 'перезвонить, "срочно"' }] : [],
      attempts: 1 + rnd(3),
    }
    if (answered) r.recording = { url: `https://rec.example.invalid/${i}.mp3` }
    out[i] = r
  }
  return out
}

// ------------------------------------------------ the call-history columns, computed in JS

const DIRECTION = { inbound: 'Inbound', outbound: 'Outbound', internal: 'Internal' }
const RESULT = {
  call_accepted: 'Call accepted', number_busy: 'Number busy', no_answer: 'No answer', voicemail: 'Voicemail', dial_error: 'Dial error', call_rejected: 'Call rejected',
}
const HEADER = ['Time', 'Type', 'Call from', 'Call to', 'Operator', 'Queue', 'Dial time', 'Talk time', 'Recording', 'Price', 'Currency', 'Scenario', 'Scenario link', 'Campaign', 'Attempt result', 'Success', 'Completion code', 'Scheduled callback', 'Attempts', 'Tags', 'Topics', 'Notes']
const pad = (n) => (n < 10 ? '0' + n : '' + n)
const fmt = (d) => d && `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
const safe = (v) => (typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? "'" + v : v)
function secs (a, b) { return a && b && b >= a ? (b - a) / 1000 : undefined }
function row (r, dates) {
  const t = r.timeline
  const dial = r.callType === 'incoming' ? undefined : secs(t.dialStartedAt ?? t.startedAt, t.talkStartedAt ?? t.closedAt)
  return [
    dates ? t.startedAt : fmt(t.startedAt), DIRECTION[r.direction], safe(r.from), safe(r.to),
    r.agents.map((a) => a.name).join(', '), r.queue, dial, secs(t.talkStartedAt, t.talkEndedAt),
    r.recording?.url, r.price && Number(r.price.amount), r.price?.currency, r.scenario, undefined, r.campaign,
    RESULT[r.attemptResult], r.attemptResult === 'call_accepted' ? 'Success' : 'Failure', undefined,
    undefined, r.attempts, r.tags.join(', '), '', r.notes.map((n) => safe(n.text)).join('\n'),
  ]
}

// ------------------------------------------------------------------------ the contenders

const contenders = {
  async 'calllog-csv' (records, path) {
    const { CallLog } = require(join(binding, 'lib.js'))
    const t0 = performance.now()
    const log = CallLog.from(records)
    const t1 = performance.now()
    await log.exportCsv(path, { preset: 'call_history' })
    return { convert: (t1 - t0) / 1000, write: (performance.now() - t1) / 1000 }
  },
  async 'calllog-xlsx' (records, path) {
    const { CallLog } = require(join(binding, 'lib.js'))
    const t0 = performance.now()
    const log = CallLog.from(records)
    const t1 = performance.now()
    await log.exportXlsx(path, { preset: 'call_history' })
    return { convert: (t1 - t0) / 1000, write: (performance.now() - t1) / 1000 }
  },
  async 'csv-stringify' (records, path) {
    const { stringify } = require('csv-stringify')
    const t0 = performance.now()
    const out = createWriteStream(path)
    const s = stringify({ header: true, columns: HEADER })
    s.pipe(out)
    for (const r of records) {
      if (!s.write(row(r, false))) await once(s, 'drain')
    }
    s.end()
    await finished(out)
    return { convert: 0, write: (performance.now() - t0) / 1000 }
  },
  async exceljs (records, path) {
    const ExcelJS = require('exceljs')
    const t0 = performance.now()
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: true, useSharedStrings: false })
    const ws = wb.addWorksheet('Calls')
    ws.columns = HEADER.map((h, i) => ({ header: h, key: String(i), style: i === 0 ? { numFmt: 'yyyy-mm-dd hh:mm:ss' } : undefined }))
    for (const r of records) ws.addRow(row(r, true)).commit()
    ws.commit()
    await wb.commit()
    return { convert: 0, write: (performance.now() - t0) / 1000 }
  },
}
const EXT = { 'calllog-csv': 'csv', 'calllog-xlsx': 'xlsx', 'csv-stringify': 'csv', exceljs: 'xlsx' }

async function child (name, rows, dir) {
  const records = generate(rows)
  if (name === 'baseline') {
    process.stdout.write(JSON.stringify({ records: records.length, maxRssMiB: process.resourceUsage().maxRSS / 1024 }) + '\n')
    return
  }
  const path = join(dir, `${name}.${EXT[name]}`)
  const r = await contenders[name](records, path)
  const bytes = statSync(path).size
  process.stdout.write(JSON.stringify({ ...r, bytes, maxRssMiB: process.resourceUsage().maxRSS / 1024 }) + '\n')
}

async function main () {
  const a = args()
  if (a.child) return child(a.child, a.rows, a.out)
  const dir = a.out ?? mkdtempSync(join(tmpdir(), 'calllog-node-bench-'))
  // baseline: generating the JS objects alone (their memory is in every contender's RSS)
  const names = ['baseline', ...(a.only ? a.only.split(',') : Object.keys(contenders))]
  const results = []
  for (const name of names) {
    const p = spawnSync(process.execPath, ['--max-old-space-size=8192', fileURLToPath(import.meta.url), '--child', name, '--rows', String(a.rows), '--out', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
    if (p.status !== 0) { console.error(`${name} failed`); continue }
    results.push({ name, ...JSON.parse(p.stdout.trim().split('\n').pop()) })
  }
  if (!a.out) rmSync(dir, { recursive: true, force: true })
  const n = a.rows
  console.log(`\n${n.toLocaleString('en')} records, node ${process.version}, ${cpus().length} × ${cpus()[0].model}, ${new Date().toISOString().slice(0, 10)}\n`)
  console.log('| contender | conversion from JS objects (s) | write (s) | total (s) | rows/s (total) | file (MiB) | peak RSS (MiB) |')
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |')
  for (const r of results) {
    if (r.name === 'baseline') {
      console.log(`| (generating the JS objects only) | | | | | | ${r.maxRssMiB.toFixed(0)} |`)
      continue
    }
    const total = r.convert + r.write
    console.log(`| ${r.name} | ${r.convert ? r.convert.toFixed(2) : '—'} | ${r.write.toFixed(2)} | ${total.toFixed(2)} | ${Math.round(n / total).toLocaleString('en')} | ${(r.bytes / 1048576).toFixed(1)} | ${r.maxRssMiB.toFixed(0)} |`)
  }
}

await main()
