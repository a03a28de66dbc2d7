//! Exports: `CallLog.export_csv/export_xlsx`, the module-level `export_csv/export_xlsx` over
//! any iterable of records, and `read_csv`. The core writes the file with the GIL released;
//! a progress hook (every ~100 ms) calls the user's `progress=` callable and checks for
//! Ctrl-C, which cancels the export (no file is left) and raises `KeyboardInterrupt`.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use calllog::TimeDelta;
use calllog::export::{
    CancelToken, CsvEncoding, DurationFormat, EnumStyle, ExportControl, ExportProfile,
    ExportSummary, Layout, Preset, Progress, Unencodable,
};
use calllog::jobs::{JobHandle, JobOutput, JobRegistry};
use pyo3::exceptions::{PyTimeoutError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

use crate::access::PyViewer;
use crate::arrow::ArrowRows;
use crate::collection::{PyCallLog, record_from_py};
use crate::convert::{Conv, GcPause, IntoPyErr, Path};
use crate::model::{PyCallbackRecord, from_mapping, id_of};
use crate::rows::{Format, Rows};
use crate::rules::rules_arg;

fn option_error(option: &str, reason: impl Into<String>) -> PyErr {
    calllog::Error::ExportOption {
        option: option.into(),
        reason: reason.into(),
    }
    .into_pyerr()
}

fn core<T>(r: calllog::Result<T>) -> PyResult<T> {
    r.map_err(IntoPyErr::into_pyerr)
}

/// The keyword options shared by every export and by `read_csv`.
#[derive(Default)]
pub struct Options<'py> {
    /// Column ids, or `None` for the preset's.
    pub columns: Option<Vec<String>>,
    /// A preset name.
    pub preset: Option<String>,
    /// Header and label language.
    pub locale: Option<Bound<'py, PyAny>>,
    /// IANA time zone name or a `zoneinfo.ZoneInfo`.
    pub time_zone: Option<Bound<'py, PyAny>>,
    /// `strftime` format of date-times in CSV.
    pub datetime_format: Option<String>,
    /// `seconds` or `clock`.
    pub durations: Option<String>,
    /// `label` or `machine_name`.
    pub enums: Option<String>,
    /// Rules or a preset name.
    pub rules: Option<Bound<'py, PyAny>>,
    /// `simple` or `detailed`.
    pub layout: Option<String>,
    /// In the detailed layout: repeat the contact's fields on every detail row.
    pub repeat_contact_fields: bool,
    /// The viewer.
    pub viewer: Option<Bound<'py, PyAny>>,
    /// Who may export: a policy name or a list of roles.
    pub export_policy: Option<Bound<'py, PyAny>>,
}

