//! Background exports (seed 001 "非同期検索").
//!
//! > 作成直後の状況は「未処理」となりますが、「処理中」→「正常終了」と遷移しますので ...
//! > 非同期検索の作成に失敗した場合、「異常終了」と表示されます。
//! > 非同期検索は、検索条件を10件まで保存することが可能です。
//!
//! A [`JobRegistry`] runs jobs on a fixed pool of worker threads. A job's state moves
//! [`Pending`](JobState::Pending) → [`Running`](JobState::Running) (with progress) →
//! [`Done`](JobState::Done) (path and summary) | [`Failed`](JobState::Failed) (the error) |
//! [`Cancelled`](JobState::Cancelled). The registry keeps at most
//! [`max_finished`](JobRegistry::max_finished) finished jobs (10 by default, as the seed),
//! dropping the oldest; an optional completion callback lets the host send the seed's
//! notification mail (3.2 処理完了をメール通知).
//!
//! The work of a job is any `FnOnce(&JobControl) -> Result<JobOutput>`; it reports progress
//! and checks for cancellation through its [`JobControl`].
//!
//! ```
//! use calllog::jobs::{JobRegistry, JobOutput};
//! use calllog::JobState;
//!
//! let registry = JobRegistry::new();
//! let job = registry.start("count to 1000", |ctl| {
//!     for i in 0..1000u64 {
//!         ctl.check()?; // Err(Cancelled) once cancelled
//!         ctl.set_progress(i + 1, Some(1000));
//!     }
//!     Ok(JobOutput { rows: 1000, ..Default::default() })
//! })?; // Err(QueueFull) when the registry already holds its limit of pending jobs
//! let status = job.wait();
//! assert_eq!(status.state, JobState::Done);
//! assert_eq!(status.output.unwrap().rows, 1000);
//! # Ok::<(), calllog::Error>(())
//! ```

use std::collections::VecDeque;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

use chrono::Utc;
use serde::{Deserialize, Serialize};

use crate::access::Viewer;
use crate::callbacks::CallbackSearch;
use crate::error::{Error, Result};
use crate::export::{
    CancelToken, CsvSink, ExportControl, ExportProfile, ExportRow, ExportSummary, Progress,
    XlsxSink,
};
use crate::model::{CallRecord, CallbackRecord, Timestamp};
use crate::query::Query;
use crate::vocab::JobState;

/// The default number of finished jobs a registry keeps (seed 001: "検索条件を10件まで保存").
pub const DEFAULT_MAX_FINISHED: usize = 10;

/// The default number of jobs a registry lets wait for a worker. One more is refused at once
/// with [`Error::QueueFull`] instead of queueing (and holding its records) without limit.
pub const DEFAULT_MAX_PENDING: usize = 32;

const NO_TOTAL: u64 = u64::MAX;

/// What a finished job produced.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct JobOutput {
    /// The file written, if any.
    pub path: Option<PathBuf>,
    /// Rows written.
    pub rows: u64,
    /// Records written (fewer than `rows` in a detailed layout).
    pub records: u64,
    /// Records left out because the viewer may not see them.
    pub skipped_records: u64,
    /// Size of the file in bytes.
    pub bytes: u64,
    /// Ids of the columns dropped because the viewer may not see them.
    pub dropped_columns: Vec<String>,
    /// Anything else worth showing, as text (e.g. cells cut at Excel's limit).
    pub notes: Vec<String>,
}

impl From<ExportSummary> for JobOutput {
    fn from(s: ExportSummary) -> Self {
        let mut notes = Vec::new();
        if s.truncated_cells > 0 {
            notes.push(format!(
                "{} cell(s) cut at Excel's 32,767 characters",
                s.truncated_cells
            ));
        }
        if s.replaced_characters > 0 {
            notes.push(format!(
                "{} character(s) the CSV encoding cannot hold were replaced by ?",
                s.replaced_characters
            ));
        }
        if s.sheets > 1 {
            notes.push(format!("{} worksheets", s.sheets));
        }
        JobOutput {
            path: Some(s.path),
            rows: s.rows,
            records: s.records,
            skipped_records: s.skipped_records,
            bytes: s.bytes,
            dropped_columns: s.dropped_columns,
            notes,
        }
    }
}

