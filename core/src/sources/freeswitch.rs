//! FreeSWITCH `mod_cdr_csv` and `mod_json_cdr`; the mapping tables are in the
//! [module docs](super).

use std::io::Read;
use std::path::PathBuf;

use chrono_tz::Tz;
use serde_json::{Map, Value};

use super::{JsonValues, local_time, parse_error, seconds, take_text};
use crate::error::{Error, Result};
use crate::model::{Agent, CallRecord, Timestamp};
use crate::vocab::{AttemptResult, Channel, ContactStatus, Direction, DisconnectSide};

/// What a hangup cause says about a leg that was never answered, and about who ended it.
struct Hangup {
    /// Status and attempt result when the leg was not answered.
    unanswered: (ContactStatus, AttemptResult),
    /// The side that ended the leg, where the cause alone tells it.
    side: Option<DisconnectSide>,
}

/// The causes of `switch_channel.c`'s `CAUSE_CHART` (Q.850 names and FreeSWITCH's own), by
/// what they mean for a call record. Unknown causes are an error.
fn hangup(cause: &str) -> Option<Hangup> {
    use AttemptResult as A;
    use ContactStatus as S;
    use DisconnectSide as D;
    let (unanswered, side) = match cause {
        "NORMAL_CLEARING" | "NORMAL_UNSPECIFIED" | "SUCCESS" | "NONE" => {
            ((S::NoAnswer, A::NoAnswer), None)
        }
        "NO_ANSWER" | "NO_USER_RESPONSE" | "PROGRESS_TIMEOUT" | "NO_PICKUP" => {
            ((S::NoAnswer, A::NoAnswer), None)
        }
        "ALLOTTED_TIMEOUT" => ((S::NoAnswer, A::NoAnswer), Some(D::System)),
        "ORIGINATOR_CANCEL" => ((S::NoAnswer, A::RequestCancelled), None),
        "LOSE_RACE" | "PICKED_OFF" | "BLIND_TRANSFER" | "ATTENDED_TRANSFER" => {
            ((S::NoAnswer, A::RequestCancelled), Some(D::ThirdParty))
        }
        "USER_BUSY" => ((S::Busy, A::NumberBusy), None),
        "CALL_REJECTED" | "REJECT_ALL" => ((S::Busy, A::CallRejected), None),
        "UNALLOCATED_NUMBER"
        | "NO_ROUTE_DESTINATION"
        | "INVALID_NUMBER_FORMAT"
        | "NUMBER_CHANGED"
        | "INCOMPATIBLE_DESTINATION"
        | "REDIRECTION_TO_NEW_DESTINATION" => ((S::Failed, A::WrongNumber), None),
        "SUBSCRIBER_ABSENT" | "USER_NOT_REGISTERED" | "SERVICE_UNAVAILABLE" => {
            ((S::Failed, A::NumberUnavailable), None)
        }
        "DESTINATION_OUT_OF_ORDER"
        | "NORMAL_CIRCUIT_CONGESTION"
        | "SWITCH_CONGESTION"
        | "REQUESTED_CHAN_UNAVAIL"
        | "NETWORK_OUT_OF_ORDER"
        | "NORMAL_TEMPORARY_FAILURE"
        | "NO_ROUTE_TRANSIT_NET"
        | "EXCHANGE_ROUTING_ERROR"
        | "GATEWAY_DOWN"
        | "RECOVERY_ON_TIMER_EXPIRE"
        | "MEDIA_TIMEOUT"
        | "SRTP_READ_ERROR" => ((S::Failed, A::NumberUnavailable), Some(D::Network)),
        "MANAGER_REQUEST" => ((S::Failed, A::DialError), Some(D::Api)),
        "SYSTEM_SHUTDOWN" | "CRASH" => ((S::Failed, A::DialError), Some(D::System)),
        "CHANNEL_UNACCEPTABLE"
        | "CALL_AWARDED_DELIVERED"
        | "FACILITY_REJECTED"
        | "RESPONSE_TO_STATUS_ENQUIRY"
        | "ACCESS_INFO_DISCARDED"
        | "PRE_EMPTED"
        | "FACILITY_NOT_SUBSCRIBED"
        | "OUTGOING_CALL_BARRED"
        | "INCOMING_CALL_BARRED"
        | "BEARERCAPABILITY_NOTAUTH"
        | "BEARERCAPABILITY_NOTAVAIL"
        | "BEARERCAPABILITY_NOTIMPL"
        | "CHAN_NOT_IMPLEMENTED"
        | "FACILITY_NOT_IMPLEMENTED"
        | "SERVICE_NOT_IMPLEMENTED"
        | "INVALID_CALL_REFERENCE"
        | "INVALID_MSG_UNSPECIFIED"
        | "MANDATORY_IE_MISSING"
        | "MESSAGE_TYPE_NONEXIST"
        | "WRONG_MESSAGE"
        | "IE_NONEXIST"
        | "INVALID_IE_CONTENTS"
        | "WRONG_CALL_STATE"
        | "MANDATORY_IE_LENGTH_ERROR"
        | "PROTOCOL_ERROR"
        | "INTERWORKING"
        | "USER_CHALLENGE"
        | "INVALID_GATEWAY"
        | "INVALID_URL"
        | "INVALID_PROFILE"
        | "BAD_IDENTITY_INFO"
        | "UNSUPPORTED_CERTIFICATE"
        | "INVALID_IDENTITY"
        | "STALE_DATE" => ((S::Failed, A::DialError), None),
        _ => return None,
    };
    Some(Hangup { unanswered, side })
}