impl Options<'_> {
    /// The core's profile for records of this kind.
    pub fn profile(&self, callbacks: bool) -> PyResult<ExportProfile> {
        let mut p = match (&self.columns, &self.preset) {
            (Some(_), Some(_)) => {
                return Err(option_error(
                    "columns",
                    "give either columns or preset, not both",
                ));
            }
            (Some(cols), None) => core(ExportProfile::column_ids(cols))?,
            (None, Some(name)) => ExportProfile::preset(core(name.parse::<Preset>())?),
            (None, None) if callbacks => ExportProfile::preset(Preset::Callbacks),
            (None, None) => ExportProfile::preset(Preset::Full),
        };
        if let Some(l) = &self.locale {
            p.locale = calllog::Locale::from_py(l, &Path::Field(&Path::Root(""), "locale"))?;
        }
        if let Some(tz) = &self.time_zone {
            let name = match tz.cast::<PyString>() {
                Ok(s) => s.to_cow()?.into_owned(),
                Err(_) if tz.hasattr("key")? => tz.getattr("key")?.extract::<String>()?,
                Err(_) => tz.str()?.to_cow()?.into_owned(),
            };
            p.time_zone = name.parse::<chrono_tz::Tz>().map_err(|_| {
                option_error(
                    "time_zone",
                    format!("unknown time zone {name:?}; use an IANA name such as Asia/Tokyo"),
                )
            })?;
        }
        if let Some(f) = &self.datetime_format {
            p.datetime_format = f.clone();
        }
        if let Some(d) = &self.durations {
            p.durations = match d.as_str() {
                "seconds" => DurationFormat::Seconds,
                "clock" => DurationFormat::Clock,
                _ => {
                    return Err(option_error(
                        "durations",
                        format!("{d:?}: use \"seconds\" or \"clock\""),
                    ));
                }
            };
        }
        if let Some(e) = &self.enums {
            p.enums = match e.as_str() {
                "label" | "labels" => EnumStyle::Label,
                "machine_name" | "machine_names" => EnumStyle::MachineName,
                _ => {
                    return Err(option_error(
                        "enums",
                        format!("{e:?}: use \"label\" or \"machine_name\""),
                    ));
                }
            };
        }
        if let Some(r) = &self.rules {
            p.rules = rules_arg(Some(r))?;
        }
        match self.layout.as_deref() {
            None => {}
            Some("simple") => p.layout = Layout::Simple,
            Some("detailed") => {
                p.layout = Layout::Detailed {
                    repeat_contact_fields: self.repeat_contact_fields,
                }
            }
            Some(l) => {
                return Err(option_error(
                    "layout",
                    format!("{l:?}: use \"simple\" or \"detailed\""),
                ));
            }
        }
        if let Some(v) = &self.viewer {
            p.viewer = match v.cast::<PyViewer>() {
                Ok(v) => v.get().inner.clone(),
                Err(_) => match v.cast::<PyDict>() {
                    Ok(d) => from_mapping(d, &Path::Field(&Path::Root(""), "viewer"))?,
                    Err(_) => {
                        return Err(PyTypeError::new_err("viewer must be a Viewer or a dict"));
                    }
                },
            };
        }
        if let Some(pol) = &self.export_policy {
            let text = match pol.cast::<PyString>() {
                Ok(s) => s.to_cow()?.into_owned(),
                Err(_) => pol
                    .try_iter()
                    .map_err(|_| {
                        PyTypeError::new_err(
                            "export_policy must be a policy name or a list of roles",
                        )
                    })?
                    .map(|r| {
                        r.and_then(|r| r.str()?.extract::<String>()).map(|r| {
                            // `Role.MANAGER` prints as `Role.MANAGER`; its value is the name.
                            r.rsplit('.').next().unwrap_or(&r).to_ascii_lowercase()
                        })
                    })
                    .collect::<PyResult<Vec<_>>>()?
                    .join(","),
            };
            p.policy = core(text.parse())?;
        }
        Ok(p)
    }
}

fn csv_options(
    p: &mut ExportProfile,
    delimiter: Option<&str>,
    encoding: Option<&str>,
    unencodable: Option<&str>,
) -> PyResult<()> {
    if let Some(d) = delimiter {
        let b = d.as_bytes();
        if b.len() != 1 {
            return Err(option_error(
                "delimiter",
                format!("{d:?} is not one ASCII character"),
            ));
        }
        p.csv.delimiter = b[0];
    }
    if let Some(e) = encoding {
        p.csv.encoding = match e.to_ascii_lowercase().replace('_', "-").as_str() {
            "auto" => CsvEncoding::Auto,
            "utf-8" | "utf8" => CsvEncoding::Utf8,
            "utf-8-sig" | "utf-8-bom" | "utf8-bom" => CsvEncoding::Utf8Bom,
            "cp932" | "shift-jis" | "sjis" | "windows-31j" | "ms932" => CsvEncoding::Cp932,
            _ => {
                return Err(option_error(
                    "encoding",
                    format!(
                        "{e:?}: use \"auto\" (the language's default), \"utf-8\", \"utf-8-sig\" (with BOM, for Excel in Japan) or \"cp932\""
                    ),
                ));
            }
        };
    }
    if let Some(u) = unencodable {
        p.csv.unencodable = match u {
            "error" => Unencodable::Error,
            "replace" => Unencodable::Replace,
            _ => {
                return Err(option_error(
                    "unencodable",
                    format!("{u:?}: use \"error\" or \"replace\""),
                ));
            }
        };
    }
    Ok(())
}

/// What an export did.
#[pyclass(frozen, get_all, module = "calllog", name = "ExportSummary")]
pub struct PyExportSummary {
    /// The file written.
    path: PathBuf,
    /// Records written.
    records: u64,
    /// Data rows written (more than `records` in the detailed layout).
    rows: u64,
    /// Records skipped because the viewer may not see them.
    skipped_records: u64,
    /// Worksheets (1 for CSV).
    sheets: u32,
    /// XLSX text cells cut at Excel's 32,767 characters.
    truncated_cells: u64,
    /// Characters replaced by `?` because the CSV encoding cannot hold them.
    replaced_characters: u64,
    /// Size of the file in bytes.
    bytes: u64,
    /// Time taken by the export.
    elapsed: TimeDelta,
    /// Ids of the columns dropped because the viewer may not see them.
    dropped_columns: Vec<String>,
}

