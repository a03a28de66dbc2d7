//! `CallLog`: a validated set of records that the app filters, shows and exports.
//!
//! Records cross the FFI once, when the log is built (and are validated then); later calls
//! work on the core's records without copying them back and forth.

use std::sync::Arc;

use crate::access::Viewer;
use crate::errors::Result;
use crate::model::CallRecord;
use crate::rules::{Derived, Rules};

/// A call history: validated records in the order they were given.
#[derive(Debug, uniffi::Object)]
pub struct CallLog {
    // shared, so a background job reads the records without copying the log
    records: Arc<Vec<calllog::CallRecord>>,
}

impl CallLog {
    /// A log over core records that are already valid.
    pub(crate) fn from_core(records: Vec<calllog::CallRecord>) -> Arc<Self> {
        Arc::new(CallLog {
            records: Arc::new(records),
        })
    }

    /// The records, shared (for a background job).
    pub(crate) fn shared_records(&self) -> Arc<Vec<calllog::CallRecord>> {
        self.records.clone()
    }

    /// The core records.
    pub(crate) fn core_records(&self) -> &[calllog::CallRecord] {
        &self.records
    }
}

#[uniffi::export]
impl CallLog {
    /// A log of `records`, each validated; throws `Invalid` naming the first bad record's id
    /// and field.
    #[uniffi::constructor]
    pub fn new(records: Vec<CallRecord>) -> Result<Arc<Self>> {
        let records = records
            .iter()
            .map(CallRecord::to_validated_core)
            .collect::<Result<Vec<_>>>()?;
        Ok(Self::from_core(records))
    }

    /// A log from Arrow IPC bytes (the stream or the file format) in the core's Arrow schema,
    /// as pyarrow, polars, DuckDB or Arrow Swift write them: columns by name, derived columns
    /// skipped, each record validated. Throws `Arrow` naming the row, record id and column,
    /// or `Invalid`; an unknown column is an error unless `ignoreUnknown`.
    #[uniffi::constructor(default(ignore_unknown = false))]
    pub fn from_arrow_ipc(ipc: Vec<u8>, ignore_unknown: bool) -> Result<Arc<Self>> {
        let opts = calllog::arrow::ReadOptions::new()
            .ignore_unknown(ignore_unknown)
            .validate(true);
        let records =
            calllog::arrow::calls_from_ipc(&ipc, opts)?.collect::<calllog::Result<Vec<_>>>()?;
        Ok(Self::from_core(records))
    }

    /// The records as Arrow IPC stream bytes in the core's Arrow schema, with the derived
    /// columns under `rules` when given (`Data` in Swift, for Arrow Swift or a file).
    #[uniffi::method(default(rules = None))]
    pub fn to_arrow_ipc(&self, rules: Option<Rules>) -> Result<Vec<u8>> {
        let rules = rules.map(calllog::Rules::from);
        Ok(calllog::arrow::write_ipc(
            &self.records,
            64 * 1024,
            rules,
            false,
        )?)
    }

    /// The number of records.
    pub fn count(&self) -> u64 {
        self.records.len() as u64
    }

    /// Every record, in order.
    pub fn records(&self) -> Vec<CallRecord> {
        self.records.iter().cloned().map(Into::into).collect()
    }

    /// The record with `id`, if any.
    pub fn record(&self, id: String) -> Option<CallRecord> {
        self.records
            .iter()
            .find(|r| r.id == id)
            .cloned()
            .map(Into::into)
    }

    /// The derived fields of every record under `rules`, in order.
    pub fn derived(&self, rules: Rules) -> Vec<Derived> {
        let rules = calllog::Rules::from(rules);
        self.records
            .iter()
            .map(|r| rules.derive(r).into())
            .collect()
    }

    /// The records `viewer` may see, without the parts they may not see (seed 002).
    pub fn visible_to(&self, viewer: Viewer) -> Arc<CallLog> {
        let viewer = calllog::Viewer::from(viewer);
        Self::from_core(
            self.records
                .iter()
                .filter(|r| viewer.can_see(r))
                .map(|r| viewer.redact(r))
                .collect(),
        )
    }
}
