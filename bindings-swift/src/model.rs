//! The record model as Swift structs: `CallRecord`, `CallbackRecord` and their parts.
//!
//! Conventions of the Swift API (the same in every record):
//! - timestamps are `Date` (`SystemTime` in Rust), always an instant: no time zone is baked in;
//! - durations are `TimeInterval`-style `Double` seconds (millisecond precision, as in the
//!   core's CSV round trip). `Double` rather than Swift's `Duration` because Foundation's
//!   `Date` arithmetic and UI formatters (`DateComponentsFormatter`) speak `TimeInterval`;
//! - a missing fact is `nil`, never `""` or `0` (the seeds' blank-field rules read exactly
//!   that); every field but `id` and `channel` has a default, so
//!   `CallRecord(id: "c-1", channel: .video)` is a valid blank record.
//!
//! Converting into the core is checked: a `Date` outside the core's range or a duration that
//! is not a finite number of seconds throws `CallLogError.Invalid` with the record id and the
//! field path, like the core's own validation.

use std::collections::HashMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use calllog::chrono::{DateTime, TimeDelta, Utc};

use crate::errors::{CallLogError, Result};
use crate::vocab::*;

/// A core timestamp from a `SystemTime`, `None` when outside the core's range.
pub(crate) fn timestamp_from_system_time(t: SystemTime) -> Option<DateTime<Utc>> {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => DateTime::from_timestamp(i64::try_from(d.as_secs()).ok()?, d.subsec_nanos()),
        Err(before) => {
            let d = before.duration();
            let secs = i64::try_from(d.as_secs()).ok()?;
            match d.subsec_nanos() {
                0 => DateTime::from_timestamp(-secs, 0),
                n => DateTime::from_timestamp(-secs - 1, 1_000_000_000 - n),
            }
        }
    }
}

/// A `SystemTime` from a core timestamp.
pub(crate) fn system_time(t: DateTime<Utc>) -> SystemTime {
    let secs = t.timestamp();
    let nanos = t.timestamp_subsec_nanos();
    if secs >= 0 {
        UNIX_EPOCH + Duration::new(secs as u64, nanos)
    } else {
        UNIX_EPOCH - Duration::new(secs.unsigned_abs(), 0) + Duration::new(0, nanos)
    }
}

/// Seconds from a core duration.
pub(crate) fn seconds(d: TimeDelta) -> f64 {
    d.as_seconds_f64()
}

fn opt_time(t: Option<DateTime<Utc>>) -> Option<SystemTime> {
    t.map(system_time)
}

fn opt_seconds(d: Option<TimeDelta>) -> Option<f64> {
    d.map(seconds)
}

/// Checked conversion of one record's values into the core, naming the record and field.
pub(crate) struct Ctx<'a> {
    pub(crate) id: &'a str,
}

/// Largest duration carried into the core, in seconds (the core rejects over 31 days anyway).
const MAX_SECONDS: f64 = 1e12;

impl Ctx<'_> {
    pub(crate) fn time(&self, field: &str, t: Option<SystemTime>) -> Result<Option<DateTime<Utc>>> {
        t.map(|t| {
            timestamp_from_system_time(t).ok_or_else(|| {
                CallLogError::invalid(self.id, field, "date outside the supported range")
            })
        })
        .transpose()
    }

    pub(crate) fn secs(&self, field: &str, s: Option<f64>) -> Result<Option<TimeDelta>> {
        s.map(|s| {
            if !s.is_finite() || s.abs() > MAX_SECONDS {
                return Err(CallLogError::invalid(
                    self.id,
                    field,
                    format!("{s} is not a finite number of seconds"),
                ));
            }
            Ok(TimeDelta::milliseconds((s * 1000.0).round() as i64))
        })
        .transpose()
    }
}

fn opt_into<A: Into<B>, B>(v: Option<A>) -> Option<B> {
    v.map(Into::into)
}

/// An exact amount of money with its currency, never a binary float.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
#[uniffi::export(Display)]
pub struct Money {
    /// The amount times 10^`scale` (125 with scale 4 is 0.0125).
    pub units: i64,
    /// Digits after the decimal point (0...18).
    pub scale: u8,
    /// ISO 4217 code, e.g. `RUB`, `JPY`, `PLN`.
    pub currency: String,
}

impl From<Money> for calllog::Money {
    fn from(m: Money) -> Self {
        calllog::Money::new(m.units, m.scale, m.currency)
    }
}

impl From<calllog::Money> for Money {
    fn from(m: calllog::Money) -> Self {
        Money {
            units: m.units,
            scale: m.scale,
            currency: m.currency,
        }
    }
}

