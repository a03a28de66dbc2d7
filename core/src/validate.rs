//! Validation: the rules a record must satisfy before rules, queries and exporters trust it.
//!
//! Each failure is an [`Error::Invalid`] naming the record id and the field:
//!
//! ```
//! use calllog::{CallRecord, Channel, Error, ts};
//!
//! let r = CallRecord::new("c-7", Channel::Voice)
//!     .talk_started_at(ts("2024-05-01T10:05:00Z"))
//!     .talk_ended_at(ts("2024-05-01T10:00:00Z"));
//! match r.validate() {
//!     Err(Error::Invalid { record_id, field, .. }) => {
//!         assert_eq!(record_id, "c-7");
//!         assert_eq!(field, "timeline.talk_ended_at");
//!     }
//!     other => panic!("{other:?}"),
//! }
//! ```
//!
//! What is checked:
//! - the id is not empty;
//! - timestamps are in order: start ≤ offer ≤ answer/cancel, start ≤ talk start ≤ talk end ≤
//!   close, queue entry ≤ queue exit, after-call-work start ≤ end, dial start ≤ talk start,
//!   IVR steps enter ≤ leave and in order, ring history in order;
//!   no contact spans more than [`MAX_SPAN_DAYS`] days;
//! - reported durations are not negative nor longer than [`MAX_SPAN_DAYS`] days;
//! - surveys have at most [`MAX_SURVEY_QUESTIONS`] questions, numbered 1..=50 without repeats;
//! - ratings are 1..=5; money has a three-letter currency and a scale ≤ 18;
//! - every agent has a name or an id;
//! - a callback memo has at most [`MAX_MEMO_CHARS`] characters (seed 001).

use chrono::TimeDelta;

use crate::error::{Error, Result};
use crate::model::{CallRecord, CallbackRecord, Money, SurveyAnswer, Timestamp};

/// Seed 001: a memo holds at most 1,000 characters ("1,000文字以内").
pub const MAX_MEMO_CHARS: usize = 1000;
/// Seed 000: up to 50 pre-call and 50 post-call survey questions (X..DS, CF..HO).
pub const MAX_SURVEY_QUESTIONS: usize = 50;
/// No contact lasts longer than this; a longer span is a data error.
pub const MAX_SPAN_DAYS: i64 = 31;

/// The fields of a [`CallRecord`] that [`validate_call`] reads, by their Rust (and serde)
/// names; a nested record counts as its whole field. No value of any other field can make a
/// record invalid, so code that converts records in bulk only to validate them may leave the
/// other fields unconverted (the Python binding's `from_pandas` does, for fields whose
/// conversion cannot fail). `tests/model_vocab_validation.rs` holds this list to the code: it
/// gives every other field odd values and expects the same verdict.
pub const CALL_FIELDS_VALIDATED: &[&str] = &[
    "id",
    "timeline",
    "ivr_path",
    "ring_history",
    "reported",
    "recording",
    "pre_survey",
    "post_survey",
    "manager_rating",
    "call_rating",
    "price",
    "agents",
    "extra",
];

/// `b - a > MAX_SPAN_DAYS days`, for `a <= b`. This runs 14 times per record; `b - a` is a
/// calendar computation, while the year, day of year and second of day are at hand in chrono's
/// representation, so the day count comes from them (spans of more than a year are over the
/// limit anyway).
fn longer_than_max_span(a: Timestamp, b: Timestamp) -> bool {
    use chrono::{Datelike, Timelike};
    const LIMIT: i64 = MAX_SPAN_DAYS * 86_400;
    // the stored UTC values (`DateTime`'s own accessors add the zero offset first)
    let (a, b) = (a.naive_utc(), b.naive_utc());
    let (da, db) = (a.date(), b.date());
    let days = match db.year() - da.year() {
        0 => i64::from(db.ordinal()) - i64::from(da.ordinal()),
        1 => {
            let year_days = if da.leap_year() { 366 } else { 365 };
            year_days - i64::from(da.ordinal()) + i64::from(db.ordinal())
        }
        _ => return true,
    };
    let secs = days * 86_400 + i64::from(b.num_seconds_from_midnight())
        - i64::from(a.num_seconds_from_midnight());
    secs > LIMIT || (secs == LIMIT && b.nanosecond() > a.nanosecond())
}

struct Check<'a> {
    id: &'a str,
}