#[pymethods]
impl PyExportSummary {
    fn __repr__(&self) -> String {
        format!(
            "ExportSummary(path='{}', records={}, rows={}, skipped_records={}, sheets={}, bytes={})",
            self.path.display(),
            self.records,
            self.rows,
            self.skipped_records,
            self.sheets,
            self.bytes
        )
    }
}

impl From<ExportSummary> for PyExportSummary {
    fn from(s: ExportSummary) -> Self {
        PyExportSummary {
            path: s.path,
            records: s.records,
            rows: s.rows,
            skipped_records: s.skipped_records,
            sheets: s.sheets,
            truncated_cells: s.truncated_cells,
            replaced_characters: s.replaced_characters,
            bytes: s.bytes,
            elapsed: TimeDelta::from_std(s.elapsed).unwrap_or_default(),
            dropped_columns: s.dropped_columns,
        }
    }
}

/// Where an export stands, as passed to a `progress=` callable.
#[pyclass(frozen, get_all, module = "calllog", name = "ExportProgress")]
pub struct PyExportProgress {
    /// Records written so far.
    rows: u64,
    /// Records expected in all.
    total: Option<u64>,
    /// Bytes written so far.
    bytes: u64,
    /// The export has finished (the last call).
    done: bool,
}

#[pymethods]
impl PyExportProgress {
    fn __repr__(&self) -> String {
        let total = self.total.map_or("None".to_string(), |t| t.to_string());
        let done = if self.done { "True" } else { "False" };
        format!(
            "ExportProgress(rows={}, total={total}, bytes={}, done={done})",
            self.rows, self.bytes
        )
    }
}

/// Calls the user's progress callable (a function taking an `ExportProgress`, or a
/// tqdm-like bar with `update()`), and turns Ctrl-C into a cancel.
struct Hook {
    callback: Option<Py<PyAny>>,
    is_bar: bool,
    cancel: CancelToken,
    failure: Mutex<Option<PyErr>>,
    reported: Mutex<u64>,
}

impl Hook {
    fn new(
        py: Python<'_>,
        progress: Option<&Bound<'_, PyAny>>,
        total: Option<u64>,
        cancel: CancelToken,
    ) -> PyResult<Self> {
        let mut is_bar = false;
        if let Some(p) = progress {
            is_bar = p.hasattr("update")? && p.hasattr("n")?;
            if is_bar {
                // a tqdm bar: tell it the total when it does not know it
                if p.getattr("total")?.is_none() {
                    p.setattr("total", total)?;
                }
            } else if !p.is_callable() {
                return Err(PyTypeError::new_err(
                    "progress must be a callable taking an ExportProgress, or a tqdm-like bar",
                ));
            }
        }
        let _ = py;
        Ok(Hook {
            callback: progress.map(|p| p.clone().unbind()),
            is_bar,
            cancel,
            failure: Mutex::new(None),
            reported: Mutex::new(0),
        })
    }

    /// Calls the callable; `Err` (the export stops, no file is renamed onto the target) when it
    /// raised or Ctrl-C arrived. The exception itself is kept for [`Hook::finish`].
    fn call(&self, p: &Progress) -> Result<(), String> {
        Python::attach(|py| {
            let result = (|| -> PyResult<()> {
                py.check_signals()?;
                if let Some(cb) = &self.callback {
                    let cb = cb.bind(py);
                    if self.is_bar {
                        let mut last = self.reported.lock().unwrap_or_else(|e| e.into_inner());
                        if p.rows > *last {
                            cb.call_method1("update", (p.rows - *last,))?;
                            *last = p.rows;
                        }
                        if p.done {
                            cb.call_method0("refresh")?;
                        }
                    } else {
                        cb.call1((PyExportProgress {
                            rows: p.rows,
                            total: p.total,
                            bytes: p.bytes,
                            done: p.done,
                        },))?;
                    }
                }
                Ok(())
            })();
            result.map_err(|e| {
                let message = e.to_string();
                let mut slot = self.failure.lock().unwrap_or_else(|e| e.into_inner());
                if slot.is_none() {
                    *slot = Some(e);
                }
                self.cancel.cancel();
                message
            })
        })
    }

