//! Reading our own CSV back into records.
//!
//! [`read_csv`] reads a file written by [`CsvSink`](crate::export::CsvSink) in any locale
//! (headers and enum labels in en, ja, ru or pl, or ids and machine names), in UTF-8 with or
//! without BOM or in CP932 (detected: a file that is not valid UTF-8 is read as CP932), with
//! seconds or clock durations. With the [`Preset::Full`](crate::export::Preset::Full) columns
//! the round trip is lossless: the records read back equal the records written.
//!
//! The `full` preset writes an empty text (`Some("")`, or a list of one empty string) as a
//! lone `'` ([`CsvOptions::mark_empty_text`](crate::export::CsvOptions::mark_empty_text)), so it
//! reads back as written. Elsewhere, what a blank cell cannot tell apart reads back as the
//! blank choice: an empty text is `None`, an empty list is empty, a recording with no link, length or format that is not
//! processing is no recording. Derived columns are ignored (they are computed, not stored); a
//! file in the detailed layout is refused (it has several rows per contact). The file is read
//! into memory whole (it is decoded first when it is CP932). The time zone and date-time format are the
//! profile's; with a format without offset, a local time that occurs twice (the end of
//! daylight saving time) reads as the earlier one.
//!
//! ```
//! use calllog::export::{export_csv, ExportControl, ExportProfile, Preset};
//! use calllog::read::read_csv;
//! use calllog::{AttemptResult, CallRecord, Channel, Locale, ts};
//!
//! let dir = std::env::temp_dir().join(format!("calllog-doc-read-{}", std::process::id()));
//! std::fs::create_dir_all(&dir)?;
//! let call = CallRecord::new("c-1", Channel::Voice)
//!     .started_at(ts("2024-05-01T10:00:00Z"))
//!     .attempt_result(AttemptResult::CallAccepted)
//!     .customer_name("=HYPERLINK(\"x\")");
//! let profile = ExportProfile::preset(Preset::Full).locale(Locale::Ru);
//! export_csv(dir.join("c.csv"), [&call], &profile, &ExportControl::new())?;
//! assert_eq!(read_csv(dir.join("c.csv"), &profile)?, vec![call]);
//! # std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, NaiveDateTime, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;

use crate::error::{Error, Result};
use crate::export::columns::{Column, Field, RecordKind, Scope};
use crate::export::profile::{CsvEncoding, ExportProfile};
use crate::export::safety::restore_csv;
use crate::model::{Agent, CallRecord, IvrStep, Money, Note, Recording, SurveyAnswer, Timestamp};
use crate::vocab::Locale;

/// Reads the CSV file at `path` into records; see the [module docs](self).
pub fn read_csv(path: impl AsRef<Path>, profile: &ExportProfile) -> Result<Vec<CallRecord>> {
    let path = path.as_ref();
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    read_csv_bytes(&bytes, profile, path)
}

/// Reads CSV bytes into records; `path` only names the source in errors (may be empty).
pub fn read_csv_bytes(
    bytes: &[u8],
    profile: &ExportProfile,
    path: impl AsRef<Path>,
) -> Result<Vec<CallRecord>> {
    let path = path.as_ref().to_path_buf();
    let perr = |row: u64, column: &str, reason: String| Error::Parse {
        path: path.clone(),
        row,
        column: column.to_string(),
        reason,
    };
    let text: std::borrow::Cow<'_, str> = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => std::str::from_utf8(rest)
            .map_err(|e| perr(0, "", format!("not valid UTF-8 after the BOM: {e}")))?
            .into(),
        None => match std::str::from_utf8(bytes) {
            Ok(s) if profile.csv.encoding != CsvEncoding::Cp932 => s.into(),
            _ => encoding_rs::SHIFT_JIS
                .decode_without_bom_handling_and_without_replacement(bytes)
                .ok_or_else(|| perr(0, "", "neither UTF-8 nor CP932 text".into()))?,
        },
    };
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(profile.csv.delimiter)
        .has_headers(true)
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = rdr
        .headers()
        .map_err(|e| perr(0, "", e.to_string()))?
        .clone();
    let mut columns = Vec::with_capacity(headers.len());
    for h in headers.iter() {
        let c = Column::from_id_or_label(RecordKind::Call, h)
            .ok_or_else(|| perr(0, h, "not a column of calllog's catalogue".into()))?;
        if matches!(c.field().scope(), Scope::IvrStep | Scope::RingEvent) {
            return Err(perr(
                0,
                h,
                "a detail column: the detailed layout has several rows per contact and cannot be \
                 read back; export with the simple layout"
                    .into(),
            ));
        }
        columns.push(c);
    }
    let reader = Reader {
        tz: profile.time_zone,
        format: profile.datetime_format.clone(),
        with_offset: ["%z", "%:z", "%::z", "%#z"]
            .iter()
            .any(|z| profile.datetime_format.contains(z)),
    };
    let mut out = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let row = i as u64 + 1;
        let rec = rec.map_err(|e| perr(row, "", e.to_string()))?;
        let mut b = Builder::default();
        for (i, (c, v)) in columns.iter().zip(rec.iter()).enumerate() {
            reader
                .cell(&mut b, *c, v)
                .map_err(|reason| perr(row, &headers[i], reason))?;
        }
        out.push(b.build().map_err(|(col, reason)| perr(row, col, reason))?);
    }
    Ok(out)
}

