// Type-checked (not run) by __test__/typecheck.test.mjs: the published types accept what the
// API accepts and reject what it rejects (each @ts-expect-error must be an error).
import { CallLog, CalllogError, CallbackList, JobQueue, derive, label, type CallRecord, type Derived, type ExportResult, type JobStatus, type MetricsReport, type CustomerCard } from '../../lib.js'
import type { Readable } from 'node:stream'

const rec: CallRecord = {
  id: 'V-1',
  channel: 'voice',
  callType: 'incoming',
  attemptResult: 'call_accepted',
  timeline: { startedAt: new Date(), talkStartedAt: new Date() },
  price: { amount: '0.0125', currency: 'RUB' },
}
// @ts-expect-error: not a channel
const bad: CallRecord = { id: 'x', channel: 'fax' }
// @ts-expect-error: timestamps are Dates
const bad2: CallRecord = { id: 'x', timeline: { startedAt: '2024-05-01' } }

const log: CallLog = CallLog.from([rec], { rules: 'voximplant' })
async function* cursor (): AsyncGenerator<CallRecord> { yield rec }
const fromCursor: Promise<CallLog> = CallLog.fromAsync(cursor(), { chunkSize: 500, signal: AbortSignal.timeout(1000), ignoreUnknown: true })
void fromCursor
// @ts-expect-error: not a preset
CallLog.from([rec], { rules: 'genesys' })
const d: Derived | undefined = log.toArray()[0].derived
const talk: number | undefined = d?.talk
const outcome: 'completed' | 'in_progress' | string = derive(rec, { talk: 'agent_talk_plus_ivr' }).outcome
const n: number = log.length
const ja: string = label('outcome', 'browser_closed', 'ja')

async function exports (): Promise<void> {
  const ac = new AbortController()
  const r: ExportResult = await log.exportXlsx('x.xlsx', { preset: 'contacts_simple', locale: 'pl', signal: ac.signal, onProgress: (p) => p.rows })
  const s: Readable = log.csvStream({ preset: 'video_call_history:3', csv: { encoding: 'utf8_bom' } })
  // @ts-expect-error: not an encoding
  log.csvStream({ csv: { encoding: 'latin1' } })
  const back: CallLog = await CallLog.readCsv('x.csv', { preset: 'full' })
  const card: CustomerCard = log.customerCard('+81 3-1234-5678', 'JP')
  const m: MetricsReport = log.metrics({ groupBy: 'queue' })
  const f: CallLog = log.filter({ statuses: ['answered'], hours: { from: '08:00', to: '18:00' } })
  const jobs = new JobQueue({ maxFinished: 10 })
  const j: JobStatus = await jobs.wait(jobs.exportCsv(log, 'x.csv', {}, 'label').id)
  void [r, s, back, card, m, f, j]
}

try {
  log.withRules('canonical')
} catch (e) {
  if (e instanceof CalllogError) {
    const code: 'CALLLOG_INVALID' | 'CALLLOG_UNKNOWN_VALUE' | string = e.code
    const where: string | undefined = e.recordId ?? e.field
    void [code, where]
  }
}
const cbs = CallbackList.from([{ id: 'cb-1', registeredAt: new Date(), state: 'not_done' }])
cbs.setMemo('cb-1', 'メモ')
const found: string[] = cbs.search({ state: 'done', unassignedOnly: true }).map((e) => e.id)
// @ts-expect-error: not a callback state
cbs.search({ state: 'finished' })
void [bad, bad2, talk, outcome, n, ja, exports, found]
