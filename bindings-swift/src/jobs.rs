//! Background exports (core `jobs`, seed 001 非同期検索): a registry runs exports on worker
//! threads; each job moves pending → running (with progress) → done (path, summary) | failed
//! (the error) | cancelled (no file left). The registry keeps at most `maxFinished` finished
//! jobs (10 by default, as the seed), dropping the oldest; an optional listener is told when a
//! job ends (the seed's notification).
//!
//! Swift: the app keeps one `ExportJobs`, starts `exportJobs.startExport(...)` from the main
//! thread (it returns at once), shows `list()` in its job screen, and cancels by id.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use calllog::jobs as core;

use crate::callbacks::{CallbackSearch, CallbackWorklist};
use crate::errors::{CallLogError, Result};
use crate::export::{ExportFormat, ExportOptions};
use crate::log::CallLog;
use crate::model::system_time;
use crate::query::CallQuery;
use crate::vocab::JobState;

/// What a finished export job produced.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct JobOutput {
    /// The file written, if any.
    pub path: Option<String>,
    /// Rows written.
    pub rows: u64,
    /// Records written.
    pub records: u64,
    /// Records left out because the viewer may not see them.
    pub skipped_records: u64,
    /// Size of the file in bytes.
    pub bytes: u64,
    /// Columns dropped because the viewer may not see them.
    pub dropped_columns: Vec<String>,
    /// Anything else worth showing (cells cut at Excel's limit, replaced characters, sheets).
    pub notes: Vec<String>,
}

/// A job's state as the app shows it (seed 001's list: 検索日時, 状況, ダウンロード).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct JobStatus {
    /// The job's id in its registry.
    pub id: u64,
    /// The app's label (seed 001 検索メモ).
    pub label: String,
    /// Pending, running, done, failed or cancelled.
    pub state: JobState,
    /// Rows done so far.
    pub rows: u64,
    /// Rows expected, if known.
    pub total: Option<u64>,
    /// What a done job produced.
    pub output: Option<JobOutput>,
    /// Why a job failed.
    pub error: Option<String>,
    /// A failed job's error kind (`io`, `callback_failed`, ...: the core's stable codes);
    /// `ExportJob.result()` throws the whole `CallLogError`.
    pub error_code: Option<String>,
    /// When the job was started.
    pub created_at: SystemTime,
    /// When a worker picked it up.
    pub started_at: Option<SystemTime>,
    /// When it ended.
    pub finished_at: Option<SystemTime>,
}

fn job_output(o: core::JobOutput) -> JobOutput {
    JobOutput {
        path: o.path.map(|p| p.display().to_string()),
        rows: o.rows,
        records: o.records,
        skipped_records: o.skipped_records,
        bytes: o.bytes,
        dropped_columns: o.dropped_columns,
        notes: o.notes,
    }
}

impl From<core::JobStatus> for JobStatus {
    fn from(s: core::JobStatus) -> Self {
        JobStatus {
            id: s.id,
            label: s.label,
            state: s.state.into(),
            rows: s.rows,
            total: s.total,
            output: s.output.map(job_output),
            error: s.error,
            error_code: s.error_code,
            created_at: system_time(s.created_at),
            started_at: s.started_at.map(system_time),
            finished_at: s.finished_at.map(system_time),
        }
    }
}

/// Told when a background job has ended (done, failed or cancelled), on a worker thread.
#[uniffi::export(with_foreign)]
pub trait ExportJobListener: Send + Sync {
    /// The job's final state.
    fn on_finish(&self, status: JobStatus);
}

/// One background job. It keeps its registry alive: releasing the last reference to an
/// `ExportJobs` (and to its jobs) cancels the jobs still running.
#[derive(Debug, uniffi::Object)]
pub struct ExportJob {
    handle: core::JobHandle,
    _registry: Arc<ExportJobs>,
}

#[uniffi::export]
impl ExportJob {
    /// The job's id in its registry.
    pub fn id(&self) -> u64 {
        self.handle.id()
    }

    /// The job's state, with live progress while it runs.
    pub fn status(&self) -> JobStatus {
        self.handle.status().into()
    }

    /// Asks the job to stop: a pending job is cancelled at once, a running one between two
    /// rows; no file is left.
    pub fn cancel(&self) {
        self.handle.cancel()
    }

    /// Blocks until the job has ended (never call it on the main thread); its final state.
    pub fn wait(&self) -> JobStatus {
        self.handle.wait().into()
    }

    /// Waits until the job has ended and returns what it produced; throws its error
    /// (`CallLogError.Io`, `.CallbackFailed`, ...) if it failed, `.Cancelled` if cancelled.
    pub fn result(&self) -> Result<JobOutput> {
        let status = self.handle.wait();
        match status.state {
            calllog::JobState::Done => {
                status.output.map(job_output).ok_or(CallLogError::Internal {
                    message: "a done job without its output".into(),
                })
            }
            calllog::JobState::Cancelled => Err(CallLogError::Cancelled),
            _ => {
                Err(self
                    .handle
                    .error()
                    .map(CallLogError::from)
                    .unwrap_or(CallLogError::Internal {
                        message: status.error.unwrap_or_else(|| "the job failed".into()),
                    }))
            }
        }
    }

    /// Like `wait()` for at most `seconds`; `nil` if the job is still running.
    pub fn wait_timeout(&self, seconds: f64) -> Result<Option<JobStatus>> {
        let timeout =
            Duration::try_from_secs_f64(seconds).map_err(|_| CallLogError::ExportOption {
                option: "timeout".into(),
                reason: format!("{seconds} is not a duration in seconds"),
            })?;
        Ok(self.handle.wait_timeout(timeout).map(Into::into))
    }
}

