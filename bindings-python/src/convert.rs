//! Conversion between Python values and the core's field types, one trait for all of them.
//!
//! [`Conv`] is implemented for every type a record field can have: strings, numbers, flags,
//! timestamps (timezone-aware `datetime`; a naive one is a `ValidationError`), durations
//! (`timedelta`), vocabularies (`enum` members or their machine names), nested records, lists
//! and maps. The same trait reads the cells of a DataFrame in calllog 0.1's dotted layout
//! ([`Cell`]); the Arrow layout is the core's (`arrow.rs`). Errors name the record id and the
//! field path.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

pub use crate::cells::Cell;
use crate::cells::Data;
use calllog::{TimeDelta, Timestamp};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{
    PyBool, PyDateTime, PyDelta, PyDict, PyFloat, PyInt, PyList, PyModule, PyString, PyTzInfo,
};

/// Where a value is: the record id and the field path, for error messages.
#[derive(Clone, Copy)]
pub enum Path<'a> {
    /// The record, by id ("" when unknown).
    Root(&'a str),
    /// A field of the parent.
    Field(&'a Path<'a>, &'a str),
    /// An element of a list.
    Index(&'a Path<'a>, usize),
}

impl<'a> Path<'a> {
    /// The id of the record the path starts from.
    pub fn record_id(&self) -> &'a str {
        match *self {
            Path::Root(id) => id,
            Path::Field(p, _) | Path::Index(p, _) => p.record_id(),
        }
    }

    /// The path of a field below this one.
    pub fn field<'b>(&'b self, name: &'b str) -> Path<'b>
    where
        'a: 'b,
    {
        Path::Field(self, name)
    }

    /// The path of a list element below this one.
    pub fn index<'b>(&'b self, i: usize) -> Path<'b>
    where
        'a: 'b,
    {
        Path::Index(self, i)
    }

    fn is_root(&self) -> bool {
        matches!(self, Path::Root(_))
    }
}

impl fmt::Display for Path<'_> {
    /// The field path without the record, e.g. `agents[1].name`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root(_) => Ok(()),
            Path::Field(p, name) if p.is_root() => f.write_str(name),
            Path::Field(p, name) => write!(f, "{p}.{name}"),
            Path::Index(p, i) => write!(f, "{p}[{i}]"),
        }
    }
}

/// A `ValidationError` for the value at `path`.
pub fn invalid(path: &Path<'_>, reason: impl Into<String>) -> PyErr {
    calllog::Error::invalid(path.record_id(), path.to_string(), reason).into_pyerr()
}

/// A `TypeError` naming the record, the field, what was expected and what was given.
pub fn wrong_type(path: &Path<'_>, expected: &str, got: &Bound<'_, PyAny>) -> PyErr {
    let got = got
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into());
    wrong_kind(path, expected, &got)
}

/// A `TypeError` like [`wrong_type`], for a cell that is not a Python object: `got` names
/// the Python type the cell stands for (`str`, `int`, `bool`, `NoneType`).
pub fn wrong_kind(path: &Path<'_>, expected: &str, got: &str) -> PyErr {
    let id = path.record_id();
    let place = if id.is_empty() {
        format!("field `{path}`")
    } else {
        format!("record {id:?}, field `{path}`")
    };
    PyTypeError::new_err(format!("{place}: expected {expected}, got {got}"))
}

/// Turns a core error into the Python exception (see `errors.rs`).
pub trait IntoPyErr {
    /// The matching `calllog` exception.
    fn into_pyerr(self) -> PyErr;
}

impl IntoPyErr for calllog::Error {
    fn into_pyerr(self) -> PyErr {
        crate::errors::to_pyerr(self)
    }
}

/// How nested records are returned.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// As the binding's classes (`Agent`, `Timeline`...).
    Objects,
    /// As plain dicts (`to_dict()`).
    Dicts,
}

