//! The XLSX sink: rust_xlsxwriter in constant-memory mode (one row in memory, rows streamed
//! to a temporary file), real Excel dates and durations with number formats, a bold frozen
//! header with an autofilter, column widths by content type, a new sheet (header repeated)
//! when one is full, and text longer than Excel's 32,767 characters cut and counted.
//!
//! ```
//! use calllog::export::{export_xlsx, ExportControl, ExportProfile, Preset};
//! use calllog::{CallRecord, Channel, ts};
//!
//! let dir = std::env::temp_dir().join(format!("calllog-doc-xlsx-{}", std::process::id()));
//! std::fs::create_dir_all(&dir)?;
//! let calls = vec![CallRecord::new("c-1", Channel::Voice).started_at(ts("2024-05-01T10:00:00Z"))];
//! let profile = ExportProfile::preset(Preset::ContactsSimple);
//! let summary = export_xlsx(dir.join("calls.xlsx"), &calls, &profile, &ExportControl::new())?;
//! assert_eq!((summary.rows, summary.sheets), (1, 1));
//! # std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::marker::PhantomData;
use std::path::Path;
use std::time::Instant;

use rust_xlsxwriter::{Color, Format, FormatAlign, Note, Workbook, Worksheet};

use super::ExportSummary;
use super::atomic::AtomicFile;
use super::cells::{Cell, ExportRow, Formatter, Plan, RowImpl};
use super::columns::ValueType;
use super::profile::{DurationFormat, EXCEL_MAX_CHARS, ExportProfile};
use super::progress::{ExportControl, Ticker};
use super::safety::is_formula_like;
use super::summary::{SummaryBuilder, SummaryOptions};
use crate::error::{Error, Result};
use crate::model::CallRecord;
use crate::vocab::Locale;

fn xlsx_err(e: rust_xlsxwriter::XlsxError) -> Error {
    Error::Xlsx(e.to_string())
}

struct Formats {
    header: Format,
    datetime: Format,
    clock: Format,
    /// The date-time format shows fractions of a second (`ss.0`, `ss.000`).
    datetime_shows_fraction: bool,
    text_guard: Format,
    success: Format,
    failure: Format,
}

/// Streams records into an XLSX file. Push records with [`write`](Self::write), then call
/// [`finish`](Self::finish), which writes the workbook to a temporary file next to the target
/// and renames it. Dropping the sink or an error leaves no file.
pub struct XlsxSink<R: ExportRow = CallRecord> {
    workbook: Workbook,
    atomic: Option<AtomicFile>,
    plan: Plan,
    fmt: Formatter,
    formats: Formats,
    profile: ExportProfile,
    ticker: Ticker,
    cell: String,
    sheet: usize,
    sheet_rows: u32,
    records: u64,
    rows: u64,
    skipped: u64,
    truncated: u64,
    approx_bytes: u64,
    started: Instant,
    failed: bool,
    summary: Option<SummaryBuilder>,
    _rows: PhantomData<fn(&R)>,
}

impl<R: ExportRow> std::fmt::Debug for XlsxSink<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("XlsxSink")
            .field("target", &self.atomic.as_ref().map(|a| a.target()))
            .field("records", &self.records)
            .field("rows", &self.rows)
            .field("sheets", &(self.sheet + 1))
            .finish()
    }
}