/// Status, attempt result, disconnect side and end reason from the hangup cause.
fn apply_hangup(
    r: &mut CallRecord,
    cause: &str,
    answered: bool,
) -> std::result::Result<(), String> {
    let h = hangup(cause).ok_or_else(|| {
        format!("{cause:?} is not a FreeSWITCH hangup cause (switch_channel.c CAUSE_CHART)")
    })?;
    let (status, attempt) = if answered {
        (ContactStatus::Answered, AttemptResult::CallAccepted)
    } else {
        h.unanswered
    };
    r.status = Some(status);
    r.attempt_result = Some(attempt);
    r.disconnect_side = h.side;
    if cause == "ORIGINATOR_CANCEL" && r.direction == Some(Direction::Inbound) {
        // The caller of an inbound leg is the customer.
        r.disconnect_side = Some(DisconnectSide::Customer);
    }
    r.end_reason = Some(cause.to_string());
    Ok(())
}

/// The columns of the vanilla configuration's default template (`example` in
/// `cdr_csv.conf.xml`), in order; the `sql` template's first 13 are accepted too.
const CSV_COLUMNS: [&str; 15] = [
    "caller_id_name",
    "caller_id_number",
    "destination_number",
    "context",
    "start_stamp",
    "answer_stamp",
    "end_stamp",
    "duration",
    "billsec",
    "hangup_cause",
    "uuid",
    "bleg_uuid",
    "accountcode",
    "read_codec",
    "write_codec",
];

/// `mod_cdr_csv` lines, one CDR (one leg) per line.
pub(super) struct FreeswitchCsv<R: Read> {
    rows: csv::StringRecordsIntoIter<R>,
    path: PathBuf,
    tz: Tz,
    done: bool,
}

impl<R: Read> FreeswitchCsv<R> {
    pub(super) fn new(reader: R, path: PathBuf, tz: Tz) -> Self {
        let rows = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(reader)
            .into_records();
        FreeswitchCsv {
            rows,
            path,
            tz,
            done: false,
        }
    }

    fn err(&self, line: u64, field: &str, reason: impl Into<String>) -> Error {
        parse_error(&self.path, line, field, reason)
    }