    /// The error to raise: the callable's (or Ctrl-C's) when it caused the cancel.
    fn finish<T>(&self, result: calllog::Result<T>) -> PyResult<T> {
        let stored = self
            .failure
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        match (result, stored) {
            (Ok(v), None) => Ok(v),
            (Ok(_), Some(e)) => Err(e),
            (Err(_), Some(e)) => Err(e),
            (Err(e), None) => Err(e.into_pyerr()),
        }
    }
}

/// Runs one export with the GIL released.
#[allow(clippy::too_many_arguments)]
pub fn run_export(
    py: Python<'_>,
    format: Format,
    path: PathBuf,
    rows: Rows,
    mut profile: ExportProfile,
    progress: Option<&Bound<'_, PyAny>>,
    row_cap: Option<u64>,
    csv: (Option<&str>, Option<&str>, Option<&str>),
    xlsx: (Option<String>, Option<u8>, bool),
    threads: Option<usize>,
    background: bool,
) -> PyResult<Exported> {
    // Who may export is known before anything starts: refuse here, not in a worker.
    core(profile.policy.check(&profile.viewer))?;
    if let Format::Csv = format {
        csv_options(&mut profile, csv.0, csv.1, csv.2)?;
        if let Some(t) = threads {
            profile.csv.threads = t;
        }
    }
    if let Some(name) = xlsx.0 {
        profile.xlsx.sheet_name = Some(name);
    }
    if let Some(level) = xlsx.1 {
        profile.xlsx.compression_level = level;
    }
    profile.xlsx.summary_sheet = xlsx.2;
    if background {
        if progress.is_some() {
            return Err(option_error(
                "progress",
                "a background export reports through job.progress; progress= is for direct exports",
            ));
        }
        return Ok(Exported::Job(start_job(
            py, format, path, rows, profile, row_cap,
        )?));
    }
    let cancel = CancelToken::new();
    let total = rows.len().map(|n| n as u64);
    let hook = Arc::new(Hook::new(py, progress, total, cancel.clone())?);
    let mut control = ExportControl::new().with_cancel(cancel);
    if let Some(total) = total {
        control = control.with_total(total);
    }
    if let Some(cap) = row_cap {
        control = control.with_row_cap(cap);
    }
    let h = hook.clone();
    control = control.try_on_progress(move |p| h.call(p));
    let result = py.detach(move || rows.write(format, &path, &profile, &control));
    // a signal that arrived after the last progress call still interrupts
    let result = hook.finish(result)?;
    py.check_signals()?;
    Ok(Exported::Summary(result.into()))
}

/// What an export call returns: its summary, or the job of a background export.
pub enum Exported {
    /// A direct export's summary.
    Summary(PyExportSummary),
    /// A background export's job.
    Job(PyExportJob),
}

impl<'py> IntoPyObject<'py> for Exported {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match self {
            Exported::Summary(s) => Ok(Bound::new(py, s)?.into_any()),
            Exported::Job(j) => Ok(Bound::new(py, j)?.into_any()),
        }
    }
}

fn registry() -> &'static JobRegistry {
    static REGISTRY: OnceLock<JobRegistry> = OnceLock::new();
    REGISTRY.get_or_init(JobRegistry::new)
}

type JobResult = Arc<Mutex<Option<ExportSummary>>>;

fn start_job(
    py: Python<'_>,
    format: Format,
    path: PathBuf,
    rows: Rows,
    profile: ExportProfile,
    row_cap: Option<u64>,
) -> PyResult<PyExportJob> {
    let total = rows.len().map(|n| n as u64);
    let result: JobResult = Arc::new(Mutex::new(None));
    let slot = result.clone();
    let label = path.display().to_string();
    let shown = path.clone();
    let handle = py.detach(move || {
        registry().start(label, move |ctl| {
            let mut control = ctl.export_control(total);
            if let Some(cap) = row_cap {
                control = control.with_row_cap(cap);
            }
            // the registry keeps a failure's typed error (JobHandle::error); the summary, which
            // says more than JobOutput, is kept here
            let summary = rows.write(format, &path, &profile, &control)?;
            *slot.lock().unwrap_or_else(|e| e.into_inner()) = Some(summary.clone());
            Ok(JobOutput::from(summary))
        })
    });
    Ok(PyExportJob {
        handle: handle.map_err(IntoPyErr::into_pyerr)?,
        result,
        path: shown,
    })
}

