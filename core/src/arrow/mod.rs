//! Records as Apache Arrow data (the `arrow` feature): one schema for
//! [`CallRecord`] and one for [`CallbackRecord`](crate::CallbackRecord),
//! and converters both ways that stream batch by batch.
//!
//! Column names are the machine names the `full` export preset uses. A DataFrame library
//! (pandas with pyarrow, polars, DuckDB) or an Arrow IPC file meets calllog here; the
//! bindings' `from_arrow` / `to_arrow` are these converters.
//!
//! ```
//! use calllog::arrow::{CallBatches, CallReader, ReadOptions, call_schema};
//!
//! let records: Vec<_> = calllog::sample::generate(1_500, 42).collect();
//! // Records → batches of 1,000 rows, built as they are pulled.
//! let batches = CallBatches::new(&records[..], 1_000);
//! // ...and back, one batch in memory at a time.
//! let back: Vec<_> = CallReader::new(batches, ReadOptions::new())
//!     .collect::<calllog::Result<_>>()?;
//! assert_eq!(back, records);
//! assert!(call_schema(2).field_with_name("talk_started_at").is_ok());
//! # Ok::<(), calllog::Error>(())
//! ```
//!
//! # The call schema ([`call_schema`])
//!
//! | column | Arrow type | |
//! | --- | --- | --- |
//! | `id` | `utf8`, not null | |
//! | `channel` | `dictionary<int32, utf8>`, not null | [`Channel`](crate::Channel) machine names |
//! | `direction`, `interaction_type`, `call_type`, `call_mode`, `status` | `dictionary<int32, utf8>` | vocabularies' machine names |
//! | `customer_name`, `from`, `to` | `utf8` | |
//! | `cc`, `bcc` | `list<utf8>`, not null | |
//! | `agents` | `list<struct{id: utf8, name: utf8 not null, number: utf8, groups: list<utf8>, deleted: bool}>` | |
//! | `queue`, `campaign`, `scenario`, `scenario_url` | `utf8` | |
//! | `started_at` … `closed_at` (the 11 [`TIMELINE`] columns) | `timestamp[us, UTC]` | |
//! | `reported_wait` … `reported_total` (the 8 [`REPORTED`] columns) | `duration[us]` | durations a source system reported |
//! | `end_reason`, `completion_code`, `classifier` | `utf8` | |
//! | `disconnect_side`, `attempt_result` | `dictionary<int32, utf8>` | |
//! | `hold_count`, `attempts` | `uint32` | |
//! | `callback_at` | `timestamp[us, UTC]` | |
//! | `tags`, `topics`, `categories` | `list<utf8>`, not null | |
//! | `notes` | `list<struct{author: utf8, at: timestamp[us, UTC], text: utf8 not null}>` | |
//! | `manager_rating`, `call_rating` | `uint8` | |
//! | `recording` | `struct{url: utf8, duration: duration[us], processing: bool, format: utf8}` | null without a recording |
//! | `price` | `decimal128(38, s)` | exact; `s` is the batch's scale (see below) |
//! | `price_scale` | `uint8` | the record's own number of digits after the point |
//! | `price_currency` | `utf8` | ISO 4217 code; set exactly where `price` is |
//! | `co_browse` | `bool`, not null | |
//! | `ring_history` | `list<struct{at: timestamp[us, UTC], staff_name: utf8 not null, detail: utf8}>` | |
//! | `brand`, `service`, `menu`, `staff_memo`, `customer_user_agent`, `staff_user_agent`, `extra_info`, `chat_log` | `utf8` | |
//! | `pre_survey`, `post_survey` | `list<struct{index: uint8 not null, question: utf8 not null, answer: utf8}>` | |
//! | `visit` | `struct{source, medium, campaign, content, term, landing_page, client_ip: utf8}` | null without a visit |
//! | `record_id`, `significant_field`, `ticket_id`, `request_id` | `utf8` | |
//! | `ivr_path` | `list<struct{node: utf8 not null, entered_at, left_at: timestamp[us, UTC], choice, detail: utf8}>` | |
//! | `extra` | `map<utf8, utf8>` (entries `entries`, `key`, `value`), not null | |
//!
//! With [`CallBatches::with_derived`] the derived columns follow ([`derived_fields`]):
//! `wait`, `dial`, `talk`, `agent_talk`, `ivr_time`, `hold`, `after_call_work`, `total`,
//! `handle` (`duration[us]`), `outcome` (`dictionary<int32, utf8>`), `success` (`bool`),
//! computed under the chosen [`Rules`](crate::Rules).
//!
//! A missing value is a null, never an empty string or a zero: a zero duration and an
//! unknown one stay apart, as do an empty list and an empty text.
//!
//! **Money.** `price` is a `decimal128` whose scale is the largest among the batch's prices
//! ([`price_scale_of`]), so every amount is exact; `price_scale` keeps each record's own scale
//! so that `1.50 EUR` comes back as `1.50`, not `1.5` or `1.500`. A reader takes `price` as
//! any decimal, whole numbers or decimal text, and `price_scale` when present.
//!
//! **Reading** accepts what DataFrame libraries hold: text of any Arrow string kind, any
//! timestamp unit with a time zone (a naive timestamp is an error: calllog does not guess a
//! zone), any duration unit, any integer width that holds the value, large lists and list
//! views, plain text for vocabularies, `extra` as a map or as `list<struct{key, value}>`.
//! Columns may be missing (they read as null or empty) or in any order. The derived
//! columns ([`DERIVED`]: `wait`, `talk`, `outcome`…) are skipped: derived values are always
//! computed from the record. Any other column or struct field the schema does not have is an
//! [`Error::Arrow`] naming it, unless
//! [`ReadOptions::ignore_unknown`] is set. Bad values are the same error naming the row, the
//! record id and the column.
//!
//! Timestamps and durations are held in microseconds: a record with nanoseconds is an
//! error on writing, not a silently rounded value.
//!
//! # The callback schema ([`callback_schema`])
//!
//! `id` (`utf8`, not null), `registered_at`, `incoming_at` (`timestamp[us, UTC]`), `assignee`
//! (`utf8`), `state` (`dictionary<int32, utf8>`, not null), `call_center`, `business_label`,
//! `caller_number`, `our_number`, `request_id` (`utf8`), `recording` (as above), `memo`
//! (`utf8`).