#[uniffi::export]
impl Money {
    /// The amount as a decimal string, e.g. `"0.0125"`.
    pub fn amount_string(&self) -> String {
        calllog::Money::from(self.clone()).amount_string()
    }

    /// The amount as a `Double`, for charts (may round).
    pub fn to_double(&self) -> f64 {
        calllog::Money::from(self.clone()).to_f64()
    }
}

impl std::fmt::Display for Money {
    /// `"<amount> <CURRENCY>"`, e.g. `"0.0125 USD"` (Swift `description`).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        calllog::Money::from(self.clone()).fmt(f)
    }
}

/// Parses `"<amount> <CURRENCY>"` exactly, e.g. `"1.25 RUB"`.
#[uniffi::export]
pub fn parse_money(value: String) -> Result<Money> {
    Ok(value.parse::<calllog::Money>()?.into())
}

/// A staff member (agent, operator) who took part in a contact.
#[derive(Debug, Clone, Default, PartialEq, Eq, uniffi::Record)]
pub struct Agent {
    /// Registered name (seed 000 C スタッフ名, seed 002 Оператор, seed 004 Agent).
    pub name: String,
    /// Stable id in the source system, if any.
    #[uniffi(default)]
    pub id: Option<String>,
    /// The agent's own number or extension (seed 003).
    #[uniffi(default)]
    pub number: Option<String>,
    /// Groups the agent belongs to (supervisors see their groups' calls, seed 002).
    #[uniffi(default)]
    pub groups: Vec<String>,
    /// The user was deleted from the platform (seed 004).
    #[uniffi(default)]
    pub deleted: bool,
}

impl From<Agent> for calllog::Agent {
    fn from(a: Agent) -> Self {
        calllog::Agent {
            id: a.id,
            name: a.name,
            number: a.number,
            groups: a.groups,
            deleted: a.deleted,
        }
    }
}

impl From<calllog::Agent> for Agent {
    fn from(a: calllog::Agent) -> Self {
        Agent {
            name: a.name,
            id: a.id,
            number: a.number,
            groups: a.groups,
            deleted: a.deleted,
        }
    }
}

/// The moments of a contact; what a product does not record stays `nil`. (The core's
/// `Timeline`; named `CallTimeline` so it never clashes with WidgetKit's `Timeline`.)
#[derive(Debug, Clone, Default, PartialEq, Eq, uniffi::Record)]
pub struct CallTimeline {
    /// Seed 000 D コール開始時間; seed 002 Время; seed 004 Kiedy; for incoming calls also the
    /// start of the IVR scenario.
    #[uniffi(default)]
    pub started_at: Option<SystemTime>,
    /// Outbound dialling began (seed 002).
    #[uniffi(default)]
    pub dial_started_at: Option<SystemTime>,
    /// Entered the queue.
    #[uniffi(default)]
    pub enqueued_at: Option<SystemTime>,
    /// Left the queue, answered or not.
    #[uniffi(default)]
    pub dequeued_at: Option<SystemTime>,
    /// Seed 000 E 着信時間: a staff member started ringing.
    #[uniffi(default)]
    pub offered_at: Option<SystemTime>,
    /// Seed 000 F 応答時間またはキャンセル時間: answered, or cancelled before an answer.
    #[uniffi(default)]
    pub answered_or_cancelled_at: Option<SystemTime>,
    /// Seed 000 H 通話開始時間: the conversation began.
    #[uniffi(default)]
    pub talk_started_at: Option<SystemTime>,
    /// Seed 000 I 通話終了時間: the conversation ended.
    #[uniffi(default)]
    pub talk_ended_at: Option<SystemTime>,
    /// After-call work began.
    #[uniffi(default)]
    pub after_call_work_started_at: Option<SystemTime>,
    /// After-call work ended.
    #[uniffi(default)]
    pub after_call_work_ended_at: Option<SystemTime>,
    /// Seed 000 J 接続終了時間: the staff member closed the room.
    #[uniffi(default)]
    pub closed_at: Option<SystemTime>,
}

