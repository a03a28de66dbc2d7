//! `CallLog`: records held on the Rust side, built from Python records, dicts or a pandas
//! DataFrame, and turned back into a DataFrame with the derived columns.

use std::sync::{Arc, Mutex, OnceLock};

use calllog::{CallRecord, TimeDelta};
use pyo3::exceptions::{PyIndexError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyDict, PyList, PySlice, PyString};

use crate::convert::{Cell, GcPause, IntoPyErr, Path, is_missing};
use crate::frame::{Frame, LEGACY_DERIVED_COLUMNS};
use crate::model::{Fields, PyCallRecord, from_mapping, id_of};
use crate::rows::Rows;
use crate::rules::rules_arg;

fn arrow_helpers(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    static MODULE: PyOnceLock<Py<PyModule>> = PyOnceLock::new();
    MODULE
        .get_or_try_init(py, || py.import("calllog._arrow").map(Bound::unbind))
        .map(|m| m.bind(py))
}

fn pandas_helpers(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    static MODULE: PyOnceLock<Py<PyModule>> = PyOnceLock::new();
    MODULE
        .get_or_try_init(py, || py.import("calllog._pandas").map(Bound::unbind))
        .map(|m| m.bind(py))
}

/// One record from a `CallRecord` or a dict; `i` is its position, for errors.
pub fn record_from_py(ob: &Bound<'_, PyAny>, i: usize) -> PyResult<CallRecord> {
    if let Ok(r) = ob.cast::<PyCallRecord>() {
        return Ok(r.get().inner.clone());
    }
    if let Ok(d) = ob.cast::<PyDict>() {
        let id = id_of(d);
        return from_mapping(d, &Path::Root(&id));
    }
    let t = ob.get_type().name()?.to_string();
    Err(PyTypeError::new_err(format!(
        "record {i}: expected CallRecord or dict, got {t}"
    )))
}

/// Says which input record an error is about: a `TypeError` gets `input record {i}: ` in front of
/// its message (the original is its `__cause__`); calllog's errors get an `index` attribute.
pub fn at_index(py: Python<'_>, e: PyErr, i: usize) -> PyErr {
    if e.is_instance_of::<PyTypeError>(py) {
        let new = PyTypeError::new_err(format!("input record {i}: {}", e.value(py)));
        new.set_cause(py, Some(e));
        return new;
    }
    let _ = e.value(py).setattr("index", i);
    e
}

/// Records from any iterable of `CallRecord`s or dicts.
pub fn records_from_iterable(ob: &Bound<'_, PyAny>, validate: bool) -> PyResult<Vec<CallRecord>> {
    if let Ok(log) = ob.cast::<PyCallLog>() {
        return Ok(log.get().records(ob.py())?.as_ref().clone());
    }
    let _gc = GcPause::new(ob.py());
    let mut out = Vec::with_capacity(ob.len().unwrap_or(0));
    for (i, item) in ob.try_iter()?.enumerate() {
        let rec = record_from_py(&item?, i).map_err(|e| at_index(ob.py(), e, i))?;
        if validate {
            rec.validate()
                .map_err(|e| at_index(ob.py(), e.into_pyerr(), i))?;
        }
        out.push(rec);
    }
    Ok(out)
}

