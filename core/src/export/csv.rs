//! The CSV sink: RFC 4180 quoting, any ASCII delimiter, UTF-8 with or without BOM, or CP932
//! for Japanese Excel with an explicit policy for characters CP932 cannot hold.
//!
//! Rows are built in a reused buffer and written in 1 MiB blocks; no allocation per cell.
//!
//! ```
//! use calllog::export::{CsvSink, ExportControl, ExportProfile, Preset};
//! use calllog::{CallRecord, Channel, Locale, ts};
//!
//! let dir = std::env::temp_dir().join(format!("calllog-doc-csv-{}", std::process::id()));
//! std::fs::create_dir_all(&dir)?;
//! let path = dir.join("calls.csv");
//! let profile = ExportProfile::preset(Preset::CallHistory).locale(Locale::En);
//! let mut sink = CsvSink::create(&path, &profile, &ExportControl::new())?;
//! sink.write(&CallRecord::new("c-1", Channel::Voice).started_at(ts("2024-05-01T10:00:00Z")))?;
//! let summary = sink.finish()?;
//! assert_eq!(summary.rows, 1);
//! let text = std::fs::read_to_string(&path)?;
//! assert!(text.starts_with("Started at,Direction,From,To,Agents"));
//! # std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fs::File;
use std::io::Write;
use std::marker::PhantomData;
use std::path::{Path, PathBuf};
use std::time::Instant;

use encoding_rs::{EncoderResult, SHIFT_JIS};

use super::ExportSummary;
use super::atomic::AtomicFile;
use super::cells::{Cell, DurationText, ExportRow, Formatter, Plan, RowImpl, money_text};
use super::profile::{CsvEncoding, ExportProfile, Unencodable};
use super::progress::{ExportControl, Ticker};
use super::safety::needs_csv_prefix;
use crate::error::{Error, Result};
use crate::model::CallRecord;

const BLOCK: usize = 1 << 20;

/// Streams records into a CSV file. Push records with [`write`](Self::write), then call
/// [`finish`](Self::finish); until then the output lives in a temporary file next to the
/// target, removed if the sink is dropped or fails.
pub struct CsvSink<R: ExportRow = CallRecord> {
    file: Option<File>,
    atomic: Option<AtomicFile>,
    /// The destination of [`CsvSink::to_writer`] (instead of `file`/`atomic`).
    writer: Option<Box<dyn Write + Send>>,
    plan: Plan,
    fmt: Formatter,
    profile: ExportProfile,
    ticker: Ticker,
    out: Vec<u8>,
    cell: String,
    delimiter: u8,
    /// Bytes that make a cell need quotes: the delimiter, `"`, CR, LF.
    special: [bool; 256],
    /// The delimiter cannot occur in numbers, dates and durations.
    plain_numbers: bool,
    bytes: u64,
    records: u64,
    rows: u64,
    skipped: u64,
    replaced: u64,
    started: Instant,
    failed: bool,
    _rows: PhantomData<fn(&R)>,
}

impl<R: ExportRow> std::fmt::Debug for CsvSink<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CsvSink")
            .field("target", &self.atomic.as_ref().map(|a| a.target()))
            .field("records", &self.records)
            .field("rows", &self.rows)
            .finish()
    }
}

impl<R: ExportRow> CsvSink<R> {
    /// Starts an export to `path` and writes the header. Errors: [`Error::ExportOption`] for a
    /// bad profile, [`Error::Io`] naming `path` when the file cannot be created.
    pub fn create(
        path: impl AsRef<Path>,
        profile: &ExportProfile,
        control: &ExportControl,
    ) -> Result<Self> {
        let plan = Plan::new(profile, R::KIND)?;
        let fmt = Formatter::new(profile)?;
        let (atomic, file) = AtomicFile::create(path.as_ref())?;
        Self::start(Some(file), Some(atomic), None, plan, fmt, profile, control)
    }

