//! Exports (core `export`, `read`): CSV and XLSX files with the seeds' layouts, progress through
//! a callback interface, cancel, and reading our own CSV back.
//!
//! Swift:
//! ```swift
//! final class Bar: ExportProgressListener {
//!     func onProgress(progress: ExportProgress) { print(progress.rows, progress.total ?? 0) }
//! }
//! let cancel = CancelToken()
//! let summary = try log.export(path: url.path, format: .xlsx,
//!                              options: ExportOptions(preset: "call_history", timeZone: "Europe/Moscow"),
//!                              progress: Bar(), cancel: cancel)
//! ```
//! The export runs on the calling thread: call it off the main thread, or use a background
//! job. Output is atomic: a failed or cancelled export leaves no file behind.

use std::sync::Arc;
use std::time::Duration;

use calllog::export::{self as core, ExportControl, ExportProfile, Preset};

use crate::access::{ExportPolicy, Viewer};
use crate::errors::{CallLogError, Result};
use crate::log::CallLog;
use crate::model::CallbackRecord;
use crate::rules::Rules;
use crate::vocab::Language;

/// The file format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum ExportFormat {
    /// RFC 4180 CSV (UTF-8, UTF-8 with BOM, or CP932).
    Csv,
    /// Excel workbook with real dates and numbers.
    Xlsx,
}

/// How durations are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum DurationFormat {
    /// Seconds as a number (seed 000 G お客様待ち時間(秒)).
    Seconds,
    /// `h:mm:ss` text in CSV, a real Excel duration `[h]:mm:ss` in XLSX.
    Clock,
}

/// How closed-vocabulary values are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum EnumStyle {
    /// The label in the export's locale (`Вызов принят`).
    Label,
    /// The stable machine name (`call_accepted`).
    MachineName,
}

/// One row per contact, or one row per detail (seed 004 Raport szczegółowy). Named
/// `ExportLayout` so it never clashes with SwiftUI's `Layout`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum ExportLayout {
    /// One row per contact.
    Simple,
    /// One row per IVR step, then per ring-history entry.
    Detailed {
        /// Repeat the contact's fields on every detail row, or leave them blank below the first.
        repeat_contact_fields: bool,
    },
}

/// The text encoding of a CSV file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum CsvEncoding {
    /// The export language's default (the default): UTF-8 with a byte-order mark for
    /// Japanese, which Excel in Japan otherwise garbles; plain UTF-8 for the others.
    Auto,
    /// UTF-8.
    Utf8,
    /// UTF-8 with a byte-order mark, so Excel in Japan detects it.
    Utf8Bom,
    /// Windows code page 932 (Shift_JIS as Excel writes it).
    Cp932,
}

/// What to do with a character the CSV encoding cannot hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum UnencodableCharacters {
    /// Throw `CallLogError.Unencodable` naming the row and the column.
    Fail,
    /// Write `?` instead, counted in the summary.
    Replace,
}

