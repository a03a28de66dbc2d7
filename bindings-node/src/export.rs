//! Exports: options in, `calllog::export` sinks run on the libuv thread pool (napi
//! `AsyncTask`), progress out through a non-blocking thread-safe function, cancellation from an
//! `AbortSignal` through core's `CancelToken`.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use calllog as cl;
use calllog::export::{
    CancelToken, CsvSink, ExportControl, ExportProfile, ExportSummary, Layout, Preset, XlsxSink,
};
use napi::bindgen_prelude::{AsyncTask, Buffer, Either, FnArgs, Function, JsObjectValue, Object};
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi::{Env, Status, Task};
use napi_derive::napi;

use crate::access::Viewer;
use crate::errors::{IntoNapi, to_napi};
use crate::rules::{RulesArg, rules_arg};

/// Where an export stands (passed to `onProgress`).
#[napi(object)]
#[derive(Clone, Copy)]
pub struct ExportProgress {
    /// Records written so far.
    pub rows: f64,
    /// Records expected in all.
    pub total: Option<f64>,
    /// Bytes written so far.
    pub bytes: f64,
    /// The export has finished (the last call).
    pub done: bool,
}

/// `EventTarget.prototype.addEventListener(type, listener)`.
type AddEventListener<'a> = Function<'a, FnArgs<(&'a str, Function<'a, (), ()>)>, ()>;

/// The progress callback, called on the JS thread. `lib.js` passes a wrapper that never throws:
/// it returns `undefined`, or the message of what the caller's callback threw.
pub type ProgressFn =
    ThreadsafeFunction<ExportProgress, Option<String>, ExportProgress, Status, false>;

/// CSV options.
#[napi(object)]
#[derive(Clone, Default)]
pub struct CsvOptions {
    /// Field delimiter, one ASCII character (`,` by default).
    pub delimiter: Option<String>,
    /// `auto` (default: `utf8_bom` for a `ja` export, so Excel in Japan reads it, `utf8`
    /// otherwise), `utf8`, `utf8_bom` or `cp932` (Shift_JIS as Windows writes it).
    #[napi(ts_type = "'auto' | 'utf8' | 'utf8_bom' | 'cp932'")]
    pub encoding: Option<String>,
    /// A character the encoding cannot hold: `error` (default: CALLLOG_UNENCODABLE with row and column) or `replace` (`?`).
    #[napi(ts_type = "'error' | 'replace'")]
    pub unencodable: Option<String>,
    /// Threads that format the rows: 0 or absent for every core, 1 to stay on one. The file
    /// is the same whatever the number.
    pub threads: Option<u32>,
}

/// XLSX options.
#[napi(object)]
#[derive(Clone, Default)]
pub struct XlsxOptions {
    /// Name of the first sheet (by default in the export's language: `Calls`, `通話履歴`,
    /// `История звонков`, `Kontakty`; callbacks `折り返し呼履歴`…); later sheets get ` (2)`, ` (3)`…
    pub sheet_name: Option<String>,
    /// Rows per sheet, header included (Excel's 1,048,576 by default).
    pub max_rows_per_sheet: Option<u32>,
    /// Zip deflate level 1 (fastest, default) ..= 9.
    pub compression_level: Option<u32>,
    /// Excel number format of date-time cells (`yyyy-mm-dd hh:mm:ss`).
    pub datetime_format: Option<String>,
    /// Add a summary sheet after the data sheets: metrics per hour, day, queue and agent
    /// (ASR and ACD included), results of attempts, native charts, in the export's language.
    pub summary_sheet: Option<bool>,
}