impl CallTimeline {
    fn into_core(self, c: &Ctx) -> Result<calllog::Timeline> {
        Ok(calllog::Timeline {
            started_at: c.time("timeline.started_at", self.started_at)?,
            dial_started_at: c.time("timeline.dial_started_at", self.dial_started_at)?,
            enqueued_at: c.time("timeline.enqueued_at", self.enqueued_at)?,
            dequeued_at: c.time("timeline.dequeued_at", self.dequeued_at)?,
            offered_at: c.time("timeline.offered_at", self.offered_at)?,
            answered_or_cancelled_at: c.time(
                "timeline.answered_or_cancelled_at",
                self.answered_or_cancelled_at,
            )?,
            talk_started_at: c.time("timeline.talk_started_at", self.talk_started_at)?,
            talk_ended_at: c.time("timeline.talk_ended_at", self.talk_ended_at)?,
            after_call_work_started_at: c.time(
                "timeline.after_call_work_started_at",
                self.after_call_work_started_at,
            )?,
            after_call_work_ended_at: c.time(
                "timeline.after_call_work_ended_at",
                self.after_call_work_ended_at,
            )?,
            closed_at: c.time("timeline.closed_at", self.closed_at)?,
        })
    }
}

impl From<calllog::Timeline> for CallTimeline {
    fn from(t: calllog::Timeline) -> Self {
        CallTimeline {
            started_at: opt_time(t.started_at),
            dial_started_at: opt_time(t.dial_started_at),
            enqueued_at: opt_time(t.enqueued_at),
            dequeued_at: opt_time(t.dequeued_at),
            offered_at: opt_time(t.offered_at),
            answered_or_cancelled_at: opt_time(t.answered_or_cancelled_at),
            talk_started_at: opt_time(t.talk_started_at),
            talk_ended_at: opt_time(t.talk_ended_at),
            after_call_work_started_at: opt_time(t.after_call_work_started_at),
            after_call_work_ended_at: opt_time(t.after_call_work_ended_at),
            closed_at: opt_time(t.closed_at),
        }
    }
}

/// Durations (seconds) a product reports as numbers when it does not give the timestamps.
/// The rules use them only when the timeline cannot answer.
#[derive(Debug, Clone, Default, PartialEq, uniffi::Record)]
pub struct ReportedDurations {
    /// Customer wait.
    #[uniffi(default)]
    pub wait: Option<f64>,
    /// Dialling / ringing (seed 002 Длительность дозвона, seed 004 Czas wydzwaniania).
    #[uniffi(default)]
    pub dial: Option<f64>,
    /// Talk as the vendor defines it (seed 002, seed 004 Czas rozmowy).
    #[uniffi(default)]
    pub talk: Option<f64>,
    /// Agent–customer talk only (seed 004 Rozmowa z agentem).
    #[uniffi(default)]
    pub agent_talk: Option<f64>,
    /// Time in the IVR.
    #[uniffi(default)]
    pub ivr: Option<f64>,
    /// Customer on hold.
    #[uniffi(default)]
    pub hold: Option<f64>,
    /// After-call work.
    #[uniffi(default)]
    pub after_call_work: Option<f64>,
    /// Whole duration (seed 003).
    #[uniffi(default)]
    pub total: Option<f64>,
}

impl ReportedDurations {
    fn into_core(self, c: &Ctx) -> Result<calllog::ReportedDurations> {
        Ok(calllog::ReportedDurations {
            wait: c.secs("reported.wait", self.wait)?,
            dial: c.secs("reported.dial", self.dial)?,
            talk: c.secs("reported.talk", self.talk)?,
            agent_talk: c.secs("reported.agent_talk", self.agent_talk)?,
            ivr: c.secs("reported.ivr", self.ivr)?,
            hold: c.secs("reported.hold", self.hold)?,
            after_call_work: c.secs("reported.after_call_work", self.after_call_work)?,
            total: c.secs("reported.total", self.total)?,
        })
    }
}

impl From<calllog::ReportedDurations> for ReportedDurations {
    fn from(d: calllog::ReportedDurations) -> Self {
        ReportedDurations {
            wait: opt_seconds(d.wait),
            dial: opt_seconds(d.dial),
            talk: opt_seconds(d.talk),
            agent_talk: opt_seconds(d.agent_talk),
            ivr: opt_seconds(d.ivr),
            hold: opt_seconds(d.hold),
            after_call_work: opt_seconds(d.after_call_work),
            total: opt_seconds(d.total),
        }
    }
}

/// One entry of seed 000 N 着信履歴: a staff member was rung.
#[derive(Debug, Clone, Default, PartialEq, Eq, uniffi::Record)]
pub struct RingEvent {
    /// Who was rung (スタッフ名).
    pub staff_name: String,
    /// When (日時).
    #[uniffi(default)]
    pub at: Option<SystemTime>,
    /// Why the ring ended as it did (履歴の詳細理由).
    #[uniffi(default)]
    pub detail: Option<String>,
}

