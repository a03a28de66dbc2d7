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
    /// With more than one thread: the thread that writes full blocks (it holds `file` or
    /// `writer` until [`finish`](Self::finish)). First, so that a dropped sink waits for it
    /// before its temporary file is removed.
    pipe: Option<Pipe>,
    file: Option<File>,
    atomic: Option<AtomicFile>,
    /// The destination of [`CsvSink::to_writer`] (instead of `file`/`atomic`).
    writer: Option<Box<dyn Write + Send>>,
    shape: Shape,
    ticker: Ticker,
    /// The caller's thread: its buffer and the export's running counts.
    lane: Lane,
    /// The buffers of the other threads of [`write_batch`](Self::write_batch), kept for reuse.
    spare: Vec<Lane>,
    /// Threads for [`write_batch`](Self::write_batch) (at least 1).
    threads: usize,
    bytes: u64,
    started: Instant,
    failed: bool,
    _rows: PhantomData<fn(&R)>,
}

/// What every thread of an export reads and none changes: the columns, the formatter and the
/// quoting rules.
struct Shape {
    plan: Plan,
    fmt: Formatter,
    profile: ExportProfile,
    delimiter: u8,
    /// Bytes that make a cell need quotes: the delimiter, `"`, CR, LF.
    special: [bool; 256],
    /// The delimiter cannot occur in numbers, dates and durations.
    plain_numbers: bool,
}

/// One thread's output buffer and counts. The sink's own lane holds the export's totals;
/// the lanes of [`CsvSink::write_batch`]'s other threads count their slice only and are
/// added to it in order.
#[derive(Default)]
struct Lane {
    out: Vec<u8>,
    cell: String,
    records: u64,
    rows: u64,
    skipped: u64,
    replaced: u64,
}

/// The most threads [`CsvOptions::threads`](super::CsvOptions::threads) may ask for (a larger
/// number is an error, not an allocation the size of it).
pub const MAX_THREADS: usize = 256;

/// Records per thread below which [`CsvSink::write_batch`] stays on the caller's thread.
const MIN_RECORDS_PER_THREAD: usize = 1024;
/// Records per thread per step of [`CsvSink::write_batch`]: cancellation, progress and the
/// row cap are checked between steps (a step is a few milliseconds of work), and a step's
/// output (about 0.7 MiB per thread for the usual columns) is what the threads hold at once.
const RECORDS_PER_THREAD_STEP: usize = 4096;