    fn record(&self, line: u64, row: &csv::StringRecord) -> Result<CallRecord> {
        if row.len() != 15 && row.len() != 13 {
            return Err(self.err(
                line,
                "line",
                format!(
                    "{} columns; the default template writes 15 (the sql template 13): {}",
                    row.len(),
                    CSV_COLUMNS.join(", ")
                ),
            ));
        }
        let field = |n: &str| -> &str {
            CSV_COLUMNS
                .iter()
                .position(|c| *c == n)
                .and_then(|i| row.get(i))
                .unwrap_or("")
                .trim()
        };
        let time = |n: &str| local_time(self.tz, field(n)).map_err(|r| self.err(line, n, r));
        let Some(start) = time("start_stamp")? else {
            return Err(self.err(line, "start_stamp", "empty: every CDR has a start time"));
        };
        let answer = time("answer_stamp")?;
        let end = time("end_stamp")?;
        let duration = seconds(field("duration")).map_err(|r| self.err(line, "duration", r))?;
        let billsec = seconds(field("billsec")).map_err(|r| self.err(line, "billsec", r))?;
        if let Some(end) = end {
            let span = (end - start).num_seconds();
            if (span - duration).abs() > 1 {
                return Err(self.err(
                    line,
                    "duration",
                    format!("{duration} s, but end_stamp − start_stamp is {span} s"),
                ));
            }
        }
        let id = match field("uuid") {
            "" => return Err(self.err(line, "uuid", "empty: every CDR has the leg's uuid")),
            u => u.to_string(),
        };
        let non_empty = |v: &str| (!v.is_empty()).then(|| v.to_string());
        let mut r = CallRecord::new(id, Channel::Voice);
        r.customer_name = non_empty(field("caller_id_name"));
        r.from = non_empty(field("caller_id_number"));
        r.to = non_empty(field("destination_number"));
        r.timeline.started_at = Some(start);
        r.timeline.talk_started_at = answer;
        r.timeline.closed_at = end;
        if answer.is_some() {
            r.timeline.talk_ended_at = end;
        }
        r.reported.talk = Some(chrono::TimeDelta::seconds(billsec));
        apply_hangup(&mut r, field("hangup_cause"), answer.is_some())
            .map_err(|reason| self.err(line, "hangup_cause", reason))?;
        for name in [
            "context",
            "bleg_uuid",
            "accountcode",
            "read_codec",
            "write_codec",
        ] {
            if let Some(v) = non_empty(field(name)) {
                r.extra.insert(name.to_string(), v);
            }
        }
        Ok(r)
    }
}

impl<R: Read> Iterator for FreeswitchCsv<R> {
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

/// Decodes `switch_url_encode`'s `%XX` escapes (what `mod_json_cdr` writes with its default
/// `encode-values = true`). A `%` without two hex digits, or bytes that are not UTF-8, are an
/// error (the reason).
fn url_decode(s: &str) -> std::result::Result<String, String> {
    if !s.contains('%') {
        return Ok(s.to_string());
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = b
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| {
                    format!("{s:?}: '%' without two hex digits (is encode-values off?)")
                })?;
            out.push(hex);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| format!("{s:?} decodes to bytes that are not UTF-8"))
}

/// `mod_json_cdr` documents, one after another (one leg each).
pub(super) struct FreeswitchJson<R: Read> {
    values: JsonValues<R>,
    path: PathBuf,
    count: u64,
    done: bool,
}

impl<R: Read> FreeswitchJson<R> {
    pub(super) fn new(reader: R, path: PathBuf) -> Self {
        FreeswitchJson {
            values: JsonValues::new(reader),
            path,
            count: 0,
            done: false,
        }
    }

    fn err(&self, field: &str, reason: impl Into<String>) -> Error {
        parse_error(&self.path, self.count, field, reason)
    }