/// Sets one field of a `T` from a cell: resolved once per DataFrame column, shared by the
/// threads that build records from Rust-owned columns.
pub type Setter<T> = Box<dyn Fn(&mut T, Cell<'_>, &Path<'_>) -> PyResult<()> + Send + Sync>;

/// The field of type `T` in a record of type `R` (`&mut rec.timeline.started_at`).
pub type Getter<R, T> = Arc<dyn Fn(&mut R) -> &mut T + Send + Sync>;

/// A [`Getter`] from a closure (the bound gives the closure its lifetime-generic signature).
pub fn getter<R, T, F>(f: F) -> Getter<R, T>
where
    F: Fn(&mut R) -> &mut T + Send + Sync + 'static,
{
    Arc::new(f)
}

/// Writes one column's cells for rows `start..start + recs.len()` into those records, typed
/// for the field (no [`Cell`] per value where the column's form allows). `false` when some
/// cell does not convert: the caller then converts row by row, with [`Setter`]s, for the
/// error (which names the record, the field and why).
pub type BlockSetter<R> = Box<dyn Fn(&mut [R], usize, &Data) -> bool + Send + Sync>;

/// The [`BlockSetter`] that converts cell by cell with [`Conv::set_cell`]: right for every
/// field type, and what the typed ones fall back to.
pub fn cellwise<R: 'static, T: Conv + 'static>(get: Getter<R, T>) -> BlockSetter<R> {
    Box::new(move |recs, start, data| {
        data.each_cell(start, recs.len(), |j, cell| {
            get(&mut recs[j]).set_cell(cell, &Path::Root("")).is_ok()
        })
    })
}

/// The [`BlockSetter`] of a field filled from the text of a string or categorical column:
/// `set` writes one text into the field and says whether it converted; a missing cell does
/// not convert (the row-by-row redo names the error). Other columns go cell by cell.
pub fn text_block_setter<R: 'static, T: Conv + 'static>(
    get: Getter<R, T>,
    set: impl Fn(&mut T, &str) -> bool + Send + Sync + 'static,
) -> BlockSetter<R> {
    let generic = cellwise(get.clone());
    Box::new(move |recs, start, data| {
        data.each_text(start, recs.len(), |j, t| {
            t.is_some_and(|t| set(get(&mut recs[j]), t))
        })
        .unwrap_or_else(|| generic(recs, start, data))
    })
}

unsafe extern "C" {
    // Part of the stable ABI since 3.10 and exported by every CPython 3 (so also by the 3.9
    // that the abi3-py39 wheel allows): the UTF-8 form cached in the str object, no copy.
    fn PyUnicode_AsUTF8AndSize(
        unicode: *mut pyo3::ffi::PyObject,
        size: *mut pyo3::ffi::Py_ssize_t,
    ) -> *const std::os::raw::c_char;
}

/// The text of a Python `str` without copying it (pyo3's `to_cow` copies under abi3 < 3.10).
pub fn str_of<'a>(s: &'a Bound<'_, PyString>) -> PyResult<&'a str> {
    let mut size: pyo3::ffi::Py_ssize_t = 0;
    // SAFETY: `s` is a live str; the returned buffer is owned by it and lives as long as it
    // does (we borrow `s` for 'a); CPython guarantees it is valid UTF-8 of `size` bytes.
    unsafe {
        let ptr = PyUnicode_AsUTF8AndSize(s.as_ptr(), &mut size);
        if ptr.is_null() {
            return Err(PyErr::fetch(s.py()));
        }
        let bytes = std::slice::from_raw_parts(ptr as *const u8, size as usize);
        Ok(std::str::from_utf8_unchecked(bytes))
    }
}

/// Pauses Python's cyclic garbage collector while many objects are created at once (it would
/// otherwise rescan the growing young generation again and again: measured 60% of the time of
/// `to_dicts` on 50,000 records). Re-enabled on drop if it was enabled.
pub struct GcPause<'py> {
    gc: Option<Bound<'py, PyModule>>,
}

