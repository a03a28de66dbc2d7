'use strict'
// The public entry point of the npm package `calllog`: the generated addon loader (index.js)
// with every error turned into a proper JS error. The addon encodes core errors as a message
// `calllog-error:{json}` (src/errors.rs); this file is the only place that reads it.

const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { randomUUID } = require('node:crypto')
const { Readable, PassThrough } = require('node:stream')
const native = require('./index.js')

const PREFIX = 'calllog-error:'
// N-API statuses raised when an argument has the wrong JS type.
const TYPE_STATUSES = new Set([
  'InvalidArg', 'ObjectExpected', 'StringExpected', 'NameExpected', 'FunctionExpected',
  'NumberExpected', 'BooleanExpected', 'ArrayExpected', 'BigintExpected', 'DateExpected',
  'ArrayBufferExpected', 'DetachableArraybufferExpected',
])

/** An error of calllog, with a stable `code` and what a caller can act on (`recordId`, `field`, `path`...). */
class CalllogError extends Error {
  constructor (payload) {
    super(payload.message)
    for (const [k, v] of Object.entries(payload)) if (k !== 'message') this[k] = v
  }
}
Object.defineProperty(CalllogError.prototype, 'name', { value: 'CalllogError' })

/** What Node's own APIs reject with when an AbortSignal fires. */
function abortError (cause) {
  const e = new Error('The operation was aborted', { cause })
  e.name = 'AbortError'
  e.code = 'ABORT_ERR'
  return e
}

function convert (err, skip) {
  if (!(err instanceof Error) || typeof err.message !== 'string') return err
  let out = err
  if (err.message.startsWith(PREFIX)) {
    try {
      const payload = JSON.parse(err.message.slice(PREFIX.length))
      const abort = payload.abort
      delete payload.abort
      out = new CalllogError(payload)
      if (abort) out = abortError(out)
    } catch {
      return err
    }
  } else if (TYPE_STATUSES.has(err.code)) {
    out = new TypeError(err.message)
    out.code = 'CALLLOG_INVALID_ARGUMENT'
  } else {
    return err
  }
  if (skip) Error.captureStackTrace(out, skip)
  return out
}

function wrap (fn) {
  const wrapped = function (...args) {
    let r
    try {
      r = new.target ? Reflect.construct(fn, args, new.target) : fn.apply(this, args)
    } catch (e) {
      throw convert(e, wrapped)
    }
    if (r && typeof r.then === 'function') return r.then(undefined, (e) => { throw convert(e) })
    return r
  }
  Object.defineProperty(wrapped, 'name', { value: fn.name })
  return wrapped
}

function wrapMembers (target) {
  for (const key of Object.getOwnPropertyNames(target)) {
    if (key === 'constructor' || key === 'prototype' || key === 'length' || key === 'name') continue
    const d = Object.getOwnPropertyDescriptor(target, key)
    if (!d.configurable) continue
    if (typeof d.value === 'function') d.value = wrap(d.value)
    if (d.get) d.get = wrap(d.get)
    if (d.set) d.set = wrap(d.set)
    Object.defineProperty(target, key, d)
  }
}

// Classes: prototype members are wrapped in place; the addon defines static members as
// read-only, so each class is exported as a facade sharing the native prototype (instanceof
// works for objects the addon makes) with wrapped static members.
const facades = new Map()
function facade (cls) {
  if (facades.has(cls)) return facades.get(cls)
  wrapMembers(cls.prototype)
  const f = wrap(cls)
  Object.defineProperty(f, 'prototype', { value: cls.prototype })
  for (const key of Object.getOwnPropertyNames(cls)) {
    if (['length', 'name', 'prototype', 'arguments', 'caller'].includes(key)) continue
    const d = Object.getOwnPropertyDescriptor(cls, key)
    if (typeof d.value === 'function') d.value = wrap(d.value)
    if (d.get) d.get = wrap(d.get)
    Object.defineProperty(f, key, { ...d, configurable: true })
  }
  facades.set(cls, f)
  return f
}

function exportsFor (name) {
  const v = native[name]
  if (typeof v !== 'function') return v
  const isClass = v.prototype && Object.getOwnPropertyNames(v.prototype).length > 1
  return isClass ? facade(v) : wrap(v)
}

// ---- options: a key the API does not know is an error naming it, never silently ignored