impl<R: ExportRow> XlsxSink<R> {
    /// Starts an export to `path` and writes the header of the first sheet.
    pub fn create(
        path: impl AsRef<Path>,
        profile: &ExportProfile,
        control: &ExportControl,
    ) -> Result<Self> {
        let plan = Plan::new(profile, R::KIND)?;
        let fmt = Formatter::new(profile)?;
        let (atomic, file) = AtomicFile::create(path.as_ref())?;
        drop(file);
        let mut workbook = Workbook::new();
        let dir = atomic
            .temp_path()
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        if !dir.as_os_str().is_empty() {
            workbook.set_tempdir(&dir).map_err(xlsx_err)?;
        }
        workbook.set_zip_compression_level(profile.xlsx.compression_level);
        let formats = Formats {
            header: Format::new().set_bold().set_align(FormatAlign::Center),
            datetime: Format::new().set_num_format(&profile.xlsx.datetime_format),
            clock: Format::new().set_num_format("[h]:mm:ss"),
            datetime_shows_fraction: profile
                .xlsx
                .datetime_format
                .to_ascii_lowercase()
                .contains("s.0"),
            text_guard: Format::new().set_quote_prefix(),
            success: Format::new()
                .set_font_color(Color::RGB(0x006100))
                .set_background_color(Color::RGB(0xC6EFCE)),
            failure: Format::new()
                .set_font_color(Color::RGB(0x9C0006))
                .set_background_color(Color::RGB(0xFFC7CE)),
        };
        let mut sink = XlsxSink {
            workbook,
            atomic: Some(atomic),
            plan,
            fmt,
            formats,
            profile: profile.clone(),
            ticker: Ticker::new(control),
            cell: String::with_capacity(256),
            sheet: 0,
            sheet_rows: 0,
            records: 0,
            rows: 0,
            skipped: 0,
            truncated: 0,
            approx_bytes: 0,
            started: Instant::now(),
            failed: false,
            summary: if profile.xlsx.summary_sheet {
                Some(SummaryBuilder::new(&SummaryOptions::for_profile(profile))?)
            } else {
                None
            },
            _rows: PhantomData,
        };
        sink.contained(|sink| sink.add_sheet(0))?;
        Ok(sink)
    }

    fn sheet_name(&self, index: usize) -> String {
        let name = self.profile.sheet_name(R::KIND);
        if index == 0 {
            name.to_string()
        } else {
            format!("{name} ({})", index + 1)
        }
    }

    fn add_sheet(&mut self, index: usize) -> Result<()> {
        let name = self.sheet_name(index);
        let locale = self.profile.locale;
        let ws = self
            .workbook
            .add_worksheet_with_constant_memory()
            .map_err(xlsx_err)?;
        ws.set_name(name).map_err(xlsx_err)?;
        for (i, c) in self.plan.columns.iter().enumerate() {
            ws.write_string_with_format(
                0,
                i as u16,
                c.label(locale).as_ref(),
                &self.formats.header,
            )
            .map_err(xlsx_err)?;
            if c.value_type() == ValueType::DateTime {
                // The time zone of the times below, where a reader hovering the header sees
                // it, without changing the seeds' column names.
                let tz = self.profile.time_zone;
                let label = match locale {
                    Locale::En => "Time zone",
                    Locale::Ja => "タイムゾーン",
                    Locale::Ru => "Часовой пояс",
                    Locale::Pl => "Strefa czasowa",
                };
                let note = Note::new(format!("{label}: {}", tz.name())).add_author_prefix(false);
                ws.insert_note(0, i as u16, &note).map_err(xlsx_err)?;
            }
        }
        ws.set_freeze_panes(1, 0).map_err(xlsx_err)?;
        self.sheet = index;
        self.sheet_rows = 1;
        Ok(())
    }

    /// Sets the autofilter and the column widths. Widths are set last on purpose: while a
    /// column has options, rust_xlsxwriter looks them up (SipHash) for every cell written.
    fn close_sheet(&mut self) -> Result<()> {
        let last_col = (self.plan.columns.len() - 1) as u16;
        let last_row = self.sheet_rows.saturating_sub(1).max(1);
        let locale = self.profile.locale;
        let ws = self
            .workbook
            .worksheet_from_index(self.sheet)
            .map_err(xlsx_err)?;
        ws.autofilter(0, 0, last_row, last_col).map_err(xlsx_err)?;
        for (i, c) in self.plan.columns.iter().enumerate() {
            let content = match c.value_type() {
                ValueType::DateTime => 19.0,
                ValueType::Duration => 10.0,
                ValueType::Integer | ValueType::Decimal | ValueType::Boolean => 10.0,
                ValueType::Enum => 16.0,
                ValueType::Text => 18.0,
                ValueType::List | ValueType::Json => 30.0,
            };
            // Header text (CJK characters are about two columns wide) plus the filter button.
            let header: f64 = c
                .label(locale)
                .chars()
                .map(|ch| if ch.is_ascii() { 1.1 } else { 2.1 })
                .sum::<f64>()
                + 4.0;
            ws.set_column_width(i as u16, header.max(content).min(60.0))
                .map_err(xlsx_err)?;
        }
        Ok(())
    }