impl<'py> GcPause<'py> {
    /// Disables the collector until the guard is dropped.
    pub fn new(py: Python<'py>) -> Self {
        let gc = py.import("gc").ok().filter(|gc| {
            gc.call_method0("isenabled")
                .and_then(|v| v.is_truthy())
                .unwrap_or(false)
                && gc.call_method0("disable").is_ok()
        });
        GcPause { gc }
    }
}

impl Drop for GcPause<'_> {
    fn drop(&mut self) {
        if let Some(gc) = &self.gc {
            let _ = gc.call_method0("enable");
        }
    }
}

/// Missing in the pandas sense: `None`, NaN, `pd.NA`, `pd.NaT`.
pub fn is_missing(ob: &Bound<'_, PyAny>) -> bool {
    if ob.is_none() {
        return true;
    }
    if ob.is_instance_of::<PyString>()
        || ob.is_instance_of::<PyInt>()
        || ob.is_instance_of::<PyList>()
        || ob.is_instance_of::<PyDict>()
    {
        return false;
    }
    if let Ok(f) = ob.cast::<PyFloat>() {
        return f.value().is_nan();
    }
    let ty = ob.get_type();
    if let Some(types) = pandas_missing_types(ob.py()) {
        return types.iter().any(|t| ty.is(t));
    }
    match ty.name() {
        Ok(n) => {
            let n = n.to_cow().unwrap_or_default();
            n == "NAType" || n == "NaTType"
        }
        Err(_) => false,
    }
}

/// The types of `pandas.NA` and `pandas.NaT`, once pandas has been imported by the caller.
fn pandas_missing_types(py: Python<'_>) -> Option<&Vec<Py<pyo3::types::PyType>>> {
    static TYPES: PyOnceLock<Vec<Py<pyo3::types::PyType>>> = PyOnceLock::new();
    if let Some(t) = TYPES.get(py) {
        return Some(t);
    }
    let pd = py
        .import("sys")
        .ok()?
        .getattr("modules")
        .ok()?
        .get_item("pandas")
        .ok()?;
    let na = pd.getattr("NA").ok()?.get_type().unbind();
    let nat = pd.getattr("NaT").ok()?.get_type().unbind();
    TYPES.get_or_init(py, || vec![na, nat]);
    TYPES.get(py)
}

/// A Python value that is, or can be made into, a record field.
pub trait Conv: Sized {
    /// Column kind for pandas: `ts`, `dur`, `str`, `bool`, `int`, `cat:<Enum class>` or `obj`.
    const KIND: &'static str = "obj";

    /// Whether the type is an `Option` (a missing cell is `None`, not an error).
    const NULLABLE: bool = false;