struct Reader {
    tz: Tz,
    format: String,
    with_offset: bool,
}

#[derive(Default)]
struct Builder {
    r: CallRecord,
    agents_data: bool,
    notes_data: bool,
    ivr_data: bool,
    pre_data: bool,
    post_data: bool,
    rec_url: Option<String>,
    rec_duration: Option<TimeDelta>,
    rec_processing: bool,
    rec_format: Option<String>,
    price: Option<String>,
    currency: Option<String>,
    pre: BTreeMap<u8, SurveyAnswer>,
    post: BTreeMap<u8, SurveyAnswer>,
}

impl Builder {
    fn build(mut self) -> std::result::Result<CallRecord, (&'static str, String)> {
        if self.rec_url.is_some()
            || self.rec_duration.is_some()
            || self.rec_processing
            || self.rec_format.is_some()
        {
            self.r.recording = Some(Recording {
                url: self.rec_url,
                // Seed 000 L: a processing recording shows 0 in CSV; its length is unknown.
                duration: if self.rec_processing {
                    None
                } else {
                    self.rec_duration
                },
                processing: self.rec_processing,
                format: self.rec_format,
            });
        }
        match (self.price, self.currency) {
            (Some(p), Some(c)) => {
                self.r.price =
                    Some(Money::from_decimal_str(&p, c).map_err(|e| ("price", e.to_string()))?)
            }
            (Some(_), None) => return Err(("price", "a price without a currency".into())),
            (None, Some(_)) => return Err(("price_currency", "a currency without a price".into())),
            (None, None) => {}
        }
        if !self.pre_data && !self.pre.is_empty() {
            self.r.pre_survey = self.pre.into_values().collect();
        }
        if !self.post_data && !self.post.is_empty() {
            self.r.post_survey = self.post.into_values().collect();
        }
        Ok(self.r)
    }
}

/// An empty cell is missing; a lone `'` is the empty text (the `full` preset marks it).
fn opt(v: &str) -> Option<String> {
    (!v.is_empty()).then(|| restore_csv(v).to_string())
}

fn split_list(v: &str) -> Vec<String> {
    let mut out = Vec::new();
    if v.is_empty() {
        return out;
    }
    let v = restore_csv(v);
    let mut cur = String::new();
    let mut chars = v.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
            }
            ',' => {
                out.push(std::mem::take(&mut cur));
                if chars.peek() == Some(&' ') {
                    chars.next();
                }
            }
            c => cur.push(c),
        }
    }
    out.push(cur);
    out
}

fn json<T: serde::de::DeserializeOwned + Default>(v: &str) -> std::result::Result<T, String> {
    if v.is_empty() {
        return Ok(T::default());
    }
    serde_json::from_str(restore_csv(v)).map_err(|e| format!("invalid JSON: {e}"))
}

fn int<T: std::str::FromStr>(v: &str) -> std::result::Result<Option<T>, String> {
    if v.is_empty() {
        return Ok(None);
    }
    v.trim()
        .parse()
        .map(Some)
        .map_err(|_| format!("{v:?} is not a whole number in range"))
}

fn flag(v: &str) -> std::result::Result<bool, String> {
    let t = v.trim();
    if t.is_empty() || t.eq_ignore_ascii_case("false") {
        return Ok(false);
    }
    if t.eq_ignore_ascii_case("true")
        || Locale::ALL
            .iter()
            .any(|l| crate::export::cells::yes_label(*l).eq_ignore_ascii_case(t))
    {
        return Ok(true);
    }
    Err(format!(
        "{v:?} is neither blank nor a yes (true, Yes, あり, Да, Tak)"
    ))
}