/// The handle a job's work uses to report progress and notice cancellation. Cheap to clone.
///
/// Its cancel flag is an export [`CancelToken`], so an export run with
/// [`export_control`](JobControl::export_control) stops (leaving no file) when the job is
/// cancelled, and reports its progress to the job.
#[derive(Debug, Clone)]
pub struct JobControl {
    cancel: CancelToken,
    rows: Arc<AtomicU64>,
    total: Arc<AtomicU64>,
}

impl Default for JobControl {
    fn default() -> Self {
        JobControl {
            cancel: CancelToken::new(),
            rows: Arc::new(AtomicU64::new(0)),
            total: Arc::new(AtomicU64::new(NO_TOTAL)),
        }
    }
}

impl JobControl {
    /// A control not cancelled, with no progress.
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether the job was asked to stop.
    pub fn is_cancelled(&self) -> bool {
        self.cancel.is_cancelled()
    }

    /// `Err(Error::Cancelled)` once the job was asked to stop.
    pub fn check(&self) -> Result<()> {
        if self.is_cancelled() {
            Err(Error::Cancelled)
        } else {
            Ok(())
        }
    }

    /// Asks the job to stop.
    pub fn cancel(&self) {
        self.cancel.cancel();
    }

    /// The job's cancel token, to hand to an exporter.
    pub fn cancel_token(&self) -> CancelToken {
        self.cancel.clone()
    }

    /// An [`ExportControl`] that stops when this job is cancelled and reports the export's
    /// progress (rows, and the total if `total` is given) to this job.
    pub fn export_control(&self, total: Option<u64>) -> ExportControl {
        let me = self.clone();
        let mut c = ExportControl::new()
            .with_cancel(self.cancel.clone())
            .on_progress(move |p: &Progress| me.set_progress(p.rows, p.total));
        if let Some(t) = total {
            c = c.with_total(t);
            self.set_progress(0, Some(t));
        }
        c
    }

    /// Reports `rows` done of `total` (if known).
    pub fn set_progress(&self, rows: u64, total: Option<u64>) {
        self.rows.store(rows, Ordering::Relaxed);
        self.total
            .store(total.unwrap_or(NO_TOTAL), Ordering::Relaxed);
    }

    /// Rows done so far.
    pub fn rows(&self) -> u64 {
        self.rows.load(Ordering::Relaxed)
    }

    /// The expected total, if reported.
    pub fn total(&self) -> Option<u64> {
        let t = self.total.load(Ordering::Relaxed);
        (t != NO_TOTAL).then_some(t)
    }
}

/// A job's state as the host shows it (seed 001's list: 検索日時, 状況, ダウンロード). Plain data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JobStatus {
    /// The job's id in its registry (1, 2, ...).
    pub id: u64,
    /// The host's label (seed 001 検索メモ).
    pub label: String,
    /// Pending, running, done, failed or cancelled.
    pub state: JobState,
    /// Rows done so far.
    pub rows: u64,
    /// Rows expected, if known.
    pub total: Option<u64>,
    /// What a done job produced.
    pub output: Option<JobOutput>,
    /// Why a job failed (the error's message).
    pub error: Option<String>,
    /// The failed job's error kind ([`Error::code`]: `io`, `invalid`, …); the typed error
    /// itself is [`JobHandle::error`].
    pub error_code: Option<String>,
    /// When the job was started (検索日時 / 登録日時).
    pub created_at: Timestamp,
    /// When a worker picked it up.
    pub started_at: Option<Timestamp>,
    /// When it ended.
    pub finished_at: Option<Timestamp>,
}

type Work = Box<dyn FnOnce(&JobControl) -> Result<JobOutput> + Send + 'static>;
type OnFinish = Box<dyn FnOnce(&JobStatus) + Send + 'static>;

struct Job {
    registry: std::sync::Weak<Shared>,
    status: Mutex<JobStatus>,
    /// Set once the job has ended and its completion callback has returned.
    settled: Mutex<bool>,
    finished: Condvar,
    control: JobControl,
    work: Mutex<Option<Work>>,
    on_finish: Mutex<Option<OnFinish>>,
    /// The typed error of a failed job.
    failure: Mutex<Option<Error>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Job {
    fn snapshot(&self) -> JobStatus {
        let mut s = lock(&self.status).clone();
        if s.state == JobState::Running {
            s.rows = self.control.rows();
            s.total = self.control.total();
        }
        s
    }
}

/// A handle to one job; stays valid after the registry dropped the job.
#[derive(Clone)]
pub struct JobHandle {
    job: Arc<Job>,
}

impl std::fmt::Debug for JobHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("JobHandle").field(&self.status()).finish()
    }
}

