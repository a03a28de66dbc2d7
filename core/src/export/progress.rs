//! Progress, cancel and row cap of one export.
//!
//! An [`ExportControl`] is cheap to clone and `Send + Sync`: a background-job registry keeps
//! one clone to cancel the job and read its progress while a worker thread runs the export
//! with another.
//!
//! ```
//! use calllog::export::{ExportControl, Progress};
//! use std::sync::{Arc, Mutex};
//!
//! let seen = Arc::new(Mutex::new(Vec::<Progress>::new()));
//! let log = seen.clone();
//! let control = ExportControl::new()
//!     .with_total(2)
//!     .on_progress(move |p| log.lock().unwrap().push(*p));
//! let cancel = control.cancel_token();
//! assert!(!cancel.is_cancelled());
//! cancel.cancel(); // any clone, any thread
//! assert!(control.is_cancelled());
//! ```

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

/// Where an export stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Progress {
    /// Records written so far (records the viewer may not see are not counted).
    pub rows: u64,
    /// Records expected in all, when the caller said ([`ExportControl::with_total`]).
    pub total: Option<u64>,
    /// Bytes written to the file so far (for XLSX: the uncompressed sheet data, until the
    /// final call, which has the file size).
    pub bytes: u64,
    /// The export has finished (the last call).
    pub done: bool,
}

/// A flag that cancels an export between two rows. Clones share the flag.
#[derive(Debug, Clone, Default)]
pub struct CancelToken(Arc<AtomicBool>);

impl CancelToken {
    /// A token not cancelled yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Asks the export to stop; it fails with [`Error::Cancelled`] and leaves no file.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    /// Whether [`cancel`](Self::cancel) was called.
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

type ProgressFn = dyn Fn(&Progress) -> std::result::Result<(), String> + Send + Sync;

/// Progress callback, cancel token, expected total and row cap of an export.
#[derive(Clone)]
pub struct ExportControl {
    cancel: CancelToken,
    progress: Option<Arc<ProgressFn>>,
    total: Option<u64>,
    interval: Duration,
    row_cap: Option<u64>,
}

impl std::fmt::Debug for ExportControl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExportControl")
            .field("cancelled", &self.cancel.is_cancelled())
            .field("progress", &self.progress.is_some())
            .field("total", &self.total)
            .field("interval", &self.interval)
            .field("row_cap", &self.row_cap)
            .finish()
    }
}

impl Default for ExportControl {
    fn default() -> Self {
        ExportControl {
            cancel: CancelToken::new(),
            progress: None,
            total: None,
            interval: Duration::from_millis(100),
            row_cap: None,
        }
    }
}

impl ExportControl {
    /// No callback, not cancelled, no cap; progress at most every 100 ms.
    pub fn new() -> Self {
        Self::default()
    }

    /// Calls `f` with the progress at most once per interval, and once at the end. A panic in
    /// `f` stops the export with [`Error::CallbackPanicked`]; no file is left.
    pub fn on_progress(mut self, f: impl Fn(&Progress) + Send + Sync + 'static) -> Self {
        self.progress = Some(Arc::new(move |p: &Progress| {
            f(p);
            Ok(())
        }));
        self
    }