    fn record(&self, v: Value) -> Result<CallRecord> {
        let Value::Object(mut doc) = v else {
            return Err(self.err("json", "a mod_json_cdr CDR is a JSON object"));
        };
        let vars = match doc.remove("variables") {
            Some(Value::Object(o)) => o,
            _ => return Err(self.err("variables", "missing: every CDR has its variables")),
        };
        // mod_json_cdr URL-encodes values unless `encode-values` is false; the start stamp
        // (`YYYY-MM-DD HH:MM:SS`) tells which: `%20` for the space when encoded.
        let encoded = match vars.get("start_stamp") {
            Some(Value::String(s)) => !s.contains(' '),
            _ => true,
        };
        let mut vars = Vars {
            map: vars,
            encoded,
            src: self,
        };
        let id = vars
            .text("uuid")?
            .ok_or_else(|| self.err("uuid", "missing: every CDR has the leg's uuid"))?;
        let mut r = CallRecord::new(id, Channel::Voice);
        let leg_direction = vars.text("direction")?;
        let call_direction = vars.text("call_direction")?;
        r.direction = match call_direction.as_deref().or(leg_direction.as_deref()) {
            None => None,
            Some("inbound") => Some(Direction::Inbound),
            Some("outbound") => Some(Direction::Outbound),
            Some("local") => Some(Direction::Internal),
            Some(d) => {
                let key = if call_direction.is_some() {
                    "call_direction"
                } else {
                    "direction"
                };
                return Err(self.err(key, format!("{d:?}; accepted: inbound, outbound, local")));
            }
        };
        if let (Some(leg), Some(_)) = (&leg_direction, &call_direction) {
            r.extra.insert("direction".into(), leg.clone());
        }
        let pick = |u: Option<Timestamp>, s: Option<Timestamp>| u.or(s);
        let start = pick(vars.epoch("start_uepoch")?, vars.epoch("start_epoch")?);
        let answer = pick(vars.epoch("answer_uepoch")?, vars.epoch("answer_epoch")?);
        let bridge = pick(vars.epoch("bridge_uepoch")?, vars.epoch("bridge_epoch")?);
        let end = pick(vars.epoch("end_uepoch")?, vars.epoch("end_epoch")?);
        let joined = vars.epoch("cc_queue_joined_epoch")?;
        let queue_answered = vars.epoch("cc_queue_answered_epoch")?;
        let queue_canceled = vars.epoch("cc_queue_canceled_epoch")?;
        if start.is_none() {
            return Err(self.err("start_epoch", "missing: every CDR has a start time"));
        }
        r.timeline.started_at = start;
        r.timeline.talk_started_at = answer;
        r.timeline.closed_at = end;
        if answer.is_some() {
            r.timeline.talk_ended_at = end;
        }
        r.reported.talk = vars.secs("billsec")?;
        r.reported.hold = vars.secs("hold_accum_seconds")?;
        r.reported.wait = vars.secs("waitsec")?;
        let cause = vars
            .text("hangup_cause")?
            .ok_or_else(|| self.err("hangup_cause", "missing: every CDR has a hangup cause"))?;
        apply_hangup(&mut r, &cause, answer.is_some()).map_err(|e| self.err("hangup_cause", e))?;
        // Who sent the BYE or CANCEL of an inbound leg: the customer, or our side — an agent
        // when the leg was bridged, else the dialplan.
        let disposition = vars.text("sip_hangup_disposition")?;
        if r.disconnect_side.is_none() && r.direction == Some(Direction::Inbound) {
            r.disconnect_side = match disposition.as_deref() {
                Some("recv_bye" | "recv_cancel" | "recv_refuse") => Some(DisconnectSide::Customer),
                Some("send_bye" | "send_cancel" | "send_refuse") if bridge.is_some() => {
                    Some(DisconnectSide::Agent)
                }
                Some("send_bye" | "send_cancel" | "send_refuse") => Some(DisconnectSide::System),
                _ => None,
            };
        }
        if let Some(d) = disposition {
            r.extra.insert("sip_hangup_disposition".into(), d);
        }
        // mod_callcenter: the queue, the agent and the wait.
        r.queue = vars.text("cc_queue")?;
        if let Some(agent) = vars.text("cc_agent")? {
            r.agents.push(Agent::named(agent));
        }
        r.timeline.enqueued_at = joined;
        r.timeline.dequeued_at = queue_answered.or(queue_canceled);
        if r.direction == Some(Direction::Inbound) && answer.is_some() {
            if queue_canceled.is_some() && queue_answered.is_none() {
                // Answered by the queue, abandoned before an agent took it.
                r.status = Some(ContactStatus::NoAnswer);
                r.attempt_result = Some(AttemptResult::Abandoned);
                r.timeline.talk_started_at = None;
                r.timeline.talk_ended_at = None;
                r.timeline.answered_or_cancelled_at = queue_canceled;
            } else if bridge.is_none() && joined.is_none() {
                r.attempt_result = Some(AttemptResult::EndedInIvr);
            }
        }
        // The original caller profile: the last of `callflow` (an array in FreeSWITCH ≥ 1.10;
        // older versions repeat the `callflow` key, and the last one read is the original).
        let profile = match doc.remove("callflow") {
            Some(Value::Array(mut flows)) => flows.pop(),
            Some(v @ Value::Object(_)) => Some(v),
            Some(other) => {
                return Err(self.err("callflow", format!("expected an array, got {other}")));
            }
            None => None,
        };
        let caller = match profile {
            Some(Value::Object(mut f)) => match f.remove("caller_profile") {
                Some(Value::Object(p)) => p,
                _ => Map::new(),
            },
            _ => Map::new(),
        };
        // Caller profiles are written as they are, never URL-encoded.
        let mut caller = Vars {
            map: caller,
            encoded: false,
            src: self,
        };
        let name = caller.text("caller_id_name")?;
        let number = caller.text("caller_id_number")?;
        let dest = caller.text("destination_number")?;
        r.customer_name = name.or(vars.text("caller_id_name")?);
        r.from = number.or(vars.text("caller_id_number")?);
        r.to = dest.or(vars.text("destination_number")?);
        for (k, v) in vars.map {
            let v = match v {
                Value::Null => continue,
                Value::String(s) if s.is_empty() => continue,
                Value::String(s) if encoded => url_decode(&s).map_err(|e| self.err(&k, e))?,
                Value::String(s) => s,
                other => other.to_string(),
            };
            r.extra.insert(k, v);
        }
        for key in ["core-uuid", "switchname"] {
            if let Some(v) = take_text(&mut doc, key).map_err(|e| self.err(key, e))? {
                r.extra.insert(key.to_string(), v);
            }
        }
        Ok(r)
    }
}

