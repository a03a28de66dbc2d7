#!/usr/bin/env node
'use strict'
// A dependency-free Node HTTP server that serves filtered CSV / XLSX downloads of calllog's
// built-in demo data, streamed with back-pressure and progress logged.
//
//   node examples/node-server/server.js [--port 8080] [--host 127.0.0.1] [--rows 20000]
//   curl -o calls.csv 'http://127.0.0.1:8080/calls.csv?preset=call_history&locale=ru&tz=Europe/Moscow'
//   curl -o calls.xlsx 'http://127.0.0.1:8080/calls.xlsx?preset=contacts_simple&locale=pl&status=answered'
//
// Query parameters: preset, locale, tz, role (owner|supervisor|...), user, group (repeatable),
// and the filter fields channel, status, attemptResult, agent, number, from, to (ISO dates).
// A client that disconnects cancels its export.

const http = require('node:http')
const { pipeline } = require('node:stream/promises')
const calllog = require(process.env.CALLLOG_MODULE || '../../bindings-node/lib.js')

function parseArgs (argv) {
  const opts = { port: 8080, host: '127.0.0.1', rows: 20000, seed: 42 }
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '')
    if (!(key in opts)) throw new Error(`unknown option --${key}`)
    opts[key] = key === 'host' ? argv[i + 1] : Number(argv[i + 1])
  }
  return opts
}

/** The export options and the filtered log of one request. */
function select (log, url) {
  const q = url.searchParams
  const options = {}
  if (q.has('preset')) options.preset = q.get('preset')
  if (q.has('locale')) options.locale = q.get('locale')
  if (q.has('tz')) options.timeZone = q.get('tz')
  if (q.has('role')) {
    options.viewer = { role: q.get('role'), user: q.get('user') ?? undefined, groups: q.getAll('group') }
  }
  let selected = log
  if (typeof log.filter === 'function') {
    const filter = {}
    if (q.has('channel')) filter.channels = q.getAll('channel')
    if (q.has('status')) filter.statuses = q.getAll('status')
    if (q.has('attemptResult')) filter.attemptResults = q.getAll('attemptResult')
    if (q.has('agent')) filter.agents = q.getAll('agent')
    if (q.has('number')) filter.number = q.get('number')
    if (q.has('from')) filter.from = new Date(q.get('from'))
    if (q.has('to')) filter.to = new Date(q.get('to'))
    if (Object.keys(filter).length) selected = log.filter(filter)
  }
  return { selected, options }
}

function createServer ({ rows = 20000, seed = 42, log: logLine = console.log } = {}) {
  const log = calllog.CallLog.sample(rows, seed)
  let next = 0
  return http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost')
    const format = url.pathname === '/calls.csv' ? 'csv' : url.pathname === '/calls.xlsx' ? 'xlsx' : null
    if (req.method !== 'GET' || !format) {
      res.writeHead(url.pathname === '/' ? 200 : 404, { 'content-type': 'text/plain; charset=utf-8' })
      res.end('GET /calls.csv or /calls.xlsx ?preset=&locale=&tz=&role=&group=&status=&channel=&from=&to=\n')
      return
    }
    const id = ++next
    const ac = new AbortController()
    res.on('close', () => { if (!res.writableFinished) ac.abort() })
    const type = format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
    let stream, total
    try {
      // Bad parameters throw here, before any byte is sent.
      const { selected, options } = select(log, url)
      total = selected.length
      options.signal = ac.signal
      options.onProgress = (p) => logLine(`#${id} ${format}: ${p.rows}/${total} rows, ${p.bytes} bytes${p.done ? ' (done)' : ''}`)
      stream = format === 'csv' ? selected.csvStream(options) : selected.xlsxStream(options)
    } catch (err) {
      res.writeHead(err.code === 'CALLLOG_ERROR' || !err.code ? 500 : 400, { 'content-type': 'application/json; charset=utf-8' })
      res.end(JSON.stringify({ code: err.code, message: err.message, field: err.field, option: err.option }))
      logLine(`#${id} ${format}: rejected: ${err.message}`)
      return
    }
    res.writeHead(200, { 'content-type': type, 'content-disposition': `attachment; filename="calls.${format}"` })
    try {
      await pipeline(stream, res)
      logLine(`#${id} ${format}: sent ${total} records`)
    } catch (err) {
      res.destroy()
      logLine(`#${id} ${format}: ${err.name === 'AbortError' || ac.signal.aborted ? 'client went away, export cancelled' : `failed: ${err.message}`}`)
    }
  })
}

if (require.main === module) {
  const opts = parseArgs(process.argv.slice(2))
  const server = createServer(opts)
  server.listen(opts.port, opts.host, () => {
    const { address, port } = server.address()
    console.log(`calllog demo: ${opts.rows} records, listening on http://${address}:${port}/`)
  })
}

module.exports = { createServer }