    /// Writes one record (one row, or one per detail). A record the profile's viewer may not
    /// see is skipped. Checks the cancel token first.
    pub fn write(&mut self, record: &R) -> Result<()> {
        if self.failed {
            return Err(Error::ExportOption {
                option: "sink".into(),
                reason: "an earlier write failed; the export cannot continue".into(),
            });
        }
        let r = self.contained(|sink| sink.write_inner(record));
        if r.is_err() {
            self.failed = true;
        }
        r
    }

    /// Runs `f` on the sink with a panic inside the writer contained (see [`panic_error`]);
    /// the target's path is looked up only when there was one.
    fn contained<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(self))).unwrap_or_else(|p| {
            let target = self
                .atomic
                .as_ref()
                .map(|a| a.target())
                .unwrap_or(Path::new(""));
            Err(panic_error(target, &*p))
        })
    }

    fn write_inner(&mut self, record: &R) -> Result<()> {
        if !record.visible_to(&self.plan.viewer) {
            self.skipped += 1;
            return Ok(());
        }
        let bytes = self.approx_bytes;
        self.ticker.before_record(self.records, || bytes)?;
        if let (Some(summary), Some(call)) = (self.summary.as_mut(), record.as_call()) {
            summary.push(call);
        }
        let derived = if self.plan.needs_derived {
            RowImpl::derive_for(record, &self.profile)
        } else {
            None
        };
        let (n, counts) = self.plan.row_count(record);
        for sub in 0..n {
            if self.sheet_rows >= self.profile.xlsx.max_rows_per_sheet {
                self.close_sheet()?;
                self.add_sheet(self.sheet + 1)?;
            }
            let detail = self.plan.detail(record, sub, counts);
            let row = self.sheet_rows;
            for i in 0..self.plan.columns.len() {
                let col = self.plan.columns[i];
                let cell = if sub > 0 && self.plan.blank_on_later_rows(col) {
                    Cell::Empty
                } else {
                    RowImpl::cell(record, col, derived.as_ref(), detail, &self.fmt)
                };
                self.put(row, i as u16, cell)?;
            }
            self.sheet_rows += 1;
            self.rows += 1;
        }
        self.records += 1;
        Ok(())
    }

    #[inline]
    fn put(&mut self, row: u32, col: u16, cell: Cell<'_>) -> Result<()> {
        let ws: &mut Worksheet = self
            .workbook
            .worksheet_from_index(self.sheet)
            .map_err(xlsx_err)?;
        let f = &self.formats;
        let r = match cell {
            // Seed 000 L: "Excelファイルの場合、"空欄"となり".
            Cell::Empty | Cell::Processing => return Ok(()),
            Cell::Int(n) => {
                self.approx_bytes += 24;
                ws.write_number(row, col, n as f64)
            }
            Cell::Money(m) => {
                self.approx_bytes += 24;
                ws.write_number(row, col, m.to_f64())
            }
            Cell::DateTime(t) => {
                self.approx_bytes += 36;
                let local = self.fmt.local(t).and_utc();
                // Under a whole-second format the value is cut to its second, as the CSV
                // writes it: Excel and LibreOffice would round 23:59:59.979 up to the next day.
                let millis = if self.formats.datetime_shows_fraction {
                    f64::from(local.timestamp_subsec_millis()) / 1000.0
                } else {
                    0.0
                };
                let serial = (local.timestamp() as f64 + millis) / 86_400.0 + 25_569.0;
                ws.write_number_with_format(row, col, serial, &f.datetime)
            }
            Cell::Duration(d) => {
                self.approx_bytes += 30;
                let secs = d.num_milliseconds() as f64 / 1000.0;
                match self.fmt.durations {
                    DurationFormat::Seconds => ws.write_number(row, col, secs),
                    // `[h]:mm:ss` shows whole seconds: cut, never round up (as the CSV's clock)
                    DurationFormat::Clock => {
                        ws.write_number_with_format(row, col, secs.trunc() / 86_400.0, &f.clock)
                    }
                }
            }
            Cell::Flag(v) => {
                let s = self.fmt.flag_text(v);
                self.approx_bytes += 40 + s.len() as u64;
                ws.write_string(row, col, s)
            }
            Cell::Success(v) => {
                let s = self.fmt.success_text(v);
                self.approx_bytes += 40 + s.len() as u64;
                ws.write_string_with_format(row, col, s, if v { &f.success } else { &f.failure })
            }
            Cell::Graded {
                machine,
                label,
                success,
            } => {
                let s = self.fmt.enum_text(machine, label);
                self.approx_bytes += 40 + s.len() as u64;
                ws.write_string_with_format(
                    row,
                    col,
                    s,
                    if success { &f.success } else { &f.failure },
                )
            }
            Cell::Enum { machine, label } => {
                let s = self.fmt.enum_text(machine, label);
                self.approx_bytes += 40 + s.len() as u64;
                ws.write_string(row, col, s)
            }
            Cell::Text(s) => {
                self.approx_bytes += 40 + s.len() as u64;
                return write_text(ws, row, col, s, f, &mut self.truncated);
            }
            Cell::Joined(j) => {
                self.cell.clear();
                self.fmt.joined(j, &mut self.cell);
                self.approx_bytes += 40 + self.cell.len() as u64;
                return write_text(ws, row, col, &self.cell, f, &mut self.truncated);
            }
        };
        r.map(|_| ()).map_err(xlsx_err)
    }

    /// Closes the last sheet, writes the workbook and renames it onto the target.
    pub fn finish(mut self) -> Result<ExportSummary> {
        if self.failed {
            return Err(Error::ExportOption {
                option: "sink".into(),
                reason: "an earlier write failed; nothing was written".into(),
            });
        }
        if self.ticker_cancelled() {
            return Err(Error::Cancelled);
        }
        let Some(atomic) = self.atomic.take() else {
            return Err(Error::Internal(
                "the XLSX sink has no temporary file".into(),
            ));
        };
        let target = atomic.target();
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.close_sheet()?;
            if let Some(summary) = self.summary.take() {
                summary.write(&mut self.workbook)?;
            }
            self.workbook.save(atomic.temp_path()).map_err(|e| match e {
                rust_xlsxwriter::XlsxError::IoError(io) => Error::io(target, io),
                e => xlsx_err(e),
            })
        }))
        .unwrap_or_else(|p| Err(panic_error(target, &*p)))?;
        let bytes = std::fs::metadata(atomic.temp_path())
            .map(|m| m.len())
            .map_err(|e| Error::io(atomic.target(), e))?;
        self.ticker.finish(self.records, bytes)?;
        let path = atomic.target().to_path_buf();
        atomic.commit()?;
        Ok(ExportSummary {
            path,
            records: self.records,
            rows: self.rows,
            skipped_records: self.skipped,
            sheets: self.sheet as u32 + 1,
            truncated_cells: self.truncated,
            replaced_characters: 0,
            bytes,
            elapsed: self.started.elapsed(),
            dropped_columns: std::mem::take(&mut self.plan.dropped),
        })
    }

    fn ticker_cancelled(&self) -> bool {
        self.ticker.is_cancelled()
    }
}