    /// Starts an export into any writer (an HTTP response, a pipe, a channel) and writes the
    /// header. Bytes reach `writer` in blocks of about 1 MiB as records are written, and
    /// [`finish`](Self::finish) flushes the rest, so memory stays flat however many rows. There
    /// is no temporary file: a failed or cancelled export leaves what was already written, and
    /// the summary's `path` is empty. I/O errors name the path `<writer>`.
    pub fn to_writer(
        writer: impl Write + Send + 'static,
        profile: &ExportProfile,
        control: &ExportControl,
    ) -> Result<Self> {
        let plan = Plan::new(profile, R::KIND)?;
        let fmt = Formatter::new(profile)?;
        Self::start(
            None,
            None,
            Some(Box::new(writer)),
            plan,
            fmt,
            profile,
            control,
        )
    }

    fn start(
        file: Option<File>,
        atomic: Option<AtomicFile>,
        writer: Option<Box<dyn Write + Send>>,
        plan: Plan,
        fmt: Formatter,
        profile: &ExportProfile,
        control: &ExportControl,
    ) -> Result<Self> {
        let mut sink = CsvSink {
            file,
            atomic,
            writer,
            plan,
            fmt,
            profile: {
                let mut p = profile.clone();
                p.csv.encoding = p.csv.encoding.resolve(p.locale);
                p
            },
            ticker: Ticker::new(control),
            out: Vec::with_capacity(BLOCK + 64 * 1024),
            cell: String::with_capacity(256),
            delimiter: profile.csv.delimiter,
            special: {
                let mut t = [false; 256];
                for b in [profile.csv.delimiter, b'"', b'\n', b'\r'] {
                    t[b as usize] = true;
                }
                t
            },
            plain_numbers: !b"0123456789-+:. ".contains(&profile.csv.delimiter),
            bytes: 0,
            records: 0,
            rows: 0,
            skipped: 0,
            replaced: 0,
            started: Instant::now(),
            failed: false,
            _rows: PhantomData,
        };
        if sink.profile.csv.encoding == CsvEncoding::Utf8Bom {
            sink.out.extend_from_slice(b"\xEF\xBB\xBF");
        }
        let cols = sink.plan.columns.clone();
        for (i, c) in cols.iter().enumerate() {
            if i > 0 {
                sink.out.push(sink.delimiter);
            }
            let label = c.label(profile.locale);
            sink.put(&label, 0, i, true)?;
        }
        sink.out.extend_from_slice(b"\r\n");
        Ok(sink)
    }

    /// Writes one record (one row, or one per detail in the detailed layout). A record the
    /// profile's viewer may not see is skipped. Checks the cancel token first.
    pub fn write(&mut self, record: &R) -> Result<()> {
        if self.failed {
            return Err(Error::ExportOption {
                option: "sink".into(),
                reason: "an earlier write failed; the export cannot continue".into(),
            });
        }
        let r = self.write_inner(record);
        if r.is_err() {
            self.failed = true;
        }
        r
    }

