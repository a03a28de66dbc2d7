// The HTTP example (examples/node-server): started on 127.0.0.1 with an ephemeral port,
// downloads checked.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CallLog } from '../lib.js'
import { parseCsv, xlsxSheets, assertZip } from './helpers.mjs'

const server = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples', 'node-server', 'server.js')
const ROWS = 3000

async function start (rows = ROWS) {
  const child = spawn(process.execPath, [server, '--port', '0', '--rows', String(rows)], { stdio: ['ignore', 'pipe', 'inherit'] })
  const lines = []
  const url = await new Promise((resolve, reject) => {
    let buf = ''
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (d) => {
      buf += d
      let i
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i)
        buf = buf.slice(i + 1)
        lines.push(line)
        const m = line.match(/listening on (http:\/\/127\.0\.0\.1:\d+)\//)
        if (m) resolve(m[1])
      }
    })
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)))
  })
  return { child, url, lines }
}

test('the demo server streams filtered CSV and XLSX downloads and logs progress', async (t) => {
  const { child, url, lines } = await start()
  t.after(() => child.kill())

  const log = CallLog.sample(ROWS, 42)
  const expected = log.forViewer({ role: 'supervisor', user: 'nobody', groups: ['Продажи'] })
  assert.ok(expected.length > 0 && expected.length < ROWS, 'the viewer sees part of the log')

  const csv = await fetch(`${url}/calls.csv?preset=call_history&locale=ru&tz=Europe/Moscow&role=supervisor&user=nobody&group=${encodeURIComponent('Продажи')}`)
  assert.equal(csv.status, 200)
  assert.match(csv.headers.get('content-type'), /^text\/csv/)
  const rows = parseCsv(await csv.text())
  assert.equal(rows.length, expected.length + 1)
  assert.ok(rows[0].includes('Результат попытки'))
  assert.ok(!rows[0].includes('Цена'), 'a supervisor gets no price column')

  const xlsx = await fetch(`${url}/calls.xlsx?preset=contacts_simple&locale=pl`)
  assert.equal(xlsx.status, 200)
  const buf = Buffer.from(await xlsx.arrayBuffer())
  assertZip(buf)
  const sheets = xlsxSheets(buf)
  assert.equal(sheets[0].length, ROWS + 1)
  assert.ok(sheets[0][0].includes('ID połączenia'))

  const bad = await fetch(`${url}/calls.csv?preset=nope`)
  assert.equal(bad.status, 400)
  assert.equal((await bad.json()).code, 'CALLLOG_UNKNOWN_VALUE')

  // progress and completion were logged
  await new Promise((resolve) => setTimeout(resolve, 50))
  assert.ok(lines.some((l) => /#1 csv: \d+\/\d+ rows, \d+ bytes \(done\)/.test(l)), lines.join('\n'))
  assert.ok(lines.some((l) => /#2 xlsx: sent 3000 records/.test(l)), lines.join('\n'))
})

test('a client that goes away cancels its export', async (t) => {
  const { child, url, lines } = await start(100000)
  t.after(() => child.kill())
  const ac = new AbortController()
  const res = await fetch(`${url}/calls.csv?preset=full`, { signal: ac.signal })
  const reader = res.body.getReader()
  await reader.read()
  ac.abort()
  const deadline = Date.now() + 5000
  while (!lines.some((l) => /cancelled|client went away/.test(l)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20))
  assert.ok(lines.some((l) => /#1 csv: client went away, export cancelled/.test(l)), lines.join('\n'))
  assert.ok(!lines.some((l) => /sent \d+ records/.test(l)), 'the 100,000-row export did not run to the end')
})
