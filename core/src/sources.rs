//! Importers for the call records that phone systems write: [`read`] a file (or
//! [`read_from`] any reader) of a [`Source`] into a streaming iterator of [`CallRecord`]s, in
//! constant memory whatever the file size. Errors are [`Error::Parse`] naming the file, the
//! line and the field; a value outside the source's documented vocabulary is an error, never
//! dropped; what has no place in the model is kept in [`CallRecord::extra`] under the source's
//! own field name.
//!
//! # Asterisk `cdr_csv` (`asterisk_csv`)
//!
//! `Master.csv` as Asterisk's `cdr_csv` module writes it (`cdr/cdr_csv.c`,
//! `build_csv_record`): no header, one line per CDR, strings quoted, 16 columns, plus
//! `uniqueid` (with `loguniqueid = yes` in `cdr.conf`), `userfield` (`loguserfield = yes`) and
//! `peeraccount`, `linkedid`, `sequence` (`newcdrcolumns = yes`). The number of columns tells
//! which: 16, 17 (+ uniqueid), 18 (+ uniqueid, userfield), 19 (+ the new columns), 21 (all).
//! 20 is ambiguous and an error. Times are local times of the PBX (`%Y-%m-%d %H:%M:%S`, or
//! GMT with `usegmtime = yes`): give [`SourceOptions::time_zone`].
//!
//! | Asterisk field | `CallRecord` | notes |
//! | --- | --- | --- |
//! | `uniqueid` | `id` | without it: `{channel}@{start}` (unique per channel and second) |
//! | `src` | `from` | |
//! | `dst` | `to` | |
//! | `clid` | `customer_name` (the quoted name of `"Name" <number>`), `extra["clid"]` | |
//! | `start` | `timeline.started_at` | local time → UTC; in the repeated hour of a DST change the earlier instant |
//! | `answer` | `timeline.talk_started_at` | empty when never answered |
//! | `end` | `timeline.closed_at`, and `timeline.talk_ended_at` when answered | |
//! | `billsec` | `reported.talk` | seconds |
//! | `duration` | — | `end − start`; a mismatch of more than 1 s is an error |
//! | `disposition` | `status` ([`ContactStatus::from_asterisk`]), `attempt_result` ([`AttemptResult::from_asterisk`]) | `CONGESTION` → `failed` / `number_unavailable` |
//! | `accountcode`, `dcontext`, `channel`, `dstchannel`, `lastapp`, `lastdata`, `amaflags`, `userfield`, `peeraccount`, `linkedid`, `sequence` | `extra[…]` under the same names | empty values are not stored |
//!
//! Every record is a voice call. Asterisk's CDR has no direction: `direction` stays empty.
//!
//! # Twilio Call resources (`twilio_json`)
//!
//! The JSON of Twilio's Call resource (REST API 2010-04-01, `/Accounts/{sid}/Calls.json`):
//! single resources, list pages (`{"calls": [...], "page": ...}`, the page's paging fields are
//! not records), or any number of either one after another (JSON lines), read one value at a
//! time. Dates are RFC 2822 in GMT (`Tue, 31 Aug 2010 20:36:28 +0000`); `time_zone` is not
//! needed.
//!
//! | Twilio field | `CallRecord` | notes |
//! | --- | --- | --- |
//! | `sid` | `id` | required |
//! | `from`, `to` | `from`, `to` | |
//! | `caller_name` | `customer_name` | CNAM, when looked up |
//! | `direction` | `direction` | `inbound` and `trunking-originating` (PSTN into your trunk) → inbound; `outbound-api`, `outbound-dial`, `trunking-terminating` → outbound; the raw value also in `extra["direction"]` |
//! | `status` | `status` ([`ContactStatus::from_twilio`]), `attempt_result` ([`AttemptResult::from_twilio`]) | a call still queued, ringing or in progress has no attempt result |
//! | `start_time` | `timeline.started_at` | |
//! | `end_time` | `timeline.closed_at` | |
//! | `duration` | `reported.talk` | seconds; Twilio leaves it empty for busy, failed and unanswered calls |
//! | `price` + `price_unit` | `price` | exact decimal as Twilio reports it (a charge is negative); a price without a unit is an error |
//! | `subresource_uris` | — | links to other resources, not kept |
//! | any other field (`parent_call_sid` of a child leg, `date_created`, `answered_by`, `queue_time`, `forwarded_from`, `account_sid`, `uri`, …) | `extra[…]` under its own name | numbers and booleans as their JSON text, objects and arrays as JSON; `null` is no value |
//!
//! ```
//! use calllog::sources::{Source, SourceOptions, read_from};
//! use calllog::{ContactStatus, ts};
//!
//! let line = "\"\",\"100\",\"201\",\"internal\",\"\"\"Yamada\"\" <100>\",\"PJSIP/100-00000001\",\
//!             \"PJSIP/201-00000002\",\"Dial\",\"PJSIP/201,30\",\"2024-05-01 18:00:00\",\
//!             \"2024-05-01 18:00:05\",\"2024-05-01 18:02:05\",125,120,\"ANSWERED\",\
//!             \"DOCUMENTATION\",\"1714554000.1\"\n";
//! let opts = SourceOptions::new().time_zone(chrono_tz::Asia::Tokyo);
//! let calls: Vec<_> = read_from(line.as_bytes(), Source::AsteriskCsv, &opts)
//!     .collect::<Result<_, _>>()?;
//! assert_eq!(calls[0].id, "1714554000.1");
//! assert_eq!(calls[0].customer_name.as_deref(), Some("Yamada"));
//! assert_eq!(calls[0].status, Some(ContactStatus::Answered));
//! assert_eq!(calls[0].timeline.started_at, Some(ts("2024-05-01T09:00:00Z")));
//! # Ok::<(), calllog::Error>(())
//! ```

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use chrono::{LocalResult, NaiveDateTime, TimeZone};
use chrono_tz::Tz;