    /// The Python value.
    fn to_py<'py>(&self, py: Python<'py>, mode: Mode) -> PyResult<Bound<'py, PyAny>>;

    /// Reads a Python value; `path` names the field in errors.
    fn from_py(ob: &Bound<'_, PyAny>, path: &Path<'_>) -> PyResult<Self>;

    /// From a `datetime64` column value.
    fn from_ts(_v: Timestamp, path: &Path<'_>) -> PyResult<Self> {
        Err(PyTypeError::new_err(format!(
            "column `{path}` holds datetimes; this field is not a timestamp"
        )))
    }

    /// From a `timedelta64` column value.
    fn from_dur(_v: TimeDelta, path: &Path<'_>) -> PyResult<Self> {
        Err(PyTypeError::new_err(format!(
            "column `{path}` holds durations; this field is not a duration"
        )))
    }

    /// From the text of a string column. Implemented (and then the same as `from_py` of a
    /// `str`) by the types whose [`KIND`](Self::KIND) is `str` or `cat:…`; the frame reader
    /// sends text only to those.
    fn from_text(_v: &str, path: &Path<'_>) -> PyResult<Self> {
        Err(wrong_kind(path, "another type", "str"))
    }

    /// From an integer column; implemented by the `int` kinds.
    fn from_int(_v: i64, path: &Path<'_>) -> PyResult<Self> {
        Err(wrong_kind(path, "another type", "int"))
    }

    /// From a boolean column; implemented by `bool`.
    fn from_bool(_v: bool, path: &Path<'_>) -> PyResult<Self> {
        Err(wrong_kind(path, "another type", "bool"))
    }

    /// From a DataFrame cell.
    fn from_cell(cell: Cell<'_>, path: &Path<'_>) -> PyResult<Self> {
        match cell {
            Cell::Obj(o) => Self::from_py(&o, path),
            Cell::Text(s) => Self::from_text(s, path),
            Cell::Int(v) => Self::from_int(v, path),
            Cell::Bool(v) => Self::from_bool(v, path),
            Cell::Ts(Some(t)) => Self::from_ts(t, path),
            Cell::Dur(Some(d)) => Self::from_dur(d, path),
            Cell::Ts(None) | Cell::Dur(None) => Err(invalid(path, "a value is required (got NaT)")),
            Cell::Missing => Err(invalid(path, "a value is required (got a missing value)")),
        }
    }

    /// Replaces `self` with the value of a cell. The same as `*self = from_cell(..)`, but
    /// strings keep their buffer, so refilling one record row after row allocates nothing.
    fn set_cell(&mut self, cell: Cell<'_>, path: &Path<'_>) -> PyResult<()> {
        *self = Self::from_cell(cell, path)?;
        Ok(())
    }

    /// The [`BlockSetter`] for a field of this type. Types with a typed one override it.
    fn block_setter<R: 'static>(get: Getter<R, Self>) -> BlockSetter<R>
    where
        Self: 'static,
    {
        cellwise(get)
    }

    /// The [`BlockSetter`] for a field of type `Option<Self>`.
    fn opt_block_setter<R: 'static>(get: Getter<R, Option<Self>>) -> BlockSetter<R>
    where
        Self: 'static,
    {
        cellwise(get)
    }

    /// The [`BlockSetter`] for a dotted sub-field (`timeline.started_at`) of a field of this
    /// type, `None` when there is none.
    fn dotted_block_setter<R: 'static>(
        _get: Getter<R, Self>,
        _key: &str,
    ) -> Option<BlockSetter<R>> {
        None
    }

    /// Sets a dotted sub-field (`timeline.started_at`); `Ok(false)` when there is none.
    fn set_dotted(&mut self, _key: &str, _cell: Cell<'_>, _path: &Path<'_>) -> PyResult<bool> {
        Ok(false)
    }

    /// A setter for a dotted sub-field (`timeline.started_at`), resolved once per column.
    fn dotted_setter(_key: &str) -> Option<Setter<Self>> {
        None
    }

    /// The [`KIND`](Self::KIND) of a dotted sub-field, `None` when there is none.
    fn dotted_kind(_key: &str) -> Option<&'static str> {
        None
    }

    /// The [`NULLABLE`](Self::NULLABLE) of a dotted sub-field (`false` when there is none).
    fn dotted_nullable(_key: &str) -> bool {
        false
    }

    /// The value in a DataFrame column (vocabularies as machine names, records as dicts).
    fn to_cell<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.to_py(py, Mode::Dicts)
    }

    /// Nanoseconds since the epoch (timestamps) or in the span (durations).
    fn nanos(&self) -> Option<i64> {
        None
    }
}

impl<T: Conv> Conv for Option<T> {
    const KIND: &'static str = T::KIND;
    const NULLABLE: bool = true;