/// What to export and how. Everything is optional: the `full` preset, English, UTC, seconds.
#[napi(object, object_to_js = false)]
pub struct ExportOptions<'env> {
    /// A layout of the seeds: `video_call_history` (seed 000, `video_call_history:3` for 3
    /// survey pairs), `call_history` (seed 002), `contacts_simple` / `contacts_detailed` (seed
    /// 004), `callbacks` (seed 001), `full` (every field, machine names, reads back losslessly).
    #[napi(ts_type = "ExportPreset | `video_call_history:${number}`")]
    pub preset: Option<String>,
    /// Column ids instead of a preset.
    pub columns: Option<Vec<String>>,
    /// Header and label language.
    #[napi(ts_type = "Locale")]
    pub locale: Option<String>,
    /// IANA time zone of date-times, e.g. `Asia/Tokyo` (UTC by default).
    pub time_zone: Option<String>,
    /// `strftime` format of CSV date-times (`%Y-%m-%d %H:%M:%S`).
    pub datetime_format: Option<String>,
    /// Durations as `seconds` (default) or `clock` (`h:mm:ss`, a real duration in XLSX).
    #[napi(ts_type = "'seconds' | 'clock'")]
    pub durations: Option<String>,
    /// Vocabulary values as the locale's `label` (default) or `machine_name`.
    #[napi(ts_type = "'label' | 'machine_name'")]
    pub enums: Option<String>,
    /// Rules of the derived columns (the log's rules by default).
    #[napi(ts_type = "RulesPreset | Rules")]
    pub rules: Option<RulesArg>,
    /// `simple`: one row per contact (default); `detailed`: one row per IVR step / ring (seed
    /// 004), contact fields repeated; `detailed_first_row`: on the first row only.
    #[napi(ts_type = "'simple' | 'detailed' | 'detailed_first_row'")]
    pub layout: Option<String>,
    /// Detailed layout: repeat the contact's fields on every detail row (overrides the layout's choice).
    pub repeat_contact_fields: Option<bool>,
    /// Who exports: rows they cannot see are skipped, columns they may not see dropped.
    pub viewer: Option<Viewer>,
    /// Which roles may export at all: `anyone` (default), `video_call_saas` (seed 000: owners
    /// and managers only; the `video_call_history` preset's), `voximplant`, or a list of
    /// roles. Other viewers get CALLLOG_NOT_PERMITTED.
    #[napi(ts_type = "'anyone' | 'video_call_saas' | 'voximplant' | Role[]")]
    pub export_policy: Option<Either<String, Vec<String>>>,
    /// CSV options.
    pub csv: Option<CsvOptions>,
    /// XLSX options.
    pub xlsx: Option<XlsxOptions>,
    /// Fail with CALLLOG_ROW_CAP_EXCEEDED beyond this many rows (a direct download's cap).
    pub row_cap: Option<f64>,
    /// Receives progress at most every 100 ms and once at the end; never blocks the export.
    #[napi(ts_type = "(progress: ExportProgress) => void")]
    pub on_progress: Option<ProgressFn>,
    /// Cancels the export: the promise rejects with an `AbortError` and no file is left.
    #[napi(ts_type = "AbortSignal")]
    pub signal: Option<Object<'env>>,
}

/// What an export did.
#[napi(object)]
pub struct ExportResult {
    /// The file written.
    pub path: String,
    /// Records written.
    pub records: f64,
    /// Data rows written (more than `records` in the detailed layout).
    pub rows: f64,
    /// Records skipped because the viewer may not see them.
    pub skipped_records: f64,
    /// Worksheets (1 for CSV).
    pub sheets: u32,
    /// XLSX text cells cut at Excel's 32,767 characters.
    pub truncated_cells: f64,
    /// Characters replaced by `?` in the CSV encoding.
    pub replaced_characters: f64,
    /// Size of the file in bytes.
    pub bytes: f64,
    /// Seconds taken.
    pub elapsed: f64,
    /// Ids of the columns dropped because the viewer may not see them.
    pub dropped_columns: Vec<String>,
}

impl ExportResult {
    /// The JS object of a core summary.
    pub fn from_core(s: ExportSummary) -> Self {
        ExportResult {
            path: s.path.to_string_lossy().into_owned(),
            records: s.records as f64,
            rows: s.rows as f64,
            skipped_records: s.skipped_records as f64,
            sheets: s.sheets,
            truncated_cells: s.truncated_cells as f64,
            replaced_characters: s.replaced_characters as f64,
            bytes: s.bytes as f64,
            elapsed: s.elapsed.as_secs_f64(),
            dropped_columns: s.dropped_columns,
        }
    }
}