impl Check<'_> {
    fn fail(&self, field: impl Into<String>, reason: impl Into<String>) -> Error {
        Error::invalid(self.id, field, reason)
    }

    #[inline]
    fn order(
        &self,
        earlier: (&str, Option<Timestamp>),
        later: (&str, Option<Timestamp>),
    ) -> Result<()> {
        if let (Some(a), Some(b)) = (earlier.1, later.1)
            && (b < a || longer_than_max_span(a, b))
        {
            return Err(self.order_error((earlier.0, a), (later.0, b)));
        }
        Ok(())
    }

    /// The error of [`order`](Self::order), out of line: this runs 14 times per record.
    #[cold]
    #[inline(never)]
    fn order_error(&self, earlier: (&str, Timestamp), later: (&str, Timestamp)) -> Error {
        let ((ea, a), (lb, b)) = (earlier, later);
        if b < a {
            self.fail(
                lb,
                format!("{} is before {ea} {}", b.to_rfc3339(), a.to_rfc3339()),
            )
        } else {
            self.fail(lb, format!("more than {MAX_SPAN_DAYS} days after {ea}"))
        }
    }

    #[inline]
    fn duration(&self, field: &str, d: Option<TimeDelta>) -> Result<()> {
        match d {
            Some(d) if d < TimeDelta::zero() || d > TimeDelta::days(MAX_SPAN_DAYS) => {
                Err(self.duration_error(field, d))
            }
            _ => Ok(()),
        }
    }

    #[cold]
    #[inline(never)]
    fn duration_error(&self, field: &str, d: TimeDelta) -> Error {
        if d < TimeDelta::zero() {
            self.fail(
                field,
                format!(
                    "negative duration {}s",
                    d.num_milliseconds() as f64 / 1000.0
                ),
            )
        } else {
            self.fail(
                field,
                format!(
                    "absurd duration {}s (over {MAX_SPAN_DAYS} days)",
                    d.num_seconds()
                ),
            )
        }
    }

    fn survey(&self, name: &str, answers: &[SurveyAnswer]) -> Result<()> {
        if answers.len() > MAX_SURVEY_QUESTIONS {
            return Err(self.fail(
                name,
                format!(
                    "{} questions; at most {MAX_SURVEY_QUESTIONS}",
                    answers.len()
                ),
            ));
        }
        let mut seen = [false; MAX_SURVEY_QUESTIONS + 1];
        for (i, a) in answers.iter().enumerate() {
            let idx = a.index as usize;
            if idx == 0 || idx > MAX_SURVEY_QUESTIONS {
                return Err(self.fail(
                    format!("{name}[{i}].index"),
                    format!("question number {idx} is outside 1..={MAX_SURVEY_QUESTIONS}"),
                ));
            }
            if std::mem::replace(&mut seen[idx], true) {
                return Err(self.fail(
                    format!("{name}[{i}].index"),
                    format!("question number {idx} appears twice"),
                ));
            }
        }
        Ok(())
    }

    fn rating(&self, field: &str, v: Option<u8>) -> Result<()> {
        match v {
            Some(x) if !(1..=5).contains(&x) => {
                Err(self.fail(field, format!("rating {x} is outside 1..=5")))
            }
            _ => Ok(()),
        }
    }

    fn money(&self, field: &str, m: Option<&Money>) -> Result<()> {
        if let Some(m) = m {
            if m.currency.len() != 3 || !m.currency.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(self.fail(
                    field,
                    format!(
                        "currency {:?} is not an ISO 4217 code such as RUB",
                        m.currency
                    ),
                ));
            }
            if m.scale > 18 {
                return Err(self.fail(field, format!("scale {} is over 18", m.scale)));
            }
        }
        Ok(())
    }

    fn memo(&self, field: &str, memo: Option<&str>) -> Result<()> {
        if let Some(m) = memo {
            let n = m.chars().count();
            if n > MAX_MEMO_CHARS {
                return Err(self.fail(field, format!("{n} characters; at most {MAX_MEMO_CHARS}")));
            }
        }
        Ok(())
    }
}