impl<R: ExportRow> std::fmt::Debug for CsvSink<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CsvSink")
            .field("target", &self.atomic.as_ref().map(|a| a.target()))
            .field("records", &self.lane.records)
            .field("rows", &self.lane.rows)
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
        let threads = match profile.csv.threads {
            0 => std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get),
            n if n > MAX_THREADS => {
                return Err(Error::ExportOption {
                    option: "csv.threads".into(),
                    reason: format!("{n}: at most {MAX_THREADS} (0 for every core)"),
                });
            }
            n => n,
        };
        let mut sink = CsvSink {
            file,
            atomic,
            writer,
            pipe: None,
            shape: Shape {
                plan,
                fmt,
                profile: {
                    let mut p = profile.clone();
                    p.csv.encoding = p.csv.encoding.resolve(p.locale);
                    p
                },
                delimiter: profile.csv.delimiter,
                special: {
                    let mut t = [false; 256];
                    for b in [profile.csv.delimiter, b'"', b'\n', b'\r'] {
                        t[b as usize] = true;
                    }
                    t
                },
                plain_numbers: !b"0123456789-+:. ".contains(&profile.csv.delimiter),
            },
            ticker: Ticker::new(control),
            lane: Lane {
                out: Vec::with_capacity(BLOCK + 64 * 1024),
                cell: String::with_capacity(256),
                ..Lane::default()
            },
            spare: Vec::new(),
            threads,
            bytes: 0,
            started: Instant::now(),
            failed: false,
            _rows: PhantomData,
        };
        let (shape, lane) = (&sink.shape, &mut sink.lane);
        if shape.profile.csv.encoding == CsvEncoding::Utf8Bom {
            lane.out.extend_from_slice(b"\xEF\xBB\xBF");
        }
        for (i, c) in shape.plan.columns.iter().enumerate() {
            if i > 0 {
                lane.out.push(shape.delimiter);
            }
            let label = c.label(profile.locale);
            lane.put(shape, &label, 0, i, true)?;
        }
        lane.out.extend_from_slice(b"\r\n");
        Ok(sink)
    }

    /// Writes one record (one row, or one per detail in the detailed layout). A record the
    /// profile's viewer may not see is skipped. Checks the cancel token first.
    pub fn write(&mut self, record: &R) -> Result<()> {
        self.check_usable()?;
        let r = self.write_one(record);
        if r.is_err() {
            self.failed = true;
        }
        r
    }

    /// Writes `records` in order, formatting them on up to
    /// [`CsvOptions::threads`](super::CsvOptions::threads) threads: each thread turns a
    /// contiguous slice into bytes and the slices are joined in order, so the file is
    /// byte-for-byte what [`write`](Self::write) of each record gives, and errors name the
    /// same row. Cancellation and progress are checked between steps of 1,024 to 4,096
    /// records per thread (an eighth of a small batch; with one thread, before each record). A batch of fewer than 1,024 records
    /// per thread, or an export with a row cap, is written on the caller's thread.
    ///
    /// ```
    /// use calllog::export::{CsvSink, ExportControl, ExportProfile, Preset};
    /// use calllog::CallRecord;
    ///
    /// let calls: Vec<CallRecord> = calllog::sample::generate(5_000, 1).collect();
    /// let mut profile = ExportProfile::preset(Preset::Overview);
    /// profile.csv.threads = 2;
    /// let dir = std::env::temp_dir().join(format!("calllog-doc-batch-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir)?;
    /// let mut sink = CsvSink::create(dir.join("calls.csv"), &profile, &ExportControl::new())?;
    /// sink.write_batch(&calls)?;
    /// assert_eq!(sink.finish()?.rows, 5_000);
    /// std::fs::remove_dir_all(&dir)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write_batch(&mut self, records: &[R]) -> Result<()>
    where
        R: Sync,
    {
        self.write_many(records)
    }

    /// [`write_batch`](Self::write_batch) of borrowed records (what [`export_csv`] collects
    /// from its iterator).
    fn write_many<T: std::borrow::Borrow<R> + Sync>(&mut self, records: &[T]) -> Result<()>
    where
        R: Sync,
    {
        self.check_usable()?;
        let r = self.write_many_inner(records);
        if r.is_err() {
            self.failed = true;
        }
        r
    }

    fn check_usable(&self) -> Result<()> {
        if self.failed {
            return Err(Error::ExportOption {
                option: "sink".into(),
                reason: "an earlier write failed; the export cannot continue".into(),
            });
        }
        Ok(())
    }

    fn write_one(&mut self, record: &R) -> Result<()> {
        if !record.visible_to(&self.shape.plan.viewer) {
            self.lane.skipped += 1;
            return Ok(());
        }
        let bytes = self.bytes + self.lane.out.len() as u64;
        self.ticker.before_record(self.lane.records, || bytes)?;
        self.lane.record(&self.shape, record)?;
        if self.lane.out.len() >= BLOCK {
            self.flush()?;
        }
        Ok(())
    }

    fn write_many_inner<T: std::borrow::Borrow<R> + Sync>(&mut self, records: &[T]) -> Result<()>
    where
        R: Sync,
    {
        let threads = self
            .threads
            .min(records.len() / MIN_RECORDS_PER_THREAD)
            .max(1);
        if threads == 1 || self.ticker.has_row_cap() {
            // Record by record: the cap stops at the exact record.
            return records.iter().try_for_each(|r| self.write_one(r.borrow()));
        }
        if self.spare.len() < threads - 1 {
            self.spare.resize_with(threads - 1, Lane::default);
        }
        // Several steps even in a small batch, so that progress and cancel still come
        // during it.
        let per_thread =
            (records.len() / (threads * 8)).clamp(MIN_RECORDS_PER_THREAD, RECORDS_PER_THREAD_STEP);
        for step in records.chunks(threads * per_thread) {
            let bytes = self.bytes + self.lane.out.len() as u64;
            self.ticker
                .before_records(self.lane.records, step.len(), || bytes)?;
            let parts: Vec<&[T]> = step.chunks(step.len().div_ceil(threads)).collect();
            let (shape, lane, spare) = (&self.shape, &mut self.lane, &mut self.spare);
            let (first, rest) = parts.split_first().expect("at least one part");
            let others = std::thread::scope(|scope| {
                let handles: Vec<_> = rest
                    .iter()
                    .zip(spare.iter_mut())
                    .map(|(part, l)| {
                        scope.spawn(move || {
                            l.reset();
                            l.records_of(shape, part)
                        })
                    })
                    .collect();
                let mine = lane.records_of(shape, first);
                let theirs: Vec<_> = handles
                    .into_iter()
                    .map(|h| {
                        h.join().unwrap_or_else(|e| {
                            Err(Error::Internal(format!(
                                "a CSV formatting thread panicked: {}",
                                crate::error::panic_text(&*e)
                            )))
                        })
                    })
                    .collect();
                mine.map(|()| theirs)
            })?;
            // In order: the first error is the one `write` would have met first.
            for (r, l) in others.into_iter().zip(self.spare.iter_mut()) {
                r.map_err(|e| match e {
                    Error::Unencodable {
                        row,
                        column,
                        character,
                        encoding,
                    } => Error::Unencodable {
                        row: row + self.lane.rows,
                        column,
                        character,
                        encoding,
                    },
                    e => e,
                })?;
                self.lane.absorb(l);
            }
            if self.lane.out.len() >= BLOCK {
                self.flush()?;
            }
        }
        Ok(())
    }

    /// The path I/O errors name.
    fn error_path(&self) -> PathBuf {
        self.atomic
            .as_ref()
            .map_or_else(|| PathBuf::from(WRITER_PATH), |a| a.target().to_path_buf())
    }

    fn flush(&mut self) -> Result<()> {
        if self.pipe.is_none() && self.threads > 1 {
            let dest = match (self.file.take(), self.writer.take()) {
                (Some(f), _) => Some(Dest::File(f)),
                (None, Some(w)) => Some(Dest::Writer(w)),
                (None, None) => None,
            };
            if let Some(dest) = dest {
                self.pipe = Some(Pipe::start(dest).map_err(|e| Error::io(self.error_path(), e))?);
            }
        }
        if let Some(pipe) = self.pipe.as_mut() {
            let n = self.lane.out.len() as u64;
            let full = std::mem::take(&mut self.lane.out);
            if let Some(next) = pipe.send(full) {
                self.lane.out = next;
                self.bytes += n;
                return Ok(());
            }
            // The thread stopped at an I/O error: that error is the export's.
            let (_, r) = pipe.join();
            let e = r
                .err()
                .unwrap_or_else(|| std::io::Error::other("the CSV writer thread stopped"));
            return Err(Error::io(self.error_path(), e));
        }
        if let (Some(f), Some(a)) = (self.file.as_mut(), self.atomic.as_ref()) {
            f.write_all(&self.lane.out)
                .map_err(|e| Error::io(a.target(), e))?;
        }
        if let Some(w) = self.writer.as_mut() {
            w.write_all(&self.lane.out)
                .map_err(|e| Error::io(WRITER_PATH, e))?;
        }
        self.bytes += self.lane.out.len() as u64;
        self.lane.out.clear();
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
        if let Some(mut pipe) = self.pipe.take() {
            let (dest, r) = pipe.join();
            r.map_err(|e| Error::io(self.error_path(), e))?;
            match dest {
                Some(Dest::File(f)) => self.file = Some(f),
                Some(Dest::Writer(w)) => self.writer = Some(w),
                None => {}
            }
        }
        if let Some(mut w) = self.writer.take() {
            w.flush().map_err(|e| Error::io(WRITER_PATH, e))?;
            self.ticker.finish(self.lane.records, self.bytes)?;
            return Ok(self.summary(PathBuf::new()));
        }
        let file = self.file.take().expect("file open until finish");
        let atomic = self.atomic.take().expect("temp file until finish");
        file.sync_all().map_err(|e| Error::io(atomic.target(), e))?;
        drop(file);
        self.ticker.finish(self.lane.records, self.bytes)?;
        let path = atomic.target().to_path_buf();
        atomic.commit()?;
        Ok(self.summary(path))
    }

    fn summary(&mut self, path: PathBuf) -> ExportSummary {
        ExportSummary {
            path,
            records: self.lane.records,
            rows: self.lane.rows,
            skipped_records: self.lane.skipped,
            sheets: 1,
            truncated_cells: 0,
            replaced_characters: self.lane.replaced,
            bytes: self.bytes,
            elapsed: self.started.elapsed(),
            dropped_columns: std::mem::take(&mut self.shape.plan.dropped),
        }
    }
}