pub(crate) fn option_err(option: &str, reason: impl Into<String>) -> napi::Error {
    to_napi(cl::Error::ExportOption {
        option: option.into(),
        reason: reason.into(),
    })
}

/// An option value by core's machine name (`FromStr` of the profile's option enums); a bad
/// one is CALLLOG_EXPORT_OPTION naming the option and the accepted names.
fn named<T: std::str::FromStr<Err = cl::Error>>(option: &str, value: &str) -> napi::Result<T> {
    value
        .parse::<T>()
        .map_err(|e| option_err(option, e.to_string()))
}

/// The profile, the control and the abort hook of one export.
pub struct Prepared {
    /// What to write.
    pub profile: ExportProfile,
    /// Progress, cancel and cap.
    pub control: ExportControl,
    /// Set when the signal aborted (to reject with an AbortError rather than CALLLOG_CANCELLED).
    pub aborted: Arc<std::sync::atomic::AtomicBool>,
    /// The caller's `onProgress`, as installed in `control` (background jobs chain it).
    pub user_progress: Option<UserProgress>,
}

/// A progress callback that can be shared; `Err` carries what the caller's callback threw.
pub type UserProgress = Arc<dyn Fn(&cl::export::Progress) -> Result<(), String> + Send + Sync>;

/// The caller's `onProgress` as a core progress callback.
///
/// Intermediate calls are queued without waiting (the export never waits for the JS thread);
/// a throw in one of them is remembered and fails the export at its next progress check. The
/// final call (`done: true`) waits for the JS thread, before the file is renamed onto the
/// target: a throw there fails the export too, and the target keeps what it held. Either way
/// the promise rejects with CALLLOG_CALLBACK; nothing is thrown on the JS thread, so the
/// process lives on.
fn progress_hook(tsfn: ProgressFn) -> UserProgress {
    let failed: Arc<Mutex<Option<String>>> = Arc::default();
    Arc::new(move |p: &cl::export::Progress| {
        if let Some(m) = failed.lock().unwrap_or_else(|e| e.into_inner()).clone() {
            return Err(m);
        }
        let js = ExportProgress {
            rows: p.rows as f64,
            total: p.total.map(|t| t as f64),
            bytes: p.bytes as f64,
            done: p.done,
        };
        if !p.done {
            let slot = failed.clone();
            tsfn.call_with_return_value(
                js,
                ThreadsafeFunctionCallMode::NonBlocking,
                move |r: napi::Result<Option<String>>, _env| {
                    if let Some(m) = verdict(r) {
                        slot.lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .get_or_insert(m);
                    }
                    Ok(())
                },
            );
            return Ok(());
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let status = tsfn.call_with_return_value(
            js,
            ThreadsafeFunctionCallMode::Blocking,
            move |r: napi::Result<Option<String>>, _env| {
                let _ = tx.send(verdict(r));
                Ok(())
            },
        );
        if status != Status::Ok {
            // the JS side is going away (the environment is shutting down): nobody to tell
            return Ok(());
        }
        match rx.recv() {
            Ok(Some(m)) => Err(m),
            // answered without a failure, or never called because the environment closed
            Ok(None) | Err(_) => Ok(()),
        }
    })
}

/// What the wrapper in `lib.js` answered: `Some(message)` when the callback threw.
fn verdict(r: napi::Result<Option<String>>) -> Option<String> {
    match r {
        Ok(m) => m,
        Err(e) => Some(e.reason),
    }
}

/// Builds the core profile and control from the options; `rules` are the log's.
pub fn prepare(
    env: &Env,
    options: Option<ExportOptions>,
    rules: cl::Rules,
    total: Option<u64>,
) -> napi::Result<Prepared> {
    use std::sync::atomic::{AtomicBool, Ordering};
    let aborted = Arc::new(AtomicBool::new(false));
    let new_control = || match total {
        Some(t) => ExportControl::new().with_total(t),
        None => ExportControl::new(),
    };
    let Some(o) = options else {
        return Ok(Prepared {
            profile: ExportProfile::default().rules(rules),
            control: new_control(),
            aborted,
            user_progress: None,
        });
    };
    let mut profile = match (&o.preset, &o.columns) {
        (Some(_), Some(_)) => {
            return Err(option_err("columns", "give a preset or columns, not both"));
        }
        (Some(p), None) => ExportProfile::preset(p.parse::<Preset>().napi()?),
        (None, Some(c)) => ExportProfile::column_ids(c.iter()).napi()?,
        (None, None) => ExportProfile::default(),
    };
    // a preset brings its product's rules; explicit rules win, else the preset's, else the log's
    if let Some(r) = o.rules {
        profile = profile.rules(rules_arg(Some(r))?);
    } else if o.preset.is_none() {
        profile = profile.rules(rules);
    }
    if let Some(l) = &o.locale {
        profile = profile.locale(l.parse::<cl::Locale>().napi()?);
    }
    if let Some(tz) = &o.time_zone {
        let tz: chrono_tz::Tz = tz
            .parse()
            .map_err(|_| option_err("timeZone", format!("{tz:?} is not an IANA time zone")))?;
        profile = profile.time_zone(tz);
    }
    if let Some(f) = &o.datetime_format {
        profile = profile.datetime_format(f.clone());
    }
    if let Some(d) = &o.durations {
        profile = profile.durations(named("durations", d)?);
    }
    if let Some(e) = &o.enums {
        profile = profile.enums(named("enums", e)?);
    }
    if let Some(l) = &o.layout {
        let layout = match (named::<Layout>("layout", l)?, o.repeat_contact_fields) {
            (Layout::Detailed { .. }, Some(repeat)) => Layout::Detailed {
                repeat_contact_fields: repeat,
            },
            (layout, _) => layout,
        };
        profile = profile.layout(layout);
    }
    if let Some(v) = &o.viewer {
        profile = profile.viewer(v.to_core()?);
    }
    if let Some(p) = &o.export_policy {
        let text = match p {
            Either::A(name) => name.clone(),
            Either::B(roles) => roles.join(","),
        };
        profile = profile.policy(text.parse().napi()?);
    }
    if let Some(c) = &o.csv {
        let mut csv = profile.csv.clone();
        if let Some(d) = &c.delimiter {
            let b = d.as_bytes();
            if b.len() != 1 || !b[0].is_ascii() || b[0] == b'"' || b[0] == b'\r' || b[0] == b'\n' {
                return Err(option_err(
                    "csv.delimiter",
                    format!("{d:?} is not one ASCII character"),
                ));
            }
            csv.delimiter = b[0];
        }
        if let Some(e) = &c.encoding {
            csv.encoding = named("csv.encoding", e)?;
        }
        if let Some(u) = &c.unencodable {
            csv.unencodable = named("csv.unencodable", u)?;
        }
        if let Some(t) = c.threads {
            csv.threads = t as usize;
        }
        profile = profile.csv(csv);
    }
    if let Some(x) = &o.xlsx {
        let mut xlsx = profile.xlsx.clone();
        if let Some(n) = &x.sheet_name {
            xlsx.sheet_name = Some(n.clone());
        }
        if let Some(n) = x.max_rows_per_sheet {
            xlsx.max_rows_per_sheet = n;
        }
        if let Some(n) = x.compression_level {
            xlsx.compression_level = u8::try_from(n)
                .map_err(|_| option_err("xlsx.compressionLevel", format!("{n} is not 1..=9")))?;
        }
        if let Some(f) = &x.datetime_format {
            xlsx.datetime_format = f.clone();
        }
        if let Some(b) = x.summary_sheet {
            xlsx.summary_sheet = b;
        }
        profile = profile.xlsx(xlsx);
    }
    // Who may export is known before anything starts: refuse here, not in a worker.
    profile.policy.check(&profile.viewer).napi()?;
    let mut control = new_control();
    if let Some(cap) = o.row_cap {
        if !(cap.is_finite() && cap >= 0.0) {
            return Err(option_err("rowCap", format!("{cap} is not a row count")));
        }
        control = control.with_row_cap(cap as u64);
    }
    let mut user_progress: Option<UserProgress> = None;
    if let Some(tsfn) = o.on_progress {
        let f = progress_hook(tsfn);
        let g = f.clone();
        control = control.try_on_progress(move |p| g(p));
        user_progress = Some(f);
    }
    if let Some(signal) = o.signal {
        let token: CancelToken = control.cancel_token();
        if signal.get::<bool>("aborted")?.unwrap_or(false) {
            token.cancel();
            aborted.store(true, Ordering::SeqCst);
        } else {
            let flag = aborted.clone();
            let on_abort = env.create_function_from_closure("onabort", move |_| {
                flag.store(true, Ordering::SeqCst);
                token.cancel();
                Ok(())
            })?;
            let add: AddEventListener = signal.get_named_property("addEventListener")?;
            add.apply(signal, ("abort", on_abort).into())?;
        }
    }
    Ok(Prepared {
        profile,
        control,
        aborted,
        user_progress,
    })
}

/// The names of the export presets (the seeds' layouts).
#[napi(ts_return_type = "ExportPreset[]")]
pub fn export_presets() -> Vec<String> {
    Preset::NAMES.iter().map(|n| n.to_string()).collect()
}

/// CSV or XLSX.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// RFC 4180 CSV.
    Csv,
    /// Excel workbook.
    Xlsx,
    /// A metrics workbook with charts (`exportSummaryXlsx`).
    Summary,
}