/// What to export and how. Every field is optional: `nil` keeps the preset's choice (or, with
/// no preset, every column of the model in English, UTC).
#[derive(Debug, Clone, Default, PartialEq, uniffi::Record)]
pub struct ExportOptions {
    /// A seed layout: `video_call_history` (seed 000; `video_call_history:3` for 3 survey
    /// pairs), `call_history` (seed 002), `contacts_simple` / `contacts_detailed` (seed 004),
    /// `callbacks` (seed 001), `full` (every field, what `readCsv` reads back).
    #[uniffi(default)]
    pub preset: Option<String>,
    /// Column ids in order (e.g. `["id", "started_at", "wait"]`), instead of the preset's.
    #[uniffi(default)]
    pub columns: Option<Vec<String>>,
    /// Header and label language.
    #[uniffi(default)]
    pub locale: Option<Language>,
    /// IANA time zone of date-times, e.g. `Asia/Tokyo` (UTC by default).
    #[uniffi(default)]
    pub time_zone: Option<String>,
    /// `strftime` format of date-times in CSV (default `%Y-%m-%d %H:%M:%S`).
    #[uniffi(default)]
    pub datetime_format: Option<String>,
    /// Seconds or clock durations.
    #[uniffi(default)]
    pub durations: Option<DurationFormat>,
    /// Labels or machine names.
    #[uniffi(default)]
    pub enums: Option<EnumStyle>,
    /// Rules of the derived columns (the preset's vendor rules by default).
    #[uniffi(default)]
    pub rules: Option<Rules>,
    /// One row per contact or per detail.
    #[uniffi(default)]
    pub layout: Option<ExportLayout>,
    /// Who is exporting: rows they cannot see are skipped, columns they may not see dropped.
    #[uniffi(default)]
    pub viewer: Option<Viewer>,
    /// Which roles may export at all (the preset's policy by default: seed 000 lets owners
    /// and managers only).
    #[uniffi(default)]
    pub export_policy: Option<ExportPolicy>,
    /// Seed 000: the number of survey Q/A pairs each way (0...50).
    #[uniffi(default)]
    pub survey_pairs: Option<u8>,
    /// CSV field delimiter, one ASCII character (`,` by default).
    #[uniffi(default)]
    pub delimiter: Option<String>,
    /// CSV encoding.
    #[uniffi(default)]
    pub encoding: Option<CsvEncoding>,
    /// CSV policy for characters the encoding cannot hold.
    #[uniffi(default)]
    pub unencodable: Option<UnencodableCharacters>,
    /// CSV: threads that format the rows (every core by default, 1 to stay on one); the file
    /// is the same whatever the number.
    #[uniffi(default)]
    pub csv_threads: Option<u32>,
    /// XLSX: name of the first sheet (by default in the export's language: `Calls`, `通話履歴`,
    /// `История звонков`, `Kontakty`).
    #[uniffi(default)]
    pub sheet_name: Option<String>,
    /// XLSX: rows per sheet, header included (1,048,576 by default).
    #[uniffi(default)]
    pub max_rows_per_sheet: Option<u32>,
    /// XLSX: add a summary sheet after the data sheets (metrics per hour, day, queue and
    /// agent with ASR and ACD, results of attempts, native charts), in the export's language.
    #[uniffi(default)]
    pub summary_sheet: Option<bool>,
    /// Seed 001: fail with `RowCapExceeded` (leaving no file) above this many records.
    #[uniffi(default)]
    pub row_cap: Option<u64>,
    /// Shortest time between two progress calls, in seconds (0.1 by default).
    #[uniffi(default)]
    pub progress_interval: Option<f64>,
}

fn option_error(option: &str, reason: impl Into<String>) -> CallLogError {
    CallLogError::ExportOption {
        option: option.to_string(),
        reason: reason.into(),
    }
}

impl ExportOptions {
    /// The core profile; `default` is the preset used when none is named.
    pub(crate) fn to_profile(&self, default: Option<Preset>) -> Result<ExportProfile> {
        let preset = match &self.preset {
            Some(name) => Some(name.parse::<Preset>()?),
            None => default,
        };
        let mut p = preset.map(ExportProfile::preset).unwrap_or_default();
        if let Some(ids) = &self.columns {
            p.columns = ExportProfile::column_ids(ids)?.columns;
        }
        if let Some(pairs) = self.survey_pairs {
            p = p.with_survey_pairs(pairs);
        }
        if let Some(l) = self.locale {
            p.locale = l.into();
        }
        if let Some(tz) = &self.time_zone {
            p.time_zone = tz.parse::<chrono_tz::Tz>().map_err(|_| {
                option_error("time_zone", format!("{tz:?} is not an IANA time zone name"))
            })?;
        }
        if let Some(f) = &self.datetime_format {
            p.datetime_format = f.clone();
        }
        if let Some(d) = self.durations {
            p.durations = match d {
                DurationFormat::Seconds => core::DurationFormat::Seconds,
                DurationFormat::Clock => core::DurationFormat::Clock,
            };
        }
        if let Some(e) = self.enums {
            p.enums = match e {
                EnumStyle::Label => core::EnumStyle::Label,
                EnumStyle::MachineName => core::EnumStyle::MachineName,
            };
        }
        if let Some(r) = self.rules {
            p.rules = r.into();
        }
        if let Some(l) = self.layout {
            p.layout = match l {
                ExportLayout::Simple => core::Layout::Simple,
                ExportLayout::Detailed {
                    repeat_contact_fields,
                } => core::Layout::Detailed {
                    repeat_contact_fields,
                },
            };
        }
        if let Some(v) = &self.viewer {
            p.viewer = v.clone().into();
        }
        if let Some(pol) = &self.export_policy {
            p.policy = pol.clone().into();
        }
        if let Some(d) = &self.delimiter {
            let mut bytes = d.bytes();
            p.csv.delimiter = match (bytes.next(), bytes.next()) {
                (Some(b), None) if b.is_ascii() => b,
                _ => {
                    return Err(option_error(
                        "delimiter",
                        format!("{d:?} is not one ASCII character"),
                    ));
                }
            };
        }
        if let Some(e) = self.encoding {
            p.csv.encoding = match e {
                CsvEncoding::Auto => core::CsvEncoding::Auto,
                CsvEncoding::Utf8 => core::CsvEncoding::Utf8,
                CsvEncoding::Utf8Bom => core::CsvEncoding::Utf8Bom,
                CsvEncoding::Cp932 => core::CsvEncoding::Cp932,
            };
        }
        if let Some(u) = self.unencodable {
            p.csv.unencodable = match u {
                UnencodableCharacters::Fail => core::Unencodable::Error,
                UnencodableCharacters::Replace => core::Unencodable::Replace,
            };
        }
        if let Some(t) = self.csv_threads {
            p.csv.threads = t as usize;
        }
        if let Some(s) = &self.sheet_name {
            p.xlsx.sheet_name = Some(s.clone());
        }
        if let Some(n) = self.max_rows_per_sheet {
            p.xlsx.max_rows_per_sheet = n;
        }
        if let Some(b) = self.summary_sheet {
            p.xlsx.summary_sheet = b;
        }
        Ok(p)
    }