impl Lane {
    /// Empties the buffer and the counts (a spare lane before a step).
    fn reset(&mut self) {
        self.out.clear();
        self.records = 0;
        self.rows = 0;
        self.skipped = 0;
        self.replaced = 0;
    }

    /// Appends `other`'s bytes and adds its counts (the next slice of the same step).
    fn absorb(&mut self, other: &Lane) {
        self.out.extend_from_slice(&other.out);
        self.records += other.records;
        self.rows += other.rows;
        self.skipped += other.skipped;
        self.replaced += other.replaced;
    }

    /// Formats a slice of records, skipping those the viewer may not see.
    fn records_of<R: ExportRow, T: std::borrow::Borrow<R>>(
        &mut self,
        shape: &Shape,
        records: &[T],
    ) -> Result<()> {
        for r in records {
            let r = r.borrow();
            if r.visible_to(&shape.plan.viewer) {
                self.record(shape, r)?;
            } else {
                self.skipped += 1;
            }
        }
        Ok(())
    }

    /// Formats one visible record: one row, or one per detail in the detailed layout.
    fn record<R: ExportRow>(&mut self, shape: &Shape, record: &R) -> Result<()> {
        let (plan, fmt, csv) = (&shape.plan, &shape.fmt, &shape.profile.csv);
        let derived = if plan.needs_derived {
            RowImpl::derive_for(record, &shape.profile)
        } else {
            None
        };
        let (n, counts) = plan.row_count(record);
        for sub in 0..n {
            let detail = plan.detail(record, sub, counts);
            self.rows += 1;
            for (i, &col) in plan.columns.iter().enumerate() {
                if i > 0 {
                    self.out.push(shape.delimiter);
                }
                let cell = if sub > 0 && plan.blank_on_later_rows(col) {
                    Cell::Empty
                } else {
                    RowImpl::cell(record, col, derived.as_ref(), detail, fmt)
                };
                match cell {
                    // Borrowed straight from the record, no copy.
                    Cell::Text(s) if !s.is_empty() => self.put(shape, s, self.rows, i, true)?,
                    Cell::Text(_) if csv.mark_empty_text => self.out.push(b'\''),
                    Cell::Enum { machine, label } | Cell::Graded { machine, label, .. } => {
                        let s = fmt.enum_text(machine, label);
                        self.put(shape, s, self.rows, i, true)?;
                    }
                    // ASCII digits need neither quotes nor encoding with the usual delimiters.
                    Cell::Int(n) if shape.plain_numbers => {
                        self.out
                            .extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
                    }
                    Cell::Duration(d) if shape.plain_numbers => {
                        let mut b = DurationText::default();
                        let t = fmt.duration_text(d, &mut b);
                        self.out.extend_from_slice(t.as_bytes());
                    }
                    Cell::DateTime(t) if shape.plain_numbers && fmt.fast_datetime() => {
                        if let Some(b) = fmt.datetime_fast(t) {
                            self.out.extend_from_slice(&b);
                        } else {
                            self.cell.clear();
                            fmt.datetime(t, &mut self.cell);
                            let text = std::mem::take(&mut self.cell);
                            let r = self.put(shape, &text, self.rows, i, false);
                            self.cell = text;
                            r?;
                        }
                    }
                    cell => {
                        self.cell.clear();
                        let one_empty = matches!(&cell, Cell::Joined(j) if j.is_one_empty());
                        let is_text = render(fmt, cell, &mut self.cell);
                        if one_empty && csv.mark_empty_text {
                            self.out.push(b'\'');
                        } else if !self.cell.is_empty() {
                            let text = std::mem::take(&mut self.cell);
                            let r = self.put(shape, &text, self.rows, i, is_text);
                            self.cell = text;
                            r?;
                        }
                    }
                }
            }
            self.out.extend_from_slice(b"\r\n");
        }
        self.records += 1;
        Ok(())
    }

