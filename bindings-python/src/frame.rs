//! The fast way in for `CallLog.from_pandas`: the DataFrame's columns are copied once, with
//! the GIL held, into Rust-owned buffers ([`Frame`]), [`SEGMENT`] rows at a time, while other
//! threads convert and validate the segments already copied (GIL released). The log keeps
//! the frame: records are built from it when something needs them all ([`Frame::build`], on
//! every core), one at a time for indexing ([`Frame::record`]), or streamed to an exporter in
//! reused chunks while the next chunk is built ([`Frame::stream`]). Records are filled a
//! block of rows at a time, column by column, by typed [`BlockSetter`]s; a block that fails
//! is redone row by row with the [`Setter`]s, whose errors name the record and field.
//!
//! Only columns whose dtype has a buffer form come this way (`_pandas.frame_in` decides):
//! tz-aware datetimes and timedeltas (int64 nanoseconds), integers and booleans (values and a
//! missing mask), categoricals of strings (codes and categories), and string or object
//! columns whose cells are all `str` or missing. Each column must also feed a field that
//! takes that form natively (text into `str` and vocabulary fields, integers into integer
//! fields...). Anything else returns `None` and the caller converts cell by cell instead,
//! which stays the reference behaviour: both ways give the same records and name the same
//! first bad row.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use calllog::CallRecord;
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::{PyFloat, PyList, PyString};

use crate::cells::{Data, MISSING};
use crate::convert::{BlockSetter, IntoPyErr, Path, Setter, getter, str_of};
use crate::model::Fields;

/// The derived column names of calllog 0.1's dotted layout, which its reader skips.
pub const LEGACY_DERIVED_COLUMNS: &[&str] = &[
    "wait_time",
    "dial_duration",
    "talk_time",
    "agent_talk_time",
    "ivr_time",
    "hold_time",
    "after_call_work",
    "total_duration",
    "handle_time",
    "outcome",
    "is_success",
];

/// A copy of elements `start..start + len` of the array at `address`.
///
/// # Safety
/// `address` must point at at least `start + len` initialised, aligned `T`s that stay alive
/// and unchanged for the duration of the call (a C-contiguous numpy array of that dtype, kept
/// alive by the caller, with the GIL held).
unsafe fn copy_buffer<T: Copy>(address: usize, start: usize, len: usize) -> Vec<T> {
    if len == 0 {
        return Vec::new();
    }
    // SAFETY: as the caller promises
    unsafe { std::slice::from_raw_parts((address as *const T).add(start), len) }.to_vec()
}

/// What a string column's cell is.
enum TextCell<'a> {
    Missing,
    Text(&'a str),
    /// Anything else: the column needs the per-cell conversion.
    Other,
}

/// The missing markers pandas puts in object arrays: `None`, `pd.NA`, `pd.NaT`, NaN.
struct Markers {
    none: *mut ffi::PyObject,
    na: *mut ffi::PyObject,
    nat: *mut ffi::PyObject,
}

impl Markers {
    fn new(py: Python<'_>, pandas: &Bound<'_, PyModule>) -> PyResult<Self> {
        Ok(Markers {
            none: py.None().as_ptr(),
            // pandas keeps these singletons alive for the life of the process
            na: pandas.getattr("NA")?.as_ptr(),
            nat: pandas.getattr("NaT")?.as_ptr(),
        })
    }

    /// # Safety
    /// `ob` must be a live object, the GIL held.
    unsafe fn classify<'a>(&self, py: Python<'a>, ob: *mut ffi::PyObject) -> TextCell<'a> {
        if ob == self.none || ob == self.na || ob == self.nat {
            return TextCell::Missing;
        }
        // SAFETY: `ob` is live and we hold the GIL; the caller keeps the array (and so the
        // object) alive while it uses what this returns
        let ob = unsafe { pyo3::Borrowed::from_ptr(py, ob) };
        if let Ok(s) = ob.cast::<PyString>() {
            return match str_of(&s) {
                // SAFETY: the UTF-8 buffer is owned by the str, which the array keeps alive
                // longer than the caller uses the slice
                Ok(t) => TextCell::Text(unsafe { &*(t as *const str) }),
                Err(_) => TextCell::Other,
            };
        }
        if let Ok(f) = ob.cast::<PyFloat>()
            && f.value().is_nan()
        {
            return TextCell::Missing;
        }
        TextCell::Other
    }
}