/// Parses a duration written as seconds (`42`, `1.5`) or as a clock (`1:02:03.5`).
pub fn parse_duration(v: &str) -> std::result::Result<Option<TimeDelta>, String> {
    let t = v.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let bad = || format!("{v:?} is not a duration (seconds, or h:mm:ss)");
    let (neg, t) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t),
    };
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    if frac.len() > 3 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let mut secs: i64 = 0;
    for (i, part) in whole.split(':').enumerate() {
        if i > 2 || part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let n: i64 = part.parse().map_err(|_| bad())?;
        secs = secs
            .checked_mul(60)
            .and_then(|s| s.checked_add(n))
            .ok_or_else(bad)?;
    }
    let ms = format!("{frac:0<3}").parse::<i64>().map_err(|_| bad())?;
    let total = secs
        .checked_mul(1000)
        .and_then(|s| s.checked_add(ms))
        .ok_or_else(bad)?;
    Ok(Some(TimeDelta::milliseconds(if neg {
        -total
    } else {
        total
    })))
}

impl Reader {
    fn datetime(&self, v: &str) -> std::result::Result<Option<Timestamp>, String> {
        let t = v.trim();
        if t.is_empty() {
            return Ok(None);
        }
        let bad = |e: String| {
            format!(
                "{v:?} does not match the date-time format {:?}: {e}",
                self.format
            )
        };
        if self.with_offset {
            return DateTime::parse_from_str(t, &self.format)
                .map(|d| Some(d.with_timezone(&Utc)))
                .map_err(|e| bad(e.to_string()));
        }
        let naive =
            NaiveDateTime::parse_from_str(t, &self.format).map_err(|e| bad(e.to_string()))?;
        self.tz
            .from_local_datetime(&naive)
            .earliest()
            .map(|d| Some(d.with_timezone(&Utc)))
            .ok_or_else(|| bad(format!("no such local time in {}", self.tz)))
    }