impl JobHandle {
    /// The job's id.
    pub fn id(&self) -> u64 {
        lock(&self.job.status).id
    }

    /// The job's current state, with live progress while it runs.
    pub fn status(&self) -> JobStatus {
        self.job.snapshot()
    }

    /// The typed error of a failed job (`None` unless its state is
    /// [`Failed`](JobState::Failed)): the same [`Error`] a direct call would have returned,
    /// with its path, record and field, for a binding to raise as its own error type.
    pub fn error(&self) -> Option<Error> {
        lock(&self.job.failure).clone()
    }

    /// Asks the job to stop: a pending job is cancelled at once, a running one at its next
    /// check. Does nothing to a finished job.
    pub fn cancel(&self) {
        self.job.control.cancel();
        let Some(shared) = self.job.registry.upgrade() else {
            return;
        };
        let mut st = lock(&shared.state);
        let final_status = {
            let mut s = lock(&self.job.status);
            if s.state != JobState::Pending {
                return;
            }
            s.state = JobState::Cancelled;
            s.finished_at = Some(Utc::now());
            s.clone()
        };
        st.queue.retain(|j| !Arc::ptr_eq(j, &self.job));
        evict(&mut st, shared.max_finished);
        drop(st);
        finish(&self.job, &final_status);
    }

    /// Blocks until the job has finished and its completion callback has returned; returns
    /// its final state.
    pub fn wait(&self) -> JobStatus {
        let mut settled = lock(&self.job.settled);
        while !*settled {
            settled = self
                .job
                .finished
                .wait(settled)
                .unwrap_or_else(|e| e.into_inner());
        }
        drop(settled);
        self.status()
    }

    /// Like [`wait`](Self::wait) for at most `timeout`; `None` if still unfinished.
    pub fn wait_timeout(&self, timeout: Duration) -> Option<JobStatus> {
        let settled = lock(&self.job.settled);
        let (settled, _) = self
            .job
            .finished
            .wait_timeout_while(settled, timeout, |s| !*s)
            .unwrap_or_else(|e| e.into_inner());
        let done = *settled;
        drop(settled);
        done.then(|| self.status())
    }
}

struct State {
    /// Every job the registry holds, oldest first.
    jobs: VecDeque<Arc<Job>>,
    /// Ids waiting for a worker.
    queue: VecDeque<Arc<Job>>,
    next_id: u64,
    shutdown: bool,
    max_pending: usize,
}

struct Shared {
    state: Mutex<State>,
    work_ready: Condvar,
    max_finished: usize,
}

/// Runs background jobs on worker threads and remembers the latest finished ones.
///
/// Dropping the registry cancels every job, waits for the running ones to notice, and joins
/// the workers.
pub struct JobRegistry {
    shared: Arc<Shared>,
    workers: Vec<JoinHandle<()>>,
}

impl std::fmt::Debug for JobRegistry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JobRegistry")
            .field("workers", &self.workers.len())
            .field("max_finished", &self.shared.max_finished)
            .field("jobs", &self.list().len())
            .finish()
    }
}

impl Default for JobRegistry {
    fn default() -> Self {
        Self::new()
    }
}

impl JobRegistry {
    /// A registry with 2 workers keeping [`DEFAULT_MAX_FINISHED`] finished jobs.
    pub fn new() -> Self {
        Self::with_limits(2, DEFAULT_MAX_FINISHED)
    }

