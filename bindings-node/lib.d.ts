// Types of the npm package `calllog`: everything the addon declares (index.d.ts, generated
// from the Rust doc comments) plus the error class added by lib.js.
import type { Readable } from 'node:stream'
import type { CallLogOptions, CallRecord, ExportOptions, ExportResult } from './index'

export * from './index'

declare module './index' {
  interface CallLog {
    /**
     * CSV bytes as a Node `Readable` with back-pressure: each read pulls the next chunk, computed
     * on the libuv pool, so `pipeline(log.csvStream(opts), res)` streams any number of rows in
     * constant memory. Destroying the stream or aborting `options.signal` cancels the export.
     * Bad options throw here, before any byte.
     */
    csvStream(options?: ExportOptions): Readable
    /**
     * XLSX bytes as a Node `Readable`. The workbook is exported on the libuv pool to a
     * temporary file (a zip's directory comes last), then streamed; the file is removed.
     */
    xlsxStream(options?: ExportOptions): Readable
  }
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace CallLog {
    /**
     * Records from an iterable or async iterable (a database cursor), converted in chunks with
     * a turn of the event loop between them; `signal` aborts between chunks.
     */
    function fromAsync(
      source: Iterable<CallRecord> | AsyncIterable<CallRecord>,
      options?: FromAsyncOptions,
    ): Promise<CallLog>
    /**
     * Exports rows from an iterable or async iterable (a database cursor, an object-mode
     * stream) to a CSV file without holding them: chunks of 1,000 are pulled, converted,
     * and written on the libuv pool, the next pulled only once the last is written
     * (back-pressure). A bad row rejects with its `index` over the whole source and leaves
     * no file; `signal` aborts between chunks.
     */
    function exportCsv(
      rows: Iterable<CallRecord> | AsyncIterable<CallRecord>,
      path: string,
      options?: ExportOptions,
    ): Promise<ExportResult>
    /** Like `CallLog.exportCsv(rows, ...)`, to an XLSX workbook. */
    function exportXlsx(
      rows: Iterable<CallRecord> | AsyncIterable<CallRecord>,
      path: string,
      options?: ExportOptions,
    ): Promise<ExportResult>
    /**
     * CSV bytes of rows pulled from an iterable or async iterable as the consumer reads:
     * `pipeline(CallLog.csvStream(cursor), res)` streams a cursor into a response in constant
     * memory. Destroying the stream cancels and closes the source (`return()`).
     */
    function csvStream(
      rows: Iterable<CallRecord> | AsyncIterable<CallRecord>,
      options?: ExportOptions,
    ): Readable
    /** XLSX bytes of rows from an iterable or async iterable (built in a temporary file, then streamed). */
    function xlsxStream(
      rows: Iterable<CallRecord> | AsyncIterable<CallRecord>,
      options?: ExportOptions,
    ): Readable
  }
}

/** Options of `CallLog.fromAsync`. */
export interface FromAsyncOptions extends CallLogOptions {
  /** Aborts between chunks: the promise rejects with an AbortError whose cause is the signal's reason. */
  signal?: AbortSignal
  /** Records converted in one go (2,000). */
  chunkSize?: number
}

/** The stable code of each kind of error. */
export type ErrorCode =
  | 'CALLLOG_INVALID'
  | 'CALLLOG_UNKNOWN_VALUE'
  | 'CALLLOG_FILTER'
  | 'CALLLOG_EXPORT_OPTION'
  | 'CALLLOG_UNENCODABLE'
  | 'CALLLOG_PARSE'
  | 'CALLLOG_IO'
  | 'CALLLOG_XLSX'
  | 'CALLLOG_CANCELLED'
  | 'CALLLOG_ROW_CAP_EXCEEDED'
  | 'CALLLOG_CALLBACK'
  | 'CALLLOG_QUEUE_FULL'
  | 'CALLLOG_ARROW'
  | 'CALLLOG_NOT_PERMITTED'
  | 'CALLLOG_INTERNAL'

/**
 * An error of calllog. `code` says which kind; the other properties say where.
 * Arguments of the wrong JS type throw a `TypeError` with code `CALLLOG_INVALID_ARGUMENT` instead.
 */
export declare class CalllogError extends Error {
  readonly name: 'CalllogError'
  readonly code: ErrorCode
  /** The record at fault (CALLLOG_INVALID, CALLLOG_UNKNOWN_VALUE while reading records). */
  readonly recordId?: string
  /** Its position in the array given to `CallLog.from`. */
  readonly index?: number
  /** The field at fault, camelCase with a path for nested values, e.g. `timeline.talkEndedAt`. */
  readonly field?: string
  /** What is wrong, without the location. */
  readonly reason?: string
  /** CALLLOG_UNKNOWN_VALUE: the vocabulary, the value given and the accepted ones. */
  readonly vocabulary?: string
  readonly value?: string
  readonly accepted?: string[]
  /** CALLLOG_EXPORT_OPTION: the option at fault. */
  readonly option?: string
  /** CALLLOG_IO, CALLLOG_PARSE: the file. */
  readonly path?: string
  /** CALLLOG_IO: the std::io error kind (e.g. `NotFound`) and the OS error number. */
  readonly ioKind?: string
  readonly errno?: number
  /** CALLLOG_PARSE, CALLLOG_UNENCODABLE: the data row (1-based) and column. */
  readonly row?: number
  readonly column?: string
  /** CALLLOG_UNENCODABLE: the character and the encoding. */
  readonly character?: string
  readonly encoding?: string
  /** CALLLOG_ROW_CAP_EXCEEDED: the cap. */
  readonly cap?: number
  /** CALLLOG_QUEUE_FULL: the queue's limit of pending jobs. */
  readonly limit?: number
  /** CALLLOG_NOT_PERMITTED: the viewer's role, what was refused (`export`) and the roles that may. */
  readonly role?: string
  readonly action?: string
  readonly allowed?: string[]
  /** CALLLOG_CALLBACK: what the caller's callback threw. */
  readonly cause?: unknown
}

/** `CalllogError` under the name that matches `CallLog` (the same class). */
export declare const CallLogError: typeof CalllogError
export type CallLogError = CalllogError