/// A background export (seed 001's asynchronous search): `state`, `progress`, `cancel()`,
/// `wait(timeout)`, `result(timeout)`. The export runs on a worker thread of the core's job
/// registry; the file appears only when it succeeds.
#[pyclass(frozen, module = "calllog", name = "ExportJob")]
pub struct PyExportJob {
    handle: JobHandle,
    result: JobResult,
    path: PathBuf,
}

#[pymethods]
impl PyExportJob {
    /// The job's id in the registry.
    #[getter]
    fn id(&self) -> u64 {
        self.handle.id()
    }

    /// The file the job writes.
    #[getter]
    fn path(&self) -> PathBuf {
        self.path.clone()
    }

    /// `JobState.PENDING`, `RUNNING`, `DONE`, `FAILED` or `CANCELLED`.
    #[getter]
    fn state<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.handle
            .status()
            .state
            .to_py(py, crate::convert::Mode::Objects)
    }

    /// Rows written so far and the total.
    #[getter]
    fn progress(&self) -> PyExportProgress {
        let s = self.handle.status();
        PyExportProgress {
            rows: s.rows,
            total: s.total,
            bytes: s.output.as_ref().map_or(0, |o| o.bytes),
            done: s.state.is_finished(),
        }
    }

    /// Asks the job to stop; a cancelled job leaves no file.
    fn cancel(&self) {
        self.handle.cancel();
    }

    /// Waits until the job has finished, at most `timeout` seconds (`None`: no limit), with
    /// the GIL released; returns whether it has finished. Ctrl-C interrupts the wait (not
    /// the job).
    #[pyo3(signature = (timeout = None))]
    fn wait(&self, py: Python<'_>, timeout: Option<f64>) -> PyResult<bool> {
        let deadline = timeout.map(|t| Instant::now() + Duration::from_secs_f64(t.max(0.0)));
        loop {
            let slice = match deadline {
                Some(d) => d
                    .saturating_duration_since(Instant::now())
                    .min(Duration::from_millis(100)),
                None => Duration::from_millis(100),
            };
            let h = &self.handle;
            if py.detach(|| h.wait_timeout(slice)).is_some() {
                return Ok(true);
            }
            py.check_signals()?;
            if deadline.is_some_and(|d| Instant::now() >= d) {
                return Ok(false);
            }
        }
    }

    /// The export's summary once it has finished (waiting at most `timeout` seconds):
    /// raises the export's error if it failed, `CancelledError` if it was cancelled, and
    /// `TimeoutError` if it has not finished in time.
    #[pyo3(signature = (timeout = None))]
    fn result(&self, py: Python<'_>, timeout: Option<f64>) -> PyResult<PyExportSummary> {
        if !self.wait(py, timeout)? {
            return Err(PyTimeoutError::new_err(format!(
                "the export to {} has not finished",
                self.path.display()
            )));
        }
        let status = self.handle.status();
        if let Some(s) = self
            .result
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
        {
            return Ok(s.into());
        }
        Err(match (status.state, self.handle.error()) {
            (calllog::JobState::Cancelled, _) => calllog::Error::Cancelled.into_pyerr(),
            (_, Some(e)) => e.into_pyerr(),
            (_, None) => calllog::Error::Internal(
                status
                    .error
                    .unwrap_or_else(|| "the job ended without a result".into()),
            )
            .into_pyerr(),
        })
    }

    fn __repr__(&self) -> String {
        let s = self.handle.status();
        format!(
            "<ExportJob {} {} {}/{} rows -> {}>",
            s.id,
            s.state,
            s.rows,
            s.total.map_or("?".into(), |t| t.to_string()),
            self.path.display()
        )
    }
}

