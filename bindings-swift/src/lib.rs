//! calllog's Swift binding (uniffi): Swift module `CallLog`.
//!
//! Thin by design: conversion in, error mapping out. Every rule lives in the `calllog` core;
//! each file here mirrors one core module:
//!
//! | file | core | Swift |
//! | --- | --- | --- |
//! | `model.rs` | `model`, `validate` | `CallRecord`, `CallbackRecord`, parts (structs) |
//! | `vocab.rs` | `vocab` | `Channel`, `AttemptResult`, ... (enums) |
//! | `rules.rs` | `rules` | `Rules`, `Derived`, `rulesPreset(name:)` |
//! | `access.rs` | `access` | `Viewer`, `Restricted` |
//! | `log.rs` | (all) | `CallLog` (class) |
//! | `sample.rs` | `sample` | `sampleRecords(count:seed:)`, `CallLog.sample(count:seed:)` |
//! | `export.rs` | `export`, `read` | `ExportOptions`, `CallLog.export(...)`, `ExportProgressListener`, `CancelToken`, `CallLog.readCsv(...)` |
//! | `query.rs` | `query` | `Filter`, `CallQuery`, `QueryPage`, `CallLog.filter(_:)`, `CallLog.query(_:)` |
//! | `card.rs` | `card` | `CallLog.customerCard(number:...)`, `CustomerCard` |
//! | `metrics.rs` | `metrics` | `CallLog.metrics(options:)`, `MetricsReport` |
//! | `callbacks.rs` | `callbacks` | `CallbackWorklist`, `CallbackSearch` |
//! | `jobs.rs` | `jobs` | `ExportJobs`, `ExportJob`, `JobStatus`, `ExportJobListener` |
//! | `errors.rs` | `error` | `CallLogError` (the one error enum) |
//!
//! The Swift sources in `Sources/` are generated from this crate by `generate.sh`.

uniffi::setup_scaffolding!();

pub mod access;
pub mod callbacks;
pub mod card;
pub mod errors;
pub mod export;
pub mod jobs;
pub mod log;
pub mod metrics;
pub mod model;
pub mod query;
pub mod rules;
pub mod sample;
pub mod vocab;

pub use errors::CallLogError;