/// The variables (or caller profile) of one CDR, read key by key.
struct Vars<'a, R: Read> {
    map: Map<String, Value>,
    encoded: bool,
    src: &'a FreeswitchJson<R>,
}

impl<R: Read> Vars<'_, R> {
    /// A value as text, URL-decoded when the CDR is encoded.
    fn text(&mut self, key: &str) -> Result<Option<String>> {
        match take_text(&mut self.map, key).map_err(|r| self.src.err(key, r))? {
            Some(v) if self.encoded => url_decode(&v).map(Some).map_err(|r| self.src.err(key, r)),
            v => Ok(v),
        }
    }

    /// A Unix time in seconds (`…_epoch`) or microseconds (`…_uepoch`); 0 is "never".
    fn epoch(&mut self, key: &str) -> Result<Option<Timestamp>> {
        let Some(v) = self.text(key)? else {
            return Ok(None);
        };
        let n: i64 = v
            .parse()
            .map_err(|_| self.src.err(key, format!("{v:?} is not a Unix time")))?;
        if n == 0 {
            return Ok(None);
        }
        let t = if key.ends_with("uepoch") {
            chrono::DateTime::from_timestamp_micros(n)
        } else {
            chrono::DateTime::from_timestamp(n, 0)
        };
        t.map(Some)
            .ok_or_else(|| self.src.err(key, format!("{n} is out of range")))
    }

    /// A whole number of seconds.
    fn secs(&mut self, key: &str) -> Result<Option<chrono::TimeDelta>> {
        self.text(key)?
            .map(|v| {
                seconds(&v)
                    .map(chrono::TimeDelta::seconds)
                    .map_err(|r| self.src.err(key, r))
            })
            .transpose()
    }
}

impl<R: Read> Iterator for FreeswitchJson<R> {
    type Item = Result<CallRecord>;
    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        self.count += 1;
        let item = match self.values.next_value()? {
            Ok(v) => self.record(v),
            Err(reason) => Err(self.err("json", reason)),
        };
        if item.is_err() {
            self.done = true;
        }
        Some(item)
    }
}
