//! Background exports (seed 001 非同期検索) on core's `JobRegistry`: pending → running (with
//! progress) → done | failed | cancelled, at most N finished jobs kept.

use std::sync::Arc;

use calllog as cl;
use calllog::export::Progress;
use calllog::jobs::{JobHandle, JobOutput as CoreOutput, JobRegistry, JobStatus as CoreStatus};
use napi::bindgen_prelude::AsyncTask;
use napi::{Env, Task};
use napi_derive::napi;

use crate::CallLog;
use crate::errors::to_napi;
use crate::export::{ExportOptions, ExportTask, Format, prepare};
use crate::model::Date;

/// What a finished job produced.
#[napi(object)]
pub struct JobOutput {
    /// The file written.
    pub path: Option<String>,
    /// Rows written.
    pub rows: f64,
    /// Size of the file in bytes.
    pub bytes: f64,
    /// Anything else worth showing (e.g. columns dropped for the viewer).
    pub notes: Vec<String>,
}

/// A job as a list shows it (seed 001: 検索日時, 状況, ダウンロード).
#[napi(object)]
pub struct JobStatus {
    /// The job's id in its queue (1, 2, ...).
    pub id: f64,
    /// The label given when it was started.
    pub label: String,
    /// `pending`, `running`, `done`, `failed` or `cancelled`.
    #[napi(ts_type = "JobState")]
    pub state: String,
    /// Rows done so far.
    pub rows: f64,
    /// Rows expected.
    pub total: Option<f64>,
    /// What a done job produced.
    pub output: Option<JobOutput>,
    /// Why a job failed (the error's message).
    pub error: Option<String>,
    /// The failed job's error code (`CALLLOG_IO`, `CALLLOG_CALLBACK`, ...); `result(id)` rejects
    /// with the whole `CalllogError`.
    pub error_code: Option<String>,
    /// When it was started.
    pub created_at: Date,
    /// When a worker picked it up.
    pub started_at: Option<Date>,
    /// When it ended.
    pub finished_at: Option<Date>,
}

impl JobStatus {
    fn from_core(s: CoreStatus) -> Self {
        JobStatus {
            id: s.id as f64,
            label: s.label,
            state: s.state.as_str().to_string(),
            rows: s.rows as f64,
            total: s.total.map(|t| t as f64),
            output: s.output.map(output),
            error: s.error,
            error_code: s.error_code.as_deref().map(crate::errors::js_code),
            created_at: Date(s.created_at),
            started_at: s.started_at.map(Date),
            finished_at: s.finished_at.map(Date),
        }
    }
}

/// Options of a job queue.
#[napi(object)]
pub struct JobQueueOptions {
    /// Worker threads (2).
    pub workers: Option<u32>,
    /// Finished jobs kept, oldest dropped first (10, as seed 001).
    pub max_finished: Option<u32>,
    /// Jobs waiting for a worker at most (32); one more is refused with CALLLOG_QUEUE_FULL.
    pub max_pending: Option<u32>,
}

/// A queue of background exports with their own worker threads. Jobs outlive the promise-less
/// call that started them: poll `status(id)` / `list()`, `cancel(id)`, or `await wait(id)`.
#[napi]
pub struct JobQueue {
    registry: Arc<JobRegistry>,
}

/// Waits for a job on the libuv pool.
pub struct WaitJob {
    handle: JobHandle,
}

impl Task for WaitJob {
    type Output = CoreStatus;
    type JsValue = JobStatus;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        Ok(self.handle.wait())
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> napi::Result<Self::JsValue> {
        Ok(JobStatus::from_core(output))
    }
}

/// Waits for a job's result on the libuv pool.
pub struct JobResult {
    handle: JobHandle,
}

impl Task for JobResult {
    type Output = CoreOutput;
    type JsValue = JobOutput;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        let status = self.handle.wait();
        match status.state {
            cl::JobState::Done => status.output.ok_or_else(|| {
                to_napi(cl::Error::Internal("a done job without its output".into()))
            }),
            cl::JobState::Cancelled => Err(to_napi(cl::Error::Cancelled)),
            _ => Err(to_napi(self.handle.error().unwrap_or_else(|| {
                cl::Error::Internal(status.error.unwrap_or_else(|| "the job failed".into()))
            }))),
        }
    }

    fn resolve(&mut self, _env: Env, o: Self::Output) -> napi::Result<Self::JsValue> {
        Ok(output(o))
    }
}

fn output(o: CoreOutput) -> JobOutput {
    JobOutput {
        path: o.path.map(|p| p.to_string_lossy().into_owned()),
        rows: o.rows as f64,
        bytes: o.bytes as f64,
        notes: o.notes,
    }
}