    /// A registry with `workers` threads (at least 1) keeping at most `max_finished`
    /// finished jobs (at least 1).
    pub fn with_limits(workers: usize, max_finished: usize) -> Self {
        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                jobs: VecDeque::new(),
                queue: VecDeque::new(),
                next_id: 1,
                shutdown: false,
                max_pending: DEFAULT_MAX_PENDING,
            }),
            work_ready: Condvar::new(),
            max_finished: max_finished.max(1),
        });
        let workers = (0..workers.max(1))
            .map(|i| {
                let shared = shared.clone();
                std::thread::Builder::new()
                    .name(format!("calllog-job-{i}"))
                    .spawn(move || worker(&shared))
                    .expect("spawn a job worker")
            })
            .collect();
        JobRegistry { shared, workers }
    }

    /// The most finished jobs kept.
    pub fn max_finished(&self) -> usize {
        self.shared.max_finished
    }

    /// Lets at most `max` jobs (at least 1) wait for a worker; [`DEFAULT_MAX_PENDING`] unless
    /// set. A job started beyond it is refused with [`Error::QueueFull`].
    ///
    /// ```
    /// use calllog::jobs::{JobOutput, JobRegistry};
    ///
    /// let (tx, rx) = std::sync::mpsc::channel::<()>();
    /// let rx = std::sync::Mutex::new(rx);
    /// let registry = JobRegistry::with_limits(1, 10).with_max_pending(1);
    /// let block = move |_: &calllog::jobs::JobControl| {
    ///     let _ = rx.lock().unwrap().recv();
    ///     Ok(JobOutput::default())
    /// };
    /// let running = registry.start("runs", block)?;
    /// while running.status().state == calllog::JobState::Pending {
    ///     std::thread::yield_now();
    /// }
    /// let waiting = registry.start("waits", |_| Ok(JobOutput::default()))?;
    /// let refused = registry.start("refused", |_| Ok(JobOutput::default()));
    /// assert!(matches!(refused, Err(calllog::Error::QueueFull { limit: 1 })));
    /// tx.send(()).unwrap();
    /// waiting.wait();
    /// # Ok::<(), calllog::Error>(())
    /// ```
    pub fn with_max_pending(self, max: usize) -> Self {
        lock(&self.shared.state).max_pending = max.max(1);
        self
    }

    /// The most jobs let wait for a worker.
    pub fn max_pending(&self) -> usize {
        lock(&self.shared.state).max_pending
    }

    /// Starts `work` in the background, or refuses it with [`Error::QueueFull`] when
    /// [`max_pending`](Self::max_pending) jobs are already waiting.
    pub fn start<F>(&self, label: impl Into<String>, work: F) -> Result<JobHandle>
    where
        F: FnOnce(&JobControl) -> Result<JobOutput> + Send + 'static,
    {
        self.start_boxed(label.into(), Box::new(work), None)
    }

    /// Starts `work` and calls `on_finish` with the final state once it has ended (from the
    /// worker thread; a panic in it is caught and ignored). [`JobHandle::wait`] returns after
    /// `on_finish` has returned, so `on_finish` must not wait for its own job.
    pub fn start_with_callback<F, C>(
        &self,
        label: impl Into<String>,
        work: F,
        on_finish: C,
    ) -> Result<JobHandle>
    where
        F: FnOnce(&JobControl) -> Result<JobOutput> + Send + 'static,
        C: FnOnce(&JobStatus) + Send + 'static,
    {
        self.start_boxed(label.into(), Box::new(work), Some(Box::new(on_finish)))
    }

    fn start_boxed(
        &self,
        label: String,
        work: Work,
        on_finish: Option<OnFinish>,
    ) -> Result<JobHandle> {
        let mut st = lock(&self.shared.state);
        let pending = st
            .queue
            .iter()
            .filter(|j| lock(&j.status).state == JobState::Pending)
            .count();
        if pending >= st.max_pending {
            return Err(Error::QueueFull {
                limit: st.max_pending,
            });
        }
        let id = st.next_id;
        st.next_id += 1;
        let job = Arc::new(Job {
            status: Mutex::new(JobStatus {
                id,
                label,
                state: JobState::Pending,
                rows: 0,
                total: None,
                output: None,
                error: None,
                error_code: None,
                created_at: Utc::now(),
                started_at: None,
                finished_at: None,
            }),
            registry: Arc::downgrade(&self.shared),
            settled: Mutex::new(false),
            finished: Condvar::new(),
            control: JobControl::new(),
            work: Mutex::new(Some(work)),
            on_finish: Mutex::new(on_finish),
            failure: Mutex::new(None),
        });
        st.jobs.push_back(job.clone());
        st.queue.push_back(job.clone());
        drop(st);
        self.shared.work_ready.notify_one();
        Ok(JobHandle { job })
    }

    /// The handle of job `id`, if the registry still holds it.
    pub fn get(&self, id: u64) -> Option<JobHandle> {
        let st = lock(&self.shared.state);
        st.jobs
            .iter()
            .find(|j| lock(&j.status).id == id)
            .map(|j| JobHandle { job: j.clone() })
    }

    /// The state of job `id`, if the registry still holds it.
    pub fn status(&self, id: u64) -> Option<JobStatus> {
        self.get(id).map(|h| h.status())
    }

    /// Every job held, oldest first.
    pub fn list(&self) -> Vec<JobStatus> {
        // under the registry lock, so the list is one consistent moment (jobs finish and are
        // evicted under the same lock)
        let st = lock(&self.shared.state);
        st.jobs.iter().map(|j| j.snapshot()).collect()
    }

    /// Cancels job `id` (see [`JobHandle::cancel`]); `false` if the registry does not hold it.
    pub fn cancel(&self, id: u64) -> bool {
        match self.get(id) {
            Some(h) => {
                h.cancel();
                true
            }
            None => false,
        }
    }

    /// Forgets a finished job (seed 001's trash icon); `false` if unknown or still running.
    pub fn remove(&self, id: u64) -> bool {
        let mut st = lock(&self.shared.state);
        let before = st.jobs.len();
        st.jobs.retain(|j| {
            let s = lock(&j.status);
            !(s.id == id && s.state.is_finished())
        });
        st.jobs.len() != before
    }
}