/// Validates a call record; see the module documentation for what is checked.
pub fn validate_call(r: &CallRecord) -> Result<()> {
    let c = Check { id: &r.id };
    if r.id.trim().is_empty() {
        return Err(c.fail("id", "empty id"));
    }
    let t = &r.timeline;
    let started = ("timeline.started_at", t.started_at);
    let offered = ("timeline.offered_at", t.offered_at);
    let answered = (
        "timeline.answered_or_cancelled_at",
        t.answered_or_cancelled_at,
    );
    let talk_start = ("timeline.talk_started_at", t.talk_started_at);
    let talk_end = ("timeline.talk_ended_at", t.talk_ended_at);
    let closed = ("timeline.closed_at", t.closed_at);
    let enq = ("timeline.enqueued_at", t.enqueued_at);
    let deq = ("timeline.dequeued_at", t.dequeued_at);
    let acw_s = (
        "timeline.after_call_work_started_at",
        t.after_call_work_started_at,
    );
    let acw_e = (
        "timeline.after_call_work_ended_at",
        t.after_call_work_ended_at,
    );
    let dial = ("timeline.dial_started_at", t.dial_started_at);
    // one call per pair, in this order (the first failing pair is the error), not a loop
    // over an array of pairs: this runs for every record a frame or file brings in
    c.order(started, offered)?;
    c.order(started, answered)?;
    c.order(offered, answered)?;
    c.order(started, talk_start)?;
    c.order(dial, talk_start)?;
    c.order(talk_start, talk_end)?;
    c.order(started, talk_end)?;
    c.order(talk_end, closed)?;
    c.order(talk_start, closed)?;
    c.order(started, closed)?;
    c.order(started, enq)?;
    c.order(enq, deq)?;
    c.order(acw_s, acw_e)?;
    c.order(talk_end, acw_s)?;
    let mut prev: Option<Timestamp> = None;
    for (i, step) in r.ivr_path.iter().enumerate() {
        if let (Some(a), Some(b)) = (step.entered_at, step.left_at)
            && (b < a || longer_than_max_span(a, b))
        {
            // the field names are formatted only for the error
            return Err(c.order_error(
                (&format!("ivr_path[{i}].entered_at"), a),
                (&format!("ivr_path[{i}].left_at"), b),
            ));
        }
        if let (Some(p), Some(e)) = (prev, step.entered_at)
            && e < p
        {
            return Err(c.fail(
                format!("ivr_path[{i}].entered_at"),
                "before the previous step",
            ));
        }
        prev = step.entered_at.or(prev);
    }
    let mut prev: Option<Timestamp> = None;
    for (i, ev) in r.ring_history.iter().enumerate() {
        if let (Some(p), Some(a)) = (prev, ev.at)
            && a < p
        {
            return Err(c.fail(format!("ring_history[{i}].at"), "before the previous ring"));
        }
        prev = ev.at.or(prev);
    }
    let d = &r.reported;
    c.duration("reported.wait", d.wait)?;
    c.duration("reported.dial", d.dial)?;
    c.duration("reported.talk", d.talk)?;
    c.duration("reported.agent_talk", d.agent_talk)?;
    c.duration("reported.ivr", d.ivr)?;
    c.duration("reported.hold", d.hold)?;
    c.duration("reported.after_call_work", d.after_call_work)?;
    c.duration("reported.total", d.total)?;
    if let Some(rec) = &r.recording {
        c.duration("recording.duration", rec.duration)?;
    }
    c.survey("pre_survey", &r.pre_survey)?;
    c.survey("post_survey", &r.post_survey)?;
    c.rating("manager_rating", r.manager_rating)?;
    c.rating("call_rating", r.call_rating)?;
    c.money("price", r.price.as_ref())?;
    for (i, a) in r.agents.iter().enumerate() {
        if a.name.trim().is_empty() && a.id.as_deref().is_none_or(|s| s.trim().is_empty()) {
            return Err(c.fail(format!("agents[{i}]"), "an agent needs a name or an id"));
        }
    }
    if r.extra.keys().any(|k| k.trim().is_empty()) {
        return Err(c.fail("extra", "empty key"));
    }
    Ok(())
}

/// Validates a callback entry: non-empty id, memo ≤ 1000 characters, incoming before registered.
pub fn validate_callback(r: &CallbackRecord) -> Result<()> {
    let c = Check { id: &r.id };
    if r.id.trim().is_empty() {
        return Err(c.fail("id", "empty id"));
    }
    c.memo("memo", r.memo.as_deref())?;
    c.order(
        ("incoming_at", r.incoming_at),
        ("registered_at", r.registered_at),
    )?;
    if let Some(rec) = &r.recording {
        c.duration("recording.duration", rec.duration)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    #[test]
    fn span_limit_is_exact_to_the_nanosecond() {
        let a =
            Utc.with_ymd_and_hms(2024, 2, 28, 23, 59, 59).unwrap() + TimeDelta::nanoseconds(500);
        let limit = TimeDelta::days(MAX_SPAN_DAYS);
        for (after, over) in [
            (limit, false),
            (limit + TimeDelta::nanoseconds(1), true),
            (limit - TimeDelta::nanoseconds(1), false),
            (limit + TimeDelta::seconds(1), true),
            (TimeDelta::zero(), false),
        ] {
            let b = a + after;
            assert_eq!(longer_than_max_span(a, b), over, "{after}");
            assert_eq!(longer_than_max_span(a, b), b - a > limit, "{after}");
        }
    }
}