    /// The core control: progress listener, cancel token, total, row cap, interval.
    pub(crate) fn to_control(
        &self,
        total: u64,
        progress: Option<Arc<dyn ExportProgressListener>>,
        cancel: Option<Arc<CancelToken>>,
    ) -> Result<ExportControl> {
        let mut c = ExportControl::new().with_total(total);
        if let Some(listener) = progress {
            // a listener that throws stops the export (no file is renamed onto the target,
            // the final call included) with `CallbackFailed`
            c = c.try_on_progress(move |p| {
                listener.on_progress((*p).into()).map_err(|e| match e {
                    CallLogError::CallbackFailed { message } => message,
                    other => other.to_string(),
                })
            });
        }
        if let Some(token) = cancel {
            c = c.with_cancel(token.0.clone());
        }
        if let Some(cap) = self.row_cap {
            c = c.with_row_cap(cap);
        }
        if let Some(secs) = self.progress_interval {
            let interval = Duration::try_from_secs_f64(secs).map_err(|_| {
                option_error(
                    "progress_interval",
                    format!("{secs} is not a duration in seconds"),
                )
            })?;
            c = c.with_interval(interval);
        }
        Ok(c)
    }
}

/// Where an export stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct ExportProgress {
    /// Records written so far.
    pub rows: u64,
    /// Records expected in all.
    pub total: Option<u64>,
    /// Bytes written so far (XLSX: uncompressed sheet data until the last call).
    pub bytes: u64,
    /// The last call: the export has finished.
    pub done: bool,
}

impl From<core::Progress> for ExportProgress {
    fn from(p: core::Progress) -> Self {
        ExportProgress {
            rows: p.rows,
            total: p.total,
            bytes: p.bytes,
            done: p.done,
        }
    }
}

/// Receives the progress of an export, at most once per `progressInterval` and once at the
/// end, on the exporting thread (hop to the main actor before touching UI).
///
/// A listener that throws stops the export: it fails with `CallLogError.CallbackFailed`
/// carrying the error's description, and leaves no file (a throw on the final call, `done`,
/// too: the target keeps what it held). A non-throwing `func onProgress` conforms as well.
#[uniffi::export(with_foreign)]
pub trait ExportProgressListener: Send + Sync {
    /// Called with where the export stands; throw to stop the export.
    fn on_progress(&self, progress: ExportProgress) -> Result<(), CallLogError>;
}

/// Cancels an export between two rows, from any thread. Share one token with the export.
#[derive(Debug, Default, uniffi::Object)]
pub struct CancelToken(pub(crate) core::CancelToken);