/// One step of the IVR path (seed 004: one line per tile in the detailed report).
#[derive(Debug, Clone, Default, PartialEq, Eq, uniffi::Record)]
pub struct IvrStep {
    /// The tile or node name.
    pub node: String,
    /// When the caller entered it.
    #[uniffi(default)]
    pub entered_at: Option<SystemTime>,
    /// When the caller left it.
    #[uniffi(default)]
    pub left_at: Option<SystemTime>,
    /// The caller's choice (DTMF key, recognised phrase).
    #[uniffi(default)]
    pub choice: Option<String>,
    /// Anything else the product records for the step.
    #[uniffi(default)]
    pub detail: Option<String>,
}

/// One survey question and its answer (seed 000: up to 50 before and 50 after the call).
#[derive(Debug, Clone, Default, PartialEq, Eq, uniffi::Record)]
pub struct SurveyAnswer {
    /// 1-based question number (1...50).
    pub index: u8,
    /// The question (設問).
    pub question: String,
    /// The answer (回答); `nil` when not answered.
    #[uniffi(default)]
    pub answer: Option<String>,
}

impl From<SurveyAnswer> for calllog::SurveyAnswer {
    fn from(a: SurveyAnswer) -> Self {
        calllog::SurveyAnswer {
            index: a.index,
            question: a.question,
            answer: a.answer,
        }
    }
}

impl From<calllog::SurveyAnswer> for SurveyAnswer {
    fn from(a: calllog::SurveyAnswer) -> Self {
        SurveyAnswer {
            index: a.index,
            question: a.question,
            answer: a.answer,
        }
    }
}

/// A comment attached to a contact (seed 002 Заметки, seed 003 comments).
#[derive(Debug, Clone, Default, PartialEq, Eq, uniffi::Record)]
pub struct Note {
    /// The text.
    pub text: String,
    /// Who wrote it.
    #[uniffi(default)]
    pub author: Option<String>,
    /// When.
    #[uniffi(default)]
    pub at: Option<SystemTime>,
}

/// A recording of the conversation.
#[derive(Debug, Clone, Default, PartialEq, uniffi::Record)]
pub struct Recording {
    /// Link to play or share it.
    #[uniffi(default)]
    pub url: Option<String>,
    /// Length in seconds (seed 000 L 録画時間); `nil` while processing or unknown.
    #[uniffi(default)]
    pub duration: Option<f64>,
    /// Still being processed right after the call (seed 000 L: blank in XLSX, 0 in CSV).
    #[uniffi(default)]
    pub processing: bool,
    /// File format, e.g. `ogg` (seed 003).
    #[uniffi(default)]
    pub format: Option<String>,
}

impl Recording {
    fn into_core(self, c: &Ctx) -> Result<calllog::Recording> {
        Ok(calllog::Recording {
            url: self.url,
            duration: c.secs("recording.duration", self.duration)?,
            processing: self.processing,
            format: self.format,
        })
    }
}

impl From<calllog::Recording> for Recording {
    fn from(r: calllog::Recording) -> Self {
        Recording {
            url: r.url,
            duration: opt_seconds(r.duration),
            processing: r.processing,
            format: r.format,
        }
    }
}

/// Where the caller came from (seed 003 Visit / Client).
#[derive(Debug, Clone, Default, PartialEq, Eq, uniffi::Record)]
pub struct Visit {
    /// utm_source or the referrer.
    #[uniffi(default)]
    pub source: Option<String>,
    /// utm_medium.
    #[uniffi(default)]
    pub medium: Option<String>,
    /// utm_campaign.
    #[uniffi(default)]
    pub campaign: Option<String>,
    /// utm_content.
    #[uniffi(default)]
    pub content: Option<String>,
    /// utm_term.
    #[uniffi(default)]
    pub term: Option<String>,
    /// The landing page.
    #[uniffi(default)]
    pub landing_page: Option<String>,
    /// The client's IP address.
    #[uniffi(default)]
    pub client_ip: Option<String>,
}

impl From<Visit> for calllog::Visit {
    fn from(v: Visit) -> Self {
        calllog::Visit {
            source: v.source,
            medium: v.medium,
            campaign: v.campaign,
            content: v.content,
            term: v.term,
            landing_page: v.landing_page,
            client_ip: v.client_ip,
        }
    }
}

impl From<calllog::Visit> for Visit {
    fn from(v: calllog::Visit) -> Self {
        Visit {
            source: v.source,
            medium: v.medium,
            campaign: v.campaign,
            content: v.content,
            term: v.term,
            landing_page: v.landing_page,
            client_ip: v.client_ip,
        }
    }
}