// The keys of each options interface of index.d.ts (a test checks that they match it).
const SHAPES = {
  ExportOptions: {
    keys: ['preset', 'columns', 'locale', 'timeZone', 'datetimeFormat', 'durations', 'enums', 'rules', 'layout', 'repeatContactFields', 'viewer', 'exportPolicy', 'csv', 'xlsx', 'rowCap', 'onProgress', 'signal'],
    nested: { viewer: 'Viewer', csv: 'CsvOptions', xlsx: 'XlsxOptions' },
  },
  CsvOptions: { keys: ['delimiter', 'encoding', 'unencodable', 'threads'] },
  FromArrowOptions: { keys: ['rules', 'ignoreUnknown', 'validate'] },
  ToArrowOptions: { keys: ['derived', 'batchSize', 'format'] },
  XlsxOptions: { keys: ['sheetName', 'maxRowsPerSheet', 'compressionLevel', 'datetimeFormat', 'summarySheet'] },
  Viewer: { keys: ['role', 'user', 'groups', 'historyAccess'] },
  Filter: {
    keys: ['from', 'to', 'datePreset', 'now', 'maxSpanMonths', 'timeZone', 'hours', 'channels', 'directions', 'interactionTypes', 'callTypes', 'number', 'numberExact', 'source', 'destination', 'defaultRegion', 'agents', 'includeDeletedAgents', 'groups', 'queues', 'campaigns', 'scenarios', 'scenarioKind', 'attemptResults', 'success', 'statuses', 'answerStates', 'completionCodes', 'tags', 'topics', 'talkMin', 'talkMax', 'ticketId', 'requestId', 'recordId', 'refine', 'refineFields', 'locale', 'rules'],
  },
  QueryOptions: { keys: ['filter', 'viewer', 'sort', 'offset', 'limit', 'cursor'], nested: { filter: 'Filter', viewer: 'Viewer' } },
  MetricsOptions: { keys: ['shortAbandon', 'serviceLevel', 'groupBy', 'timeZone', 'rules'] },
  CardOptions: { keys: ['now', 'viewer', 'sessions'], nested: { viewer: 'Viewer' }, arrays: { sessions: 'WebSession' } },
  WebSession: { keys: ['id', 'customer', 'startedAt', 'endedAt', 'visit', 'device', 'os', 'geolocation', 'pages', 'contactIds'], nested: { visit: 'Visit' }, arrays: { pages: 'PageView' } },
  PageView: { keys: ['url', 'title', 'viewedAt', 'timeOnPage'] },
  Visit: { keys: ['source', 'medium', 'campaign', 'content', 'term', 'landingPage', 'clientIp'] },
  CallLogOptions: { keys: ['rules', 'ignoreUnknown'] },
  ReadSourceOptions: { keys: ['timeZone'] },
  FromAsyncOptions: { keys: ['rules', 'ignoreUnknown', 'signal', 'chunkSize'] },
}
for (const s of Object.values(SHAPES)) s.set = new Set(s.keys)

/** Throws a CalllogError (`code`: CALLLOG_EXPORT_OPTION with `option`, or CALLLOG_FILTER with `field`) for an unknown key. */
function checkKeys (value, shapeName, code, path = '') {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return
  const shape = SHAPES[shapeName]
  for (const key of Object.keys(value)) {
    const at = path ? `${path}.${key}` : key
    if (!shape.set.has(key)) {
      const reason = `unknown option (accepted: ${shape.keys.join(', ')})`
      const payload = { code, message: `\`${at}\`: ${reason}`, reason }
      payload[code === 'CALLLOG_FILTER' ? 'field' : 'option'] = at
      const e = new CalllogError(payload)
      Error.captureStackTrace(e, checkKeys)
      throw e
    }
    const nested = shape.nested && shape.nested[key]
    if (nested) checkKeys(value[key], nested, code, at)
    const items = shape.arrays && shape.arrays[key]
    if (items && Array.isArray(value[key])) value[key].forEach((v, i) => checkKeys(v, items, code, `${at}[${i}]`))
  }
}

// ---- progress callbacks: a throw fails the call, never the process

/**
 * The caller's `onProgress` as the addon calls it: a function that never throws. It returns
 * `undefined`, or the message of what the callback threw; the addon then fails the export with
 * CALLLOG_CALLBACK (a throw on the final `done: true` call too, before the file is renamed, so
 * the target keeps what it held). `failure()` is the thrown value, set as the error's `cause`.
 */