#[uniffi::export]
impl CancelToken {
    /// A token not yet cancelled.
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Arc::new(CancelToken::default())
    }

    /// Cancels every export using this token; they stop with `CallLogError.Cancelled` and
    /// leave no file.
    pub fn cancel(&self) {
        self.0.cancel()
    }

    /// Whether `cancel()` was called.
    pub fn is_cancelled(&self) -> bool {
        self.0.is_cancelled()
    }
}

/// What an export did.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ExportSummary {
    /// The file written.
    pub path: String,
    /// Records written.
    pub records: u64,
    /// Data rows written (more than `records` in the detailed layout).
    pub rows: u64,
    /// Records skipped because the viewer may not see them.
    pub skipped_records: u64,
    /// Worksheets (1 for CSV).
    pub sheets: u32,
    /// XLSX text cells cut at Excel's 32,767 characters.
    pub truncated_cells: u64,
    /// Characters replaced by `?` in CSV.
    pub replaced_characters: u64,
    /// Size of the file in bytes.
    pub bytes: u64,
    /// Time taken, in seconds.
    pub elapsed: f64,
    /// Columns dropped because the viewer may not see them.
    pub dropped_columns: Vec<String>,
}

impl From<core::ExportSummary> for ExportSummary {
    fn from(s: core::ExportSummary) -> Self {
        ExportSummary {
            path: s.path.display().to_string(),
            records: s.records,
            rows: s.rows,
            skipped_records: s.skipped_records,
            sheets: s.sheets,
            truncated_cells: s.truncated_cells,
            replaced_characters: s.replaced_characters,
            bytes: s.bytes,
            elapsed: s.elapsed.as_secs_f64(),
            dropped_columns: s.dropped_columns,
        }
    }
}

fn write<R: core::ExportRow + Sync>(
    path: &str,
    records: &[R],
    format: ExportFormat,
    profile: &ExportProfile,
    control: &ExportControl,
) -> Result<ExportSummary> {
    Ok(match format {
        ExportFormat::Csv => core::export_csv(path, records, profile, control)?,
        ExportFormat::Xlsx => core::export_xlsx(path, records, profile, control)?,
    }
    .into())
}

#[uniffi::export]
impl CallLog {
    /// Writes the log to `path` (a temporary file renamed on success) as CSV or XLSX.
    #[uniffi::method(default(progress = None, cancel = None, options))]
    pub fn export(
        &self,
        path: String,
        format: ExportFormat,
        options: ExportOptions,
        progress: Option<Arc<dyn ExportProgressListener>>,
        cancel: Option<Arc<CancelToken>>,
    ) -> Result<ExportSummary> {
        let profile = options.to_profile(None)?;
        let control = options.to_control(self.count(), progress, cancel)?;
        write(&path, self.core_records(), format, &profile, &control)
    }

    /// Writes a metrics workbook of its own to `path`: metrics per hour, day, queue and agent
    /// (ASR and ACD included), the results of attempts and native Excel charts, in the
    /// options' locale, hours and days in its time zone, over what its viewer may see
    /// (service level within 20 s).
    #[uniffi::method(default(options))]
    pub fn export_summary(&self, path: String, options: ExportOptions) -> Result<ExportSummary> {
        let p = options.to_profile(None)?;
        let s = core::summary::SummaryOptions::for_profile(&p);
        let records = self.core_records();
        Ok(core::summary::export_summary_xlsx(
            &path,
            records.iter().filter(|r| p.viewer.can_see(r)),
            &s,
        )?
        .into())
    }
}

#[uniffi::export]
impl CallLog {
    /// Reads a CSV file written by an export back into a log (any locale, UTF-8 or CP932);
    /// `options` must describe the export (preset or columns, locale, time zone, delimiter,
    /// encoding). Throws `Parse` with the path, row and column of a bad cell.
    #[uniffi::constructor(default(options))]
    pub fn read_csv(path: String, options: ExportOptions) -> Result<Arc<Self>> {
        let profile = options.to_profile(None)?;
        Ok(CallLog::from_core(calllog::read::read_csv(
            &path, &profile,
        )?))
    }
}