/// Rows per segment. The columns are copied a segment at a time, and each segment is
/// checked (on other threads) while the next is copied. A multiple of [`STREAM_CHUNK`] and
/// [`BLOCK`], so blocks never straddle two segments.
const SEGMENT: usize = 64 * 1024;

/// The DataFrame's columns, copied out of Python, and the field each one sets.
pub struct Frame {
    n: usize,
    /// The id column first, so that errors in the other columns name the record.
    columns: Vec<Column>,
    /// Rows `k * SEGMENT..` of every column (in the order of `columns`).
    segments: Vec<Arc<Vec<Data>>>,
}

/// A column and the field it sets, row by row (with errors) and a block at a time (fast).
struct Column {
    is_id: bool,
    /// Converting this column cannot fail (text into an optional string, datetimes and
    /// durations into optional ones).
    infallible: bool,
    /// `validate()` reads this column's field (`calllog::validate::CALL_FIELDS_VALIDATED`).
    validated: bool,
    set: Setter<CallRecord>,
    set_block: BlockSetter<CallRecord>,
    source: Source,
}

/// Where a column's values are in Python: numpy buffers (addresses) that `frame_in` made
/// C-contiguous and that stay alive and unchanged while the GIL is held.
enum Source {
    Ts(usize),
    Dur(usize),
    Int {
        values: usize,
        missing: usize,
    },
    Bool {
        values: usize,
        missing: usize,
    },
    Cat {
        codes: usize,
        categories: Vec<String>,
    },
    /// An object array.
    Text(usize),
}

impl Source {
    /// The kinds of field (`Conv::KIND`) this column can feed without Python.
    fn feeds(&self, field_kind: &str) -> bool {
        match self {
            Source::Ts(_) => field_kind == "ts",
            Source::Dur(_) => field_kind == "dur",
            Source::Text(_) | Source::Cat { .. } => {
                field_kind == "str" || field_kind.starts_with("cat:")
            }
            Source::Int { .. } => field_kind == "int",
            Source::Bool { .. } => field_kind == "bool",
        }
    }

    /// Copies rows `rows` (`None` when a cell of a text column is neither a `str` nor missing).
    ///
    /// # Safety
    /// The GIL is held and the arrays behind the addresses are alive, of the dtype `frame_in`
    /// gave them, with at least `rows.end` elements.
    unsafe fn copy(
        &self,
        py: Python<'_>,
        markers: &Markers,
        rows: std::ops::Range<usize>,
    ) -> Option<Data> {
        let (start, len) = (rows.start, rows.len());
        // SAFETY (all): as the caller promises
        // numpy bools are bytes: read as `u8` (a Rust `bool` must be 0 or 1)
        let flags = |address: usize, want: u8| -> Vec<bool> {
            unsafe { copy_buffer::<u8>(address, start, len) }
                .into_iter()
                .map(|b| (b != 0) == (want != 0))
                .collect()
        };
        Some(match self {
            Source::Ts(a) => Data::Ts(unsafe { copy_buffer(*a, start, len) }),
            Source::Dur(a) => Data::Dur(unsafe { copy_buffer(*a, start, len) }),
            Source::Int { values, missing } => Data::Int {
                values: unsafe { copy_buffer(*values, start, len) },
                present: flags(*missing, 0),
            },
            Source::Bool { values, missing } => Data::Bool {
                values: flags(*values, 1),
                present: flags(*missing, 0),
            },
            Source::Cat { codes, categories } => {
                let codes: Vec<i32> = unsafe { copy_buffer(*codes, start, len) };
                // pandas keeps codes in range; should one not be, the per-cell path decides
                if codes
                    .iter()
                    .any(|&c| c >= categories.len() as i32 || c < -1)
                {
                    return None;
                }
                Data::Cat {
                    codes,
                    categories: categories.clone(),
                }
            }
            Source::Text(a) => {
                let base = *a as *const *mut ffi::PyObject;
                let mut bytes = Vec::new();
                let mut ends = Vec::with_capacity(len);
                for i in rows {
                    // SAFETY: an object array holds live object pointers
                    match unsafe { markers.classify(py, *base.add(i)) } {
                        TextCell::Missing => ends.push(bytes.len() as u32 | MISSING),
                        TextCell::Text(t) => {
                            bytes.extend_from_slice(t.as_bytes());
                            if bytes.len() >= MISSING as usize {
                                return None;
                            }
                            ends.push(bytes.len() as u32);
                        }
                        TextCell::Other => return None,
                    }
                }
                Data::Text { bytes, ends }
            }
        })
    }
}