function guardProgress (options) {
  const user = options && typeof options.onProgress === 'function' ? options.onProgress : null
  let thrown = null
  let failed = false
  const guarded = user && ((p) => {
    if (failed) return describe(thrown)
    try {
      user(p)
      return undefined
    } catch (e) {
      failed = true
      thrown = e
      return describe(e)
    }
  })
  return {
    options: user ? { ...options, onProgress: guarded } : options,
    blame (err) {
      if (failed && err && err.code === 'CALLLOG_CALLBACK' && err.cause === undefined) {
        Object.defineProperty(err, 'cause', { value: thrown, configurable: true, writable: true })
      }
      return err
    },
  }
}

function describe (e) {
  try {
    const m = e instanceof Error ? e.message : String(e)
    return `onProgress threw: ${m}`
  } catch {
    return 'onProgress threw'
  }
}

// ---- streams: Node Readables over the addon's pull-based sources

/**
 * CSV bytes as a Node Readable. Each read pulls the next chunk from the addon, computed on the
 * libuv pool: nothing is produced faster than the consumer reads (back-pressure), so
 * `pipeline(log.csvStream(opts), res)` streams any number of rows in constant memory.
 * Destroying the stream cancels the export.
 */
function csvStream (options) {
  checkKeys(options, 'ExportOptions', 'CALLLOG_EXPORT_OPTION')
  const linked = linkSignal(options)
  const guard = guardProgress(linked.options)
  options = guard.options
  let done = false
  let source
  try {
    source = this.csvSource(options)
  } catch (e) {
    linked.unlink()
    throw e
  }
  const stream = new Readable({
    highWaterMark: 1 << 20,
    read () {
      source.next().then(
        (chunk) => {
          if (chunk === null) done = true
          this.push(chunk)
        },
        (err) => this.destroy(linked.reason(guard.blame(convert(err)))),
      )
    },
    destroy (err, cb) {
      if (!done) source.cancel()
      linked.unlink()
      cb(err)
    },
  })
  return stream
}

/**
 * XLSX bytes as a Node Readable. A zip's directory is written last, so the workbook is first
 * exported (on the libuv pool, constant memory) to a temporary file, which is then streamed and
 * removed. Aborting `options.signal` or destroying the stream cancels and removes it.
 */
function xlsxStream (options = {}) {
  checkKeys(options, 'ExportOptions', 'CALLLOG_EXPORT_OPTION')
  const out = new PassThrough()
  const tmp = path.join(os.tmpdir(), `calllog-${process.pid}-${randomUUID()}.xlsx`)
  const ac = new AbortController()
  const user = options.signal
  const onAbort = () => ac.abort(user.reason)
  if (user) {
    if (user.aborted) ac.abort(user.reason)
    else user.addEventListener('abort', onAbort, { once: true })
  }
  const signal = ac.signal
  let finished = false
  out.on('close', () => {
    if (user) user.removeEventListener('abort', onAbort)
    if (!finished) ac.abort()
  })
  this.exportXlsx(tmp, { ...options, signal }).then(
    () => {
      finished = true
      let fd
      try {
        fd = fs.openSync(tmp, 'r')
      } catch (e) {
        out.destroy(e)
        return
      }
      // POSIX: the open descriptor keeps the data; the name goes at once. Windows: on close.
      if (process.platform !== 'win32') fs.rmSync(tmp, { force: true })
      const rs = fs.createReadStream(null, { fd })
      rs.on('close', () => fs.rm(tmp, { force: true }, () => {}))
      rs.on('error', (e) => out.destroy(e))
      out.on('close', () => rs.destroy())
      rs.pipe(out)
    },
    (err) => {
      finished = true
      out.destroy(err)
    },
  )
  return out
}

/**
 * The addon listens to an AbortSignal for the length of one call. A caller's signal may live
 * much longer (one per server, per user session): it is linked to a per-call one here and
 * unlinked when the call ends, so listeners never pile up on it.
 */
