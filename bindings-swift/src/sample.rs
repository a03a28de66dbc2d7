//! Built-in sample data (core `sample`): the same deterministic call log in every binding, for
//! previews, demos and tests of an app.

use std::sync::Arc;

use crate::log::CallLog;
use crate::model::{CallRecord, CallbackRecord};

/// `count` realistic sample call records; the same `(count, seed)` always gives the same records.
#[uniffi::export]
pub fn sample_records(count: u32, seed: u64) -> Vec<CallRecord> {
    calllog::sample::generate(count as usize, seed)
        .map(Into::into)
        .collect()
}

/// `count` sample callback worklist entries (seed 001).
#[uniffi::export]
pub fn sample_callbacks(count: u32, seed: u64) -> Vec<CallbackRecord> {
    calllog::sample::generate_callbacks(count as usize, seed)
        .map(Into::into)
        .collect()
}

#[uniffi::export]
impl CallLog {
    /// A log of `count` sample records, built in Rust without crossing the FFI.
    #[uniffi::constructor]
    pub fn sample(count: u32, seed: u64) -> Arc<Self> {
        CallLog::from_core(calllog::sample::generate(count as usize, seed).collect())
    }
}