/// An export to a file, run on the libuv pool.
pub struct ExportTask {
    /// The records.
    pub records: Arc<Vec<cl::CallRecord>>,
    /// The target file.
    pub path: PathBuf,
    /// CSV or XLSX.
    pub format: Format,
    /// Everything else.
    pub prepared: Prepared,
}

impl ExportTask {
    /// Runs the export on the current thread.
    pub fn run(&self) -> cl::Result<ExportSummary> {
        let p = &self.prepared;
        match self.format {
            Format::Csv => {
                let mut sink =
                    CsvSink::<cl::CallRecord>::create(&self.path, &p.profile, &p.control)?;
                sink.write_batch(&self.records)?;
                sink.finish()
            }
            Format::Xlsx => {
                let mut sink =
                    XlsxSink::<cl::CallRecord>::create(&self.path, &p.profile, &p.control)?;
                for r in self.records.iter() {
                    sink.write(r)?;
                }
                sink.finish()
            }
            Format::Summary => {
                let s = cl::export::summary::SummaryOptions::for_profile(&p.profile);
                let viewer = &p.profile.viewer;
                cl::export::summary::export_summary_xlsx(
                    &self.path,
                    self.records.iter().filter(|r| viewer.can_see(r)),
                    &s,
                )
            }
        }
    }
}