function linkSignal (options) {
  const signal = options && options.signal
  if (!signal) return { options, unlink () {}, reason: (e) => e }
  const ac = new AbortController()
  const onAbort = () => ac.abort(signal.reason)
  if (signal.aborted) ac.abort(signal.reason)
  else signal.addEventListener('abort', onAbort, { once: true })
  return {
    options: { ...options, signal: ac.signal },
    unlink: () => signal.removeEventListener('abort', onAbort),
    // as Node's own APIs: an AbortError's `cause` is the signal's reason (a TimeoutError for
    // AbortSignal.timeout(), whatever the caller gave to abort(reason))
    reason (e) {
      if (e && e.name === 'AbortError' && signal.aborted) {
        Object.defineProperty(e, 'cause', { value: signal.reason, configurable: true, writable: true })
      }
      return e
    },
  }
}

// exportCsv / exportXlsx: the addon reports progress from the libuv pool without blocking,
// and waits for the last call (`done: true`) before the file is renamed, so it comes before
// the promise settles. The caller's signal is linked for the length of the call.
function exportWrapper (method) {
  return function (path, options) {
    checkKeys(options, 'ExportOptions', 'CALLLOG_EXPORT_OPTION')
    const linked = linkSignal(options)
    const guard = guardProgress(linked.options)
    let promise
    try {
      promise = method.call(this, path, guard.options)
    } catch (e) {
      linked.unlink()
      throw e
    }
    return promise.then(
      (r) => {
        linked.unlink()
        return r
      },
      (e) => {
        linked.unlink()
        throw linked.reason(guard.blame(e))
      },
    )
  }
}

// JobQueue.exportCsv / exportXlsx: the same guard on `onProgress`.
function jobWrapper (method) {
  return function (log, path, options, label) {
    checkKeys(options, 'ExportOptions', 'CALLLOG_EXPORT_OPTION')
    return method.call(this, log, path, guardProgress(options).options, label)
  }
}

exports.CalllogError = CalllogError
/** The same class, named like `CallLog`. */
exports.CallLogError = CalllogError
exports.CallLog = exportsFor('CallLog')
if (typeof native.CallLog.prototype.csvSource === 'function') {
  for (const m of ['exportCsv', 'exportXlsx', 'exportSummaryXlsx']) {
    Object.defineProperty(native.CallLog.prototype, m, { value: exportWrapper(native.CallLog.prototype[m]), configurable: true, writable: true })
  }
  Object.defineProperty(native.CallLog.prototype, 'csvStream', { value: csvStream, configurable: true, writable: true })
  Object.defineProperty(native.CallLog.prototype, 'xlsxStream', { value: xlsxStream, configurable: true, writable: true })
}
// the other option-taking methods: which argument, which shape
for (const [m, at, shape, code] of [
  ['filter', 0, 'Filter', 'CALLLOG_FILTER'],
  ['query', 0, 'QueryOptions', 'CALLLOG_FILTER'],
  ['metrics', 0, 'MetricsOptions', 'CALLLOG_FILTER'],
  ['customerCard', 2, 'CardOptions', 'CALLLOG_FILTER'],
  ['forViewer', 0, 'Viewer', 'CALLLOG_FILTER'],
  ['toArrow', 0, 'ToArrowOptions', 'CALLLOG_EXPORT_OPTION'],
]) {
  const inner = native.CallLog.prototype[m]
  if (typeof inner !== 'function') continue
  Object.defineProperty(native.CallLog.prototype, m, {
    value: { [m] (...args) { checkKeys(args[at], shape, code); return inner.apply(this, args) } }[m],
    configurable: true,
    writable: true,
  })
}
/**
 * `CallLog.fromAsync(source, options)`: records from an iterable or an async iterable (a
 * database cursor, a stream in object mode), converted in chunks of `chunkSize` (2,000) with a
 * turn of the event loop between chunks, so that no stretch of synchronous work is long
 * (about 20 ms a chunk at today's conversion speed) and other requests keep being served.
 * `signal` aborts between chunks (AbortError whose cause is the signal's reason). Errors are
 * as `CallLog.from`'s, with `index` counted over the whole source.
 */