use crate::error::{Error, Result};
use crate::model::Money;
use crate::model::{CallRecord, Timestamp};
use crate::vocab::{AttemptResult, Channel, ContactStatus, Direction};

/// A format of call records written by a phone system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Source {
    /// Asterisk `cdr_csv`'s `Master.csv` (`asterisk_csv`); see the [module docs](self).
    AsteriskCsv,
    /// Twilio Call resources as JSON (`twilio_json`): single resources, list pages or JSON
    /// lines; see the [module docs](self).
    TwilioJson,
}

impl Source {
    /// The machine names, as [`FromStr`] accepts them.
    pub const NAMES: &'static [&'static str] = &["asterisk_csv", "twilio_json"];

    /// The machine name.
    pub const fn name(self) -> &'static str {
        match self {
            Source::AsteriskCsv => "asterisk_csv",
            Source::TwilioJson => "twilio_json",
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Source {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "asterisk_csv" => Ok(Source::AsteriskCsv),
            "twilio_json" => Ok(Source::TwilioJson),
            _ => Err(Error::UnknownValue {
                vocabulary: "source",
                value: s.to_string(),
                accepted: Source::NAMES.join(", "),
            }),
        }
    }
}

/// How to read a source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceOptions {
    /// The time zone of local times in the source (the PBX's zone for Asterisk); UTC by
    /// default.
    pub time_zone: Tz,
}

impl Default for SourceOptions {
    fn default() -> Self {
        SourceOptions { time_zone: Tz::UTC }
    }
}

impl SourceOptions {
    /// UTC.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the time zone of the source's local times.
    pub fn time_zone(mut self, tz: Tz) -> Self {
        self.time_zone = tz;
        self
    }
}

/// The records of a source, read one at a time (an iterator of `Result<CallRecord>`). After
/// an error the iterator ends.
pub struct SourceRecords {
    inner: Box<dyn Iterator<Item = Result<CallRecord>> + Send>,
}

impl fmt::Debug for SourceRecords {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SourceRecords").finish_non_exhaustive()
    }
}

impl Iterator for SourceRecords {
    type Item = Result<CallRecord>;
    fn next(&mut self) -> Option<Self::Item> {
        self.inner.next()
    }
}

/// Opens `path` and reads it as `source`. Errors: [`Error::Io`] naming the path when it cannot
/// be opened; then, per record, [`Error::Parse`] naming the path, the line and the field.
pub fn read(
    path: impl AsRef<Path>,
    source: Source,
    options: &SourceOptions,
) -> Result<SourceRecords> {
    let path = path.as_ref();
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    Ok(records(
        std::io::BufReader::with_capacity(1 << 16, file),
        path.to_path_buf(),
        source,
        options,
    ))
}