impl Drop for JobRegistry {
    fn drop(&mut self) {
        {
            let mut st = lock(&self.shared.state);
            st.shutdown = true;
            for j in &st.jobs {
                j.control.cancel();
            }
        }
        self.shared.work_ready.notify_all();
        let me = std::thread::current().id();
        for w in self.workers.drain(..) {
            // dropped from a completion callback on a worker: that worker ends by itself
            if w.thread().id() != me {
                let _ = w.join();
            }
        }
    }
}

/// Calls the completion callback (outside every registry lock), then wakes the waiters.
fn finish(job: &Job, status: &JobStatus) {
    if let Some(cb) = lock(&job.on_finish).take() {
        let _ = catch_unwind(AssertUnwindSafe(|| cb(status)));
    }
    *lock(&job.settled) = true;
    job.finished.notify_all();
}

fn worker(shared: &Shared) {
    loop {
        let (job, work) = {
            let mut st = lock(&shared.state);
            loop {
                if let Some(j) = st.queue.pop_front() {
                    let mut s = lock(&j.status);
                    if s.state != JobState::Pending {
                        continue; // cancelled while queued
                    }
                    s.state = JobState::Running;
                    s.started_at = Some(Utc::now());
                    drop(s);
                    let work = lock(&j.work).take();
                    break (j, work);
                }
                if st.shutdown {
                    return;
                }
                st = shared
                    .work_ready
                    .wait(st)
                    .unwrap_or_else(|e| e.into_inner());
            }
        };
        let result = match work {
            _ if job.control.is_cancelled() => Err(Error::Cancelled),
            Some(w) => catch_unwind(AssertUnwindSafe(|| w(&job.control)))
                .unwrap_or_else(|p| Err(Error::CallbackPanicked(crate::error::panic_text(&*p)))),
            None => Err(Error::Cancelled),
        };
        let mut st = lock(&shared.state);
        let final_status = {
            let mut s = lock(&job.status);
            s.rows = job.control.rows();
            s.total = job.control.total();
            s.finished_at = Some(Utc::now());
            match result {
                Ok(out) => {
                    s.rows = s.rows.max(out.rows);
                    s.state = JobState::Done;
                    s.output = Some(out);
                }
                Err(Error::Cancelled) => s.state = JobState::Cancelled,
                Err(e) => {
                    s.state = JobState::Failed;
                    s.error = Some(e.to_string());
                    s.error_code = Some(e.code().to_string());
                    *lock(&job.failure) = Some(e);
                }
            }
            s.clone()
        };
        evict(&mut st, shared.max_finished);
        drop(st);
        finish(&job, &final_status);
    }
}

/// Drops the oldest finished jobs beyond `max` (the caller holds the registry lock).
fn evict(st: &mut State, max: usize) {
    let mut finished = st
        .jobs
        .iter()
        .filter(|j| lock(&j.status).state.is_finished())
        .count();
    if finished <= max {
        return;
    }
    st.jobs.retain(|j| {
        if finished > max && lock(&j.status).state.is_finished() {
            finished -= 1;
            false
        } else {
            true
        }
    });
}

/// The file format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// CSV ([`CsvSink`]).
    Csv,
    /// XLSX ([`XlsxSink`]).
    Xlsx,
}

/// The viewer an export runs as: the query's and the profile's must agree. One of them may be
/// left at the default (an owner) and the other one wins; two different non-default viewers
/// are an error rather than a guess.
fn effective_viewer(query: &Viewer, profile: &Viewer) -> Result<Viewer> {
    let default = Viewer::default();
    if query == profile || *profile == default {
        Ok(query.clone())
    } else if *query == default {
        Ok(profile.clone())
    } else {
        Err(Error::ExportOption {
            option: "viewer".into(),
            reason: "the query and the export profile name different viewers".into(),
        })
    }
}