async function fromAsync (source, options) {
  checkKeys(options, 'FromAsyncOptions', 'CALLLOG_EXPORT_OPTION')
  const { signal, chunkSize = 2000, ...rest } = options || {}
  if (!Number.isInteger(chunkSize) || chunkSize < 1) {
    const reason = `${chunkSize} is not a positive integer`
    throw new CalllogError({ code: 'CALLLOG_EXPORT_OPTION', message: `\`chunkSize\`: ${reason}`, option: 'chunkSize', reason })
  }
  if (source == null || (typeof source[Symbol.asyncIterator] !== 'function' && typeof source[Symbol.iterator] !== 'function')) {
    const e = new TypeError('CallLog.fromAsync: source must be an iterable or an async iterable of records')
    e.code = 'CALLLOG_INVALID_ARGUMENT'
    throw e
  }
  const CL = exports.CallLog
  const parts = []
  let chunk = []
  let offset = 0
  const stop = () => {
    if (signal && signal.aborted) {
      throw abortError(signal.reason)
    }
  }
  const flush = async () => {
    try {
      parts.push(CL.from(chunk, rest))
    } catch (e) {
      if (e instanceof CalllogError && typeof e.index === 'number') e.index += offset
      throw e
    }
    offset += chunk.length
    chunk = []
    await new Promise((resolve) => setImmediate(resolve))
    stop()
  }
  stop()
  for await (const record of source) {
    chunk.push(record)
    if (chunk.length >= chunkSize) await flush()
  }
  if (chunk.length > 0 || parts.length === 0) await flush()
  return parts.length === 1 ? parts[0] : CL.concat(parts)
}

// ---- exports from an (async) iterable of rows: a database cursor into a file or a response

const ROWS_CHUNK = 1000

function assertRows (rows, what) {
  if (rows == null || typeof rows === 'string' || (typeof rows[Symbol.asyncIterator] !== 'function' && typeof rows[Symbol.iterator] !== 'function')) {
    const e = new TypeError(`${what}: rows must be an iterable or an async iterable of records`)
    e.code = 'CALLLOG_INVALID_ARGUMENT'
    throw e
  }
}

/** The caller's options for the native sink: its signal is watched here, between chunks. */
function sinkOptions (options, what) {
  checkKeys(options, 'ExportOptions', 'CALLLOG_EXPORT_OPTION')
  const { signal, ...rest } = options || {}
  const guard = guardProgress(rest)
  return { signal, guard, native: guard.options }
}

/**
 * Pulls up to ROWS_CHUNK rows from `iterator` and writes them through `sink` (converted on
 * this thread, written on the libuv pool). `at.offset` counts the rows written so far, so that
 * an error names `index` over the whole source. Resolves to whether the source is drained.
 */
async function writeChunk (iterator, signal, sink, at) {
  if (signal && signal.aborted) throw abortError(signal.reason)
  const chunk = []
  let drained = false
  while (chunk.length < ROWS_CHUNK) {
    const step = await iterator.next()
    if (step.done) { drained = true; break }
    chunk.push(step.value)
  }
  if (signal && signal.aborted) throw abortError(signal.reason)
  if (chunk.length > 0) {
    try {
      await sink.write(chunk)
    } catch (e) {
      const c = convert(e)
      if (c instanceof CalllogError && typeof c.index === 'number') c.index += at.offset
      throw c
    }
    at.offset += chunk.length
  }
  return drained
}

function iteratorOf (rows) {
  return typeof rows[Symbol.asyncIterator] === 'function' ? rows[Symbol.asyncIterator]() : rows[Symbol.iterator]()
}

/** `CallLog.exportCsv(rows, path, options)` / `exportXlsx`: a file from an (async) iterable. */
function exportRows (kind, what) {
  // bad arguments and options throw at once, like the other exports; the rest is a promise
  return function (rows, target, options) {
    assertRows(rows, what)
    const o = sinkOptions(options, what)
    let sink
    try {
      sink = kind === 'csv' ? native.RecordSink.csvFile(target, o.native) : native.RecordSink.xlsxFile(target, o.native)
    } catch (e) {
      throw convert(e)
    }
    const it = iteratorOf(rows)
    return (async () => {
      try {
        const at = { offset: 0 }
        let drained = false
        while (!drained) drained = await writeChunk(it, o.signal, sink, at)
        return await sink.finish()
      } catch (e) {
        sink.cancel()
        if (typeof it.return === 'function') { try { await it.return() } catch {} }
        throw o.guard.blame(convert(e))
      }
    })()
  }
}