/// Maps a failed export: a cancellation caused by the AbortSignal becomes an AbortError in lib.js.
pub fn export_error(err: cl::Error, aborted: bool) -> napi::Error {
    if aborted && matches!(err, cl::Error::Cancelled) {
        crate::errors::aborted()
    } else {
        to_napi(err)
    }
}

impl Task for ExportTask {
    type Output = ExportSummary;
    type JsValue = ExportResult;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        self.run().map_err(|e| {
            export_error(
                e,
                self.prepared
                    .aborted
                    .load(std::sync::atomic::Ordering::SeqCst),
            )
        })
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> napi::Result<Self::JsValue> {
        Ok(ExportResult::from_core(output))
    }
}

/// Pull-based CSV bytes for a stream: each `next()` writes records on the libuv pool until at
/// least a chunk is ready, so nothing is produced faster than the consumer reads.
pub struct CsvChunks {
    state: Arc<Mutex<ChunkState>>,
}

/// The sink and where it stands.
pub struct ChunkState {
    sink: Option<CsvSink<cl::CallRecord>>,
    buf: SharedBuf,
    records: Arc<Vec<cl::CallRecord>>,
    next: usize,
    aborted: Arc<std::sync::atomic::AtomicBool>,
    summary: Option<ExportSummary>,
}