/// Records from any iterable of `CallRecord`/`CallbackRecord` objects or dicts (dicts are
/// calls unless `callbacks=True`), or an Arrow stream. With `ignore_unknown`, keys of dicts and
/// Arrow columns that no field has are skipped instead of refused.
pub fn rows_from(
    records: &Bound<'_, PyAny>,
    callbacks: bool,
    validate: bool,
    ignore_unknown: bool,
) -> PyResult<Rows> {
    let _lenient = crate::model::Lenient::new(ignore_unknown);
    if let Ok(log) = records.cast::<PyCallLog>() {
        return Ok(log.get().rows());
    }
    if !callbacks
        && (records.hasattr("__arrow_c_stream__")? || records.hasattr("__arrow_c_array__")?)
    {
        // a pandas DataFrame has an Arrow stream too, but `from_pandas` knows its columns
        if is_pandas_frame(records)? {
            return Ok(PyCallLog::from_pandas_frame(records, validate)?.rows());
        }
        return Ok(Rows::Arrow(ArrowRows::new(
            records,
            validate,
            ignore_unknown,
        )?));
    }
    let _gc = GcPause::new(records.py());
    let items: Vec<Bound<'_, PyAny>> = records.try_iter()?.collect::<PyResult<_>>()?;
    let is_callbacks = callbacks
        || items
            .first()
            .is_some_and(|i| i.is_instance_of::<PyCallbackRecord>());
    if is_callbacks {
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let rec = if let Ok(c) = item.cast::<PyCallbackRecord>() {
                c.get().inner.clone()
            } else if let Ok(d) = item.cast::<PyDict>() {
                let id = id_of(d);
                from_mapping(d, &Path::Root(&id))?
            } else {
                return Err(PyTypeError::new_err(format!(
                    "record {i}: expected CallbackRecord or dict, got {}",
                    item.get_type().name()?
                )));
            };
            if validate {
                core(rec.validate())?;
            }
            out.push(rec);
        }
        return Ok(Rows::Callbacks(out));
    }
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let rec = record_from_py(item, i)?;
        if validate {
            core(rec.validate())?;
        }
        out.push(rec);
    }
    Ok(Rows::Calls(Arc::new(out)))
}

/// `export_csv(records, path, **options)`: see `CallLog.export_csv`.
#[pyfunction]
#[pyo3(signature = (records, path, *, columns = None, preset = None, locale = None, time_zone = None,
    datetime_format = None, durations = None, enums = None, rules = None, layout = None,
    repeat_contact_fields = true, viewer = None, export_policy = None, delimiter = None, encoding = None,
    unencodable = None, threads = None, progress = None, row_cap = None, callbacks = false, validate = true,
    ignore_unknown = false, background = false))]
#[allow(clippy::too_many_arguments)]
pub fn export_csv<'py>(
    py: Python<'py>,
    records: &Bound<'py, PyAny>,
    path: PathBuf,
    columns: Option<Vec<String>>,
    preset: Option<String>,
    locale: Option<Bound<'py, PyAny>>,
    time_zone: Option<Bound<'py, PyAny>>,
    datetime_format: Option<String>,
    durations: Option<String>,
    enums: Option<String>,
    rules: Option<Bound<'py, PyAny>>,
    layout: Option<String>,
    repeat_contact_fields: bool,
    viewer: Option<Bound<'py, PyAny>>,
    export_policy: Option<Bound<'py, PyAny>>,
    delimiter: Option<&str>,
    encoding: Option<&str>,
    unencodable: Option<&str>,
    threads: Option<usize>,
    progress: Option<&Bound<'py, PyAny>>,
    row_cap: Option<u64>,
    callbacks: bool,
    validate: bool,
    ignore_unknown: bool,
    background: bool,
) -> PyResult<Exported> {
    let rows = rows_from(records, callbacks, validate, ignore_unknown)?;
    let opts = Options {
        columns,
        preset,
        locale,
        time_zone,
        datetime_format,
        durations,
        enums,
        rules,
        layout,
        repeat_contact_fields,
        viewer,
        export_policy,
    };
    let profile = opts.profile(matches!(rows, Rows::Callbacks(_)))?;
    run_export(
        py,
        Format::Csv,
        path,
        rows,
        profile,
        progress,
        row_cap,
        (delimiter, encoding, unencodable),
        (None, None, false),
        threads,
        background,
    )
}

/// `export_xlsx(records, path, **options)`: see `CallLog.export_xlsx`.
#[pyfunction]
#[pyo3(signature = (records, path, *, columns = None, preset = None, locale = None, time_zone = None,
    datetime_format = None, durations = None, enums = None, rules = None, layout = None,
    repeat_contact_fields = true, viewer = None, export_policy = None, sheet_name = None, compression_level = None, summary_sheet = false,
    progress = None, row_cap = None, callbacks = false, validate = true, ignore_unknown = false,
    background = false))]