/// Reads `reader` as `source` (errors name the path `<reader>`).
pub fn read_from(
    reader: impl Read + Send + 'static,
    source: Source,
    options: &SourceOptions,
) -> SourceRecords {
    records(reader, PathBuf::from("<reader>"), source, options)
}

fn records(
    reader: impl Read + Send + 'static,
    path: PathBuf,
    source: Source,
    options: &SourceOptions,
) -> SourceRecords {
    match source {
        Source::AsteriskCsv => SourceRecords {
            inner: Box::new(AsteriskCsv::new(reader, path, options.time_zone)),
        },
        Source::TwilioJson => SourceRecords {
            inner: Box::new(TwilioJson::new(reader, path)),
        },
    }
}

/// The 16 columns every `Master.csv` line has, in `build_csv_record`'s order.
const ASTERISK_BASE: [&str; 16] = [
    "accountcode",
    "src",
    "dst",
    "dcontext",
    "clid",
    "channel",
    "dstchannel",
    "lastapp",
    "lastdata",
    "start",
    "answer",
    "end",
    "duration",
    "billsec",
    "disposition",
    "amaflags",
];

/// The optional columns that follow, for a line of `n` columns.
fn asterisk_optional(n: usize) -> Option<&'static [&'static str]> {
    Some(match n {
        16 => &[],
        17 => &["uniqueid"],
        18 => &["uniqueid", "userfield"],
        19 => &["peeraccount", "linkedid", "sequence"],
        21 => &[
            "uniqueid",
            "userfield",
            "peeraccount",
            "linkedid",
            "sequence",
        ],
        _ => return None,
    })
}

struct AsteriskCsv<R: Read> {
    rows: csv::StringRecordsIntoIter<R>,
    path: PathBuf,
    tz: Tz,
    done: bool,
}

impl<R: Read> AsteriskCsv<R> {
    fn new(reader: R, path: PathBuf, tz: Tz) -> Self {
        let rows = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(reader)
            .into_records();
        AsteriskCsv {
            rows,
            path,
            tz,
            done: false,
        }
    }

    fn err(&self, line: u64, field: &str, reason: impl Into<String>) -> Error {
        Error::Parse {
            path: self.path.clone(),
            row: line,
            column: field.to_string(),
            reason: reason.into(),
        }
    }

    fn time(&self, line: u64, field: &str, v: &str) -> Result<Option<Timestamp>> {
        if v.is_empty() {
            return Ok(None);
        }
        let naive = NaiveDateTime::parse_from_str(v, "%Y-%m-%d %H:%M:%S").map_err(|e| {
            self.err(
                line,
                field,
                format!("{v:?} is not a YYYY-MM-DD HH:MM:SS time: {e}"),
            )
        })?;
        match self.tz.from_local_datetime(&naive) {
            LocalResult::Single(t) => Ok(Some(t.to_utc())),
            // The repeated hour when clocks go back: the earlier instant (documented).
            LocalResult::Ambiguous(a, _) => Ok(Some(a.to_utc())),
            LocalResult::None => Err(self.err(
                line,
                field,
                format!(
                    "{v} does not exist in {} (skipped by a DST change)",
                    self.tz
                ),
            )),
        }
    }

    fn seconds(&self, line: u64, field: &str, v: &str) -> Result<i64> {
        v.parse::<i64>()
            .ok()
            .filter(|n| *n >= 0)
            .ok_or_else(|| self.err(line, field, format!("{v:?} is not a number of seconds")))
    }