/// A `Write` into a shared byte buffer, drained by `next()`.
#[derive(Clone, Default)]
pub struct SharedBuf(pub Arc<Mutex<Vec<u8>>>);

impl std::io::Write for SharedBuf {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("buffer lock").extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

const CHUNK: usize = 256 * 1024;

impl ChunkState {
    fn take(&self) -> Vec<u8> {
        std::mem::take(&mut *self.buf.0.lock().expect("buffer lock"))
    }

    /// The next chunk, or `None` at the end.
    fn next_chunk(&mut self) -> cl::Result<Option<Vec<u8>>> {
        loop {
            let Some(sink) = self.sink.as_mut() else {
                let rest = self.take();
                return Ok((!rest.is_empty()).then_some(rest));
            };
            if self.next < self.records.len() {
                let end = (self.next + 1024).min(self.records.len());
                for r in &self.records[self.next..end] {
                    sink.write(r)?;
                }
                self.next = end;
            } else {
                self.summary = Some(self.sink.take().expect("sink").finish()?);
            }
            if self.buf.0.lock().expect("buffer lock").len() >= CHUNK {
                return Ok(Some(self.take()));
            }
        }
    }
}

/// One `next()` of a CSV stream.
pub struct NextChunk {
    state: Arc<Mutex<ChunkState>>,
}

impl Task for NextChunk {
    type Output = Option<Vec<u8>>;
    type JsValue = Option<Buffer>;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        let mut s = self.state.lock().expect("stream lock");
        let r = s.next_chunk();
        r.map_err(|e| {
            s.sink = None; // dropping the sink discards what it holds
            // read after the failure: the signal may have fired while this chunk was written
            export_error(e, s.aborted.load(std::sync::atomic::Ordering::SeqCst))
        })
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> napi::Result<Self::JsValue> {
        Ok(output.map(Buffer::from))
    }
}

/// The native side of `CallLog.csvStream()`: `next()` resolves to the next chunk of CSV
/// bytes, or `null` at the end. Use the Node `Readable` from `csvStream()` instead.
#[napi]
pub struct CsvChunkSource {
    inner: CsvChunks,
    cancel: CancelToken,
}

#[napi]
impl CsvChunkSource {
    /// The next chunk (at least 256 KiB except the last), computed on the libuv pool; `null` at the end.
    #[napi(ts_return_type = "Promise<Buffer | null>")]
    pub fn next(&self) -> AsyncTask<NextChunk> {
        AsyncTask::new(NextChunk {
            state: self.inner.state.clone(),
        })
    }

    /// What was written, once `next()` has returned `null`.
    #[napi]
    pub fn summary(&self) -> Option<ExportResult> {
        let s = self.inner.state.lock().expect("stream lock");
        s.summary.clone().map(ExportResult::from_core)
    }

    /// Stops the export: the next `next()` rejects with CALLLOG_CANCELLED.
    #[napi]
    pub fn cancel(&self) {
        self.cancel.cancel();
    }
}

/// Starts a CSV stream over `records`.
pub fn csv_source(
    records: Arc<Vec<cl::CallRecord>>,
    prepared: Prepared,
) -> napi::Result<CsvChunkSource> {
    let buf = SharedBuf::default();
    let sink = CsvSink::<cl::CallRecord>::to_writer(
        Box::new(buf.clone()),
        &prepared.profile,
        &prepared.control,
    )
    .napi()?;
    Ok(CsvChunkSource {
        cancel: prepared.control.cancel_token(),
        inner: CsvChunks {
            state: Arc::new(Mutex::new(ChunkState {
                sink: Some(sink),
                buf,
                records,
                next: 0,
                aborted: prepared.aborted,
                summary: None,
            })),
        },
    })
}