/// Runs exports in the background and remembers the latest finished ones. Keep one for the
/// app's lifetime; when the last reference to it and to its jobs goes, running jobs are
/// cancelled (leaving no file) and the worker threads end.
#[derive(Debug, uniffi::Object)]
pub struct ExportJobs {
    registry: core::JobRegistry,
}

fn core_format(f: ExportFormat) -> core::ExportFormat {
    match f {
        ExportFormat::Csv => core::ExportFormat::Csv,
        ExportFormat::Xlsx => core::ExportFormat::Xlsx,
    }
}

#[uniffi::export]
impl ExportJobs {
    /// A registry with `workers` threads keeping `maxFinished` finished jobs (seed 001: 10);
    /// more than `maxPending` jobs waiting for a worker throw `CallLogError.QueueFull`.
    #[uniffi::constructor(default(workers = 2, max_finished = 10, max_pending = 32))]
    pub fn new(workers: u32, max_finished: u32, max_pending: u32) -> Result<Arc<Self>> {
        // a zero would be clamped by the core: say so instead of changing the value silently
        let zero = [
            ("workers", workers),
            ("max_finished", max_finished),
            ("max_pending", max_pending),
        ]
        .into_iter()
        .find(|(_, n)| *n == 0);
        if let Some((option, _)) = zero {
            return Err(CallLogError::ExportOption {
                option: option.into(),
                reason: "must be at least 1".into(),
            });
        }
        Ok(Arc::new(ExportJobs {
            registry: core::JobRegistry::with_limits(workers as usize, max_finished as usize)
                .with_max_pending(max_pending as usize),
        }))
    }

    /// Starts exporting `log` (narrowed by `query`: filter, viewer, order, page) to `path`;
    /// returns at once. `listener` is told when the job ends.
    #[uniffi::method(default(query = None, listener = None, options))]
    #[allow(clippy::too_many_arguments)]
    pub fn start_export(
        self: Arc<Self>,
        label: String,
        log: Arc<CallLog>,
        path: String,
        format: ExportFormat,
        options: ExportOptions,
        query: Option<CallQuery>,
        listener: Option<Arc<dyn ExportJobListener>>,
    ) -> Result<Arc<ExportJob>> {
        let profile = options.to_profile(None)?;
        // Who may export is known before anything starts: refuse here, not in a worker.
        profile.policy.check(&profile.viewer)?;
        let total = query.is_none().then(|| log.count());
        let mut job = core::ExportJob::new(path, core_format(format), profile);
        if let Some(q) = query {
            job = job.query(q.to_core()?);
        }
        let records = log.shared_records();
        let work = move |ctl: &core::JobControl| -> calllog::Result<core::JobOutput> {
            let rows = (0..records.len()).map(|i| records[i].clone());
            Ok(job.run(rows, &ctl.export_control(total))?.into())
        };
        let handle = match listener {
            Some(l) => {
                self.registry
                    .start_with_callback(label, work, move |s: &core::JobStatus| {
                        l.on_finish(s.clone().into())
                    })
            }
            None => self.registry.start(label, work),
        }?;
        Ok(Arc::new(ExportJob {
            handle,
            _registry: self.clone(),
        }))
    }

    /// Starts exporting the entries of `worklist` (those matching `search`, if given; seed 001
    /// CSVダウンロード, the `callbacks` preset by default); returns at once.
    #[uniffi::method(default(search = None, options))]
    pub fn start_callback_export(
        self: Arc<Self>,
        label: String,
        worklist: Arc<CallbackWorklist>,
        path: String,
        format: ExportFormat,
        options: ExportOptions,
        search: Option<CallbackSearch>,
    ) -> Result<Arc<ExportJob>> {
        let job = core::CallbackExportJob {
            path: path.into(),
            format: core_format(format),
            profile: options.to_profile(Some(calllog::export::Preset::Callbacks))?,
            search: search.unwrap_or_default().to_core()?,
        };
        job.profile.policy.check(&job.profile.viewer)?;
        let entries = worklist.snapshot();
        let handle = self.registry.start(label, move |ctl: &core::JobControl| {
            Ok(job.run(entries, &ctl.export_control(None))?.into())
        })?;
        Ok(Arc::new(ExportJob {
            handle,
            _registry: self.clone(),
        }))
    }

    /// The job `id`, if the registry still holds it.
    pub fn get(self: Arc<Self>, id: u64) -> Option<Arc<ExportJob>> {
        let handle = self.registry.get(id)?;
        Some(Arc::new(ExportJob {
            handle,
            _registry: self.clone(),
        }))
    }

    /// The state of job `id`, if the registry still holds it.
    pub fn status(&self, id: u64) -> Option<JobStatus> {
        self.registry.status(id).map(Into::into)
    }

    /// Every job the registry holds, oldest first.
    pub fn list(&self) -> Vec<JobStatus> {
        self.registry.list().into_iter().map(Into::into).collect()
    }

    /// Cancels job `id`; `false` if the registry does not hold it.
    pub fn cancel(&self, id: u64) -> bool {
        self.registry.cancel(id)
    }

    /// Forgets finished job `id` (its file stays); `false` if unknown or still running.
    pub fn remove(&self, id: u64) -> bool {
        self.registry.remove(id)
    }

    /// The most finished jobs kept.
    pub fn max_finished(&self) -> u32 {
        self.registry.max_finished() as u32
    }
}
