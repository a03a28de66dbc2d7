//! Whole tables on every core: records → batches and batches → records split over threads,
//! for callers that hold all the data anyway (`to_arrow`, `from_arrow` of a table). Streams
//! that must stay in constant memory use [`CallBatches`](super::CallBatches) and
//! [`CallReader`](super::CallReader) instead.

use std::num::NonZeroUsize;

use arrow_array::RecordBatch;
use arrow_schema::SchemaRef;

use super::read::{ReadOptions, batch_to_calls};
use super::schema;
use super::write::{batch_with_derived, price_scale_of};
use crate::error::Result;
use crate::model::CallRecord;
use crate::rules::Rules;

/// Rows per piece of work when a batch is larger (pieces are zero-copy slices).
const PIECE_ROWS: usize = 64 * 1024;

/// The threads to use: `threads`, or the machine's parallelism when 0, never more than
/// there are pieces of work.
fn thread_count(threads: usize, pieces: usize) -> usize {
    let t = if threads == 0 {
        std::thread::available_parallelism().map_or(1, NonZeroUsize::get)
    } else {
        threads
    };
    t.clamp(1, pieces.max(1))
}

/// Splits `0..n` into `parts` contiguous ranges of about the same length.
fn ranges(n: usize, parts: usize) -> Vec<std::ops::Range<usize>> {
    let parts = parts.max(1);
    (0..parts)
        .map(|k| (n * k / parts)..(n * (k + 1) / parts))
        .filter(|r| !r.is_empty())
        .collect()
}

/// `records` as batches of `batch_size` rows (the last one shorter) in
/// [`call_schema`](super::call_schema) (with the derived columns under `derived` when
/// given), built on `threads` threads (0: one per core), in order. The same batches as
/// [`CallBatches`](super::CallBatches) gives, faster.
///
/// ```
/// let records: Vec<_> = calllog::sample::generate(5_000, 1).collect();
/// let (schema, batches) = calllog::arrow::calls_to_batches(&records, 1_024, None, 2)?;
/// assert_eq!(batches.len(), 5);
/// let back = calllog::arrow::batches_to_calls(&batches, &calllog::arrow::ReadOptions::new(), 2)?;
/// assert_eq!(back, records);
/// # let _ = schema;
/// # Ok::<(), calllog::Error>(())
/// ```
pub fn calls_to_batches(
    records: &[CallRecord],
    batch_size: usize,
    derived: Option<Rules>,
    threads: usize,
) -> Result<(SchemaRef, Vec<RecordBatch>)> {
    let batch_size = batch_size.max(1);
    let scale = price_scale_of(records);
    let schema = match derived {
        Some(_) => schema::call_schema_with_derived(scale),
        None => schema::call_schema(scale),
    };
    let n_batches = records.len().div_ceil(batch_size);
    let build = |b: usize| -> Result<RecordBatch> {
        let start = b * batch_size;
        let rows = &records[start..(start + batch_size).min(records.len())];
        batch_with_derived(rows, scale, derived.as_ref(), &schema, start)
    };
    let threads = thread_count(threads, n_batches);
    if threads == 1 {
        let batches = (0..n_batches).map(build).collect::<Result<Vec<_>>>()?;
        return Ok((schema, batches));
    }
    let groups = ranges(n_batches, threads);
    let results: Vec<Result<Vec<RecordBatch>>> = std::thread::scope(|s| {
        let handles: Vec<_> = groups
            .into_iter()
            .map(|g| s.spawn(|| g.map(build).collect::<Result<Vec<_>>>()))
            .collect();
        handles.into_iter().map(join).collect()
    });
    let mut out = Vec::with_capacity(n_batches);
    for r in results {
        out.extend(r?);
    }
    Ok((schema, out))
}

/// The records of `batches` (in order, as one stream: rows are numbered across batches for
/// errors), converted on `threads` threads (0: one per core). Large batches are cut into
/// zero-copy slices first so that every thread has work. The first bad row in stream order
/// is the error, as with [`CallReader`](super::CallReader).
pub fn batches_to_calls(
    batches: &[RecordBatch],
    opts: &ReadOptions,
    threads: usize,
) -> Result<Vec<CallRecord>> {
    let mut pieces = Vec::new();
    let mut first_row = 0;
    for b in batches {
        super::check_call_schema(&b.schema(), opts)?;
        let mut offset = 0;
        while offset < b.num_rows() {
            let len = PIECE_ROWS.min(b.num_rows() - offset);
            pieces.push((b.slice(offset, len), first_row + offset));
            offset += len;
        }
        first_row += b.num_rows();
    }
    let convert = |(b, first): &(RecordBatch, usize)| batch_to_calls(b, opts, *first);
    let threads = thread_count(threads, pieces.len());
    let mut out = Vec::with_capacity(first_row);
    if threads == 1 {
        for p in &pieces {
            out.extend(convert(p)?);
        }
        return Ok(out);
    }
    let groups = ranges(pieces.len(), threads);
    let results: Vec<Result<Vec<Vec<CallRecord>>>> = std::thread::scope(|s| {
        let handles: Vec<_> = groups
            .into_iter()
            .map(|g| {
                let pieces = &pieces;
                s.spawn(move || pieces[g].iter().map(convert).collect::<Result<Vec<_>>>())
            })
            .collect();
        handles.into_iter().map(join).collect()
    });
    for r in results {
        for part in r? {
            out.extend(part);
        }
    }
    Ok(out)
}

/// A worker's result; a panic in one (a bug) is the call's error, not the caller's panic.
fn join<T>(h: std::thread::ScopedJoinHandle<'_, Result<T>>) -> Result<T> {
    h.join().unwrap_or_else(|p| {
        let msg = p
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a worker thread panicked".into());
        Err(crate::Error::Internal(format!("Arrow conversion: {msg}")))
    })
}