/// Reads `df` into a checked [`Frame`] (every row converted, and with `validate` validated:
/// the error of the first bad row, as converting row by row raises it), or `None` when some
/// column needs the per-cell conversion. Also raises the errors of the frame as a whole
/// (not a DataFrame, a naive datetime column, an unknown column).
///
/// The GIL is held while the columns are copied, a segment at a time; other threads check
/// each segment meanwhile, and this one joins them (GIL released) once all are copied.
pub fn read(
    df: &Bound<'_, PyAny>,
    helpers: &Bound<'_, PyModule>,
    ignore_unknown: bool,
    validate: bool,
) -> PyResult<Option<Frame>> {
    let py = df.py();
    let got = helpers.getattr("frame_in")?.call1((df,))?;
    if got.is_none() {
        return Ok(None);
    }
    // `cols` holds the numpy arrays: it keeps them alive until the copies are made
    let (n, cols): (usize, Bound<'_, PyList>) = got.extract()?;
    let pandas = py.import("pandas")?;
    let markers = Markers::new(py, &pandas)?;
    let mut columns = Vec::with_capacity(cols.len());
    for col in cols.iter() {
        let name: String = col.get_item(0)?.extract()?;
        let kind: String = col.get_item(1)?.extract()?;
        if LEGACY_DERIVED_COLUMNS.contains(&name.as_str())
            || calllog::arrow::DERIVED.contains(&name.as_str())
        {
            continue;
        }
        let Some(field_kind) = <CallRecord as Fields>::kind(&name) else {
            if ignore_unknown {
                continue;
            }
            return Err(crate::collection::unknown_column(&name));
        };
        // (name, kind, array, address[, array, address | categories])
        let address = |k: usize| -> PyResult<usize> { col.get_item(k)?.extract() };
        let source = match kind.as_str() {
            "ts" => Source::Ts(address(3)?),
            "dur" => Source::Dur(address(3)?),
            "int" => Source::Int {
                values: address(3)?,
                missing: address(5)?,
            },
            "bool" => Source::Bool {
                values: address(3)?,
                missing: address(5)?,
            },
            "cat" => Source::Cat {
                codes: address(3)?,
                categories: col.get_item(4)?.extract()?,
            },
            "text" => Source::Text(address(3)?),
            other => {
                return Err(pyo3::exceptions::PyRuntimeError::new_err(format!(
                    "internal: unknown column kind {other:?}"
                )));
            }
        };
        if !source.feeds(field_kind) {
            return Ok(None);
        }
        let set = <CallRecord as Fields>::setter(&name).expect("a field with a kind has a setter");
        let set_block = <CallRecord as Fields>::block_setter_via(getter(|r| r), &name)
            .expect("a field with a kind has a block setter");
        let infallible = <CallRecord as Fields>::nullable(&name)
            && matches!(
                (&source, field_kind),
                (Source::Text(_) | Source::Cat { .. }, "str")
                    | (Source::Ts(_), "ts")
                    | (Source::Dur(_), "dur")
            );
        let head = name.split('.').next().unwrap_or(&name);
        let validated = <CallRecord as Fields>::core_name(head)
            .is_none_or(|f| calllog::validate::CALL_FIELDS_VALIDATED.contains(&f));
        columns.push(Column {
            is_id: name == "id",
            infallible,
            validated,
            set,
            set_block,
            source,
        });
    }
    columns.sort_by_key(|c| !c.is_id);
    let mut frame = Frame {
        n,
        columns,
        segments: Vec::with_capacity(n.div_ceil(SEGMENT)),
    };
    let checked = Checked::new(validate);
    let (tx, rx) = std::sync::mpsc::channel::<Segment>();
    let rx = Mutex::new(rx);
    let all_fast = std::thread::scope(|s| {
        let (frame_ref, checked, rx) = (&frame, &checked, &rx);
        let helper = s.spawn(move || frame_ref.check_from(rx, checked));
        let mut copied = Vec::new();
        let mut all_fast = true;
        'segments: for start in (0..n).step_by(SEGMENT) {
            if checked.failed_before(start) {
                break; // the error is known: no need to copy the rest
            }
            let rows = start..(start + SEGMENT).min(n);
            let mut seg = Vec::with_capacity(frame_ref.columns.len());
            for c in &frame_ref.columns {
                // SAFETY: the GIL is held; `cols` keeps the arrays alive; `frame_in` made them
                // C-contiguous with `n` elements of the dtype their kind says
                match unsafe { c.source.copy(py, &markers, rows.clone()) } {
                    Some(data) => seg.push(data),
                    None => {
                        all_fast = false;
                        checked.stop();
                        break 'segments;
                    }
                }
            }
            let seg = Arc::new(seg);
            copied.push(seg.clone());
            // the helpers only stop early on an error, which `failed_before` sees
            let _ = tx.send((start, seg));
        }
        drop(tx);
        // join with the GIL released: a helper making a Python exception needs it
        py.detach(|| {
            frame_ref.check_from(rx, checked);
            helper
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p));
        });
        (all_fast, copied)
    });
    let (all_fast, copied) = all_fast;
    if !all_fast {
        return Ok(None);
    }
    checked.result()?;
    frame.segments = copied;
    Ok(Some(frame))
}