#[napi]
impl JobQueue {
    /// A queue with `workers` threads keeping `maxFinished` finished jobs; a 0 for any limit
    /// throws CALLLOG_EXPORT_OPTION (the core would raise it to 1).
    #[napi(constructor)]
    pub fn new(options: Option<JobQueueOptions>) -> napi::Result<Self> {
        let workers = options.as_ref().and_then(|o| o.workers).unwrap_or(2);
        let keep = options.as_ref().and_then(|o| o.max_finished).unwrap_or(10);
        let pending = options
            .as_ref()
            .and_then(|o| o.max_pending)
            .unwrap_or(cl::jobs::DEFAULT_MAX_PENDING as u32);
        let zero = [
            ("workers", workers),
            ("maxFinished", keep),
            ("maxPending", pending),
        ]
        .into_iter()
        .find(|(_, n)| *n == 0);
        if let Some((option, _)) = zero {
            return Err(to_napi(cl::Error::ExportOption {
                option: option.into(),
                reason: "must be at least 1".into(),
            }));
        }
        let registry = JobRegistry::with_limits(workers as usize, keep as usize)
            .with_max_pending(pending as usize);
        Ok(JobQueue {
            registry: Arc::new(registry),
        })
    }

    /// Starts exporting `log` to a CSV file at `path` in the background; returns the job's
    /// status (state `pending`). Options as `CallLog.exportCsv`; bad options throw here.
    /// Progress is in `status(id)`; `onProgress` and `signal` work as for `exportCsv`.
    #[napi(ts_args_type = "log: CallLog, path: string, options?: ExportOptions, label?: string")]
    pub fn export_csv(
        &self,
        env: Env,
        log: &CallLog,
        path: String,
        options: Option<ExportOptions>,
        label: Option<String>,
    ) -> napi::Result<JobStatus> {
        self.start(&env, log, path, options, label, Format::Csv)
    }

    /// Like `exportCsv`, to an XLSX workbook.
    #[napi(ts_args_type = "log: CallLog, path: string, options?: ExportOptions, label?: string")]
    pub fn export_xlsx(
        &self,
        env: Env,
        log: &CallLog,
        path: String,
        options: Option<ExportOptions>,
        label: Option<String>,
    ) -> napi::Result<JobStatus> {
        self.start(&env, log, path, options, label, Format::Xlsx)
    }

    /// The status of job `id`, or `null` once the queue dropped it.
    #[napi]
    pub fn status(&self, id: f64) -> Option<JobStatus> {
        self.registry.status(id as u64).map(JobStatus::from_core)
    }

    /// Every job the queue holds, oldest first.
    #[napi]
    pub fn list(&self) -> Vec<JobStatus> {
        self.registry
            .list()
            .into_iter()
            .map(JobStatus::from_core)
            .collect()
    }

    /// Asks job `id` to stop (a pending job never starts; a running one stops within about
    /// 100 ms and leaves no file). Returns whether the queue holds the job.
    #[napi]
    pub fn cancel(&self, id: f64) -> bool {
        self.registry.cancel(id as u64)
    }

    /// Forgets a finished job. Returns whether it was removed.
    #[napi]
    pub fn remove(&self, id: f64) -> bool {
        self.registry.remove(id as u64)
    }

    /// Resolves with the final status of job `id` once it has ended (waits on the libuv pool).
    #[napi(ts_return_type = "Promise<JobStatus>")]
    pub fn wait(&self, id: f64) -> napi::Result<AsyncTask<WaitJob>> {
        let handle = self.handle(id)?;
        Ok(AsyncTask::new(WaitJob { handle }))
    }

    /// Resolves with what job `id` produced once it is done; rejects with its `CalllogError`
    /// (`CALLLOG_IO`, `CALLLOG_CALLBACK`, ...) if it failed, `CALLLOG_CANCELLED` if cancelled.
    #[napi(ts_return_type = "Promise<JobOutput>")]
    pub fn result(&self, id: f64) -> napi::Result<AsyncTask<JobResult>> {
        let handle = self.handle(id)?;
        Ok(AsyncTask::new(JobResult { handle }))
    }
}

impl JobQueue {
    fn handle(&self, id: f64) -> napi::Result<JobHandle> {
        self.registry.get(id as u64).ok_or_else(|| {
            to_napi(cl::Error::UnknownValue {
                vocabulary: "job id",
                value: id.to_string(),
                accepted: "the ids of the jobs the queue holds".into(),
            })
        })
    }

    fn start(
        &self,
        env: &Env,
        log: &CallLog,
        path: String,
        options: Option<ExportOptions>,
        label: Option<String>,
        format: Format,
    ) -> napi::Result<JobStatus> {
        let records = log.records().clone();
        let mut prepared = prepare(env, options, log.core_rules(), Some(records.len() as u64))?;
        let label = label.unwrap_or_else(|| path.clone());
        let base = prepared.control.clone();
        let handle = self.registry.start(label, move |job| {
            job.check()?;
            // The job's progress and cancel go through the export's progress callback.
            let token = base.cancel_token();
            let ctl = job.clone();
            let user = prepared.user_progress.clone();
            prepared.control = base.try_on_progress(move |p: &Progress| {
                ctl.set_progress(p.rows, p.total);
                if ctl.is_cancelled() {
                    token.cancel();
                }
                match &user {
                    Some(f) => f(p),
                    None => Ok(()),
                }
            });
            let task = ExportTask {
                records,
                path: path.into(),
                format,
                prepared,
            };
            Ok(CoreOutput::from(task.run()?))
        });
        Ok(JobStatus::from_core(
            crate::errors::IntoNapi::napi(handle)?.status(),
        ))
    }
}