/// Pushes owned records into a new sink: one at a time into XLSX, in batches of 16,384 into
/// CSV (formatted on `profile.csv.threads` threads).
fn write_owned<R: ExportRow + Sync>(
    path: &std::path::Path,
    format: ExportFormat,
    profile: &ExportProfile,
    control: &ExportControl,
    mut rows: impl Iterator<Item = R>,
) -> Result<ExportSummary> {
    match format {
        ExportFormat::Csv => {
            let mut sink = CsvSink::<R>::create(path, profile, control)?;
            let mut batch = Vec::with_capacity(CSV_BATCH);
            loop {
                batch.clear();
                batch.extend(rows.by_ref().take(CSV_BATCH));
                if batch.is_empty() {
                    break;
                }
                sink.write_batch(&batch)?;
            }
            sink.finish()
        }
        ExportFormat::Xlsx => {
            let mut sink = XlsxSink::<R>::create(path, profile, control)?;
            for r in rows {
                sink.write(&r)?;
            }
            sink.finish()
        }
    }
}

/// Records per [`CsvSink::write_batch`] of a job.
const CSV_BATCH: usize = 16_384;

/// One export of call records: where, in which format, how (the profile's columns, locale,
/// time zone...) and what (the query's filter, viewer, order and page).
///
/// The query's viewer is the profile's viewer (see the sinks): the rows are those the query
/// returns and the sink drops the columns the viewer may not see, so an export never shows
/// more than the screen. Without a sort order the records stream through in input order in
/// constant memory; with one, the query's page is sorted first (holding `offset + limit`
/// records, or all of them without a limit).
#[derive(Debug, Clone)]
pub struct ExportJob {
    /// The file to write (written to a temporary file and renamed on success).
    pub path: PathBuf,
    /// CSV or XLSX.
    pub format: ExportFormat,
    /// Columns and formats.
    pub profile: ExportProfile,
    /// Filter, viewer, order and page.
    pub query: Query,
}

impl ExportJob {
    /// An export of everything an owner sees, in the profile's viewer's scope.
    pub fn new(path: impl Into<PathBuf>, format: ExportFormat, profile: ExportProfile) -> Self {
        ExportJob {
            path: path.into(),
            format,
            profile,
            query: Query::default(),
        }
    }

    /// Sets the query.
    pub fn query(mut self, query: Query) -> Self {
        self.query = query;
        self
    }

    /// Runs the export now, on this thread, with `control`'s progress, cancel and row cap.
    pub fn run<I>(&self, records: I, control: &ExportControl) -> Result<ExportSummary>
    where
        I: IntoIterator<Item = CallRecord>,
    {
        let viewer = effective_viewer(&self.query.viewer, &self.profile.viewer)?;
        let mut query = self.query.clone();
        query.viewer = viewer.clone();
        let mut profile = self.profile.clone();
        profile.viewer = viewer.clone();
        if !query.sort.is_empty() {
            let page = query.run(records)?;
            return write_owned(
                &self.path,
                self.format,
                &profile,
                control,
                page.rows.into_iter(),
            );
        }
        if query.cursor.is_some() {
            return Err(Error::Filter {
                field: "cursor".into(),
                reason: "a cursor needs a sort order".into(),
            });
        }
        let m = query.compile()?;
        let limit = usize::try_from(query.limit.unwrap_or(u64::MAX)).unwrap_or(usize::MAX);
        let offset = usize::try_from(query.offset).unwrap_or(usize::MAX);
        let rows = records
            .into_iter()
            .filter(|r| viewer.can_see(r) && m.matches(r))
            .skip(offset)
            .take(limit);
        write_owned(&self.path, self.format, &profile, control, rows)
    }

    /// Seed 001's direct download: runs now, failing with [`Error::RowCapExceeded`] (and
    /// leaving no file) when more than `row_cap` records would be written; "use a background
    /// export instead".
    pub fn run_capped<I>(&self, records: I, row_cap: Option<u64>) -> Result<ExportSummary>
    where
        I: IntoIterator<Item = CallRecord>,
    {
        let mut control = ExportControl::new();
        if let Some(cap) = row_cap {
            control = control.with_row_cap(cap);
        }
        self.run(records, &control)
    }
}