    /// Quotes, neutralises and encodes one cell into the row buffer.
    #[inline]
    fn put(&mut self, shape: &Shape, s: &str, row: u64, col: usize, is_text: bool) -> Result<()> {
        let prefix = is_text && needs_csv_prefix(s);
        let special = &shape.special;
        let quote = s.bytes().any(|b| special[b as usize]);
        if quote {
            self.out.push(b'"');
        }
        if prefix {
            self.out.push(b'\'');
        }
        match shape.profile.csv.encoding {
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
                    self.put_cp932(shape, s, quote)
                        .map_err(|character| Error::Unencodable {
                            row,
                            column: shape.plan.columns[col].id().into_owned(),
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
    fn put_cp932(&mut self, shape: &Shape, s: &str, quote: bool) -> std::result::Result<(), char> {
        let policy = shape.profile.csv.unencodable;
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
}

/// Renders `cell` into `out`; returns whether it is text (to neutralise).
#[inline]
fn render(fmt: &Formatter, cell: Cell<'_>, out: &mut String) -> bool {
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
            fmt.datetime(t, out);
            false
        }
        Cell::Duration(d) => {
            fmt.duration(d, out);
            false
        }
        // Seed 000 L: "CSVファイルの場合、"0"と表示されます".
        Cell::Processing => {
            out.push('0');
            false
        }
        Cell::Flag(v) => {
            out.push_str(fmt.flag_text(v));
            false
        }
        Cell::Success(v) => {
            out.push_str(fmt.success_text(v));
            false
        }
        Cell::Enum { machine, label } | Cell::Graded { machine, label, .. } => {
            out.push_str(fmt.enum_text(machine, label));
            true
        }
        Cell::Joined(j) => {
            fmt.joined(j, out);
            true
        }
    }
}

/// Where a [`Pipe`] writes.
enum Dest {
    File(File),
    Writer(Box<dyn Write + Send>),
}

/// A thread that writes the sink's full blocks while the next ones are formatted: the copy
/// into the page cache is a large serial share of a multi-threaded export (perf:
/// `copy_folio_from_iter_atomic`, about a quarter of the main thread's time). At most four
/// blocks (about 4 MiB) are in flight.
struct Pipe {
    tx: Option<std::sync::mpsc::SyncSender<Vec<u8>>>,
    back: std::sync::mpsc::Receiver<Vec<u8>>,
    handle: Option<std::thread::JoinHandle<(Dest, std::io::Result<()>)>>,
}

impl Pipe {
    fn start(mut dest: Dest) -> std::io::Result<Pipe> {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<u8>>(2);
        let (back_tx, back) = std::sync::mpsc::sync_channel::<Vec<u8>>(2);
        let handle = std::thread::Builder::new()
            .name("calllog-csv-writer".into())
            .spawn(move || {
                for mut block in rx {
                    let r = match &mut dest {
                        Dest::File(f) => f.write_all(&block),
                        Dest::Writer(w) => w.write_all(&block),
                    };
                    if let Err(e) = r {
                        return (dest, Err(e));
                    }
                    block.clear();
                    let _ = back_tx.try_send(block);
                }
                (dest, Ok(()))
            })?;
        Ok(Pipe {
            tx: Some(tx),
            back,
            handle: Some(handle),
        })
    }

    /// Hands over a full block and returns an empty one to fill next; `None` when the
    /// thread has stopped at an error (see [`join`](Self::join)).
    fn send(&mut self, block: Vec<u8>) -> Option<Vec<u8>> {
        self.tx.as_ref()?.send(block).ok()?;
        Some(
            self.back
                .try_recv()
                .unwrap_or_else(|_| Vec::with_capacity(BLOCK + 64 * 1024)),
        )
    }

    /// Waits for everything handed over to be written: the destination back, and the
    /// first I/O error (a panic in a caller's writer becomes an error too).
    fn join(&mut self) -> (Option<Dest>, std::io::Result<()>) {
        self.tx = None;
        match self.handle.take().map(std::thread::JoinHandle::join) {
            Some(Ok((dest, r))) => (Some(dest), r),
            Some(Err(p)) => (
                None,
                Err(std::io::Error::other(format!(
                    "the writer panicked: {}",
                    crate::error::panic_text(&*p)
                ))),
            ),
            None => (None, Ok(())),
        }
    }
}

impl Drop for Pipe {
    /// A sink dropped unfinished waits for its writer thread, so nothing is written after.
    fn drop(&mut self) {
        let _ = self.join();
    }
}

/// The path named by I/O errors of [`CsvSink::to_writer`].
const WRITER_PATH: &str = "<writer>";

/// Writes every record of `records` to a CSV file at `path`; see [`CsvSink`]. Rows are
/// formatted on [`CsvOptions::threads`](super::CsvOptions::threads) threads (as
/// [`CsvSink::write_batch`]); the file is the same whatever the number.
pub fn export_csv<'a, R, I>(
    path: impl AsRef<Path>,
    records: I,
    profile: &ExportProfile,
    control: &ExportControl,
) -> Result<ExportSummary>
where
    R: ExportRow + Sync + 'a,
    I: IntoIterator<Item = &'a R>,
{
    let mut sink = CsvSink::<R>::create(path, profile, control)?;
    // Eight full steps per batch (references only: 64 KiB per 8,192 records).
    let step = sink.threads * RECORDS_PER_THREAD_STEP * 8;
    let mut batch: Vec<&R> = Vec::with_capacity(step);
    for r in records {
        batch.push(r);
        if batch.len() == step {
            sink.write_many(&batch)?;
            batch.clear();
        }
    }
    sink.write_many(&batch)?;
    sink.finish()
}