mod parallel;
mod read;
mod schema;
mod write;

use std::io::Cursor;

use arrow_array::{RecordBatch, RecordBatchReader};
use arrow_schema::ArrowError;

pub use parallel::{batches_to_calls, calls_to_batches};
pub use read::{
    CallReader, MAX_RECORDS_PER_STEP, ReadOptions, batch_to_callbacks, batch_to_calls,
    check_call_schema, check_callback_schema, from_arrow_error,
};
pub use schema::{
    DERIVED, MAX_PRICE_SCALE, REPORTED, TIMELINE, call_schema, call_schema_with_derived,
    callback_schema, derived_fields,
};
pub use write::{CallBatches, callbacks_to_batch, calls_to_batch, price_scale_of};

use crate::error::{Error, Result};
use crate::model::CallRecord;

/// The Arrow crates this module is built on, re-exported so callers use the same versions.
pub mod reexports {
    pub use arrow_array;
    pub use arrow_ipc;
    pub use arrow_schema;
}

fn ipc_err(e: ArrowError) -> Error {
    Error::Arrow {
        row: None,
        record_id: None,
        column: String::new(),
        reason: format!("Arrow IPC: {e}"),
    }
}

/// Writes every batch of `reader` with `write`; a failing stream is named by its row.
fn drain(
    reader: impl RecordBatchReader,
    mut write: impl FnMut(&RecordBatch) -> std::result::Result<(), ArrowError>,
) -> Result<()> {
    let mut rows = 0;
    for b in reader {
        let b = b.map_err(|e| from_arrow_error(e, rows))?;
        rows += b.num_rows();
        write(&b).map_err(ipc_err)?;
    }
    Ok(())
}