/// One contact: a call, video call, SMS, e-mail or chat. Field meanings are the core's
/// (`calllog::CallRecord`), with the seed column each comes from.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct CallRecord {
    /// Unique id: seed 000 A 接続番号, seed 004 ID połączenia, the vendor's call id.
    pub id: String,
    /// The medium.
    pub channel: Channel,
    /// Inbound, outbound or internal (seed 002 Тип).
    #[uniffi(default)]
    pub direction: Option<Direction>,
    /// Seed 004 Typ (one of seventeen).
    #[uniffi(default)]
    pub interaction_type: Option<InteractionType>,
    /// Seed 002's call type, which decides how dial and talk time are measured.
    #[uniffi(default)]
    pub call_type: Option<CallType>,
    /// Seed 000 R 通話モード.
    #[uniffi(default)]
    pub call_mode: Option<CallMode>,
    /// Seed 004 Status / seed 003 status.
    #[uniffi(default)]
    pub status: Option<ContactStatus>,
    /// Seed 000 B お客様名.
    #[uniffi(default)]
    pub customer_name: Option<String>,
    /// Source number or address.
    #[uniffi(default)]
    pub from: Option<String>,
    /// Destination number or address.
    #[uniffi(default)]
    pub to: Option<String>,
    /// E-mail copies (seed 004 Adres DW).
    #[uniffi(default)]
    pub cc: Vec<String>,
    /// Blind copies (seed 004 Adres UDW).
    #[uniffi(default)]
    pub bcc: Vec<String>,
    /// Staff who took part, in the order they joined (seed 000 C).
    #[uniffi(default)]
    pub agents: Vec<Agent>,
    /// Seed 002 Очередь, seed 004 Kolejka.
    #[uniffi(default)]
    pub queue: Option<String>,
    /// Seed 002 Кампания, seed 004 Kampania.
    #[uniffi(default)]
    pub campaign: Option<String>,
    /// Seed 002 Сценарий.
    #[uniffi(default)]
    pub scenario: Option<String>,
    /// Link to the scenario (hidden from supervisors as a link).
    #[uniffi(default)]
    pub scenario_url: Option<String>,
    /// The moments of the contact.
    #[uniffi(default)]
    pub timeline: CallTimeline,
    /// Durations the product reported as numbers.
    #[uniffi(default)]
    pub reported: ReportedDurations,
    /// Seed 000 K 終了理由.
    #[uniffi(default)]
    pub end_reason: Option<String>,
    /// Seed 004 Strona rozłączenia.
    #[uniffi(default)]
    pub disconnect_side: Option<DisconnectSide>,
    /// Number of times the customer was put on hold.
    #[uniffi(default)]
    pub hold_count: Option<u32>,
    /// Seed 002 Результат попытки.
    #[uniffi(default)]
    pub attempt_result: Option<AttemptResult>,
    /// Seed 002 Код завершения.
    #[uniffi(default)]
    pub completion_code: Option<String>,
    /// Seed 002: the scheduled callback shown with the completion code.
    #[uniffi(default)]
    pub callback_at: Option<SystemTime>,
    /// Seed 002 Попытки.
    #[uniffi(default)]
    pub attempts: Option<u32>,
    /// Seed 002 Теги.
    #[uniffi(default)]
    pub tags: Vec<String>,
    /// Seed 002 Тематики.
    #[uniffi(default)]
    pub topics: Vec<String>,
    /// Seed 003 categories.
    #[uniffi(default)]
    pub categories: Vec<String>,
    /// Seed 004 Klasyfikator.
    #[uniffi(default)]
    pub classifier: Option<String>,
    /// Seed 002 Заметки / seed 003 comments.
    #[uniffi(default)]
    pub notes: Vec<Note>,
    /// Seed 003: rating given to the manager (agent), 1...5.
    #[uniffi(default)]
    pub manager_rating: Option<u8>,
    /// Seed 003: rating of the call, 1...5.
    #[uniffi(default)]
    pub call_rating: Option<u8>,
    /// The recording, if any.
    #[uniffi(default)]
    pub recording: Option<Recording>,
    /// Seed 002 Цена (hidden from supervisors).
    #[uniffi(default)]
    pub price: Option<Money>,
    /// Seed 000 M コブラウズ利用.
    #[uniffi(default)]
    pub co_browse: bool,
    /// Seed 000 N 着信履歴, in time order.
    #[uniffi(default)]
    pub ring_history: Vec<RingEvent>,
    /// Seed 000 O ブランド名.
    #[uniffi(default)]
    pub brand: Option<String>,
    /// Seed 000 P サービス名.
    #[uniffi(default)]
    pub service: Option<String>,
    /// Seed 000 Q メニュー名.
    #[uniffi(default)]
    pub menu: Option<String>,
    /// Seed 000 S スタッフメモ.
    #[uniffi(default)]
    pub staff_memo: Option<String>,
    /// Seed 000 T: the customer's user agent.
    #[uniffi(default)]
    pub customer_user_agent: Option<String>,
    /// Seed 000 U: the staff member's user agent.
    #[uniffi(default)]
    pub staff_user_agent: Option<String>,
    /// Seed 000 V 追加情報.
    #[uniffi(default)]
    pub extra_info: Option<String>,
    /// Seed 000 W チャットログ.
    #[uniffi(default)]
    pub chat_log: Option<String>,
    /// Seed 000 X..DS: the pre-call survey (at most 50).
    #[uniffi(default)]
    pub pre_survey: Vec<SurveyAnswer>,
    /// Seed 000 CF..HO: the post-call survey (at most 50).
    #[uniffi(default)]
    pub post_survey: Vec<SurveyAnswer>,
    /// Seed 003 visit and client data.
    #[uniffi(default)]
    pub visit: Option<Visit>,
    /// Seed 004 ID rekordu: the customer record in the CRM.
    #[uniffi(default)]
    pub record_id: Option<String>,
    /// Seed 004 Pole znaczące.
    #[uniffi(default)]
    pub significant_field: Option<String>,
    /// Seed 004 ID zgłoszenia (ticket).
    #[uniffi(default)]
    pub ticket_id: Option<String>,
    /// Seed 001 リクエストID.
    #[uniffi(default)]
    pub request_id: Option<String>,
    /// The IVR path, step by step (seed 004).
    #[uniffi(default)]
    pub ivr_path: Vec<IvrStep>,
    /// Anything else a product adds, by its own name.
    #[uniffi(default)]
    pub extra: HashMap<String, String>,
}

