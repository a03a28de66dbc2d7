//! Asterisk `cdr_csv` (`Master.csv`); the mapping table is in the [module docs](super).

use std::io::Read;
use std::path::PathBuf;

use chrono_tz::Tz;

use super::{local_time, parse_error, seconds};
use crate::error::{Error, Result};
use crate::model::{CallRecord, Timestamp};
use crate::vocab::{AttemptResult, Channel, ContactStatus};

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

pub(super) struct AsteriskCsv<R: Read> {
    rows: csv::StringRecordsIntoIter<R>,
    path: PathBuf,
    tz: Tz,
    done: bool,
}

impl<R: Read> AsteriskCsv<R> {
    pub(super) fn new(reader: R, path: PathBuf, tz: Tz) -> Self {
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
        parse_error(&self.path, line, field, reason)
    }

    fn time(&self, line: u64, field: &str, v: &str) -> Result<Option<Timestamp>> {
        local_time(self.tz, v).map_err(|r| self.err(line, field, r))
    }

    fn seconds(&self, line: u64, field: &str, v: &str) -> Result<i64> {
        seconds(v).map_err(|r| self.err(line, field, r))
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