    fn write_inner(&mut self, record: &R) -> Result<()> {
        if !record.visible_to(&self.plan.viewer) {
            self.skipped += 1;
            return Ok(());
        }
        let bytes = self.bytes + self.out.len() as u64;
        self.ticker.before_record(self.records, || bytes)?;
        let derived = if self.plan.needs_derived {
            RowImpl::derive_for(record, &self.profile)
        } else {
            None
        };
        let (n, counts) = self.plan.row_count(record);
        for sub in 0..n {
            let detail = self.plan.detail(record, sub, counts);
            self.rows += 1;
            for i in 0..self.plan.columns.len() {
                if i > 0 {
                    self.out.push(self.delimiter);
                }
                let col = self.plan.columns[i];
                let cell = if sub > 0 && self.plan.blank_on_later_rows(col) {
                    Cell::Empty
                } else {
                    RowImpl::cell(record, col, derived.as_ref(), detail, &self.fmt)
                };
                match cell {
                    // Borrowed straight from the record, no copy.
                    Cell::Text(s) if !s.is_empty() => self.put(s, self.rows, i, true)?,
                    Cell::Text(_) if self.profile.csv.mark_empty_text => self.out.push(b'\''),
                    Cell::Enum { machine, label } | Cell::Graded { machine, label, .. } => {
                        let s = self.fmt.enum_text(machine, label);
                        self.put(s, self.rows, i, true)?;
                    }
                    // ASCII digits need neither quotes nor encoding with the usual delimiters.
                    Cell::Int(n) if self.plain_numbers => {
                        self.out
                            .extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
                    }
                    Cell::Duration(d) if self.plain_numbers => {
                        let mut b = DurationText::default();
                        let t = self.fmt.duration_text(d, &mut b);
                        self.out.extend_from_slice(t.as_bytes());
                    }
                    Cell::DateTime(t) if self.plain_numbers && self.fmt.fast_datetime() => {
                        if let Some(b) = self.fmt.datetime_fast(t) {
                            self.out.extend_from_slice(&b);
                        } else {
                            self.cell.clear();
                            self.fmt.datetime(t, &mut self.cell);
                            let text = std::mem::take(&mut self.cell);
                            let r = self.put(&text, self.rows, i, false);
                            self.cell = text;
                            r?;
                        }
                    }
                    cell => {
                        self.cell.clear();
                        let one_empty = matches!(&cell, Cell::Joined(j) if j.is_one_empty());
                        let is_text = self.render(cell);
                        if one_empty && self.profile.csv.mark_empty_text {
                            self.out.push(b'\'');
                        } else if !self.cell.is_empty() {
                            let text = std::mem::take(&mut self.cell);
                            let r = self.put(&text, self.rows, i, is_text);
                            self.cell = text;
                            r?;
                        }
                    }
                }
            }
            self.out.extend_from_slice(b"\r\n");
        }
        self.records += 1;
        if self.out.len() >= BLOCK {
            self.flush()?;
        }
        Ok(())
    }

    /// Renders `cell` into `self.cell`; returns whether it is text (to neutralise).
    #[inline]
    fn render(&mut self, cell: Cell<'_>) -> bool {
        let out = &mut self.cell;
        match cell {
            Cell::Empty => false,
            Cell::Text(s) => {
                out.push_str(s);
                true
            }
            Cell::Int(n) => {
                out.push_str(itoa::Buffer::new().format(n));
                false
            }
            Cell::Money(m) => {
                money_text(m, out);
                false
            }
            Cell::DateTime(t) => {
                self.fmt.datetime(t, out);
                false
            }
            Cell::Duration(d) => {
                self.fmt.duration(d, out);
                false
            }
            // Seed 000 L: "CSVファイルの場合、"0"と表示されます".
            Cell::Processing => {
                out.push('0');
                false
            }
            Cell::Flag(v) => {
                out.push_str(self.fmt.flag_text(v));
                false
            }
            Cell::Success(v) => {
                out.push_str(self.fmt.success_text(v));
                false
            }
            Cell::Enum { machine, label } | Cell::Graded { machine, label, .. } => {
                out.push_str(self.fmt.enum_text(machine, label));
                true
            }
            Cell::Joined(j) => {
                self.fmt.joined(j, out);
                true
            }
        }
    }

    /// Quotes, neutralises and encodes one cell into the row buffer.
    #[inline]
    fn put(&mut self, s: &str, row: u64, col: usize, is_text: bool) -> Result<()> {
        let prefix = is_text && needs_csv_prefix(s);
        let special = &self.special;
        let quote = s.bytes().any(|b| special[b as usize]);
        if quote {
            self.out.push(b'"');
        }
        if prefix {
            self.out.push(b'\'');
        }
        match self.profile.csv.encoding {
            CsvEncoding::Auto | CsvEncoding::Utf8 | CsvEncoding::Utf8Bom => {
                if quote {
                    let mut rest = s;
                    while let Some(i) = rest.find('"') {
                        self.out.extend_from_slice(&rest.as_bytes()[..=i]);
                        self.out.push(b'"');
                        rest = &rest[i + 1..];
                    }
                    self.out.extend_from_slice(rest.as_bytes());
                } else {
                    self.out.extend_from_slice(s.as_bytes());
                }
            }
            CsvEncoding::Cp932 => {
                if s.is_ascii() && !quote {
                    self.out.extend_from_slice(s.as_bytes());
                } else {
                    self.put_cp932(s, quote)
                        .map_err(|character| Error::Unencodable {
                            row,
                            column: self.plan.columns[col].id().into_owned(),
                            character,
                            encoding: "CP932",
                        })?;
                }
            }
        }
        if quote {
            self.out.push(b'"');
        }
        Ok(())
    }