impl CallRecord {
    /// The core record; throws `Invalid` (record id, field) for a value the core cannot hold.
    /// Does not run the model's validation: see [`CallRecord::to_validated_core`].
    pub(crate) fn to_core(&self) -> Result<calllog::CallRecord> {
        self.clone().into_core()
    }

    /// The core record, validated (timestamps ordered, lengths bounded, ...).
    pub(crate) fn to_validated_core(&self) -> Result<calllog::CallRecord> {
        let r = self.to_core()?;
        r.validate()?;
        Ok(r)
    }

    pub(crate) fn into_core(self) -> Result<calllog::CallRecord> {
        let id = self.id.clone();
        let c = Ctx { id: &id };
        let ring_history = self
            .ring_history
            .into_iter()
            .enumerate()
            .map(|(i, e)| {
                Ok(calllog::RingEvent {
                    at: c.time(&format!("ring_history[{i}].at"), e.at)?,
                    staff_name: e.staff_name,
                    detail: e.detail,
                })
            })
            .collect::<Result<_>>()?;
        let ivr_path = self
            .ivr_path
            .into_iter()
            .enumerate()
            .map(|(i, s)| {
                Ok(calllog::IvrStep {
                    node: s.node,
                    entered_at: c.time(&format!("ivr_path[{i}].entered_at"), s.entered_at)?,
                    left_at: c.time(&format!("ivr_path[{i}].left_at"), s.left_at)?,
                    choice: s.choice,
                    detail: s.detail,
                })
            })
            .collect::<Result<_>>()?;
        let notes = self
            .notes
            .into_iter()
            .enumerate()
            .map(|(i, n)| {
                Ok(calllog::Note {
                    author: n.author,
                    at: c.time(&format!("notes[{i}].at"), n.at)?,
                    text: n.text,
                })
            })
            .collect::<Result<_>>()?;
        Ok(calllog::CallRecord {
            channel: self.channel.into(),
            direction: opt_into(self.direction),
            interaction_type: opt_into(self.interaction_type),
            call_type: opt_into(self.call_type),
            call_mode: opt_into(self.call_mode),
            status: opt_into(self.status),
            customer_name: self.customer_name,
            from: self.from,
            to: self.to,
            cc: self.cc,
            bcc: self.bcc,
            agents: self.agents.into_iter().map(Into::into).collect(),
            queue: self.queue,
            campaign: self.campaign,
            scenario: self.scenario,
            scenario_url: self.scenario_url,
            timeline: self.timeline.into_core(&c)?,
            reported: self.reported.into_core(&c)?,
            end_reason: self.end_reason,
            disconnect_side: opt_into(self.disconnect_side),
            hold_count: self.hold_count,
            attempt_result: opt_into(self.attempt_result),
            completion_code: self.completion_code,
            callback_at: c.time("callback_at", self.callback_at)?,
            attempts: self.attempts,
            tags: self.tags,
            topics: self.topics,
            categories: self.categories,
            classifier: self.classifier,
            notes,
            manager_rating: self.manager_rating,
            call_rating: self.call_rating,
            recording: self.recording.map(|r| r.into_core(&c)).transpose()?,
            price: opt_into(self.price),
            co_browse: self.co_browse,
            ring_history,
            brand: self.brand,
            service: self.service,
            menu: self.menu,
            staff_memo: self.staff_memo,
            customer_user_agent: self.customer_user_agent,
            staff_user_agent: self.staff_user_agent,
            extra_info: self.extra_info,
            chat_log: self.chat_log,
            pre_survey: self.pre_survey.into_iter().map(Into::into).collect(),
            post_survey: self.post_survey.into_iter().map(Into::into).collect(),
            visit: opt_into(self.visit),
            record_id: self.record_id,
            significant_field: self.significant_field,
            ticket_id: self.ticket_id,
            request_id: self.request_id,
            ivr_path,
            extra: self.extra.into_iter().collect(),
            id: self.id,
        })
    }
}

