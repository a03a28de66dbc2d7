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
//! | `disposition` | `status` ([`ContactStatus::from_asterisk`](crate::ContactStatus::from_asterisk)), `attempt_result` ([`AttemptResult::from_asterisk`](crate::AttemptResult::from_asterisk)) | `CONGESTION` → `failed` / `number_unavailable` |
//! | `accountcode`, `dcontext`, `channel`, `dstchannel`, `lastapp`, `lastdata`, `amaflags`, `userfield`, `peeraccount`, `linkedid`, `sequence` | `extra[…]` under the same names | empty values are not stored |
//!
//! Every record is a voice call. Asterisk's CDR has no direction: `direction` stays empty.
//!
//! # FreeSWITCH `mod_cdr_csv` (`freeswitch_csv`)
//!
//! `Master.csv` (or a per-user file) as `mod_cdr_csv` writes it with the template the vanilla
//! configuration sets as `default-template` (`example` in `cdr_csv.conf.xml`): no header, one
//! line per leg (`legs = a` by default), every value quoted, 15 columns — `caller_id_name`,
//! `caller_id_number`, `destination_number`, `context`, `start_stamp`, `answer_stamp`,
//! `end_stamp`, `duration`, `billsec`, `hangup_cause`, `uuid`, `bleg_uuid`, `accountcode`,
//! `read_codec`, `write_codec` — or the first 13 of them (the `sql` template's columns). The
//! stamps are local times of the switch: give [`SourceOptions::time_zone`].
//!
//! | FreeSWITCH field | `CallRecord` | notes |
//! | --- | --- | --- |
//! | `uuid` | `id` | required |
//! | `caller_id_name`, `caller_id_number` | `customer_name`, `from` | as they are (FreeSWITCH repeats the number as the name when there is none) |
//! | `destination_number` | `to` | |
//! | `start_stamp` | `timeline.started_at` | local time → UTC, as for Asterisk |
//! | `answer_stamp` | `timeline.talk_started_at` | empty when never answered |
//! | `end_stamp` | `timeline.closed_at`, and `timeline.talk_ended_at` when answered | |
//! | `billsec` | `reported.talk` | seconds |
//! | `duration` | — | `end − start`; a mismatch of more than 1 s is an error |
//! | `hangup_cause` | `end_reason` (as written), `status`, `attempt_result`, `disconnect_side` | see the hangup causes below |
//! | `context`, `bleg_uuid`, `accountcode`, `read_codec`, `write_codec` | `extra[…]` | empty values are not stored |
//!
//! Hangup causes (the names of `switch_channel.c`'s `CAUSE_CHART`; any other is an error). An
//! answered leg is `answered` / `call_accepted` whatever the cause; a leg never answered
//! takes the status and attempt result of its cause. The disconnect side is set where the
//! cause tells it:
//!
//! | cause | never answered | disconnect side |
//! | --- | --- | --- |
//! | `NORMAL_CLEARING`, `NORMAL_UNSPECIFIED`, `SUCCESS`, `NONE`, `NO_ANSWER`, `NO_USER_RESPONSE`, `PROGRESS_TIMEOUT`, `NO_PICKUP` | `no_answer` / `no_answer` | — |
//! | `ALLOTTED_TIMEOUT` | `no_answer` / `no_answer` | system |
//! | `ORIGINATOR_CANCEL` | `no_answer` / `request_cancelled` | customer on an inbound leg |
//! | `LOSE_RACE`, `PICKED_OFF`, `BLIND_TRANSFER`, `ATTENDED_TRANSFER` | `no_answer` / `request_cancelled` | third party |
//! | `USER_BUSY` | `busy` / `number_busy` | — |
//! | `CALL_REJECTED`, `REJECT_ALL` | `busy` / `call_rejected` | — |
//! | `UNALLOCATED_NUMBER`, `NO_ROUTE_DESTINATION`, `INVALID_NUMBER_FORMAT`, `NUMBER_CHANGED`, `INCOMPATIBLE_DESTINATION`, `REDIRECTION_TO_NEW_DESTINATION` | `failed` / `wrong_number` | — |
//! | `SUBSCRIBER_ABSENT`, `USER_NOT_REGISTERED`, `SERVICE_UNAVAILABLE` | `failed` / `number_unavailable` | — |
//! | `DESTINATION_OUT_OF_ORDER`, `NORMAL_CIRCUIT_CONGESTION`, `SWITCH_CONGESTION`, `REQUESTED_CHAN_UNAVAIL`, `NETWORK_OUT_OF_ORDER`, `NORMAL_TEMPORARY_FAILURE`, `NO_ROUTE_TRANSIT_NET`, `EXCHANGE_ROUTING_ERROR`, `GATEWAY_DOWN`, `RECOVERY_ON_TIMER_EXPIRE`, `MEDIA_TIMEOUT`, `SRTP_READ_ERROR` | `failed` / `number_unavailable` | network |
//! | `MANAGER_REQUEST` (`uuid_kill` and the like) | `failed` / `dial_error` | API |
//! | `SYSTEM_SHUTDOWN`, `CRASH` | `failed` / `dial_error` | system |
//! | every other cause of the chart (protocol and facility errors, barred calls, …) | `failed` / `dial_error` | — |
//!
//! Every record is a voice call. The CSV has no direction: `direction` stays empty.
//!
//! # FreeSWITCH `mod_json_cdr` (`freeswitch_json`)
//!
//! The JSON CDR documents of `mod_json_cdr` (a file per call in `log-dir`, or the body of its
//! HTTP POST), any number one after another (pretty-printed or one per line). The channel
//! variables are URL-encoded with the module's default `encode-values = true` and read back
//! decoded; with `encode-values = false` they are read as they are. Which it is, is told by
//! `start_stamp` (encoded, its space is `%20`). The caller profiles under `callflow` are never
//! encoded.
//!
//! | FreeSWITCH field | `CallRecord` | notes |
//! | --- | --- | --- |
//! | `variables.uuid` | `id` | required |
//! | `variables.call_direction` (set by FusionPBX and many dialplans), else `variables.direction` | `direction` | `inbound`, `outbound`, `local` → internal; the leg's own `direction` stays in `extra` when `call_direction` decided |
//! | the original caller profile (the last of `callflow`: an array since FreeSWITCH 1.10; older versions repeat the `callflow` key and the last one read is the original): `caller_id_name`, `caller_id_number`, `destination_number` | `customer_name`, `from`, `to` | without a `callflow`, the variables of those names |
//! | `start_uepoch` (else `start_epoch`) | `timeline.started_at` | Unix time in µs (s), UTC: `time_zone` is not needed; `0` is "never" |
//! | `answer_uepoch` (else `answer_epoch`) | `timeline.talk_started_at` | |
//! | `end_uepoch` (else `end_epoch`) | `timeline.closed_at`, and `timeline.talk_ended_at` when answered | |
//! | `bridge_uepoch` (else `bridge_epoch`) | — | tells an IVR-only call from a bridged one (below) |
//! | `billsec`, `hold_accum_seconds`, `waitsec` | `reported.talk`, `reported.hold`, `reported.wait` | seconds |
//! | `hangup_cause` | as for `freeswitch_csv` | required |
//! | `sip_hangup_disposition` | `disconnect_side` of an inbound leg when the cause does not tell it: `recv_bye`, `recv_cancel`, `recv_refuse` → customer; `send_*` → agent when bridged, else system; also `extra` | |
//! | `cc_queue`, `cc_agent` (`mod_callcenter`) | `queue`, `agents[0].name` | |
//! | `cc_queue_joined_epoch` | `timeline.enqueued_at` | |
//! | `cc_queue_answered_epoch`, else `cc_queue_canceled_epoch` | `timeline.dequeued_at` | an inbound leg that left the queue cancelled, never taken by an agent, is `no_answer` / `abandoned` with no talk, whatever the cause |
//! | — | `attempt_result = ended_in_ivr` | an inbound leg answered by the dialplan, never bridged or queued |
//! | every other variable (`start_stamp`, `duration`, `hangup_cause_q850`, `last_app`, `sip_*`, …), `core-uuid`, `switchname` | `extra[…]` under its own name, decoded | |
//! | `channel_data`, `callStats`, `app_log`, the rest of `callflow` | — | not kept: the state machine's and media's bookkeeping |
//!
//! Every record is a voice call, one per leg (B-legs only when the module is configured to log
//! them).
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
//! | `status` | `status` ([`ContactStatus::from_twilio`](crate::ContactStatus::from_twilio)), `attempt_result` ([`AttemptResult::from_twilio`](crate::AttemptResult::from_twilio)) | a call still queued, ringing or in progress has no attempt result |
//! | `start_time` | `timeline.started_at` | |
//! | `end_time` | `timeline.closed_at` | |
//! | `duration` | `reported.talk` | seconds; Twilio leaves it empty for busy, failed and unanswered calls |
//! | `price` + `price_unit` | `price` | exact decimal as Twilio reports it (a charge is negative); a price without a unit is an error |
//! | `subresource_uris` | — | links to other resources, not kept |
//! | any other field (`parent_call_sid` of a child leg, `date_created`, `answered_by`, `queue_time`, `forwarded_from`, `account_sid`, `uri`, …) | `extra[…]` under its own name | numbers and booleans as their JSON text, objects and arrays as JSON; `null` is no value |
//!
//! # Amazon Connect contact records (`connect_ctr`)
//!
//! Contact records (formerly contact trace records, CTRs) as the data streaming export writes
//! them to Kinesis Data Streams or Firehose: one JSON object per record, one after another
//! (JSON lines, or objects back to back as Firehose concatenates them into S3 files). Times are
//! ISO 8601 in UTC. Connect delivers a record at least once and again on updates: records are
//! read as delivered (deduplicate on `ContactId` keeping the greatest `LastUpdateTimestamp`).
//!
//! | Connect field | `CallRecord` | notes |
//! | --- | --- | --- |
//! | `ContactId` | `id` | required |
//! | `Channel` | `channel` | `VOICE`, `CHAT`, `EMAIL`; a `TASK` is not a contact the model holds: an error |
//! | `InitiationMethod` | `direction`, and `extra` | `INBOUND`, `WEBRTC_API` → inbound; `OUTBOUND`, `EXTERNAL_OUTBOUND`, `CALLBACK`, `AGENT_REPLY` → outbound; `API` → outbound for a voice contact (StartOutboundVoiceContact), inbound otherwise (StartChatContact); `MONITOR` → internal; `TRANSFER`, `QUEUE_TRANSFER`, `DISCONNECT`, `FLOW` → none (the initial contact has it) |
//! | `CustomerEndpoint.Address`, `SystemEndpoint.Address` | `from`, `to` (swapped for outbound) | the endpoints' `Type` is not kept |
//! | `InitiationTimestamp` | `timeline.started_at` | |
//! | `DisconnectTimestamp` | `timeline.closed_at`, and `timeline.talk_ended_at` when an agent was connected | |
//! | `Queue.Name`, `Queue.EnqueueTimestamp`, `Queue.DequeueTimestamp`, `Queue.Duration` | `queue`, `timeline.enqueued_at`, `timeline.dequeued_at`, `reported.wait` | |
//! | `Agent.Username`, `Agent.ARN` | `agents[0].name`, `agents[0].id` | |
//! | `Agent.ConnectedToAgentTimestamp` | `timeline.talk_started_at` | |
//! | `Agent.AfterContactWorkStartTimestamp`, `…EndTimestamp`, `…Duration` | `timeline.after_call_work_started_at`, `…_ended_at`, `reported.after_call_work` | |
//! | `Agent.CustomerHoldDuration`, `Agent.NumberOfHolds`, `Agent.AgentInteractionDuration` | `reported.hold`, `hold_count`, `reported.agent_talk` | |
//! | `DisconnectReason` | `disconnect_side` ([`DisconnectSide::from_amazon_connect`](crate::DisconnectSide::from_amazon_connect)), `end_reason` as written | |
//! | — | `status`, `attempt_result` | connected to an agent → `answered` / `call_accepted`; queued, no agent → `no_answer` / `abandoned`; neither, inbound → `answered` / `ended_in_ivr`; neither, outbound → `no_answer` / `no_answer` |
//! | `Recording.Location`, `Recording.Type` | `recording.url`, `recording.format` | `Recording.Status` and the rest in `extra` |
//! | `Attributes.{name}` | `extra["Attributes.{name}"]` | the contact attributes set in flows |
//! | every other field (`AWSAccountId`, `InstanceARN`, `InitialContactId`, `PreviousContactId`, `NextContactId`, `LastUpdateTimestamp`, `Tags`, `MediaStreams`, …) and the other fields of `Agent`, `Queue`, `Recording`, the endpoints | `extra[…]` under its name (`Agent.RoutingProfile`) | numbers and booleans as JSON text, objects and arrays as JSON; `null` is no value |
//!
//! # Example
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
use crate::model::{CallRecord, Timestamp};