    fn cell(&self, b: &mut Builder, c: Column, v: &str) -> std::result::Result<(), String> {
        use Field as F;
        fn vocab<V: std::str::FromStr<Err = Error>>(
            v: &str,
        ) -> std::result::Result<Option<V>, String> {
            let t = restore_csv(v);
            if t.is_empty() {
                return Ok(None);
            }
            t.parse().map(Some).map_err(|e: Error| e.to_string())
        }
        if matches!(
            c.field().scope(),
            Scope::Derived | Scope::IvrStep | Scope::RingEvent
        ) {
            return Ok(());
        }
        let r = &mut b.r;
        let t = &mut r.timeline;
        let rep = &mut r.reported;
        match c.field() {
            F::Id => r.id = restore_csv(v).to_string(),
            F::Channel => r.channel = vocab(v)?.unwrap_or_default(),
            F::Direction => r.direction = vocab(v)?,
            F::InteractionType => r.interaction_type = vocab(v)?,
            F::CallType => r.call_type = vocab(v)?,
            F::CallMode => r.call_mode = vocab(v)?,
            F::Status => r.status = vocab(v)?,
            F::CustomerName => r.customer_name = opt(v),
            F::From => r.from = opt(v),
            F::To => r.to = opt(v),
            F::Cc => r.cc = split_list(v),
            F::Bcc => r.bcc = split_list(v),
            F::Agents if !b.agents_data => {
                r.agents = split_list(v).into_iter().map(Agent::named).collect();
            }
            F::AgentsData => {
                r.agents = json(v)?;
                b.agents_data = true;
            }
            F::Queue => r.queue = opt(v),
            F::Campaign => r.campaign = opt(v),
            F::Scenario => r.scenario = opt(v),
            F::ScenarioUrl => r.scenario_url = opt(v),
            F::StartedAt => t.started_at = self.datetime(v)?,
            F::DialStartedAt => t.dial_started_at = self.datetime(v)?,
            F::EnqueuedAt => t.enqueued_at = self.datetime(v)?,
            F::DequeuedAt => t.dequeued_at = self.datetime(v)?,
            F::OfferedAt => t.offered_at = self.datetime(v)?,
            F::AnsweredOrCancelledAt => t.answered_or_cancelled_at = self.datetime(v)?,
            F::TalkStartedAt => t.talk_started_at = self.datetime(v)?,
            F::TalkEndedAt => t.talk_ended_at = self.datetime(v)?,
            F::AfterCallWorkStartedAt => t.after_call_work_started_at = self.datetime(v)?,
            F::AfterCallWorkEndedAt => t.after_call_work_ended_at = self.datetime(v)?,
            F::ClosedAt => t.closed_at = self.datetime(v)?,
            F::ReportedWait => rep.wait = parse_duration(v)?,
            F::ReportedDial => rep.dial = parse_duration(v)?,
            F::ReportedTalk => rep.talk = parse_duration(v)?,
            F::ReportedAgentTalk => rep.agent_talk = parse_duration(v)?,
            F::ReportedIvr => rep.ivr = parse_duration(v)?,
            F::ReportedHold => rep.hold = parse_duration(v)?,
            F::ReportedAfterCallWork => rep.after_call_work = parse_duration(v)?,
            F::ReportedTotal => rep.total = parse_duration(v)?,
            F::EndReason => r.end_reason = opt(v),
            F::DisconnectSide => r.disconnect_side = vocab(v)?,
            F::HoldCount => r.hold_count = int(v)?,
            F::AttemptResult => r.attempt_result = vocab(v)?,
            F::CompletionCode => r.completion_code = opt(v),
            F::CallbackAt => r.callback_at = self.datetime(v)?,
            F::Attempts => r.attempts = int(v)?,
            F::Tags => r.tags = split_list(v),
            F::Topics => r.topics = split_list(v),
            F::Categories => r.categories = split_list(v),
            F::Classifier => r.classifier = opt(v),
            F::Notes if !b.notes_data && !v.is_empty() => {
                r.notes = restore_csv(v)
                    .split('\n')
                    .map(|s| Note {
                        text: s.to_string(),
                        ..Default::default()
                    })
                    .collect();
            }
            F::NotesData => {
                r.notes = json(v)?;
                b.notes_data = true;
            }
            F::ManagerRating => r.manager_rating = int(v)?,
            F::CallRating => r.call_rating = int(v)?,
            F::RecordingUrl => b.rec_url = opt(v),
            F::RecordingDuration => b.rec_duration = parse_duration(v)?,
            F::RecordingProcessing => b.rec_processing = flag(v)?,
            F::RecordingFormat => b.rec_format = opt(v),
            F::Price => b.price = opt(v),
            F::PriceCurrency => b.currency = opt(v),
            F::CoBrowse => r.co_browse = flag(v)?,
            F::RingHistory => {} // display only; ring_history_data is the lossless column
            F::RingHistoryData => r.ring_history = json(v)?,
            F::Brand => r.brand = opt(v),
            F::Service => r.service = opt(v),
            F::Menu => r.menu = opt(v),
            F::StaffMemo => r.staff_memo = opt(v),
            F::CustomerUserAgent => r.customer_user_agent = opt(v),
            F::StaffUserAgent => r.staff_user_agent = opt(v),
            F::ExtraInfo => r.extra_info = opt(v),
            F::ChatLog => r.chat_log = opt(v),
            F::PreSurveyQuestion
            | F::PreSurveyAnswer
            | F::PostSurveyQuestion
            | F::PostSurveyAnswer => {
                let text = opt(v);
                if text.is_none() {
                    return Ok(());
                }
                let pre = matches!(c.field(), F::PreSurveyQuestion | F::PreSurveyAnswer);
                let map = if pre { &mut b.pre } else { &mut b.post };
                let e = map.entry(c.number()).or_insert_with(|| SurveyAnswer {
                    index: c.number(),
                    ..Default::default()
                });
                if matches!(c.field(), F::PreSurveyQuestion | F::PostSurveyQuestion) {
                    e.question = text.unwrap_or_default();
                } else {
                    e.answer = text;
                }
            }
            F::PreSurveyData => {
                r.pre_survey = json(v)?;
                b.pre_data = true;
            }
            F::PostSurveyData => {
                r.post_survey = json(v)?;
                b.post_data = true;
            }
            F::VisitData => {
                r.visit = if v.is_empty() { None } else { Some(json(v)?) };
            }
            F::RecordId => r.record_id = opt(v),
            F::SignificantField => r.significant_field = opt(v),
            F::TicketId => r.ticket_id = opt(v),
            F::RequestId => r.request_id = opt(v),
            F::IvrPath if !b.ivr_data && !v.is_empty() => {
                r.ivr_path = restore_csv(v)
                    .split(" > ")
                    .map(|n| IvrStep {
                        node: n.to_string(),
                        ..Default::default()
                    })
                    .collect();
            }
            F::IvrPathData => {
                r.ivr_path = json(v)?;
                b.ivr_data = true;
            }
            F::ExtraData => r.extra = json(v)?,
            _ => {}
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_both_ways() {
        let d = |v| parse_duration(v).unwrap().unwrap().num_milliseconds();
        assert_eq!(d("42"), 42_000);
        assert_eq!(d("1.5"), 1_500);
        assert_eq!(d("0:00:42"), 42_000);
        assert_eq!(d("26:01:02.05"), (26 * 3600 + 62) * 1000 + 50);
        assert_eq!(parse_duration("").unwrap(), None);
        assert!(parse_duration("1.2345").is_err());
        assert!(parse_duration("abc").is_err());
    }

    #[test]
    fn lists_unescape() {
        assert_eq!(split_list("a, b\\, c, \\\\d"), vec!["a", "b, c", "\\d"]);
        assert_eq!(split_list(""), Vec::<String>::new());
    }
}