/// A segment on its way to be checked: the row of its first record, and its columns.
type Segment = (usize, Arc<Vec<Data>>);

/// The outcome of checking segments on several threads: the error of the lowest bad row.
struct Checked {
    fill: Fill,
    first_bad: AtomicUsize,
    error: Mutex<Option<(usize, PyErr)>>,
}

impl Checked {
    /// For a check that converts and, with `validate`, validates.
    fn new(validate: bool) -> Self {
        Checked {
            fill: if validate {
                Fill::Validate
            } else {
                Fill::Convert
            },
            first_bad: AtomicUsize::new(usize::MAX),
            error: Mutex::new(None),
        }
    }

    /// Whether a row before `row` failed (so rows from `row` on need no checking).
    fn failed_before(&self, row: usize) -> bool {
        self.first_bad.load(Ordering::Relaxed) < row
    }

    /// Makes every later check stop at once (the result is not wanted).
    fn stop(&self) {
        self.first_bad.store(0, Ordering::Relaxed);
    }

    fn fail(&self, row: usize, e: PyErr) {
        self.first_bad.fetch_min(row, Ordering::Relaxed);
        let mut slot = self.error.lock().unwrap_or_else(|e| e.into_inner());
        if slot.as_ref().is_none_or(|(r, _)| row < *r) {
            *slot = Some((row, e));
        }
    }

    fn result(self) -> PyResult<()> {
        match self.error.into_inner().unwrap_or_else(|e| e.into_inner()) {
            Some((_, e)) => Err(e),
            None => Ok(()),
        }
    }
}

/// Fewer rows than this per thread are not worth a thread.
const MIN_ROWS_PER_THREAD: usize = 16 * 1024;

/// Rows filled together, column by column: each column's buffer is then read in order and
/// the block's records (~400 KB) stay in cache, where filling row by row would jump between
/// ~60 buffers for every row.
const BLOCK: usize = 256;