    /// Like [`on_progress`](Self::on_progress), for a callback that can fail (a host
    /// callback that raises or throws): an `Err` stops the export with
    /// [`Error::CallbackFailed`] carrying the message, and no file is left.
    ///
    /// That holds for the final call too (`done: true`): the file is renamed onto the target
    /// only after the final call has returned `Ok`, so a callback that fails there fails the
    /// export, and an older file at the target stays as it was.
    ///
    /// ```
    /// use calllog::export::{export_csv, ExportControl, ExportProfile, Preset};
    /// use calllog::{CallRecord, Channel, Error};
    ///
    /// let dir = std::env::temp_dir().join(format!("calllog-doc-try-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir)?;
    /// let calls = vec![CallRecord::new("c-1", Channel::Voice)];
    /// let control = ExportControl::new().try_on_progress(|p| {
    ///     if p.done { Err("the UI is gone".to_string()) } else { Ok(()) }
    /// });
    /// let path = dir.join("calls.csv");
    /// let err = export_csv(&path, &calls, &ExportProfile::preset(Preset::Full), &control);
    /// assert!(matches!(err, Err(Error::CallbackFailed(m)) if m == "the UI is gone"));
    /// assert!(!path.exists());
    /// # std::fs::remove_dir_all(&dir)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn try_on_progress(
        mut self,
        f: impl Fn(&Progress) -> std::result::Result<(), String> + Send + Sync + 'static,
    ) -> Self {
        self.progress = Some(Arc::new(f));
        self
    }

    /// The number of records expected, passed on in [`Progress::total`].
    pub fn with_total(mut self, total: u64) -> Self {
        self.total = Some(total);
        self
    }

    /// The shortest time between two progress calls (100 ms by default).
    pub fn with_interval(mut self, interval: Duration) -> Self {
        self.interval = interval;
        self
    }

    /// Uses `token` (shared with whoever may cancel).
    pub fn with_cancel(mut self, token: CancelToken) -> Self {
        self.cancel = token;
        self
    }

    /// Fails with [`Error::RowCapExceeded`] (and leaves no file) when more than `cap` records
    /// would be written: seed 001's capped direct download.
    pub fn with_row_cap(mut self, cap: u64) -> Self {
        self.row_cap = Some(cap);
        self
    }

    /// A clone of the cancel token.
    pub fn cancel_token(&self) -> CancelToken {
        self.cancel.clone()
    }

    /// Whether the export was cancelled.
    pub fn is_cancelled(&self) -> bool {
        self.cancel.is_cancelled()
    }

    /// The expected total, if given.
    pub fn total(&self) -> Option<u64> {
        self.total
    }
}

/// Per-export state: when progress was last reported.
pub(crate) struct Ticker {
    control: ExportControl,
    last: Instant,
    since_check: u32,
}

impl Ticker {
    pub(crate) fn new(control: &ExportControl) -> Self {
        Ticker {
            control: control.clone(),
            last: Instant::now(),
            since_check: 0,
        }
    }

    /// Called before each record: cancel and cap checks, and progress at a bounded rate.
    #[inline]
    pub(crate) fn before_record(&mut self, rows: u64, bytes: impl FnOnce() -> u64) -> Result<()> {
        self.before_records(rows, 1, bytes)
    }

    /// Whether a row cap is set (batch writers then go record by record, to stop exactly).
    pub(crate) fn has_row_cap(&self) -> bool {
        self.control.row_cap.is_some()
    }

    /// Called before a batch of `n` records (as [`before_record`](Self::before_record)
    /// for each, with the cancel check once).
    #[inline]
    pub(crate) fn before_records(
        &mut self,
        rows: u64,
        n: usize,
        bytes: impl FnOnce() -> u64,
    ) -> Result<()> {
        if self.control.cancel.is_cancelled() {
            return Err(Error::Cancelled);
        }
        if let Some(cap) = self.control.row_cap
            && rows >= cap
        {
            return Err(Error::RowCapExceeded { cap });
        }
        if self.control.progress.is_some() {
            self.since_check = self
                .since_check
                .saturating_add(u32::try_from(n).unwrap_or(u32::MAX));
            if self.since_check >= 64 {
                self.since_check = 0;
                if self.last.elapsed() >= self.control.interval {
                    self.last = Instant::now();
                    self.report(Progress {
                        rows,
                        total: self.control.total,
                        bytes: bytes(),
                        done: false,
                    })?;
                }
            }
        }
        Ok(())
    }

    /// Whether the export was cancelled.
    pub(crate) fn is_cancelled(&self) -> bool {
        self.control.cancel.is_cancelled()
    }

    /// The final call.
    pub(crate) fn finish(&mut self, rows: u64, bytes: u64) -> Result<()> {
        if self.control.cancel.is_cancelled() {
            return Err(Error::Cancelled);
        }
        self.report(Progress {
            rows,
            total: self.control.total,
            bytes,
            done: true,
        })
    }

    fn report(&self, p: Progress) -> Result<()> {
        if let Some(f) = &self.control.progress {
            catch_unwind(AssertUnwindSafe(|| f(&p)))
                .map_err(|e| Error::CallbackPanicked(crate::error::panic_text(&*e)))?
                .map_err(Error::CallbackFailed)?;
        }
        Ok(())
    }
}