    fn to_py<'py>(&self, py: Python<'py>, mode: Mode) -> PyResult<Bound<'py, PyAny>> {
        match self {
            Some(v) => v.to_py(py, mode),
            None => Ok(py.None().into_bound(py)),
        }
    }

    fn from_py(ob: &Bound<'_, PyAny>, path: &Path<'_>) -> PyResult<Self> {
        if is_missing(ob) {
            Ok(None)
        } else {
            T::from_py(ob, path).map(Some)
        }
    }

    fn from_cell(cell: Cell<'_>, path: &Path<'_>) -> PyResult<Self> {
        match cell {
            Cell::Ts(None) | Cell::Dur(None) | Cell::Missing => Ok(None),
            Cell::Obj(o) => Self::from_py(&o, path),
            cell => T::from_cell(cell, path).map(Some),
        }
    }

    fn block_setter<R: 'static>(get: Getter<R, Self>) -> BlockSetter<R>
    where
        Self: 'static,
    {
        T::opt_block_setter(get)
    }

    fn set_cell(&mut self, cell: Cell<'_>, path: &Path<'_>) -> PyResult<()> {
        match (cell, self.as_mut()) {
            (Cell::Ts(None) | Cell::Dur(None) | Cell::Missing, _) => *self = None,
            (Cell::Obj(o), _) => *self = Self::from_py(&o, path)?,
            (cell, Some(v)) => v.set_cell(cell, path)?,
            (cell, None) => *self = Some(T::from_cell(cell, path)?),
        }
        Ok(())
    }

    fn to_cell<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match self {
            Some(v) => v.to_cell(py),
            None => Ok(py.None().into_bound(py)),
        }
    }

    fn nanos(&self) -> Option<i64> {
        self.as_ref().and_then(Conv::nanos)
    }
}

impl Conv for String {
    const KIND: &'static str = "str";

    fn to_py<'py>(&self, py: Python<'py>, _mode: Mode) -> PyResult<Bound<'py, PyAny>> {
        Ok(PyString::new(py, self).into_any())
    }

    fn from_py(ob: &Bound<'_, PyAny>, path: &Path<'_>) -> PyResult<Self> {
        match ob.cast::<PyString>() {
            Ok(s) => Ok(str_of(s)?.to_owned()),
            Err(_) => Err(wrong_type(path, "str", ob)),
        }
    }

    fn from_text(v: &str, _path: &Path<'_>) -> PyResult<Self> {
        Ok(v.to_owned())
    }

    fn set_cell(&mut self, cell: Cell<'_>, path: &Path<'_>) -> PyResult<()> {
        match cell {
            Cell::Text(v) => {
                self.clear();
                self.push_str(v);
            }
            cell => *self = Self::from_cell(cell, path)?,
        }
        Ok(())
    }

    fn block_setter<R: 'static>(get: Getter<R, Self>) -> BlockSetter<R> {
        text_block_setter(get, |s, t| {
            s.clear();
            s.push_str(t);
            true
        })
    }

    fn opt_block_setter<R: 'static>(get: Getter<R, Option<Self>>) -> BlockSetter<R> {
        let generic = cellwise(get.clone());
        Box::new(move |recs, start, data| {
            SPARE_STRINGS
                .with_borrow_mut(|spare| {
                    data.each_text(start, recs.len(), |j, t| {
                        let field = get(&mut recs[j]);
                        match (t, field.as_mut()) {
                            (None, _) => {
                                if let Some(s) = field.take()
                                    && spare.len() < MAX_SPARE_STRINGS
                                    && s.capacity() <= MAX_SPARE_CAPACITY
                                {
                                    spare.push(s);
                                }
                            }
                            (Some(t), Some(s)) => {
                                s.clear();
                                s.push_str(t);
                            }
                            (Some(t), None) => {
                                *field = Some(match spare.pop() {
                                    Some(mut s) => {
                                        s.clear();
                                        s.push_str(t);
                                        s
                                    }
                                    None => t.to_owned(),
                                })
                            }
                        }
                        true
                    })
                })
                .unwrap_or_else(|| generic(recs, start, data))
        })
    }
}

/// How many emptied strings a thread keeps for reuse ([`SPARE_STRINGS`]), and up to what
/// capacity: together at most 256 KiB per thread.
const MAX_SPARE_STRINGS: usize = 1024;
const MAX_SPARE_CAPACITY: usize = 256;