    fn record(&self, line: u64, row: &csv::StringRecord) -> Result<CallRecord> {
        let optional = asterisk_optional(row.len()).ok_or_else(|| {
            self.err(
                line,
                "line",
                format!(
                    "{} columns; cdr_csv writes 16, 17 (uniqueid), 18 (uniqueid, userfield), \
                     19 (newcdrcolumns) or 21 (all)",
                    row.len()
                ),
            )
        })?;
        // The value of a column by name: its position among the 16 base columns, then among
        // the optional ones of this layout (no allocation per line).
        let field = |n: &str| -> &str {
            ASTERISK_BASE
                .iter()
                .chain(optional.iter())
                .position(|c| *c == n)
                .and_then(|i| row.get(i))
                .unwrap_or("")
        };
        let start = self.time(line, "start", field("start"))?;
        let answer = self.time(line, "answer", field("answer"))?;
        let end = self.time(line, "end", field("end"))?;
        let Some(start) = start else {
            return Err(self.err(line, "start", "empty: every CDR has a start time"));
        };
        let duration = self.seconds(line, "duration", field("duration"))?;
        let billsec = self.seconds(line, "billsec", field("billsec"))?;
        if let Some(end) = end {
            let span = (end - start).num_seconds();
            if (span - duration).abs() > 1 {
                return Err(self.err(
                    line,
                    "duration",
                    format!("{duration} s, but end − start is {span} s"),
                ));
            }
        }
        let disposition = field("disposition");
        let status = ContactStatus::from_asterisk(disposition)
            .map_err(|e| self.err(line, "disposition", e.to_string()))?;
        let attempt = AttemptResult::from_asterisk(disposition)
            .map_err(|e| self.err(line, "disposition", e.to_string()))?;
        let id = match field("uniqueid") {
            "" => format!("{}@{}", field("channel"), field("start")),
            u => u.to_string(),
        };
        let non_empty = |v: &str| (!v.is_empty()).then(|| v.to_string());
        let mut r = CallRecord::new(id, Channel::Voice);
        r.from = non_empty(field("src"));
        r.to = non_empty(field("dst"));
        r.customer_name = caller_name(field("clid"));
        r.timeline.started_at = Some(start);
        r.timeline.talk_started_at = answer;
        r.timeline.closed_at = end;
        if answer.is_some() {
            r.timeline.talk_ended_at = end;
        }
        r.reported.talk = Some(chrono::TimeDelta::seconds(billsec));
        r.status = Some(status);
        r.attempt_result = Some(attempt);
        for name in [
            "accountcode",
            "dcontext",
            "clid",
            "channel",
            "dstchannel",
            "lastapp",
            "lastdata",
            "amaflags",
            "userfield",
            "peeraccount",
            "linkedid",
            "sequence",
        ] {
            if let Some(v) = non_empty(field(name)) {
                r.extra.insert(name.to_string(), v);
            }
        }
        Ok(r)
    }
}

/// The name in a caller ID `"Name" <number>` (`None` for a bare number or an empty name).
fn caller_name(clid: &str) -> Option<String> {
    let clid = clid.trim();
    let name = match clid.find('<') {
        Some(i) if clid.ends_with('>') => clid[..i].trim(),
        _ => return None,
    };
    let name = name
        .strip_prefix('"')
        .and_then(|n| n.strip_suffix('"'))
        .unwrap_or(name)
        .trim();
    (!name.is_empty()).then(|| name.to_string())
}

impl<R: Read> Iterator for AsteriskCsv<R> {
    type Item = Result<CallRecord>;
    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let item = match self.rows.next()? {
            Ok(row) => {
                let line = row.position().map_or(0, csv::Position::line);
                self.record(line, &row)
            }
            Err(e) => {
                let line = e.position().map_or(0, csv::Position::line);
                Err(match e.into_kind() {
                    csv::ErrorKind::Io(io) => Error::io(&self.path, io),
                    kind => self.err(line, "line", format!("{kind:?}")),
                })
            }
        };
        if item.is_err() {
            self.done = true;
        }
        Some(item)
    }
}

/// Twilio Call resources, one JSON value after another.
struct TwilioJson<R: Read> {
    values: serde_json::StreamDeserializer<'static, serde_json::de::IoRead<R>, serde_json::Value>,
    /// The calls of a list page not yet handed out.
    page: std::vec::IntoIter<serde_json::Value>,
    path: PathBuf,
    /// Records read so far (the 1-based number of the next one, less one).
    count: u64,
    done: bool,
}

impl<R: Read> TwilioJson<R> {
    fn new(reader: R, path: PathBuf) -> Self {
        TwilioJson {
            values: serde_json::Deserializer::from_reader(reader).into_iter(),
            page: Vec::new().into_iter(),
            path,
            count: 0,
            done: false,
        }
    }

    fn err(&self, field: &str, reason: impl Into<String>) -> Error {
        Error::Parse {
            path: self.path.clone(),
            row: self.count,
            column: field.to_string(),
            reason: reason.into(),
        }
    }