#[allow(clippy::too_many_arguments)]
pub fn export_xlsx<'py>(
    py: Python<'py>,
    records: &Bound<'py, PyAny>,
    path: PathBuf,
    columns: Option<Vec<String>>,
    preset: Option<String>,
    locale: Option<Bound<'py, PyAny>>,
    time_zone: Option<Bound<'py, PyAny>>,
    datetime_format: Option<String>,
    durations: Option<String>,
    enums: Option<String>,
    rules: Option<Bound<'py, PyAny>>,
    layout: Option<String>,
    repeat_contact_fields: bool,
    viewer: Option<Bound<'py, PyAny>>,
    export_policy: Option<Bound<'py, PyAny>>,
    sheet_name: Option<String>,
    compression_level: Option<u8>,
    summary_sheet: bool,
    progress: Option<&Bound<'py, PyAny>>,
    row_cap: Option<u64>,
    callbacks: bool,
    validate: bool,
    ignore_unknown: bool,
    background: bool,
) -> PyResult<Exported> {
    let rows = rows_from(records, callbacks, validate, ignore_unknown)?;
    let opts = Options {
        columns,
        preset,
        locale,
        time_zone,
        datetime_format,
        durations,
        enums,
        rules,
        layout,
        repeat_contact_fields,
        viewer,
        export_policy,
    };
    let profile = opts.profile(matches!(rows, Rows::Callbacks(_)))?;
    run_export(
        py,
        Format::Xlsx,
        path,
        rows,
        profile,
        progress,
        row_cap,
        (None, None, None),
        (sheet_name, compression_level, summary_sheet),
        None,
        background,
    )
}

/// `export_summary_xlsx(records, path, *, locale, time_zone, service_level, short_abandon,
/// rules, viewer)`: a workbook of its own with the metrics per hour, day, queue and agent (ASR
/// and ACD included), the results of attempts and native charts, in `locale`.
#[pyfunction]
#[pyo3(signature = (records, path, *, locale = None, time_zone = None, service_level = None,
    short_abandon = None, rules = None, viewer = None, validate = true, ignore_unknown = false))]
#[allow(clippy::too_many_arguments)]
pub fn export_summary_xlsx<'py>(
    py: Python<'py>,
    records: &Bound<'py, PyAny>,
    path: PathBuf,
    locale: Option<Bound<'py, PyAny>>,
    time_zone: Option<Bound<'py, PyAny>>,
    service_level: Option<Bound<'py, PyAny>>,
    short_abandon: Option<Bound<'py, PyAny>>,
    rules: Option<Bound<'py, PyAny>>,
    viewer: Option<Bound<'py, PyAny>>,
    validate: bool,
    ignore_unknown: bool,
) -> PyResult<PyExportSummary> {
    let opts = Options {
        locale,
        time_zone,
        rules,
        viewer,
        ..Default::default()
    };
    let profile = opts.profile(false)?;
    let mut s = calllog::export::summary::SummaryOptions::for_profile(&profile);
    let secs = |v: &Bound<'py, PyAny>, name: &str| -> PyResult<TimeDelta> {
        TimeDelta::from_py(v, &Path::Root(name))
    };
    if let Some(v) = &service_level {
        s.metrics.service_level = secs(v, "service_level")?;
    }
    if let Some(v) = &short_abandon {
        s.metrics.short_abandon = secs(v, "short_abandon")?;
    }
    let rows = rows_from(records, false, validate, ignore_unknown)?;
    let Rows::Calls(calls) = rows else {
        return Err(option_error("records", "a summary is of call records"));
    };
    let viewer = profile.viewer.clone();
    let summary = py.detach(move || {
        calllog::export::summary::export_summary_xlsx(
            &path,
            calls.iter().filter(|r| viewer.can_see(r)),
            &s,
        )
    });
    Ok(PyExportSummary::from(core(summary)?))
}

/// Reads a CSV file written by calllog (any locale, UTF-8 with or without BOM, or CP932)
/// back into a `CallLog`. Give the same `preset`/`columns`, `time_zone`, `datetime_format`
/// and `delimiter` as the export; with the default `full` preset the round trip is lossless.
#[pyfunction]
#[pyo3(signature = (path, *, columns = None, preset = None, locale = None, time_zone = None,
    datetime_format = None, durations = None, delimiter = None, validate = true))]