/// The error for a panic inside rust_xlsxwriter, so that no panic crosses an export call.
///
/// Its constant-memory worksheets `expect` every write to their temporary sheet file, so a
/// full disk (or a vanished directory) panics inside it. That panic's message carries the
/// `io::Error`'s debug form (`Os { code: 28, kind: StorageFull, … }`): its OS error code is
/// turned back into a typed [`Error::Io`] naming the target. Any other panic is
/// [`Error::Internal`]. The sink is marked failed by the caller; dropping it removes the
/// temporary files.
fn panic_error(target: &Path, payload: &(dyn std::any::Any + Send)) -> Error {
    let text = crate::error::panic_text(payload);
    match os_error_code(&text) {
        Some(code) => Error::io(target, std::io::Error::from_raw_os_error(code)),
        None => Error::Internal(format!("the XLSX writer failed: {text}")),
    }
}

/// The OS error code in an `io::Error`'s debug form inside a panic message, if any.
fn os_error_code(text: &str) -> Option<i32> {
    let rest = &text[text.find("Os { code: ")? + "Os { code: ".len()..];
    let end = rest.find(|c: char| !c.is_ascii_digit() && c != '-')?;
    rest[..end].parse().ok()
}

/// Writes a text cell: quote-prefixed when formula-like, cut at Excel's limit.
#[inline]
fn write_text(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    s: &str,
    f: &Formats,
    truncated: &mut u64,
) -> Result<()> {
    if s.is_empty() {
        return Ok(());
    }
    let s = if s.len() > EXCEL_MAX_CHARS {
        let cut = cut_utf16(s, EXCEL_MAX_CHARS);
        if cut.len() < s.len() {
            *truncated += 1;
        }
        cut
    } else {
        s
    };
    let r = if is_formula_like(s) {
        ws.write_string_with_format(row, col, s, &f.text_guard)
    } else {
        ws.write_string(row, col, s)
    };
    r.map(|_| ()).map_err(xlsx_err)
}

