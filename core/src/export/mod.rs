//! Streaming CSV and XLSX exports that match the seeds' downloads.
//!
//! - [`columns`]: the catalogue — every model and derived field as a [`Column`] with a stable
//!   id, a [`ValueType`] and header labels in en/ja/ru/pl (the seeds' own words).
//! - [`profile`]: an [`ExportProfile`] chooses columns (or a seed's [`Preset`]), locale, time
//!   zone, date-time and duration formats, labels vs machine names, rules, layout and viewer.
//! - [`CsvSink`] and [`XlsxSink`]: push one record at a time (`write`), then `finish` returns
//!   an [`ExportSummary`]. Memory stays flat; output is atomic (temporary file, rename on
//!   success); the viewer's rows and columns are enforced; formula injection is neutralised.
//! - [`ExportControl`]: progress callback at a bounded rate, cancel token, row cap.
//!
//! ```
//! use calllog::export::{export_csv, export_xlsx, ExportControl, ExportProfile, Preset};
//! use calllog::{Agent, CallRecord, Channel, Viewer, Money, ts};
//!
//! let calls = vec![
//!     CallRecord::new("c-1", Channel::Voice)
//!         .agent(Agent::named("Ivan").in_group("Sales"))
//!         .started_at(ts("2024-05-01T10:00:00Z"))
//!         .price(Money::new(150, 2, "RUB")),
//!     CallRecord::new("c-2", Channel::Voice).agent(Agent::named("Olga").in_group("Support")),
//! ];
//! let dir = std::env::temp_dir().join(format!("calllog-doc-export-{}", std::process::id()));
//! std::fs::create_dir_all(&dir)?;
//! // Seed 002: a supervisor of Sales gets Sales' calls only, and no price.
//! let profile = ExportProfile::preset(Preset::CallHistory)
//!     .viewer(Viewer::supervisor("Olga", ["Sales"]));
//! let control = ExportControl::new();
//! let csv = export_csv(dir.join("calls.csv"), &calls, &profile, &control)?;
//! assert_eq!((csv.records, csv.skipped_records), (1, 1));
//! assert_eq!(csv.dropped_columns, ["price", "price_currency", "scenario_url"]);
//! let xlsx = export_xlsx(dir.join("calls.xlsx"), &calls, &profile, &control)?;
//! assert_eq!(xlsx.rows, 1);
//! # std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::path::PathBuf;
use std::time::Duration;

mod atomic;
pub mod cells;
pub mod columns;
pub mod csv;
pub mod profile;
pub mod progress;
pub mod safety;
pub mod summary;
pub mod xlsx;

pub use cells::ExportRow;
pub use columns::{Column, Field, RecordKind, Scope, ValueType};
pub use csv::{CsvSink, MAX_THREADS, export_csv};
pub use profile::{
    CsvEncoding, CsvOptions, DurationFormat, EXCEL_MAX_CHARS, EXCEL_MAX_ROWS, EnumStyle,
    ExportProfile, Layout, Preset, Unencodable, XlsxOptions, default_sheet_name,
    survey_pairs_needed,
};
pub use progress::{CancelToken, ExportControl, Progress};
pub use xlsx::{XlsxSink, export_xlsx};

/// The time-zone type of [`ExportProfile::time_zone`] (`"Asia/Tokyo".parse::<Tz>()`).
pub use chrono_tz::Tz;

/// What an export did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportSummary {
    /// The file written.
    pub path: PathBuf,
    /// Records written.
    pub records: u64,
    /// Data rows written (header rows excluded); more than `records` in the detailed layout.
    pub rows: u64,
    /// Records skipped because the viewer may not see them.
    pub skipped_records: u64,
    /// Worksheets (1 for CSV).
    pub sheets: u32,
    /// XLSX text cells cut at Excel's 32,767 characters.
    pub truncated_cells: u64,
    /// Characters replaced by `?` because the CSV encoding cannot hold them.
    pub replaced_characters: u64,
    /// Size of the file in bytes.
    pub bytes: u64,
    /// Time taken.
    pub elapsed: Duration,
    /// Ids of the columns dropped because the viewer may not see them.
    pub dropped_columns: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sinks and controls move to worker threads (background jobs) and into binding objects.
    #[test]
    fn sinks_and_control_are_send() {
        fn send<T: Send>() {}
        fn sync<T: Sync>() {}
        send::<CsvSink>();
        send::<XlsxSink>();
        send::<CsvSink<crate::CallbackRecord>>();
        send::<ExportControl>();
        sync::<ExportControl>();
        send::<ExportProfile>();
        sync::<ExportProfile>();
        send::<ExportSummary>();
    }
}