thread_local! {
    /// Strings of optional fields that a block setter set to `None`, kept for the next
    /// optional field it sets to a value. Records are refilled row after row (checks, streamed
    /// exports), and sparse text columns switch between a value and none all the time: without
    /// this, each switch freed or allocated a string (measured 8% of `from_pandas`).
    static SPARE_STRINGS: std::cell::RefCell<Vec<String>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

impl Conv for bool {
    const KIND: &'static str = "bool";

    fn to_py<'py>(&self, py: Python<'py>, _mode: Mode) -> PyResult<Bound<'py, PyAny>> {
        Ok(PyBool::new(py, *self).to_owned().into_any())
    }

    fn from_py(ob: &Bound<'_, PyAny>, path: &Path<'_>) -> PyResult<Self> {
        match ob.cast::<PyBool>() {
            Ok(b) => Ok(b.is_true()),
            Err(_) => {
                // numpy.bool_ and friends
                if ob.get_type().name()?.to_cow()?.starts_with("bool") {
                    ob.is_truthy()
                } else {
                    Err(wrong_type(path, "bool", ob))
                }
            }
        }
    }

    fn from_bool(v: bool, _path: &Path<'_>) -> PyResult<Self> {
        Ok(v)
    }

    fn block_setter<R: 'static>(get: Getter<R, Self>) -> BlockSetter<R> {
        let generic = cellwise(get.clone());
        Box::new(move |recs, start, data| match data {
            Data::Bool { values, present } => {
                let rows = start..start + recs.len();
                values[rows.clone()]
                    .iter()
                    .zip(&present[rows])
                    .zip(recs.iter_mut())
                    .all(|((&v, &p), rec)| {
                        *get(rec) = v;
                        p
                    })
            }
            _ => generic(recs, start, data),
        })
    }
}

fn int_from_py(ob: &Bound<'_, PyAny>, path: &Path<'_>) -> PyResult<i64> {
    if let Ok(i) = ob.cast::<PyInt>() {
        return i
            .extract::<i64>()
            .map_err(|_| invalid(path, format!("{i} is out of range")));
    }
    if let Ok(f) = ob.cast::<PyFloat>() {
        // an integer column with missing values arrives from pandas as floats
        let v = f.value();
        if v.fract() == 0.0 && v.abs() < 9.0e15 {
            return Ok(v as i64);
        }
        return Err(invalid(path, format!("{v} is not a whole number")));
    }
    if ob.hasattr("__index__")? {
        return ob.call_method0("__index__")?.extract::<i64>();
    }
    Err(wrong_type(path, "int", ob))
}

macro_rules! int_conv {
    ($($t:ty),*) => {$(
        impl Conv for $t {
            const KIND: &'static str = "int";

            fn to_py<'py>(&self, py: Python<'py>, _mode: Mode) -> PyResult<Bound<'py, PyAny>> {
                Ok(self.into_pyobject(py)?.into_any())
            }

            fn from_py(ob: &Bound<'_, PyAny>, path: &Path<'_>) -> PyResult<Self> {
                Self::from_int(int_from_py(ob, path)?, path)
            }

            fn from_int(v: i64, path: &Path<'_>) -> PyResult<Self> {
                <$t>::try_from(v).map_err(|_| {
                    invalid(path, format!("{v} is outside {}..={}", <$t>::MIN, <$t>::MAX))
                })
            }

            fn block_setter<R: 'static>(get: Getter<R, Self>) -> BlockSetter<R> {
                let generic = cellwise(get.clone());
                Box::new(move |recs, start, data| match data {
                    Data::Int { values, present } => {
                        let rows = start..start + recs.len();
                        values[rows.clone()].iter().zip(&present[rows]).zip(recs.iter_mut()).all(
                            |((&v, &p), rec)| match (p, <$t>::try_from(v)) {
                                (true, Ok(v)) => {
                                    *get(rec) = v;
                                    true
                                }
                                _ => false,
                            },
                        )
                    }
                    _ => generic(recs, start, data),
                })
            }

            fn opt_block_setter<R: 'static>(get: Getter<R, Option<Self>>) -> BlockSetter<R> {
                let generic = cellwise(get.clone());
                Box::new(move |recs, start, data| match data {
                    Data::Int { values, present } => {
                        let rows = start..start + recs.len();
                        values[rows.clone()].iter().zip(&present[rows]).zip(recs.iter_mut()).all(
                            |((&v, &p), rec)| {
                                if !p {
                                    *get(rec) = None;
                                    return true;
                                }
                                match <$t>::try_from(v) {
                                    Ok(v) => {
                                        *get(rec) = Some(v);
                                        true
                                    }
                                    Err(_) => false,
                                }
                            },
                        )
                    }
                    _ => generic(recs, start, data),
                })
            }
        }
    )*};
}
int_conv!(u8, u32, u64);