impl From<calllog::CallRecord> for CallRecord {
    fn from(r: calllog::CallRecord) -> Self {
        CallRecord {
            id: r.id,
            channel: r.channel.into(),
            direction: opt_into(r.direction),
            interaction_type: opt_into(r.interaction_type),
            call_type: opt_into(r.call_type),
            call_mode: opt_into(r.call_mode),
            status: opt_into(r.status),
            customer_name: r.customer_name,
            from: r.from,
            to: r.to,
            cc: r.cc,
            bcc: r.bcc,
            agents: r.agents.into_iter().map(Into::into).collect(),
            queue: r.queue,
            campaign: r.campaign,
            scenario: r.scenario,
            scenario_url: r.scenario_url,
            timeline: r.timeline.into(),
            reported: r.reported.into(),
            end_reason: r.end_reason,
            disconnect_side: opt_into(r.disconnect_side),
            hold_count: r.hold_count,
            attempt_result: opt_into(r.attempt_result),
            completion_code: r.completion_code,
            callback_at: opt_time(r.callback_at),
            attempts: r.attempts,
            tags: r.tags,
            topics: r.topics,
            categories: r.categories,
            classifier: r.classifier,
            notes: r
                .notes
                .into_iter()
                .map(|n| Note {
                    text: n.text,
                    author: n.author,
                    at: opt_time(n.at),
                })
                .collect(),
            manager_rating: r.manager_rating,
            call_rating: r.call_rating,
            recording: opt_into(r.recording),
            price: opt_into(r.price),
            co_browse: r.co_browse,
            ring_history: r
                .ring_history
                .into_iter()
                .map(|e| RingEvent {
                    staff_name: e.staff_name,
                    at: opt_time(e.at),
                    detail: e.detail,
                })
                .collect(),
            brand: r.brand,
            service: r.service,
            menu: r.menu,
            staff_memo: r.staff_memo,
            customer_user_agent: r.customer_user_agent,
            staff_user_agent: r.staff_user_agent,
            extra_info: r.extra_info,
            chat_log: r.chat_log,
            pre_survey: r.pre_survey.into_iter().map(Into::into).collect(),
            post_survey: r.post_survey.into_iter().map(Into::into).collect(),
            visit: opt_into(r.visit),
            record_id: r.record_id,
            significant_field: r.significant_field,
            ticket_id: r.ticket_id,
            request_id: r.request_id,
            ivr_path: r
                .ivr_path
                .into_iter()
                .map(|s| IvrStep {
                    node: s.node,
                    entered_at: opt_time(s.entered_at),
                    left_at: opt_time(s.left_at),
                    choice: s.choice,
                    detail: s.detail,
                })
                .collect(),
            extra: r.extra.into_iter().collect(),
        }
    }
}

#[uniffi::export]
impl CallRecord {
    /// Checks the record against the model's rules (timestamps in order, surveys numbered
    /// 1...50, ratings 1...5, ...); throws `Invalid` with the record id and the field path.
    pub fn validate(&self) -> Result<()> {
        self.to_validated_core().map(drop)
    }

    /// Agent names in join order, comma separated (seed 000 C).
    pub fn agent_names(&self) -> Result<String> {
        Ok(self.to_core()?.agent_names())
    }