/// One export of callback entries (seed 001 CSVダウンロード): where, which format, how (e.g.
/// [`Preset::Callbacks`](crate::export::Preset::Callbacks)) and which entries.
#[derive(Debug, Clone)]
pub struct CallbackExportJob {
    /// The file to write.
    pub path: PathBuf,
    /// CSV or XLSX.
    pub format: ExportFormat,
    /// Columns and formats.
    pub profile: ExportProfile,
    /// Which entries.
    pub search: CallbackSearch,
}

impl CallbackExportJob {
    /// Runs the export now with `control`'s progress, cancel and row cap.
    pub fn run<I>(&self, entries: I, control: &ExportControl) -> Result<ExportSummary>
    where
        I: IntoIterator<Item = CallbackRecord>,
    {
        self.search.validate()?;
        let rows = entries.into_iter().filter(|e| self.search.matches(e));
        write_owned(&self.path, self.format, &self.profile, control, rows)
    }

    /// Runs now with an optional row cap ([`Error::RowCapExceeded`] beyond it).
    pub fn run_capped<I>(&self, entries: I, row_cap: Option<u64>) -> Result<ExportSummary>
    where
        I: IntoIterator<Item = CallbackRecord>,
    {
        let mut control = ExportControl::new();
        if let Some(cap) = row_cap {
            control = control.with_row_cap(cap);
        }
        self.run(entries, &control)
    }
}

impl JobRegistry {
    /// Starts `job` over `records` in the background (seed 001 非同期検索). Progress, cancel
    /// and the no-file-on-cancel guarantee come from the sinks.
    pub fn start_export<I>(
        &self,
        label: impl Into<String>,
        job: ExportJob,
        records: I,
    ) -> Result<JobHandle>
    where
        I: IntoIterator<Item = CallRecord> + Send + 'static,
    {
        job.profile.policy.check(&job.profile.viewer)?;
        self.start(label, move |ctl| {
            Ok(job.run(records, &ctl.export_control(None))?.into())
        })
    }

    /// [`start_export`](Self::start_export) with a completion callback (seed 001 3.2: the
    /// notification mail).
    pub fn start_export_with_callback<I, C>(
        &self,
        label: impl Into<String>,
        job: ExportJob,
        records: I,
        on_finish: C,
    ) -> Result<JobHandle>
    where
        I: IntoIterator<Item = CallRecord> + Send + 'static,
        C: FnOnce(&JobStatus) + Send + 'static,
    {
        job.profile.policy.check(&job.profile.viewer)?;
        self.start_with_callback(
            label,
            move |ctl| Ok(job.run(records, &ctl.export_control(None))?.into()),
            on_finish,
        )
    }