/// The batches of `reader` as Arrow IPC stream bytes (the format `apache-arrow`'s
/// `tableFromIPC` and pyarrow's `ipc.open_stream` read).
pub fn to_ipc_stream(reader: impl RecordBatchReader) -> Result<Vec<u8>> {
    let schema = reader.schema();
    let mut w = arrow_ipc::writer::StreamWriter::try_new(Vec::new(), &schema).map_err(ipc_err)?;
    drain(reader, |b| w.write(b))?;
    w.finish().map_err(ipc_err)?;
    w.into_inner().map_err(ipc_err)
}

/// The batches of `reader` as Arrow IPC file bytes (the random-access format, `ARROW1`
/// magic; what `pyarrow.ipc.open_file` and Feather v2 read).
pub fn to_ipc_file(reader: impl RecordBatchReader) -> Result<Vec<u8>> {
    let schema = reader.schema();
    let mut w = arrow_ipc::writer::FileWriter::try_new(Vec::new(), &schema).map_err(ipc_err)?;
    drain(reader, |b| w.write(b))?;
    w.finish().map_err(ipc_err)?;
    w.into_inner().map_err(ipc_err)
}

/// Records as Arrow IPC stream bytes, in batches of `batch_size` rows.
///
/// ```
/// let records: Vec<_> = calllog::sample::generate(100, 3).collect();
/// let bytes = calllog::arrow::calls_to_ipc(&records, 64)?;
/// let back = calllog::arrow::calls_from_ipc(&bytes, calllog::arrow::ReadOptions::new())?
///     .collect::<calllog::Result<Vec<_>>>()?;
/// assert_eq!(back, records);
/// # Ok::<(), calllog::Error>(())
/// ```
pub fn calls_to_ipc(records: &[CallRecord], batch_size: usize) -> Result<Vec<u8>> {
    to_ipc_stream(CallBatches::new(records, batch_size))
}

/// Batches read lazily from Arrow IPC bytes.
pub type IpcBatches<'a> =
    Box<dyn Iterator<Item = std::result::Result<RecordBatch, ArrowError>> + 'a>;

/// The batches of Arrow IPC bytes, in the stream format or the file format (told apart by
/// the file format's `ARROW1` magic), read lazily.
pub fn ipc_batches(bytes: &[u8]) -> Result<IpcBatches<'_>> {
    if bytes.starts_with(b"ARROW1") {
        let r =
            arrow_ipc::reader::FileReader::try_new(Cursor::new(bytes), None).map_err(ipc_err)?;
        Ok(Box::new(r))
    } else {
        let r =
            arrow_ipc::reader::StreamReader::try_new(Cursor::new(bytes), None).map_err(ipc_err)?;
        Ok(Box::new(r))
    }
}

/// Call records from Arrow IPC bytes (stream or file format), one batch at a time.
pub fn calls_from_ipc(bytes: &[u8], opts: ReadOptions) -> Result<CallReader<IpcBatches<'_>>> {
    Ok(CallReader::new(ipc_batches(bytes)?, opts))
}

/// Every call record of Arrow IPC bytes (stream or file format), converted on every core:
/// for callers that want the whole table ([`calls_from_ipc`] streams instead).
pub fn read_ipc(bytes: &[u8], opts: &ReadOptions) -> Result<Vec<CallRecord>> {
    let mut batches: Vec<RecordBatch> = Vec::new();
    let mut rows = 0;
    for b in ipc_batches(bytes)? {
        let b = b.map_err(|e| from_arrow_error(e, rows))?;
        rows += b.num_rows();
        batches.push(b);
    }
    batches_to_calls(&batches, opts, 0)
}

/// Records as Arrow IPC bytes (the file format when `file`, else the stream format), the
/// batches built on every core, with the derived columns under `derived` when given.
pub fn write_ipc(
    records: &[CallRecord],
    batch_size: usize,
    derived: Option<crate::Rules>,
    file: bool,
) -> Result<Vec<u8>> {
    let (schema, batches) = calls_to_batches(records, batch_size, derived, 0)?;
    let reader = arrow_array::RecordBatchIterator::new(batches.into_iter().map(Ok), schema);
    if file {
        to_ipc_file(reader)
    } else {
        to_ipc_stream(reader)
    }
}