#[allow(clippy::too_many_arguments)]
pub fn read_csv<'py>(
    py: Python<'py>,
    path: PathBuf,
    columns: Option<Vec<String>>,
    preset: Option<String>,
    locale: Option<Bound<'py, PyAny>>,
    time_zone: Option<Bound<'py, PyAny>>,
    datetime_format: Option<String>,
    durations: Option<String>,
    delimiter: Option<&str>,
    validate: bool,
) -> PyResult<PyCallLog> {
    let opts = Options {
        columns,
        preset,
        locale,
        time_zone,
        datetime_format,
        durations,
        ..Default::default()
    };
    let mut profile = opts.profile(false)?;
    csv_options(&mut profile, delimiter, None, None)?;
    let records = py.detach(move || calllog::read::read_csv(&path, &profile));
    let records = core(records)?;
    if validate {
        for r in &records {
            core(r.validate())?;
        }
    }
    Ok(PyCallLog::of(records))
}

/// `read_source(path, source, *, time_zone=None, validate=True)`: reads the call records a
/// phone system wrote (`"asterisk_csv"`: Asterisk's `Master.csv`; `"freeswitch_csv"`:
/// FreeSWITCH `mod_cdr_csv`, default template; `"freeswitch_json"`: `mod_json_cdr` documents;
/// `"twilio_json"`: Twilio Call resources, single, list pages or JSON lines; `"connect_ctr"`:
/// Amazon Connect contact records as Kinesis delivers them; the field mapping is the core's
/// `calllog::sources` table) into a `CallLog`. `time_zone` is the zone of the file's
/// local times (the PBX's); UTC by default. Errors name the file, line and field.
#[pyfunction]
#[pyo3(signature = (path, source, *, time_zone = None, validate = true))]
pub fn read_source<'py>(
    py: Python<'py>,
    path: PathBuf,
    source: &str,
    time_zone: Option<Bound<'py, PyAny>>,
    validate: bool,
) -> PyResult<PyCallLog> {
    use calllog::sources::{Source, SourceOptions};
    let source: Source = core(source.parse())?;
    let tz = Options {
        time_zone,
        ..Default::default()
    }
    .profile(false)?
    .time_zone;
    let opts = SourceOptions::new().time_zone(tz);
    let records = py.detach(move || -> calllog::Result<Vec<calllog::CallRecord>> {
        calllog::sources::read(&path, source, &opts)?.collect()
    });
    let records = core(records)?;
    if validate {
        for r in &records {
            core(r.validate())?;
        }
    }
    Ok(PyCallLog::of(records))
}

/// The export column ids for `kind` (`"call"` or `"callback"`), in catalogue order.
#[pyfunction]
#[pyo3(signature = (kind = "call"))]
pub fn export_columns(kind: &str) -> PyResult<Vec<String>> {
    use calllog::export::{Column, RecordKind};
    let k = match kind {
        "call" => RecordKind::Call,
        "callback" => RecordKind::Callback,
        _ => {
            return Err(PyValueError::new_err(format!(
                "kind {kind:?}: use \"call\" or \"callback\""
            )));
        }
    };
    Ok(Column::all(k)
        .into_iter()
        .map(|c| c.id().into_owned())
        .collect())
}

/// The names of the export presets.
#[pyfunction]
pub fn export_presets() -> Vec<&'static str> {
    Preset::NAMES.to_vec()
}

/// Registers the functions and classes of this file.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyExportSummary>()?;
    m.add_class::<PyExportProgress>()?;
    m.add_class::<PyExportJob>()?;
    m.add_function(wrap_pyfunction!(export_csv, m)?)?;
    m.add_function(wrap_pyfunction!(export_xlsx, m)?)?;
    m.add_function(wrap_pyfunction!(read_csv, m)?)?;
    m.add_function(wrap_pyfunction!(read_source, m)?)?;
    m.add_function(wrap_pyfunction!(export_summary_xlsx, m)?)?;
    m.add_function(wrap_pyfunction!(export_columns, m)?)?;
    m.add_function(wrap_pyfunction!(export_presets, m)?)?;
    Ok(())
}

/// Whether `ob` is a pandas `DataFrame` (without importing pandas when it is not loaded).
fn is_pandas_frame(ob: &Bound<'_, PyAny>) -> PyResult<bool> {
    let py = ob.py();
    let modules = py.import("sys")?.getattr("modules")?;
    let Some(pd) = modules
        .call_method1("get", ("pandas",))?
        .cast_into::<PyModule>()
        .ok()
    else {
        return Ok(false);
    };
    ob.is_instance(&pd.getattr("DataFrame")?)
}