    /// The customer's side: `from` for inbound, `to` for outbound, `nil` for internal.
    pub fn customer_address(&self) -> Result<Option<String>> {
        Ok(self.to_core()?.customer_address().map(str::to_string))
    }

    /// `direction`, else the one implied by the interaction type, else by the call type.
    pub fn effective_direction(&self) -> Result<Option<Direction>> {
        Ok(opt_into(self.to_core()?.effective_direction()))
    }
}

/// One entry of a callback worklist (seed 001 折り返し呼).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct CallbackRecord {
    /// ID: unique id of the entry.
    pub id: String,
    /// 対応状況: not done / done.
    pub state: CallbackState,
    /// 登録日時: when the callback was registered.
    #[uniffi(default)]
    pub registered_at: Option<SystemTime>,
    /// 着信日時: when the call that asked for it came in.
    #[uniffi(default)]
    pub incoming_at: Option<SystemTime>,
    /// 担当者: the agent assigned; `nil` = not assigned.
    #[uniffi(default)]
    pub assignee: Option<String>,
    /// コールセンター名.
    #[uniffi(default)]
    pub call_center: Option<String>,
    /// 業務ラベル名.
    #[uniffi(default)]
    pub business_label: Option<String>,
    /// 相手の番号: the caller's number.
    #[uniffi(default)]
    pub caller_number: Option<String>,
    /// こちらの番号: the call center's number that was called.
    #[uniffi(default)]
    pub our_number: Option<String>,
    /// リクエストID: the call's unique id.
    #[uniffi(default)]
    pub request_id: Option<String>,
    /// 録音: the recorded message.
    #[uniffi(default)]
    pub recording: Option<Recording>,
    /// メモ: at most 1,000 characters.
    #[uniffi(default)]
    pub memo: Option<String>,
}

impl CallbackRecord {
    pub(crate) fn to_core(&self) -> Result<calllog::CallbackRecord> {
        let r = self.clone();
        let c = Ctx { id: &self.id };
        Ok(calllog::CallbackRecord {
            registered_at: c.time("registered_at", r.registered_at)?,
            incoming_at: c.time("incoming_at", r.incoming_at)?,
            assignee: r.assignee,
            state: r.state.into(),
            call_center: r.call_center,
            business_label: r.business_label,
            caller_number: r.caller_number,
            our_number: r.our_number,
            request_id: r.request_id,
            recording: r.recording.map(|x| x.into_core(&c)).transpose()?,
            memo: r.memo,
            id: r.id,
        })
    }
}

impl From<calllog::CallbackRecord> for CallbackRecord {
    fn from(r: calllog::CallbackRecord) -> Self {
        CallbackRecord {
            id: r.id,
            registered_at: opt_time(r.registered_at),
            incoming_at: opt_time(r.incoming_at),
            assignee: r.assignee,
            state: r.state.into(),
            call_center: r.call_center,
            business_label: r.business_label,
            caller_number: r.caller_number,
            our_number: r.our_number,
            request_id: r.request_id,
            recording: opt_into(r.recording),
            memo: r.memo,
        }
    }
}

#[uniffi::export]
impl CallbackRecord {
    /// Checks the entry: non-empty id, memo of at most 1,000 characters (seed 001), incoming
    /// before registered; throws `Invalid` with the id and the field.
    pub fn validate(&self) -> Result<()> {
        Ok(self.to_core()?.validate()?)
    }
}

/// The most characters a callback memo may hold (seed 001: 1,000文字以内).
#[uniffi::export]
pub fn max_memo_chars() -> u32 {
    calllog::validate::MAX_MEMO_CHARS as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_time_round_trips_before_and_after_the_epoch() {
        for text in [
            "2024-05-01T10:00:00.123456789Z",
            "1969-12-31T23:59:58.25Z",
            "1900-01-01T00:00:00Z",
            "1970-01-01T00:00:00Z",
        ] {
            let t = calllog::ts(text);
            assert_eq!(
                timestamp_from_system_time(system_time(t)),
                Some(t),
                "{text}"
            );
        }
    }

    #[test]
    fn a_non_finite_duration_names_record_and_field() {
        let c = Ctx { id: "r-1" };
        assert_eq!(
            c.secs("reported.wait", Some(1.5)).unwrap(),
            Some(TimeDelta::milliseconds(1500))
        );
        match c.secs("reported.wait", Some(f64::NAN)) {
            Err(CallLogError::Invalid {
                record_id, field, ..
            }) => assert_eq!(
                (record_id.as_str(), field.as_str()),
                ("r-1", "reported.wait")
            ),
            other => panic!("{other:?}"),
        }
    }
}