    /// Encodes `s` in CP932 (quotes doubled when `quote`); the first unmappable character
    /// is the error under [`Unencodable::Error`], else it becomes `?` and is counted.
    fn put_cp932(&mut self, s: &str, quote: bool) -> std::result::Result<(), char> {
        let policy = self.profile.csv.unencodable;
        let mut enc = SHIFT_JIS.new_encoder();
        let mut rest = s;
        // Quotes are doubled piecewise so that the encoder sees plain text.
        while !rest.is_empty() {
            let (piece, tail) = match rest.find('"') {
                Some(i) if quote => (&rest[..=i], &rest[i + 1..]),
                _ => (rest, ""),
            };
            let mut src = piece;
            loop {
                let need = enc
                    .max_buffer_length_from_utf8_without_replacement(src.len())
                    .unwrap_or(src.len() * 2 + 16);
                self.out.reserve(need);
                let (res, read) =
                    enc.encode_from_utf8_to_vec_without_replacement(src, &mut self.out, true);
                src = &src[read..];
                match res {
                    EncoderResult::InputEmpty => break,
                    EncoderResult::OutputFull => continue,
                    EncoderResult::Unmappable(c) => match policy {
                        Unencodable::Error => return Err(c),
                        Unencodable::Replace => {
                            self.replaced += 1;
                            self.out.push(b'?');
                        }
                    },
                }
            }
            if quote && piece.ends_with('"') {
                self.out.push(b'"');
            }
            rest = tail;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        if let (Some(f), Some(a)) = (self.file.as_mut(), self.atomic.as_ref()) {
            f.write_all(&self.out)
                .map_err(|e| Error::io(a.target(), e))?;
        }
        if let Some(w) = self.writer.as_mut() {
            w.write_all(&self.out)
                .map_err(|e| Error::io(WRITER_PATH, e))?;
        }
        self.bytes += self.out.len() as u64;
        self.out.clear();
        Ok(())
    }

    /// Flushes, syncs and renames the file onto the target; returns the summary. The last
    /// progress call reports the final size.
    pub fn finish(mut self) -> Result<ExportSummary> {
        if self.failed {
            return Err(Error::ExportOption {
                option: "sink".into(),
                reason: "an earlier write failed; nothing was written".into(),
            });
        }
        self.flush()?;
        if let Some(mut w) = self.writer.take() {
            w.flush().map_err(|e| Error::io(WRITER_PATH, e))?;
            self.ticker.finish(self.records, self.bytes)?;
            return Ok(self.summary(PathBuf::new()));
        }
        let file = self.file.take().expect("file open until finish");
        let atomic = self.atomic.take().expect("temp file until finish");
        file.sync_all().map_err(|e| Error::io(atomic.target(), e))?;
        drop(file);
        self.ticker.finish(self.records, self.bytes)?;
        let path = atomic.target().to_path_buf();
        atomic.commit()?;
        Ok(self.summary(path))
    }

    fn summary(&mut self, path: PathBuf) -> ExportSummary {
        ExportSummary {
            path,
            records: self.records,
            rows: self.rows,
            skipped_records: self.skipped,
            sheets: 1,
            truncated_cells: 0,
            replaced_characters: self.replaced,
            bytes: self.bytes,
            elapsed: self.started.elapsed(),
            dropped_columns: std::mem::take(&mut self.plan.dropped),
        }
    }
}

/// The path named by I/O errors of [`CsvSink::to_writer`].
const WRITER_PATH: &str = "<writer>";

/// Writes every record of `records` to a CSV file at `path`; see [`CsvSink`].
pub fn export_csv<'a, R, I>(
    path: impl AsRef<Path>,
    records: I,
    profile: &ExportProfile,
    control: &ExportControl,
) -> Result<ExportSummary>
where
    R: ExportRow + 'a,
    I: IntoIterator<Item = &'a R>,
{
    let mut sink = CsvSink::<R>::create(path, profile, control)?;
    for r in records {
        sink.write(r)?;
    }
    sink.finish()
}