enum Src<'py> {
    Skip,
    Ts(Bound<'py, PyBytes>),
    Dur(Bound<'py, PyBytes>),
    Obj(Bound<'py, PyList>),
}

fn nth_i64(bytes: &[u8], i: usize) -> i64 {
    let mut b = [0u8; 8];
    b.copy_from_slice(&bytes[i * 8..i * 8 + 8]);
    i64::from_le_bytes(b)
}

/// The error for a DataFrame column that is no `CallRecord` field.
pub fn unknown_column(name: &str) -> PyErr {
    PyValueError::new_err(format!(
        "unknown column '{name}': columns are CallRecord fields (nested ones dotted, e.g. \
         `timeline.started_at`); pass ignore_unknown=True to skip others"
    ))
}

/// The records of a DataFrame: its columns as Rust buffers when they all have one (records
/// are then built when needed), else the records themselves, converted cell by cell.
fn from_frame(df: &Bound<'_, PyAny>, validate: bool, ignore_unknown: bool) -> PyResult<PyCallLog> {
    let py = df.py();
    let table = arrow_helpers(py)?.getattr("frame_to_arrow")?.call1((df,))?;
    if !table.is_none() {
        return crate::arrow::records_from_arrow(&table, validate, ignore_unknown)
            .map(PyCallLog::of);
    }
    if let Some(frame) = crate::frame::read(df, pandas_helpers(py)?, ignore_unknown, validate)? {
        return Ok(PyCallLog::of_frame(frame));
    }
    from_cells(df, validate, ignore_unknown).map(PyCallLog::of)
}

/// `from_pandas` one Python object per cell: every dtype, every field type.
fn from_cells(
    df: &Bound<'_, PyAny>,
    validate: bool,
    ignore_unknown: bool,
) -> PyResult<Vec<CallRecord>> {
    let py = df.py();
    let _gc = GcPause::new(py);
    let (n, cols): (usize, Vec<(String, String, Bound<'_, PyAny>)>) = pandas_helpers(py)?
        .getattr("columns_in")?
        .call1((df,))?
        .extract()?;
    // the id first, so that errors in the other columns name the record
    let mut cols: Vec<(String, Src<'_>)> = cols
        .into_iter()
        .map(|(name, kind, data)| {
            let src = if LEGACY_DERIVED_COLUMNS.contains(&name.as_str())
                || calllog::arrow::DERIVED.contains(&name.as_str())
            {
                Src::Skip
            } else {
                match kind.as_str() {
                    "ts" => Src::Ts(data.cast_into()?),
                    "dur" => Src::Dur(data.cast_into()?),
                    _ => Src::Obj(data.cast_into()?),
                }
            };
            Ok((name, src))
        })
        .collect::<PyResult<_>>()?;
    cols.sort_by_key(|(name, _)| name != "id");
    for (name, src) in &cols {
        let len = match src {
            Src::Skip => n,
            Src::Ts(b) | Src::Dur(b) => b.as_bytes().len() / 8,
            Src::Obj(l) => l.len(),
        };
        if len != n {
            return Err(PyValueError::new_err(format!(
                "column {name:?} has {len} values, expected {n}"
            )));
        }
    }
    // resolve each column to its field once
    let mut setters = Vec::with_capacity(cols.len());
    for (name, src) in cols {
        if matches!(src, Src::Skip) {
            continue;
        }
        match <CallRecord as Fields>::setter(&name) {
            Some(set) => setters.push((name == "id", set, src)),
            None if ignore_unknown => {}
            None => return Err(unknown_column(&name)),
        }
    }
    // records are built in place (a CallRecord is ~1.5 KB: no second copy per row)
    let mut out: Vec<CallRecord> = Vec::with_capacity(n);
    let mut id = String::new();
    for i in 0..n {
        out.push(CallRecord::default());
        let rec = out.last_mut().expect("just pushed");
        id.clear();
        for (is_id, set, src) in &setters {
            let cell = match src {
                Src::Skip => continue,
                Src::Ts(b) => Cell::Ts(match nth_i64(b.as_bytes(), i) {
                    i64::MIN => None,
                    ns => Some(chrono_from_nanos(ns)),
                }),
                Src::Dur(b) => Cell::Dur(match nth_i64(b.as_bytes(), i) {
                    i64::MIN => None,
                    ns => Some(TimeDelta::nanoseconds(ns)),
                }),
                Src::Obj(l) => {
                    // missing the same way as in a buffer column: `None` for optional
                    // fields, "a value is required" for the others
                    let o = l.get_item(i)?;
                    if is_missing(&o) {
                        Cell::Missing
                    } else {
                        Cell::Obj(o)
                    }
                }
            };
            set(rec, cell, &Path::Root(&id))?;
            if *is_id {
                id.push_str(&rec.id);
            }
        }
        if validate {
            rec.validate().map_err(IntoPyErr::into_pyerr)?;
        }
    }
    Ok(out)
}

fn chrono_from_nanos(ns: i64) -> calllog::Timestamp {
    calllog::chrono::DateTime::from_timestamp_nanos(ns)
}

/// A collection of call records held on the Rust side.
///
/// Build it with ``CallLog.from_records(iterable)`` (``CallRecord`` objects or dicts) or
/// ``CallLog.from_pandas(df)``; index it, slice it, iterate it, and turn it back into a
/// DataFrame with ``to_pandas()``. Records are validated on the way in unless
/// ``validate=False``.
#[pyclass(frozen, module = "calllog", name = "CallLog", sequence)]
pub struct PyCallLog {
    /// The records, once built: at once, except for a log from a DataFrame.
    records: OnceLock<Arc<Vec<CallRecord>>>,
    /// A log from a DataFrame keeps its columns and builds the records only when something
    /// needs them all; exports stream from the columns instead. Dropped once built.
    frame: Mutex<Option<Arc<Frame>>>,
}

impl PyCallLog {
    /// A log of these records.
    pub fn of(records: Vec<CallRecord>) -> Self {
        PyCallLog {
            records: OnceLock::from(Arc::new(records)),
            frame: Mutex::new(None),
        }
    }

    /// A log of a DataFrame's rows (already checked).
    fn of_frame(frame: Frame) -> Self {
        PyCallLog {
            records: OnceLock::new(),
            frame: Mutex::new(Some(Arc::new(frame))),
        }
    }

    fn frame(&self) -> Option<Arc<Frame>> {
        self.frame.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The records, built (with the GIL released) the first time they are needed.
    pub fn records(&self, py: Python<'_>) -> PyResult<&Arc<Vec<CallRecord>>> {
        if let Some(r) = self.records.get() {
            return Ok(r);
        }
        if let Some(frame) = self.frame() {
            let built = py.detach(|| frame.build())?;
            // another thread may have built them meanwhile: either copy is the same
            let _ = self.records.set(Arc::new(built));
            *self.frame.lock().unwrap_or_else(|e| e.into_inner()) = None;
        }
        Ok(self.records.get_or_init(|| Arc::new(Vec::new())))
    }

    /// What an export writes: the records, or the DataFrame's columns to stream them from.
    pub fn rows(&self) -> Rows {
        match (self.records.get(), self.frame()) {
            (Some(r), _) => Rows::Calls(r.clone()),
            (None, Some(f)) => Rows::Frame(f),
            (None, None) => Rows::Calls(Arc::new(Vec::new())),
        }
    }

    /// The number of records (without building them).
    pub fn len(&self) -> usize {
        match (self.records.get(), self.frame()) {
            (Some(r), _) => r.len(),
            (None, Some(f)) => f.len(),
            (None, None) => 0,
        }
    }

    /// Whether there are no records.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// `CallLog.from_pandas(df, validate=validate)`, for the exports of a DataFrame.
    pub fn from_pandas_frame(df: &Bound<'_, PyAny>, validate: bool) -> PyResult<Self> {
        from_frame(df, validate, false)
    }

    /// The records as an Arrow table, with the derived columns when asked.
    fn table(
        &self,
        py: Python<'_>,
        rules: Option<&Bound<'_, PyAny>>,
        derived: bool,
    ) -> PyResult<pyo3_arrow::PyTable> {
        let rules = if derived {
            Some(rules_arg(rules)?)
        } else {
            None
        };
        let records = self.records(py)?.clone();
        crate::arrow::table_of(py, &records, rules)
    }

    /// Record `i` (built alone when the records are not).
    fn record(&self, i: usize) -> PyResult<CallRecord> {
        match (self.records.get(), self.frame()) {
            (Some(r), _) => Ok(r[i].clone()),
            (None, Some(f)) => f.record(i),
            (None, None) => Err(PyIndexError::new_err("CallLog index out of range")),
        }
    }
}

#[pymethods]
impl PyCallLog {
    /// ``CallLog(records=())``: same as ``CallLog.from_records``.
    #[new]
    #[pyo3(signature = (records = None, *, validate = true))]
    fn new(records: Option<&Bound<'_, PyAny>>, validate: bool) -> PyResult<Self> {
        match records {
            Some(r) => Ok(Self::of(records_from_iterable(r, validate)?)),
            None => Ok(Self::of(Vec::new())),
        }
    }

    /// A log from an iterable of ``CallRecord`` objects or dicts (as ``CallRecord.to_dict()`` gives).
    #[staticmethod]
    /// A key no record field has is a `TypeError` naming the record and the key path, unless
    /// ``ignore_unknown=True``.
    #[pyo3(signature = (records, *, validate = true, ignore_unknown = false))]
    fn from_records(
        records: &Bound<'_, PyAny>,
        validate: bool,
        ignore_unknown: bool,
    ) -> PyResult<Self> {
        let _lenient = crate::model::Lenient::new(ignore_unknown);
        Ok(Self::of(records_from_iterable(records, validate)?))
    }

    /// A log from a pandas DataFrame with one column per field (nested fields dotted, e.g.
    /// ``timeline.started_at``; datetime columns must be timezone-aware). The derived columns
    /// of ``to_pandas()`` are ignored; other unknown columns are an error unless
    /// ``ignore_unknown=True``. Every row is converted (and, with ``validate``, validated)
    /// before this returns; the first bad row is the error.
    ///
    /// When every column has a buffer form (tz-aware datetimes, timedeltas, integers,
    /// booleans, categoricals of ``str``, ``str``/object columns holding only ``str`` and
    /// missing values), the log keeps a copy of the columns and builds records only when
    /// something needs them all (``to_pandas``, ``filter``, ``==``...); exports stream
    /// from the columns. The results are the same either way.
    #[staticmethod]
    #[pyo3(signature = (df, *, validate = true, ignore_unknown = false))]
    fn from_pandas(df: &Bound<'_, PyAny>, validate: bool, ignore_unknown: bool) -> PyResult<Self> {
        from_frame(df, validate, ignore_unknown)
    }

    /// A log from Arrow data: anything exposing ``__arrow_c_stream__`` or
    /// ``__arrow_c_array__`` (a pyarrow ``Table``/``RecordBatch``/``RecordBatchReader``, a
    /// polars ``DataFrame``, a DuckDB relation, nanoarrow), read batch by batch in the core's
    /// schema (see ``to_arrow``); pyarrow itself is not needed. Columns may be missing or in
    /// any order; derived columns are skipped; any other column is an ``ArrowDataError``
    /// unless ``ignore_unknown=True``. Bad values are an ``ArrowDataError`` naming the row,
    /// the record id and the column.
    #[staticmethod]
    #[pyo3(signature = (data, *, validate = true, ignore_unknown = false))]
    fn from_arrow(data: &Bound<'_, PyAny>, validate: bool, ignore_unknown: bool) -> PyResult<Self> {
        Ok(Self::of(crate::arrow::records_from_arrow(
            data,
            validate,
            ignore_unknown,
        )?))
    }

    /// A log from a polars ``DataFrame`` (or ``LazyFrame``, collected), through Arrow.
    #[staticmethod]
    #[pyo3(signature = (df, *, validate = true, ignore_unknown = false))]
    fn from_polars(df: &Bound<'_, PyAny>, validate: bool, ignore_unknown: bool) -> PyResult<Self> {
        let df = arrow_helpers(df.py())?
            .getattr("polars_frame")?
            .call1((df,))?;
        Self::from_arrow(&df, validate, ignore_unknown)
    }

    /// ``n`` made-up but realistic records (the core's sample generator; same ``seed``, same records).
    #[staticmethod]
    #[pyo3(signature = (n, *, seed = 1))]
    fn sample(n: usize, seed: u64) -> Self {
        Self::of(calllog::sample::generate(n, seed).collect())
    }

    /// The records as an Arrow table in the core's schema (column names as in the ``full``
    /// export preset; see the README), with the derived columns (``wait``, ``talk``...,
    /// ``outcome``, ``success``) under ``rules`` unless ``derived=False``. A ``pyarrow.Table``
    /// when pyarrow is installed, otherwise an object exposing ``__arrow_c_stream__`` that
    /// polars, DuckDB or nanoarrow read.
    #[pyo3(signature = (*, rules = None, derived = true))]
    fn to_arrow<'py>(
        &self,
        py: Python<'py>,
        rules: Option<&Bound<'py, PyAny>>,
        derived: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let table = self.table(py, rules, derived)?;
        arrow_helpers(py)?.getattr("to_pyarrow")?.call1((table,))
    }

    /// The records as a polars ``DataFrame`` (through Arrow; see ``to_arrow``).
    #[pyo3(signature = (*, rules = None, derived = true))]
    fn to_polars<'py>(
        &self,
        py: Python<'py>,
        rules: Option<&Bound<'py, PyAny>>,
        derived: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let table = self.table(py, rules, derived)?;
        arrow_helpers(py)?.getattr("to_polars")?.call1((table,))
    }

    /// The records as a pandas ``DataFrame``, built through Arrow (needs pyarrow): the
    /// columns of ``to_arrow``, with pandas' default dtypes for Arrow data (``str`` for text
    /// under pandas 3, tz-aware UTC datetimes, timedeltas, categoricals for vocabularies) and
    /// nullable integers (``UInt32``, ``UInt8``) so that a missing count stays missing.
    #[pyo3(signature = (*, rules = None, derived = true))]
    fn to_pandas<'py>(
        &self,
        py: Python<'py>,
        rules: Option<&Bound<'py, PyAny>>,
        derived: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let table = self.table(py, rules, derived)?;
        arrow_helpers(py)?.getattr("to_pandas")?.call1((table,))
    }

    /// Writes the records to a CSV file; see ``calllog.export_csv`` for the options
    /// (columns or preset, locale, time zone, formats, viewer, encoding, progress...).
    #[pyo3(signature = (path, **options))]
    fn export_csv<'py>(
        slf: &Bound<'py, Self>,
        path: &Bound<'py, PyAny>,
        options: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        wrap_pyfunction!(crate::export::export_csv, slf.py())?.call((slf, path), options)
    }

    /// Writes the records to an XLSX file; see ``calllog.export_xlsx`` for the options.
    #[pyo3(signature = (path, **options))]
    fn export_xlsx<'py>(
        slf: &Bound<'py, Self>,
        path: &Bound<'py, PyAny>,
        options: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        wrap_pyfunction!(crate::export::export_xlsx, slf.py())?.call((slf, path), options)
    }

    /// Writes a metrics workbook with native charts (per hour, day, queue, agent; ASR, ACD;
    /// results of attempts); see ``calllog.export_summary_xlsx`` for the options.
    #[pyo3(signature = (path, **options))]
    fn export_summary_xlsx<'py>(
        slf: &Bound<'py, Self>,
        path: &Bound<'py, PyAny>,
        options: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        wrap_pyfunction!(crate::export::export_summary_xlsx, slf.py())?.call((slf, path), options)
    }

    /// The records matching every criterion given: the core's `Filter` fields as keywords
    /// (`channels`, `directions`, `statuses`, `attempt_results`, `success`, `agents`,
    /// `groups`, `queues`, `campaigns`, `number`, `source`, `destination`, `default_region`,
    /// `hours`, `talk_min`, `talk_max`, `refine`, `time_zone`...), plus `period=` (`today`,
    /// `yesterday`, `this_week`, `last_week`, `this_month`, `last_month`, with `now=`) or
    /// `**{"from": start, "to": end}`.
    #[pyo3(signature = (**criteria))]
    fn filter(&self, py: Python<'_>, criteria: Option<&Bound<'_, PyDict>>) -> PyResult<PyCallLog> {
        self.filter_impl(py, criteria)
    }

    /// The records `viewer` may see, without the fields they may not see (seed 002's roles).
    fn for_viewer(&self, py: Python<'_>, viewer: &Bound<'_, PyAny>) -> PyResult<PyCallLog> {
        self.for_viewer_impl(py, viewer)
    }

    /// A page of matching records as `viewer` sees them, sorted by `sort` (field names, `-`
    /// for descending, e.g. `["-started_at"]`), after `cursor` and `offset`, at most `limit`.
    /// The other keywords are filter criteria, as for `filter()`.
    #[pyo3(signature = (*, viewer = None, sort = None, offset = 0, limit = None, cursor = None, **criteria))]
    #[allow(clippy::too_many_arguments)]
    fn query(
        &self,
        py: Python<'_>,
        viewer: Option<&Bound<'_, PyAny>>,
        sort: Option<&Bound<'_, PyAny>>,
        offset: u64,
        limit: Option<u64>,
        cursor: Option<String>,
        criteria: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<crate::query::PyQueryPage> {
        self.query_impl(py, viewer, sort, offset, limit, cursor, criteria)
    }

    /// Seed 003's customer card: every contact with exactly this number (national numbers
    /// read in `region`, e.g. `"PL"`), in time order, with a summary, as `viewer` sees it;
    /// with `sessions` (``WebSession``s or dicts from a call-tracking product) also the
    /// statistics, last visit, top 5 pages of the last 30 days and the sessions history.
    #[pyo3(signature = (number, *, region = None, viewer = None, now = None, rules = None, sessions = None))]
    #[allow(clippy::too_many_arguments)]
    fn customer_card(
        &self,
        py: Python<'_>,
        number: String,
        region: Option<String>,
        viewer: Option<&Bound<'_, PyAny>>,
        now: Option<&Bound<'_, PyAny>>,
        rules: Option<&Bound<'_, PyAny>>,
        sessions: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<crate::query::PyCustomerCard> {
        self.customer_card_impl(py, number, region, viewer, now, rules, sessions)
    }

    /// Contact-center metrics (offered, answered, abandoned, answer and abandon rate, service
    /// level, ASA, AHT), overall and grouped `by` `"agent"`, `"queue"`, `"channel"`, `"hour"`
    /// or `"day"` (in `time_zone`).
    #[pyo3(signature = (*, by = None, short_abandon = None, service_level = None, time_zone = None, rules = None))]
    fn metrics(
        &self,
        py: Python<'_>,
        by: Option<&Bound<'_, PyAny>>,
        short_abandon: Option<&Bound<'_, PyAny>>,
        service_level: Option<&Bound<'_, PyAny>>,
        time_zone: Option<&Bound<'_, PyAny>>,
        rules: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<crate::query::PyMetricsReport> {
        self.metrics_impl(py, by, short_abandon, service_level, time_zone, rules)
    }

    /// The records as a list of ``CallRecord``.
    fn to_records(&self, py: Python<'_>) -> PyResult<Vec<Py<PyCallRecord>>> {
        let _gc = GcPause::new(py);
        self.records(py)?
            .iter()
            .map(|r| Py::new(py, PyCallRecord { inner: r.clone() }))
            .collect()
    }

    /// The records as a list of dicts.
    fn to_dicts<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        let _gc = GcPause::new(py);
        self.records(py)?
            .iter()
            .map(|r| Fields::to_dict(r, py))
            .collect()
    }

    /// Validates every record; raises ``ValidationError`` naming the first bad record and field.
    fn validate(&self, py: Python<'_>) -> PyResult<()> {
        match (self.records.get(), self.frame()) {
            (None, Some(frame)) => py.detach(|| frame.check(true)),
            _ => {
                for r in self.records(py)?.iter() {
                    r.validate().map_err(IntoPyErr::into_pyerr)?;
                }
                Ok(())
            }
        }
    }

    fn __len__(&self) -> usize {
        self.len()
    }

    /// Whether the log still holds a DataFrame's columns rather than built records (for
    /// tests and the curious: it changes no result).
    fn _holds_columns(&self) -> bool {
        self.records.get().is_none() && self.frame().is_some()
    }

    fn __getitem__(&self, py: Python<'_>, key: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let n = self.len();
        if let Ok(slice) = key.cast::<PySlice>() {
            let ind = slice.indices(n as isize)?;
            let mut out = Vec::with_capacity(ind.slicelength);
            let mut i = ind.start;
            for _ in 0..ind.slicelength {
                out.push(self.record(i as usize)?);
                i += ind.step;
            }
            return Ok(Py::new(py, Self::of(out))?.into_any());
        }
        if key.is_instance_of::<PyString>() {
            return Err(PyTypeError::new_err(
                "CallLog indices must be integers or slices",
            ));
        }
        let i: isize = key.extract()?;
        let j = if i < 0 { i + n as isize } else { i };
        if j < 0 || j as usize >= n {
            return Err(PyIndexError::new_err(format!(
                "CallLog index {i} out of range ({n} records)"
            )));
        }
        Ok(Py::new(
            py,
            PyCallRecord {
                inner: self.record(j as usize)?,
            },
        )?
        .into_any())
    }

    fn __iter__(&self) -> CallLogIter {
        CallLogIter {
            log: self.rows(),
            pos: std::sync::atomic::AtomicUsize::new(0),
        }
    }

    fn __eq__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<bool> {
        match other.cast::<PyCallLog>() {
            Ok(o) => Ok(**o.get().records(py)? == **self.records(py)?),
            Err(_) => Ok(false),
        }
    }

    fn __repr__(&self) -> String {
        format!("<CallLog of {} records>", self.len())
    }
}

/// Iterator over the records of a `CallLog`.
#[pyclass(frozen, module = "calllog", name = "CallLogIterator")]
pub struct CallLogIter {
    log: Rows,
    pos: std::sync::atomic::AtomicUsize,
}

#[pymethods]
impl CallLogIter {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&self) -> PyResult<Option<PyCallRecord>> {
        let i = self.pos.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let inner = match &self.log {
            Rows::Calls(r) => r.get(i).cloned(),
            Rows::Frame(f) if i < f.len() => Some(f.record(i)?),
            _ => None,
        };
        Ok(inner.map(|inner| PyCallRecord { inner }))
    }
}

/// Registers the classes of this file.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyCallLog>()?;
    m.add_class::<CallLogIter>()?;
    m.add("DERIVED_COLUMNS", calllog::arrow::DERIVED.to_vec())?;
    Ok(())
}