/// Records per chunk when streaming: building and writing overlap chunk by chunk, and memory
/// stays at a few chunks however many rows.
const STREAM_CHUNK: usize = 1024;

/// Chunks in flight between the building thread and the writing one.
const STREAM_BUFFERS: usize = 3;

/// Why [`Frame::stream`] stopped.
pub enum StreamError<E> {
    /// `write` failed.
    Write(E),
    /// A record could not be built (not after `check` succeeded: the same rows convert the same).
    Build(PyErr),
}

/// What filling records is for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fill {
    /// Records to use: every column.
    Build,
    /// Only whether the rows convert (`from_pandas(validate=False)`): columns whose conversion
    /// cannot fail are left out.
    Convert,
    /// Whether the rows convert and validate: columns whose conversion cannot fail and whose
    /// field `validate()` does not read are left out (the records are thrown away).
    Validate,
}

impl Column {
    /// Whether filling for `fill` sets this column.
    fn needed(&self, fill: Fill) -> bool {
        match fill {
            Fill::Build => true,
            Fill::Convert => !self.infallible,
            Fill::Validate => !self.infallible || self.validated,
        }
    }
}

impl Frame {
    /// The number of rows.
    pub fn len(&self) -> usize {
        self.n
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// The segment holding row `i`, and `i`'s place in it.
    fn locate(&self, i: usize) -> (&[Data], usize) {
        (&self.segments[i / SEGMENT], i % SEGMENT)
    }

    /// Sets the fields that have a column (those `fill` needs) to the value of row `at` of
    /// segment `seg`, and for [`Fill::Validate`] validates the record. `id` is scratch space
    /// (the record id, for error messages). Refilling the same record allocates nothing for
    /// strings that fit their buffer.
    fn fill_row(
        &self,
        seg: &[Data],
        at: usize,
        rec: &mut CallRecord,
        id: &mut String,
        fill: Fill,
    ) -> PyResult<()> {
        id.clear();
        for (c, data) in self.columns.iter().zip(seg) {
            if !c.needed(fill) {
                continue;
            }
            (c.set)(rec, data.cell(at), &Path::Root(id))?;
            if c.is_id {
                id.push_str(&rec.id);
            }
        }
        if fill == Fill::Validate {
            rec.validate().map_err(IntoPyErr::into_pyerr)?;
        }
        Ok(())
    }

    /// [`fill_row`](Self::fill_row) for rows `at..at + recs.len()` of `seg`, column by
    /// column (see [`BLOCK`]). Raises the error that filling row by row raises first.
    fn fill_block(
        &self,
        seg: &[Data],
        at: usize,
        recs: &mut [CallRecord],
        id: &mut String,
        fill: Fill,
    ) -> PyResult<()> {
        let failed = !self
            .columns
            .iter()
            .zip(seg)
            .all(|(c, data)| !c.needed(fill) || (c.set_block)(recs, at, data));
        if !failed && fill == Fill::Validate {
            for rec in recs.iter() {
                rec.validate().map_err(IntoPyErr::into_pyerr)?;
            }
        }
        if failed {
            // again row by row: the first error in row order (a later column of an earlier
            // row, or that row's validation, comes before this one)
            for (j, rec) in recs.iter_mut().enumerate() {
                self.fill_row(seg, at + j, rec, id, fill)?;
            }
        }
        Ok(())
    }

    /// [`fill_block`](Self::fill_block) for rows `start..start + recs.len()` of the frame
    /// (they must lie in one segment, as blocks do).
    fn fill_rows(
        &self,
        start: usize,
        recs: &mut [CallRecord],
        id: &mut String,
        fill: Fill,
    ) -> PyResult<()> {
        let (seg, at) = self.locate(start);
        self.fill_block(seg, at, recs, id, fill)
    }

    /// Row `i` as a record.
    pub fn record(&self, i: usize) -> PyResult<CallRecord> {
        let mut rec = CallRecord::default();
        let (seg, at) = self.locate(i);
        self.fill_row(seg, at, &mut rec, &mut String::new(), Fill::Build)?;
        Ok(rec)
    }

    /// Checks the segments that arrive on `segments` (row of their first record, columns)
    /// until it closes, recording the first error in `checked`.
    fn check_from(&self, segments: &Mutex<std::sync::mpsc::Receiver<Segment>>, checked: &Checked) {
        let mut recs: Vec<CallRecord> = Vec::new();
        let mut id = String::new();
        loop {
            let next = segments.lock().unwrap_or_else(|e| e.into_inner()).recv();
            let Ok((start, seg)) = next else { return };
            let len = seg.first().map_or(0, Data::len);
            for at in (0..len).step_by(BLOCK) {
                if checked.failed_before(start + at) {
                    break;
                }
                recs.resize_with(BLOCK.min(len - at), CallRecord::default);
                if let Err(e) = self.fill_block(&seg, at, &mut recs, &mut id, checked.fill) {
                    checked.fail(start + at, e);
                    break;
                }
            }
        }
    }

    /// Runs `work(rows, first_bad)` on up to all cores, over consecutive row ranges;
    /// `first_bad` is the lowest row that failed so far (threads past it may stop). Returns
    /// each range's result, in row order.
    fn split<T: Send>(
        &self,
        work: impl Fn(std::ops::Range<usize>, &AtomicUsize) -> T + Sync,
    ) -> Vec<T> {
        let n = self.n;
        let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
        let threads = cores.min(n / MIN_ROWS_PER_THREAD).max(1);
        let first_bad = AtomicUsize::new(usize::MAX);
        if threads == 1 {
            return vec![work(0..n, &first_bad)];
        }
        // ranges in whole blocks
        let per_thread = n.div_ceil(threads).div_ceil(BLOCK) * BLOCK;
        std::thread::scope(|s| {
            let handles: Vec<_> = (0..threads)
                .map(|k| {
                    let (work, first_bad) = (&work, &first_bad);
                    let rows = (k * per_thread).min(n)..((k + 1) * per_thread).min(n);
                    s.spawn(move || work(rows, first_bad))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                .collect()
        })
    }

    /// Converts every row (and with `validate` validates it) without keeping the records:
    /// the error of the first bad row, as building them would raise it. Checks segments on
    /// up to all cores, with the loop `read` uses. Call it with the GIL released.
    pub fn check(&self, validate: bool) -> PyResult<()> {
        let checked = Checked::new(validate);
        let (tx, rx) = std::sync::mpsc::channel::<Segment>();
        for (k, seg) in self.segments.iter().enumerate() {
            tx.send((k * SEGMENT, seg.clone()))
                .expect("the receiver is alive");
        }
        drop(tx);
        let rx = Mutex::new(rx);
        let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
        let helpers = cores.min(self.segments.len()).saturating_sub(1);
        std::thread::scope(|s| {
            for _ in 0..helpers {
                s.spawn(|| self.check_from(&rx, &checked));
            }
            self.check_from(&rx, &checked);
        });
        checked.result()
    }

    /// Every record, built on up to all cores. Call it with the GIL released.
    pub fn build(&self) -> PyResult<Vec<CallRecord>> {
        let n = self.n;
        let mut out: Vec<CallRecord> = Vec::with_capacity(n);
        let base = SendPtr(out.as_mut_ptr());
        // each range writes its own slots in place (a record is ~1.5 KB: no second copy) and
        // says which it wrote: all of them unless a row failed
        let results = self.split(|rows, first_bad| {
            let base = &base;
            let mut id = String::new();
            for start in rows.clone().step_by(BLOCK) {
                if first_bad.load(Ordering::Relaxed) < start {
                    return (rows.start..start, Ok(()));
                }
                let len = BLOCK.min(rows.end - start);
                // SAFETY: `out` has capacity `n`, the ranges are disjoint, and each slot is
                // written (with a default record) before the slice over it is made
                let block = unsafe {
                    for j in start..start + len {
                        base.0.add(j).write(CallRecord::default());
                    }
                    std::slice::from_raw_parts_mut(base.0.add(start), len)
                };
                if let Err(e) = self.fill_rows(start, block, &mut id, Fill::Build) {
                    first_bad.fetch_min(start, Ordering::Relaxed);
                    return (rows.start..start + len, Err(e));
                }
            }
            (rows, Ok(()))
        });
        let written: usize = results.iter().map(|(rows, _)| rows.len()).sum();
        if written == n && results.iter().all(|(_, r)| r.is_ok()) {
            // SAFETY: every range wrote each of its slots, and the ranges cover 0..n
            unsafe { out.set_len(n) };
            return Ok(out);
        }
        let mut error = None;
        for (rows, result) in results {
            for j in rows {
                // SAFETY: these slots were written above; each is dropped once, here
                unsafe { std::ptr::drop_in_place(base.0.add(j)) };
            }
            if let (Err(e), None) = (result, &error) {
                error = Some(e);
            }
        }
        Err(error.expect("a range failed"))
    }

    /// Calls `write` with every record in row order. Another thread builds them, a chunk at a
    /// time into a few reused buffers, so building overlaps writing and memory stays flat.
    /// Stops at the first error of either side. Call it with the GIL released.
    pub fn stream<E>(
        &self,
        mut write: impl FnMut(&CallRecord) -> Result<(), E>,
    ) -> Result<(), StreamError<E>> {
        use std::sync::mpsc;
        let mut id = String::new();
        if self.n == 0 {
            return Ok(());
        }
        if self.n <= STREAM_CHUNK {
            let mut recs: Vec<CallRecord> = (0..self.n).map(|_| CallRecord::default()).collect();
            self.fill_rows(0, &mut recs, &mut id, Fill::Build)
                .map_err(StreamError::Build)?;
            return recs
                .iter()
                .try_for_each(&mut write)
                .map_err(StreamError::Write);
        }
        type Chunk = (Vec<CallRecord>, usize);
        let (full_tx, full_rx) = mpsc::sync_channel::<PyResult<Chunk>>(STREAM_BUFFERS);
        let (empty_tx, empty_rx) = mpsc::channel::<Vec<CallRecord>>();
        for _ in 0..STREAM_BUFFERS {
            let chunk = (0..STREAM_CHUNK).map(|_| CallRecord::default()).collect();
            empty_tx.send(chunk).expect("the receiver is alive");
        }
        std::thread::scope(|s| {
            s.spawn(move || {
                for start in (0..self.n).step_by(STREAM_CHUNK) {
                    // the writer hung up (it failed): stop
                    let Ok(mut chunk) = empty_rx.recv() else {
                        return;
                    };
                    let count = STREAM_CHUNK.min(self.n - start);
                    let built =
                        chunk[..count]
                            .chunks_mut(BLOCK)
                            .enumerate()
                            .try_for_each(|(b, recs)| {
                                self.fill_rows(start + b * BLOCK, recs, &mut id, Fill::Build)
                            });
                    let failed = built.is_err();
                    if full_tx.send(built.map(|()| (chunk, count))).is_err() || failed {
                        return;
                    }
                }
            });
            // the writer: this thread. It owns both channel ends it uses, so that returning
            // early (a failed or cancelled write) unblocks the builder wherever it waits
            let (empty_tx, full_rx) = (empty_tx, full_rx);
            for got in full_rx {
                let (chunk, count) = got.map_err(StreamError::Build)?;
                chunk[..count]
                    .iter()
                    .try_for_each(&mut write)
                    .map_err(StreamError::Write)?;
                // the builder may have finished: then nobody needs the buffer back
                let _ = empty_tx.send(chunk);
            }
            Ok(())
        })
    }
}

/// The start of the records' buffer, shared by the threads that fill disjoint parts of it.
struct SendPtr(*mut CallRecord);

// SAFETY: each thread writes only its own range of slots (see `Frame::build`)
unsafe impl Sync for SendPtr {}