fn utc(py: Python<'_>) -> PyResult<Bound<'_, PyTzInfo>> {
    Ok(PyTzInfo::utc(py)?.to_owned())
}

impl Conv for Timestamp {
    const KIND: &'static str = "ts";

    fn to_py<'py>(&self, py: Python<'py>, _mode: Mode) -> PyResult<Bound<'py, PyAny>> {
        Ok(self.into_pyobject(py)?.into_any())
    }

    fn from_py(ob: &Bound<'_, PyAny>, path: &Path<'_>) -> PyResult<Self> {
        if !ob.is_instance_of::<PyDateTime>() {
            return Err(wrong_type(path, "a timezone-aware datetime", ob));
        }
        if ob.call_method0("utcoffset")?.is_none() {
            return Err(invalid(
                path,
                "naive datetime: calllog needs timezone-aware datetimes, e.g. \
                 datetime(2024, 5, 1, 10, 0, tzinfo=timezone.utc) or ZoneInfo(\"Asia/Tokyo\")",
            ));
        }
        ob.call_method1("astimezone", (utc(ob.py())?,))?
            .extract::<Timestamp>()
    }

    fn from_ts(v: Timestamp, _path: &Path<'_>) -> PyResult<Self> {
        Ok(v)
    }

    fn opt_block_setter<R: 'static>(get: Getter<R, Option<Self>>) -> BlockSetter<R> {
        let generic = cellwise(get.clone());
        Box::new(move |recs, start, data| match data {
            Data::Ts(v) => {
                let mut days = DayCache::default();
                for (&ns, rec) in v[start..start + recs.len()].iter().zip(recs.iter_mut()) {
                    *get(rec) = (ns != i64::MIN).then(|| days.timestamp(ns));
                }
                true
            }
            _ => generic(recs, start, data),
        })
    }

    fn nanos(&self) -> Option<i64> {
        self.timestamp_nanos_opt()
    }
}

/// [`Timestamp::from_timestamp_nanos`], remembering the date of the last day it saw: the
/// date is the costly part (a calendar computation), and a column of call times holds long
/// runs of the same day.
#[derive(Default)]
pub struct DayCache {
    /// Days since 1970-01-01 and their date, once one has been seen.
    last: Option<(i64, calllog::chrono::NaiveDate)>,
}

impl DayCache {
    const NANOS_PER_DAY: i64 = 86_400 * 1_000_000_000;

    /// The instant `ns` nanoseconds after the Unix epoch (any `i64`, as pandas stores them).
    pub fn timestamp(&mut self, ns: i64) -> Timestamp {
        use calllog::chrono::{NaiveDate, NaiveTime};
        let day = ns.div_euclid(Self::NANOS_PER_DAY);
        let in_day = ns.rem_euclid(Self::NANOS_PER_DAY);
        let date = match self.last {
            Some((d, date)) if d == day => date,
            _ => {
                // every i64 of nanoseconds is within chrono's range (years 1677..=2262)
                let date = NaiveDate::from_num_days_from_ce_opt((day + 719_163) as i32)
                    .expect("an i64 of nanoseconds is a valid date");
                self.last = Some((day, date));
                date
            }
        };
        let time = NaiveTime::from_num_seconds_from_midnight_opt(
            (in_day / 1_000_000_000) as u32,
            (in_day % 1_000_000_000) as u32,
        )
        .expect("a second of the day and a nanosecond of the second");
        date.and_time(time).and_utc()
    }
}