    fn next_value(&mut self) -> Option<Result<serde_json::Value>> {
        loop {
            if let Some(v) = self.page.next() {
                return Some(Ok(v));
            }
            let v = match self.values.next()? {
                Ok(v) => v,
                Err(e) => {
                    self.count += 1;
                    return Some(Err(self.err("json", format!("line {}: {e}", e.line()))));
                }
            };
            match v {
                serde_json::Value::Object(mut o) if o.contains_key("calls") => {
                    match o.remove("calls") {
                        Some(serde_json::Value::Array(calls)) => self.page = calls.into_iter(),
                        _ => {
                            self.count += 1;
                            return Some(Err(
                                self.err("calls", "a list page's calls must be an array")
                            ));
                        }
                    }
                }
                v => return Some(Ok(v)),
            }
        }
    }

    fn record(&self, v: serde_json::Value) -> Result<CallRecord> {
        use serde_json::Value;
        let Value::Object(mut o) = v else {
            return Err(self.err("json", "a Call resource is a JSON object"));
        };
        let text = |o: &mut serde_json::Map<String, Value>, key: &str| -> Result<Option<String>> {
            match o.remove(key) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) if s.is_empty() => Ok(None),
                Some(Value::String(s)) => Ok(Some(s)),
                Some(Value::Number(n)) => Ok(Some(n.to_string())),
                Some(other) => Err(self.err(key, format!("expected text, got {other}"))),
            }
        };
        let id = text(&mut o, "sid")?
            .ok_or_else(|| self.err("sid", "missing: every Call resource has a sid"))?;
        let mut r = CallRecord::new(id, Channel::Voice);
        r.from = text(&mut o, "from")?;
        r.to = text(&mut o, "to")?;
        r.customer_name = text(&mut o, "caller_name")?;
        if let Some(d) = text(&mut o, "direction")? {
            r.direction = Some(match d.as_str() {
                "inbound" | "trunking-originating" => Direction::Inbound,
                "outbound-api" | "outbound-dial" | "trunking-terminating" => Direction::Outbound,
                _ => {
                    return Err(self.err(
                        "direction",
                        format!(
                            "{d:?}; accepted: inbound, outbound-api, outbound-dial, \
                             trunking-originating, trunking-terminating"
                        ),
                    ));
                }
            });
            r.extra.insert("direction".into(), d);
        }
        if let Some(st) = text(&mut o, "status")? {
            r.status = Some(
                ContactStatus::from_twilio(&st).map_err(|e| self.err("status", e.to_string()))?,
            );
            r.attempt_result =
                AttemptResult::from_twilio(&st).map_err(|e| self.err("status", e.to_string()))?;
        }
        let time = |key: &str, v: Option<String>| -> Result<Option<Timestamp>> {
            v.map(|t| {
                chrono::DateTime::parse_from_rfc2822(&t)
                    .map(|t| t.to_utc())
                    .map_err(|e| self.err(key, format!("{t:?} is not an RFC 2822 date: {e}")))
            })
            .transpose()
        };
        let start = text(&mut o, "start_time")?;
        r.timeline.started_at = time("start_time", start)?;
        let end = text(&mut o, "end_time")?;
        r.timeline.closed_at = time("end_time", end)?;
        if let Some(d) = text(&mut o, "duration")? {
            let secs =
                d.parse::<i64>().ok().filter(|n| *n >= 0).ok_or_else(|| {
                    self.err("duration", format!("{d:?} is not a number of seconds"))
                })?;
            r.reported.talk = Some(chrono::TimeDelta::seconds(secs));
        }
        let price = text(&mut o, "price")?;
        let unit = text(&mut o, "price_unit")?;
        if let Some(p) = price {
            let unit = unit.ok_or_else(|| self.err("price_unit", "missing beside a price"))?;
            r.price = Some(
                Money::from_decimal_str(&p, unit.to_ascii_uppercase())
                    .map_err(|e| self.err("price", e.to_string()))?,
            );
        }
        o.remove("subresource_uris");
        for (k, v) in o {
            let v = match v {
                Value::Null => continue,
                Value::String(s) if s.is_empty() => continue,
                Value::String(s) => s,
                other => other.to_string(),
            };
            r.extra.insert(k, v);
        }
        Ok(r)
    }
}

impl<R: Read> Iterator for TwilioJson<R> {
    type Item = Result<CallRecord>;
    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let item = match self.next_value()? {
            Ok(v) => {
                self.count += 1;
                self.record(v)
            }
            Err(e) => Err(e),
        };
        if item.is_err() {
            self.done = true;
        }
        Some(item)
    }
}
