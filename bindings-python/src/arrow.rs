//! Arrow in and out through the Arrow PyCapsule interface (pyo3-arrow): what
//! `CallLog.from_arrow` / `to_arrow` and the exports of an Arrow stream convert. The schema
//! and the conversions are the core's (`calllog::arrow`); this file only moves streams across.

use std::sync::Mutex;

use calllog::CallRecord;
use calllog::arrow::reexports::arrow_array::RecordBatchReader;
use calllog::arrow::{
    CallReader, ReadOptions, batches_to_calls, calls_to_batches, check_call_schema,
};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3_arrow::input::AnyRecordBatch;
use pyo3_arrow::{PySchema, PyTable};

use crate::convert::IntoPyErr;

/// Rows per batch of `to_arrow` (a multiple of 1,024, as Arrow consumers like).
pub const BATCH_ROWS: usize = 64 * 1024;

/// An Arrow stream from anything with `__arrow_c_stream__` or `__arrow_c_array__`.
pub fn reader_of(obj: &Bound<'_, PyAny>) -> PyResult<Box<dyn RecordBatchReader + Send>> {
    if !obj.hasattr("__arrow_c_stream__")? && !obj.hasattr("__arrow_c_array__")? {
        return Err(PyTypeError::new_err(format!(
            "expected Arrow data (an object with __arrow_c_stream__ or __arrow_c_array__, \
             e.g. a pyarrow Table, a polars DataFrame, a DuckDB relation), got {}",
            obj.get_type().name()?
        )));
    }
    // A DuckDB relation's __arrow_c_stream__ hands over batches of up to a million rows (the
    // producer's memory, hundreds of MiB): ask it for small ones instead (benches/README.md,
    // "DuckDB").
    let module = obj.get_type().module()?;
    if module
        .to_cow()?
        .trim_start_matches('_')
        .starts_with("duckdb")
        && obj.hasattr("to_arrow_reader")?
    {
        let small = obj.call_method1("to_arrow_reader", (calllog::arrow::MAX_RECORDS_PER_STEP,))?;
        let any: AnyRecordBatch = small.extract()?;
        return any.into_reader();
    }
    let any: AnyRecordBatch = obj.extract()?;
    any.into_reader()
}

/// The read options of the Python keyword arguments.
pub fn read_options(validate: bool, ignore_unknown: bool) -> ReadOptions {
    ReadOptions::new()
        .validate(validate)
        .ignore_unknown(ignore_unknown)
}

/// Every record of an Arrow stream, read batch by batch with the GIL released.
pub fn records_from_arrow(
    obj: &Bound<'_, PyAny>,
    validate: bool,
    ignore_unknown: bool,
) -> PyResult<Vec<CallRecord>> {
    let reader = reader_of(obj)?;
    let opts = read_options(validate, ignore_unknown);
    obj.py()
        .detach(move || -> calllog::Result<Vec<CallRecord>> {
            check_call_schema(&reader.schema(), &opts)?;
            // all the batches (a table's are in memory already), then every core converts
            let (mut batches, mut rows) = (Vec::new(), 0);
            for b in reader {
                let b = b.map_err(|e| calllog::arrow::from_arrow_error(e, rows))?;
                rows += b.num_rows();
                batches.push(b);
            }
            batches_to_calls(&batches, &opts, 0)
        })
        .map_err(IntoPyErr::into_pyerr)
}

/// The records as an Arrow table (pyo3-arrow's, exposing `__arrow_c_stream__`), with the
/// derived columns under `rules` when given, built with the GIL released.
pub fn table_of(
    py: Python<'_>,
    records: &[CallRecord],
    derived: Option<calllog::Rules>,
) -> PyResult<PyTable> {
    let (batches, schema) = py
        .detach(|| calls_to_batches(records, BATCH_ROWS, derived, 0).map(|(s, b)| (b, s)))
        .map_err(IntoPyErr::into_pyerr)?;
    PyTable::try_new(batches, schema)
}

/// An Arrow stream an export reads once, batch by batch.
pub struct ArrowRows(Mutex<Option<(Box<dyn RecordBatchReader + Send>, ReadOptions)>>);

impl ArrowRows {
    /// The stream of `obj`, its schema checked now (before any file is opened); with
    /// `ignore_unknown`, columns outside the schema are skipped instead of refused.
    pub fn new(obj: &Bound<'_, PyAny>, validate: bool, ignore_unknown: bool) -> PyResult<Self> {
        let reader = reader_of(obj)?;
        let opts = read_options(validate, ignore_unknown);
        check_call_schema(&reader.schema(), &opts).map_err(IntoPyErr::into_pyerr)?;
        Ok(ArrowRows(Mutex::new(Some((reader, opts)))))
    }

    /// Hands the records to `write` batch by batch, one batch in memory at a time.
    pub fn for_each(
        &self,
        mut write: impl FnMut(&[CallRecord]) -> calllog::Result<()>,
    ) -> calllog::Result<()> {
        let taken = self.0.lock().unwrap_or_else(|e| e.into_inner()).take();
        let Some((reader, opts)) = taken else {
            return Err(calllog::Error::Internal(
                "an Arrow stream can be exported once; it was already read".into(),
            ));
        };
        let mut records = CallReader::new(reader, opts);
        while let Some(batch) = records.next_batch() {
            write(&batch?)?;
        }
        Ok(())
    }
}

/// `_calllog._arrow_schema(derived)`: the core's call schema (for `from_pandas`, which gives
/// object columns their Arrow type from it).
#[pyfunction]
#[pyo3(signature = (derived = false))]
fn _arrow_schema(derived: bool) -> PySchema {
    let s = if derived {
        calllog::arrow::call_schema_with_derived(calllog::arrow::MAX_PRICE_SCALE)
    } else {
        calllog::arrow::call_schema(calllog::arrow::MAX_PRICE_SCALE)
    };
    PySchema::new(s)
}

/// Registers the module's functions.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(_arrow_schema, m)?)?;
    Ok(())
}