    /// Starts a callback-list export in the background.
    pub fn start_callback_export<I>(
        &self,
        label: impl Into<String>,
        job: CallbackExportJob,
        entries: I,
    ) -> Result<JobHandle>
    where
        I: IntoIterator<Item = CallbackRecord> + Send + 'static,
    {
        job.profile.policy.check(&job.profile.viewer)?;
        self.start(label, move |ctl| {
            Ok(job.run(entries, &ctl.export_control(None))?.into())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    #[test]
    fn states_progress_and_callback() {
        let reg = JobRegistry::with_limits(1, 3);
        let (go_tx, go_rx) = mpsc::channel::<()>();
        let (seen_tx, seen_rx) = mpsc::channel::<JobStatus>();
        let job = reg
            .start_with_callback(
                "slow",
                move |ctl| {
                    ctl.set_progress(5, Some(10));
                    go_rx.recv().ok();
                    Ok(JobOutput {
                        rows: 10,
                        ..Default::default()
                    })
                },
                move |s| seen_tx.send(s.clone()).unwrap(),
            )
            .unwrap();
        // a second job waits for the only worker
        let queued = reg.start("queued", |_| Ok(JobOutput::default())).unwrap();
        // wait until the first is running with its progress visible
        let running = loop {
            let s = job.status();
            if s.state == JobState::Running && s.rows == 5 {
                break s;
            }
            std::thread::sleep(Duration::from_millis(1));
        };
        assert_eq!(running.total, Some(10));
        assert_eq!(queued.status().state, JobState::Pending);
        go_tx.send(()).unwrap();
        let done = job.wait();
        assert_eq!(done.state, JobState::Done);
        assert_eq!(done.rows, 10);
        assert!(done.finished_at >= done.started_at);
        assert_eq!(seen_rx.recv().unwrap(), done);
        assert_eq!(queued.wait().state, JobState::Done);
    }

    #[test]
    fn failure_panic_and_cancel_while_pending() {
        let reg = JobRegistry::with_limits(1, 10);
        let (go_tx, go_rx) = mpsc::channel::<()>();
        let blocker = reg
            .start("blocker", move |_| {
                go_rx.recv().ok();
                Ok(JobOutput::default())
            })
            .unwrap();
        let failing = reg
            .start("fails", |_| Err(Error::Xlsx("disk full".into())))
            .unwrap();
        let panicking = reg.start("panics", |_| panic!("boom")).unwrap();
        let never = reg.start("never runs", |_| panic!("must not run")).unwrap();
        assert!(reg.cancel(never.id()));
        // cancelled at once, while the only worker is still busy
        assert_eq!(never.status().state, JobState::Cancelled);
        go_tx.send(()).unwrap();
        assert_eq!(blocker.wait().state, JobState::Done);
        let f = failing.wait();
        assert_eq!(f.state, JobState::Failed);
        assert!(f.error.unwrap().contains("disk full"));
        let p = panicking.wait();
        assert_eq!(p.state, JobState::Failed);
        assert!(p.error.unwrap().contains("boom"));
        let n = never.wait();
        assert_eq!(n.state, JobState::Cancelled);
        assert_eq!(n.started_at, None);
        assert!(!reg.cancel(999));
    }

    #[test]
    fn a_failed_job_keeps_its_typed_error() {
        let reg = JobRegistry::with_limits(1, 10);
        let no_space = std::io::Error::from_raw_os_error(28);
        let job = reg
            .start("io", move |_| Err(Error::io("/full/calls.xlsx", no_space)))
            .unwrap();
        let status = job.wait();
        assert_eq!(status.state, JobState::Failed);
        assert_eq!(status.error_code.as_deref(), Some("io"));
        match job.error() {
            Some(Error::Io { path, source }) => {
                assert_eq!(path, PathBuf::from("/full/calls.xlsx"));
                assert_eq!(source.raw_os_error(), Some(28));
            }
            other => panic!("{other:?}"),
        }
        let ok = reg.start("ok", |_| Ok(JobOutput::default())).unwrap();
        ok.wait();
        assert!(ok.error().is_none());
    }

    #[test]
    fn pending_jobs_are_bounded() {
        let reg = JobRegistry::with_limits(1, 10).with_max_pending(3);
        assert_eq!(reg.max_pending(), 3);
        assert_eq!(JobRegistry::new().max_pending(), DEFAULT_MAX_PENDING);
        let (go_tx, go_rx) = mpsc::channel::<()>();
        let running = reg
            .start("runs", move |_| {
                go_rx.recv().ok();
                Ok(JobOutput::default())
            })
            .unwrap();
        while running.status().state == JobState::Pending {
            std::thread::yield_now();
        }
        let waiting: Vec<_> = (0..3)
            .map(|i| {
                reg.start(format!("w{i}"), |_| Ok(JobOutput::default()))
                    .unwrap()
            })
            .collect();
        for _ in 0..50 {
            match reg.start("over", |_| Ok(JobOutput::default())) {
                Err(Error::QueueFull { limit }) => assert_eq!(limit, 3),
                other => panic!("{other:?}"),
            }
        }
        // a cancelled pending job frees its place at once
        waiting[0].cancel();
        let again = reg.start("again", |_| Ok(JobOutput::default())).unwrap();
        go_tx.send(()).unwrap();
        assert_eq!(again.wait().state, JobState::Done);
        // the refused ones were never registered
        assert_eq!(reg.list().len(), 5);
    }

    #[test]
    fn keeps_at_most_n_finished_dropping_the_oldest() {
        let reg = JobRegistry::with_limits(1, 2);
        let handles: Vec<JobHandle> = (0..5)
            .map(|i| {
                reg.start(format!("job {i}"), |_| Ok(JobOutput::default()))
                    .unwrap()
            })
            .collect();
        for h in &handles {
            h.wait();
        }
        // the worker evicts before it wakes waiters, so the list is settled now
        let ids: Vec<u64> = reg.list().iter().map(|s| s.id).collect();
        assert_eq!(ids, [4, 5]);
        assert!(reg.status(1).is_none());
        // a handle outlives eviction
        assert_eq!(handles[0].status().state, JobState::Done);
        assert!(reg.remove(4));
        assert!(!reg.remove(4));
        assert_eq!(reg.list().len(), 1);
    }
}