mod asterisk;
mod connect;
mod freeswitch;
mod twilio;

use asterisk::AsteriskCsv;
use connect::ConnectCtr;
use freeswitch::{FreeswitchCsv, FreeswitchJson};
use twilio::TwilioJson;

/// A format of call records written by a phone system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Source {
    /// Asterisk `cdr_csv`'s `Master.csv` (`asterisk_csv`); see the [module docs](self).
    AsteriskCsv,
    /// FreeSWITCH `mod_cdr_csv` with the template the vanilla configuration uses by default
    /// (`freeswitch_csv`); see the [module docs](self).
    FreeswitchCsv,
    /// FreeSWITCH `mod_json_cdr` JSON CDRs (`freeswitch_json`), one after another; see the
    /// [module docs](self).
    FreeswitchJson,
    /// Twilio Call resources as JSON (`twilio_json`): single resources, list pages or JSON
    /// lines; see the [module docs](self).
    TwilioJson,
    /// Amazon Connect contact records (`connect_ctr`) as the Kinesis or Firehose export
    /// delivers them, one JSON object after another; see the [module docs](self).
    ConnectCtr,
}

impl Source {
    /// The machine names, as [`FromStr`] accepts them.
    pub const NAMES: &'static [&'static str] = &[
        "asterisk_csv",
        "freeswitch_csv",
        "freeswitch_json",
        "twilio_json",
        "connect_ctr",
    ];

    /// Every source, in the order of [`NAMES`](Self::NAMES).
    pub const ALL: &'static [Source] = &[
        Source::AsteriskCsv,
        Source::FreeswitchCsv,
        Source::FreeswitchJson,
        Source::TwilioJson,
        Source::ConnectCtr,
    ];

    /// The machine name.
    pub const fn name(self) -> &'static str {
        match self {
            Source::AsteriskCsv => "asterisk_csv",
            Source::FreeswitchCsv => "freeswitch_csv",
            Source::FreeswitchJson => "freeswitch_json",
            Source::TwilioJson => "twilio_json",
            Source::ConnectCtr => "connect_ctr",
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
        match Source::ALL.iter().find(|v| v.name() == s) {
            Some(v) => Ok(*v),
            None => Err(Error::UnknownValue {
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
    let inner: Box<dyn Iterator<Item = Result<CallRecord>> + Send> = match source {
        Source::AsteriskCsv => Box::new(AsteriskCsv::new(reader, path, options.time_zone)),
        Source::FreeswitchCsv => Box::new(FreeswitchCsv::new(reader, path, options.time_zone)),
        Source::FreeswitchJson => Box::new(FreeswitchJson::new(reader, path)),
        Source::TwilioJson => Box::new(TwilioJson::new(reader, path)),
        Source::ConnectCtr => Box::new(ConnectCtr::new(reader, path)),
    };
    SourceRecords { inner }
}

/// An [`Error::Parse`] naming the source file, the line or record, and the field.
fn parse_error(path: &Path, row: u64, field: &str, reason: impl Into<String>) -> Error {
    Error::Parse {
        path: path.to_path_buf(),
        row,
        column: field.to_string(),
        reason: reason.into(),
    }
}

/// A local `YYYY-MM-DD HH:MM:SS` time of a PBX in `tz`, as UTC (`None` when empty). In the
/// repeated hour when clocks go back, the earlier instant; a time skipped by a DST change is an
/// error. The error is the reason, for the caller to name its field.
fn local_time(tz: Tz, v: &str) -> std::result::Result<Option<Timestamp>, String> {
    if v.is_empty() {
        return Ok(None);
    }
    let naive = NaiveDateTime::parse_from_str(v, "%Y-%m-%d %H:%M:%S")
        .map_err(|e| format!("{v:?} is not a YYYY-MM-DD HH:MM:SS time: {e}"))?;
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(t) => Ok(Some(t.to_utc())),
        LocalResult::Ambiguous(a, _) => Ok(Some(a.to_utc())),
        LocalResult::None => Err(format!(
            "{v} does not exist in {tz} (skipped by a DST change)"
        )),
    }
}

/// A whole, non-negative number of seconds.
fn seconds(v: &str) -> std::result::Result<i64, String> {
    v.trim()
        .parse::<i64>()
        .ok()
        .filter(|n| *n >= 0)
        .ok_or_else(|| format!("{v:?} is not a number of seconds"))
}

/// JSON values one after another (a single document, concatenated documents or JSON lines),
/// read one at a time from any reader.
struct JsonValues<R: Read> {
    values: serde_json::StreamDeserializer<'static, serde_json::de::IoRead<R>, serde_json::Value>,
}

impl<R: Read> JsonValues<R> {
    fn new(reader: R) -> Self {
        JsonValues {
            values: serde_json::Deserializer::from_reader(reader).into_iter(),
        }
    }

    /// The next value; a syntax or I/O error is the reason, with the line where it is.
    fn next_value(&mut self) -> Option<std::result::Result<serde_json::Value, String>> {
        Some(
            self.values
                .next()?
                .map_err(|e| format!("not JSON at line {}, column {}: {e}", e.line(), e.column())),
        )
    }
}

/// Takes `key` out of a JSON object as text: strings as they are (empty is no value), numbers
/// and booleans as their JSON text, `null` or absent as no value; an object or array is an
/// error (the reason).
fn take_text(
    o: &mut serde_json::Map<String, serde_json::Value>,
    key: &str,
) -> std::result::Result<Option<String>, String> {
    use serde_json::Value;
    match o.remove(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(v @ (Value::Number(_) | Value::Bool(_))) => Ok(Some(v.to_string())),
        Some(other) => Err(format!("expected text, got {other}")),
    }
}

/// What is left of a JSON object, into `extra` under `prefix` + its own names: strings as they
/// are, numbers and booleans as their JSON text, objects and arrays as JSON; `null` and empty
/// strings are no value.
fn rest_into_extra(
    extra: &mut std::collections::BTreeMap<String, String>,
    prefix: &str,
    o: serde_json::Map<String, serde_json::Value>,
) {
    use serde_json::Value;
    for (k, v) in o {
        let v = match v {
            Value::Null => continue,
            Value::String(s) if s.is_empty() => continue,
            Value::String(s) => s,
            other => other.to_string(),
        };
        extra.insert(format!("{prefix}{k}"), v);
    }
}
