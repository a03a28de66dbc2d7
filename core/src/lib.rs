//! # calllog
//!
//! Contact-center call history done right: one model for calls, video calls, SMS, e-mail and
//! chat records from any product; documented rules that make wait, ring, talk and after-call
//! work mean the same thing everywhere; and (in the export modules) streaming CSV and XLSX
//! files that open correctly in Excel in Tokyo, Moscow and Warsaw.
//!
//! The requirements come from the help pages of five real products (Japanese, Russian and
//! Polish); doc comments quote the sentence each rule implements.
//!
//! ```
//! use calllog::{CallRecord, Channel, Outcome, Rules, ts};
//!
//! // Seed 000, case 1: talk start (H) blank, ringing (E) and cancel (F) recorded.
//! let cancelled = CallRecord::new("A-0001", Channel::Video)
//!     .started_at(ts("2024-05-01T10:00:00+09:00"))
//!     .offered_at(ts("2024-05-01T10:00:02+09:00"))
//!     .answered_or_cancelled_at(ts("2024-05-01T10:00:20+09:00"));
//! cancelled.validate()?;
//! assert_eq!(cancelled.outcome(), Outcome::CancelledBeforeAnswer);
//! assert_eq!(Rules::CANONICAL.derive(&cancelled).wait, None);
//! # Ok::<(), calllog::Error>(())
//! ```
#![warn(missing_docs)]

pub mod access;
#[cfg(feature = "arrow")]
pub mod arrow;
pub mod callbacks;
pub mod card;
pub mod error;
pub mod export;
pub mod jobs;
pub mod metrics;
pub mod model;
pub mod query;
pub mod read;
pub mod rules;
pub mod sample;
pub mod sources;
pub mod validate;
pub mod vocab;
pub mod web;

/// The date-time crate of the model's timestamps and durations, re-exported so callers use the same version.
pub use chrono;
pub use chrono::TimeDelta;

pub use access::{ExportPolicy, Restricted, Viewer};
pub use error::{Error, Result};
pub use model::{
    Agent, CallRecord, CallbackRecord, IvrStep, Money, Note, Recording, ReportedDurations,
    RingEvent, SurveyAnswer, Timeline, Timestamp, Visit, ts,
};
pub use query::{Filter, Query, QueryPage, SortKey, normalize_phone};
pub use rules::{Derived, Rules, TalkRule, TotalRule, WaitRule};
pub use vocab::{
    AttemptResult, CallMode, CallType, CallbackState, Channel, ContactStatus, Direction,
    DisconnectSide, InteractionType, JobState, Locale, Outcome, Role, Vocabulary,
};

/// The README's Rust examples, compiled and run as doctests so they cannot go stale.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