/// The longest prefix of `s` of at most `max` UTF-16 code units (Excel counts those).
fn cut_utf16(s: &str, max: usize) -> &str {
    let mut units = 0;
    for (i, c) in s.char_indices() {
        units += c.len_utf16();
        if units > max {
            return &s[..i];
        }
    }
    s
}

/// Writes every record of `records` to an XLSX file at `path`; see [`XlsxSink`].
pub fn export_xlsx<'a, R, I>(
    path: impl AsRef<Path>,
    records: I,
    profile: &ExportProfile,
    control: &ExportControl,
) -> Result<ExportSummary>
where
    R: ExportRow + 'a,
    I: IntoIterator<Item = &'a R>,
{
    let mut sink = XlsxSink::<R>::create(path, profile, control)?;
    for r in records {
        sink.write(r)?;
    }
    sink.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_counts_utf16_units() {
        assert_eq!(cut_utf16("abc", 2), "ab");
        assert_eq!(cut_utf16("a😀b", 2), "a"); // the emoji takes two units
        assert_eq!(cut_utf16("a😀b", 3), "a😀");
        assert_eq!(cut_utf16("日本", 5), "日本");
    }

    #[test]
    fn panics_become_typed_errors() {
        let p = Path::new("/x/calls.xlsx");
        let e = panic_error(
            p,
            &"Couldn't write to xml file: Os { code: 28, kind: StorageFull, message: \"No space left on device\" }",
        );
        match e {
            Error::Io { path, source } => {
                assert_eq!(path, p);
                assert_eq!(source.raw_os_error(), Some(28));
            }
            other => panic!("{other:?}"),
        }
        let e = panic_error(p, &String::from("index out of bounds"));
        assert!(matches!(e, Error::Internal(m) if m.contains("index out of bounds")));
        assert_eq!(
            os_error_code("Os { code: 30, kind: ReadOnlyFilesystem"),
            Some(30)
        );
        assert_eq!(os_error_code("no code here"), None);
    }

    #[test]
    fn money_text_is_exact() {
        let mut s = String::new();
        super::super::cells::money_text(&crate::Money::new(-125, 4, "USD"), &mut s);
        assert_eq!(s, "-0.0125");
    }
}