/** `CallLog.csvStream(rows, options)`: CSV bytes pulled from an (async) iterable of rows. */
function csvStreamOf (rows, options) {
  assertRows(rows, 'CallLog.csvStream')
  const o = sinkOptions(options, 'CallLog.csvStream')
  let sink
  try {
    sink = native.RecordSink.csvBytes(o.native)
  } catch (e) {
    throw convert(e)
  }
  const it = iteratorOf(rows)
  const at = { offset: 0 }
  let ended = false
  let settled = false
  // the bytes of the next chunks of rows, or null once the source is drained and finished
  async function next () {
    for (;;) {
      if (ended) return null
      if (await writeChunk(it, o.signal, sink, at)) {
        await sink.finish()
        ended = true
      }
      const bytes = sink.take()
      if (bytes && bytes.length > 0) return bytes
    }
  }
  return new Readable({
    highWaterMark: 1 << 20,
    read () {
      next().then(
        (bytes) => {
          if (bytes === null) settled = true
          this.push(bytes)
        },
        (err) => {
          settled = true
          this.destroy(o.guard.blame(convert(err)))
        },
      )
    },
    destroy (err, cb) {
      if (!settled && !ended) {
        sink.cancel()
        if (typeof it.return === 'function') Promise.resolve().then(() => it.return()).catch(() => {})
      }
      cb(err)
    },
  })
}

/** `CallLog.xlsxStream(rows, options)`: the workbook of an (async) iterable, streamed. */
function xlsxStreamOf (rows, options) {
  assertRows(rows, 'CallLog.xlsxStream')
  checkKeys(options, 'ExportOptions', 'CALLLOG_EXPORT_OPTION')
  const fromRows = exportRows('xlsx', 'CallLog.xlsxStream')
  return xlsxStream.call({ exportXlsx: (file, o) => fromRows(rows, file, o) }, options)
}

{
  Object.defineProperty(exports.CallLog, 'fromAsync', { value: fromAsync, configurable: true, writable: true })
  for (const [name, value] of [
    ['exportCsv', exportRows('csv', 'CallLog.exportCsv')],
    ['exportXlsx', exportRows('xlsx', 'CallLog.exportXlsx')],
    ['csvStream', csvStreamOf],
    ['xlsxStream', xlsxStreamOf],
  ]) {
    Object.defineProperty(exports.CallLog, name, { value, configurable: true, writable: true })
  }
  const from = exports.CallLog.from
  Object.defineProperty(exports.CallLog, 'from', {
    value: { from (records, options) { checkKeys(options, 'CallLogOptions', 'CALLLOG_EXPORT_OPTION'); return from.call(this, records, options) } }.from,
    configurable: true,
    writable: true,
  })
}
if (typeof exports.CallLog.fromArrow === 'function') {
  const inner = exports.CallLog.fromArrow
  const fromArrow = function fromArrow (ipc, options) {
    checkKeys(options, 'FromArrowOptions', 'CALLLOG_EXPORT_OPTION')
    return inner(ipc, options)
  }
  Object.defineProperty(exports.CallLog, 'fromArrow', { value: fromArrow, configurable: true, writable: true })
}
if (typeof exports.CallLog.readSource === 'function') {
  const inner = exports.CallLog.readSource
  const readSource = function readSource (path, source, options) {
    checkKeys(options, 'ReadSourceOptions', 'CALLLOG_EXPORT_OPTION')
    return inner(path, source, options)
  }
  Object.defineProperty(exports.CallLog, 'readSource', { value: readSource, configurable: true, writable: true })
}
exports.CallbackList = exportsFor('CallbackList')
exports.JobQueue = exportsFor('JobQueue')
for (const m of ['exportCsv', 'exportXlsx']) {
  Object.defineProperty(native.JobQueue.prototype, m, { value: jobWrapper(native.JobQueue.prototype[m]), configurable: true, writable: true })
}
exports.derive = exportsFor('derive')
exports.editContact = exportsFor('editContact')
exports.exportPresets = exportsFor('exportPresets')
exports.isSuccessResult = exportsFor('isSuccessResult')
exports.label = exportsFor('label')
exports.rulesPreset = exportsFor('rulesPreset')
exports.rulesPresets = exportsFor('rulesPresets')
exports.validate = exportsFor('validate')
exports.validateCallback = exportsFor('validateCallback')
exports.vocabularies = exportsFor('vocabularies')
// Kept for tests of the error mapping itself, and of the option shapes against index.d.ts.
exports._optionShapes = SHAPES
exports._convertError = convert