/// A format of call records written by a phone system (`calllog::sources`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum CallSource {
    /// Asterisk `cdr_csv`'s `Master.csv` (with or without `uniqueid`, `userfield` and the new
    /// CDR columns).
    AsteriskCsv,
    /// FreeSWITCH `mod_cdr_csv` with the vanilla configuration's default template.
    FreeswitchCsv,
    /// FreeSWITCH `mod_json_cdr` JSON CDRs, one after another.
    FreeswitchJson,
    /// Twilio Call resources as JSON: single resources, list pages or JSON lines.
    TwilioJson,
    /// Amazon Connect contact records as Kinesis or Firehose deliver them.
    ConnectCtr,
}

#[uniffi::export]
impl CallLog {
    /// Reads the call records a phone system wrote; the field mapping is the core's
    /// `calllog::sources` table. `time_zone` is the IANA zone of the file's local times (the
    /// PBX's; UTC when nil). Throws `Parse` with the path, the line (`row`) and the field
    /// (`column`), or `Io`.
    #[uniffi::constructor(default(time_zone = None))]
    pub fn read_source(
        path: String,
        source: CallSource,
        time_zone: Option<String>,
    ) -> Result<Arc<Self>> {
        let tz = match time_zone {
            None => chrono_tz::Tz::UTC,
            Some(name) => name.parse().map_err(|_| {
                option_error(
                    "time_zone",
                    format!("unknown time zone {name:?}; use an IANA name"),
                )
            })?,
        };
        let source = match source {
            CallSource::AsteriskCsv => calllog::sources::Source::AsteriskCsv,
            CallSource::FreeswitchCsv => calllog::sources::Source::FreeswitchCsv,
            CallSource::FreeswitchJson => calllog::sources::Source::FreeswitchJson,
            CallSource::TwilioJson => calllog::sources::Source::TwilioJson,
            CallSource::ConnectCtr => calllog::sources::Source::ConnectCtr,
        };
        let opts = calllog::sources::SourceOptions::new().time_zone(tz);
        let records =
            calllog::sources::read(&path, source, &opts)?.collect::<calllog::Result<Vec<_>>>()?;
        for r in &records {
            r.validate()?;
        }
        Ok(CallLog::from_core(records))
    }
}

/// Writes callback worklist entries (seed 001) to `path`; the `callbacks` preset by default.
#[uniffi::export(default(progress = None, cancel = None, options))]
pub fn export_callbacks(
    path: String,
    records: Vec<CallbackRecord>,
    format: ExportFormat,
    options: ExportOptions,
    progress: Option<Arc<dyn ExportProgressListener>>,
    cancel: Option<Arc<CancelToken>>,
) -> Result<ExportSummary> {
    let records = records
        .iter()
        .map(|r| {
            let c = r.to_core()?;
            c.validate()?;
            Ok(c)
        })
        .collect::<Result<Vec<_>>>()?;
    write_callbacks(&path, &records, format, &options, progress, cancel)
}

/// Writes core callback entries (already valid) with the `callbacks` preset by default.
pub(crate) fn write_callbacks(
    path: &str,
    records: &[calllog::CallbackRecord],
    format: ExportFormat,
    options: &ExportOptions,
    progress: Option<Arc<dyn ExportProgressListener>>,
    cancel: Option<Arc<CancelToken>>,
) -> Result<ExportSummary> {
    let profile = options.to_profile(Some(Preset::Callbacks))?;
    let control = options.to_control(records.len() as u64, progress, cancel)?;
    write(path, records, format, &profile, &control)
}

/// The names of the export presets.
#[uniffi::export]
pub fn export_preset_names() -> Vec<String> {
    Preset::NAMES.iter().map(|n| n.to_string()).collect()
}

/// A column of the export catalogue.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ExportColumn {
    /// The stable id, for `ExportOptions.columns`.
    pub id: String,
    /// The header label in the locale asked for.
    pub label: String,
}

/// The columns of a preset (`preset` nil: the whole catalogue of call records), with labels
/// in `locale`: what a column picker shows.
#[uniffi::export]
pub fn export_columns(preset: Option<String>, locale: Language) -> Result<Vec<ExportColumn>> {
    let columns = match preset {
        Some(name) => name.parse::<Preset>()?.columns(),
        None => core::Column::all(core::RecordKind::Call),
    };
    let locale = calllog::Locale::from(locale);
    Ok(columns
        .into_iter()
        .map(|c| ExportColumn {
            id: c.id().into_owned(),
            label: c.label(locale).into_owned(),
        })
        .collect())
}
