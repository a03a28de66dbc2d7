//! What an export writes ([`Rows`]): records in Rust memory, a DataFrame's columns, callback
//! entries or an Arrow stream, each handed to the core's sinks the way it streams best.

use std::sync::Arc;

use calllog::export::{ExportControl, ExportProfile, ExportSummary};
use calllog::{CallRecord, CallbackRecord};

use crate::arrow::ArrowRows;
use crate::frame::{Frame, StreamError};

/// Which format.
#[derive(Clone, Copy)]
pub enum Format {
    /// CSV.
    Csv,
    /// XLSX.
    Xlsx,
}

/// The records an export writes.
pub enum Rows {
    /// Calls.
    Calls(Arc<Vec<CallRecord>>),
    /// Calls still in a DataFrame's columns (`CallLog.from_pandas`), built as they are written.
    Frame(Arc<Frame>),
    /// Callback worklist entries (seed 001).
    Callbacks(Vec<CallbackRecord>),
    /// Calls of an Arrow stream (DuckDB, polars, pyarrow...), read batch by batch as they
    /// are written: the whole table is never in memory.
    Arrow(ArrowRows),
}

impl Rows {
    /// The number of rows, when known before writing (an Arrow stream's is not).
    pub(crate) fn len(&self) -> Option<usize> {
        match self {
            Rows::Calls(r) => Some(r.len()),
            Rows::Frame(f) => Some(f.len()),
            Rows::Callbacks(r) => Some(r.len()),
            Rows::Arrow(_) => None,
        }
    }

    /// Writes the rows with the core's exporter (call it with the GIL released).
    pub fn write(
        &self,
        format: Format,
        path: &std::path::Path,
        profile: &ExportProfile,
        control: &ExportControl,
    ) -> calllog::Result<ExportSummary> {
        use calllog::export::{CsvSink, XlsxSink, export_csv, export_xlsx};
        match (format, self) {
            (Format::Csv, Rows::Calls(r)) => export_csv(path, r.iter(), profile, control),
            (Format::Xlsx, Rows::Calls(r)) => export_xlsx(path, r.iter(), profile, control),
            (Format::Csv, Rows::Callbacks(r)) => export_csv(path, r.iter(), profile, control),
            (Format::Xlsx, Rows::Callbacks(r)) => export_xlsx(path, r.iter(), profile, control),
            (Format::Csv, Rows::Frame(f)) => {
                let mut sink = CsvSink::create(path, profile, control)?;
                streamed(f.stream(|r| sink.write(r)))?;
                sink.finish()
            }
            (Format::Xlsx, Rows::Frame(f)) => {
                let mut sink = XlsxSink::create(path, profile, control)?;
                streamed(f.stream(|r| sink.write(r)))?;
                sink.finish()
            }
            (Format::Csv, Rows::Arrow(a)) => {
                let mut sink = CsvSink::create(path, profile, control)?;
                a.for_each(|batch| sink.write_batch(batch))?;
                sink.finish()
            }
            (Format::Xlsx, Rows::Arrow(a)) => {
                let mut sink = XlsxSink::create(path, profile, control)?;
                a.for_each(|batch| batch.iter().try_for_each(|r| sink.write(r)))?;
                sink.finish()
            }
        }
    }
}

/// The sink's error, or a record that could not be built from a DataFrame's columns (which
/// `from_pandas` checked: it does not happen, but it is not hidden if it does).
fn streamed(r: Result<(), StreamError<calllog::Error>>) -> calllog::Result<()> {
    match r {
        Ok(()) => Ok(()),
        Err(StreamError::Write(e)) => Err(e),
        Err(StreamError::Build(e)) => Err(calllog::Error::invalid("", "", e.to_string())),
    }
}