impl Conv for TimeDelta {
    const KIND: &'static str = "dur";

    fn to_py<'py>(&self, py: Python<'py>, _mode: Mode) -> PyResult<Bound<'py, PyAny>> {
        Ok(self.into_pyobject(py)?.into_any())
    }

    fn from_py(ob: &Bound<'_, PyAny>, path: &Path<'_>) -> PyResult<Self> {
        if !ob.is_instance_of::<PyDelta>() {
            return Err(wrong_type(path, "a timedelta", ob));
        }
        ob.extract::<TimeDelta>()
    }

    fn from_dur(v: TimeDelta, _path: &Path<'_>) -> PyResult<Self> {
        Ok(v)
    }

    fn opt_block_setter<R: 'static>(get: Getter<R, Option<Self>>) -> BlockSetter<R> {
        let generic = cellwise(get.clone());
        Box::new(move |recs, start, data| match data {
            Data::Dur(v) => {
                for (&ns, rec) in v[start..start + recs.len()].iter().zip(recs.iter_mut()) {
                    *get(rec) = (ns != i64::MIN).then(|| TimeDelta::nanoseconds(ns));
                }
                true
            }
            _ => generic(recs, start, data),
        })
    }

    fn nanos(&self) -> Option<i64> {
        self.num_nanoseconds()
    }
}

impl<T: Conv> Conv for Vec<T> {
    fn to_py<'py>(&self, py: Python<'py>, mode: Mode) -> PyResult<Bound<'py, PyAny>> {
        let mut items = Vec::with_capacity(self.len());
        for v in self {
            items.push(v.to_py(py, mode)?);
        }
        Ok(PyList::new(py, items)?.into_any())
    }

    fn from_py(ob: &Bound<'_, PyAny>, path: &Path<'_>) -> PyResult<Self> {
        if ob.is_instance_of::<PyString>() || ob.is_instance_of::<PyDict>() {
            return Err(wrong_type(path, "a list", ob));
        }
        let iter = ob.try_iter().map_err(|_| wrong_type(path, "a list", ob))?;
        let mut out = Vec::new();
        for (i, item) in iter.enumerate() {
            out.push(T::from_py(&item?, &path.index(i))?);
        }
        Ok(out)
    }
}

impl Conv for BTreeMap<String, String> {
    fn to_py<'py>(&self, py: Python<'py>, _mode: Mode) -> PyResult<Bound<'py, PyAny>> {
        let d = PyDict::new(py);
        for (k, v) in self {
            d.set_item(k, v)?;
        }
        Ok(d.into_any())
    }

    fn from_py(ob: &Bound<'_, PyAny>, path: &Path<'_>) -> PyResult<Self> {
        let d = ob
            .cast::<PyDict>()
            .map_err(|_| wrong_type(path, "a dict of str to str", ob))?;
        let mut out = BTreeMap::new();
        for (k, v) in d.iter() {
            let key = String::from_py(&k, path)?;
            let value = String::from_py(&v, &path.field(&key))?;
            out.insert(key, value);
        }
        Ok(out)
    }
}

/// `decimal.Decimal`.
pub fn decimal_type(py: Python<'_>) -> PyResult<&Bound<'_, PyAny>> {
    static DECIMAL: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    DECIMAL
        .get_or_try_init(py, || {
            Ok::<_, PyErr>(py.import("decimal")?.getattr("Decimal")?.unbind())
        })
        .map(|d| d.bind(py))
}
