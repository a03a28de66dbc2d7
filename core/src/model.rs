//! The call record model.
//!
//! A [`CallRecord`] holds one contact (a call, video call, SMS, e-mail or chat) from any of the
//! five products in the seeds without loss; a [`CallbackRecord`] holds one entry of a callback
//! worklist (seed 001). Missing facts are `None`, never `""` or `0`: the seeds' blank-field
//! rules depend on telling blank from zero. Timestamps are UTC; the time zone is an export
//! choice.
//!
//! Build a record with `Default` and struct update, or with the chained setters:
//!
//! ```
//! use calllog::{CallRecord, Channel, Direction, Agent, ts};
//!
//! let r = CallRecord::new("c-1", Channel::Video)
//!     .direction(Direction::Inbound)
//!     .customer_name("山田商店")
//!     .agent(Agent::named("佐藤"))
//!     .agent(Agent::named("鈴木"))
//!     .started_at(ts("2024-05-01T10:00:00Z"))
//!     .offered_at(ts("2024-05-01T10:00:03Z"))
//!     .answered_or_cancelled_at(ts("2024-05-01T10:00:12Z"))
//!     .talk_started_at(ts("2024-05-01T10:00:12Z"))
//!     .talk_ended_at(ts("2024-05-01T10:05:00Z"))
//!     .closed_at(ts("2024-05-01T10:06:30Z"));
//! r.validate().unwrap();
//! assert_eq!(r.agent_names(), "佐藤, 鈴木");
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::vocab::*;

/// A UTC timestamp.
pub type Timestamp = DateTime<Utc>;

/// Parses an RFC 3339 timestamp, panicking on bad input: for examples and tests only.
///
/// ```
/// let t = calllog::ts("2024-05-01T10:00:00+09:00");
/// assert_eq!(t.to_rfc3339(), "2024-05-01T01:00:00+00:00");
/// ```
pub fn ts(rfc3339: &str) -> Timestamp {
    DateTime::parse_from_rfc3339(rfc3339)
        .unwrap_or_else(|e| panic!("bad timestamp {rfc3339:?}: {e}"))
        .with_timezone(&Utc)
}

/// Serde for `Option<TimeDelta>` as fractional seconds (millisecond precision).
pub mod opt_seconds {
    use chrono::TimeDelta;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Serializes as seconds (`f64`) or `null`.
    pub fn serialize<S: Serializer>(v: &Option<TimeDelta>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(d) => s.serialize_f64(d.num_milliseconds() as f64 / 1000.0),
            None => s.serialize_none(),
        }
    }

    /// Deserializes from seconds (`f64`) or `null`.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<TimeDelta>, D::Error> {
        let v = Option::<f64>::deserialize(d)?;
        v.map(|secs| {
            if !secs.is_finite() || secs.abs() > 1e12 {
                return Err(serde::de::Error::custom(format!(
                    "duration out of range: {secs}"
                )));
            }
            Ok(TimeDelta::milliseconds((secs * 1000.0).round() as i64))
        })
        .transpose()
    }
}

/// An exact amount of money with its currency, never a binary float.
///
/// ```
/// use calllog::Money;
/// let m: Money = "0.0125 USD".parse().unwrap();
/// assert_eq!(m.units, 125);
/// assert_eq!(m.scale, 4);
/// assert_eq!(m.to_string(), "0.0125 USD");
/// assert_eq!(m.amount_string(), "0.0125");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Money {
    /// The amount times 10^`scale` (e.g. 125 with scale 4 is 0.0125).
    pub units: i64,
    /// Digits after the decimal point (0..=18).
    pub scale: u8,
    /// ISO 4217 code, e.g. `RUB`, `JPY`, `PLN`.
    pub currency: String,
}

impl Money {
    /// A new amount; `units` × 10^-`scale` in `currency`.
    pub fn new(units: i64, scale: u8, currency: impl Into<String>) -> Self {
        Money {
            units,
            scale,
            currency: currency.into(),
        }
    }

    /// Parses a decimal amount (`"12.50"`, `"-0.3"`) exactly.
    pub fn from_decimal_str(amount: &str, currency: impl Into<String>) -> Result<Self> {
        let bad = || Error::UnknownValue {
            vocabulary: "decimal amount",
            value: amount.to_string(),
            accepted: "digits with an optional sign and one decimal point, e.g. 12.50".into(),
        };
        let t = amount.trim();
        let (neg, digits) = match t.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, t.strip_prefix('+').unwrap_or(t)),
        };
        let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
        if (int.is_empty() && frac.is_empty())
            || !int.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
            || frac.len() > 18
        {
            return Err(bad());
        }
        let joined = format!("{int}{frac}");
        let units: i64 = if joined.is_empty() {
            0
        } else {
            joined.parse().map_err(|_| bad())?
        };
        Ok(Money::new(
            if neg { -units } else { units },
            frac.len() as u8,
            currency,
        ))
    }

    /// The amount as a decimal string, e.g. `"0.0125"`.
    pub fn amount_string(&self) -> String {
        let neg = self.units < 0;
        let digits = self.units.unsigned_abs().to_string();
        let scale = self.scale as usize;
        let s = if scale == 0 {
            digits
        } else if digits.len() > scale {
            format!(
                "{}.{}",
                &digits[..digits.len() - scale],
                &digits[digits.len() - scale..]
            )
        } else {
            format!("0.{}{}", "0".repeat(scale - digits.len()), digits)
        };
        if neg { format!("-{s}") } else { s }
    }

    /// The amount as `f64`, for spreadsheets and charts (may round).
    pub fn to_f64(&self) -> f64 {
        self.units as f64 / 10f64.powi(self.scale as i32)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.amount_string(), self.currency)
    }
}

impl FromStr for Money {
    type Err = Error;
    /// Parses `"<amount> <CURRENCY>"`.
    fn from_str(s: &str) -> Result<Self> {
        let (amount, currency) = s
            .trim()
            .rsplit_once(' ')
            .ok_or_else(|| Error::UnknownValue {
                vocabulary: "money",
                value: s.to_string(),
                accepted: "an amount and a currency code, e.g. \"1.25 RUB\"".into(),
            })?;
        Money::from_decimal_str(amount, currency.trim())
    }
}

/// A staff member (agent, operator) who took part in a contact.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Agent {
    /// Stable id in the source system, if any.
    pub id: Option<String>,
    /// Registered name (seed 000 C スタッフ名, seed 002 Оператор, seed 004 Agent).
    pub name: String,
    /// The agent's own number or extension (seed 003).
    pub number: Option<String>,
    /// Groups the agent belongs to (seed 002 supervisors see their groups' calls).
    pub groups: Vec<String>,
    /// The user was deleted from the platform (seed 004 "Pokaż usuniętych użytkowników").
    pub deleted: bool,
}

impl Agent {
    /// An agent known by name only.
    pub fn named(name: impl Into<String>) -> Self {
        Agent {
            name: name.into(),
            ..Default::default()
        }
    }

    /// Sets the id.
    pub fn with_id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// Adds a group.
    pub fn in_group(mut self, group: impl Into<String>) -> Self {
        self.groups.push(group.into());
        self
    }
}

/// The moments of a contact. Every field is optional: what a product does not record stays
/// `None`, and the seeds' blank-field rules read exactly that.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Timeline {
    /// Seed 000 D コール開始時間 "お客様がスタッフを呼び出した時間"; seed 002 Время; seed 004
    /// Kiedy; Amazon Connect InitiationTimestamp; for incoming calls also the start of the
    /// IVR scenario.
    pub started_at: Option<Timestamp>,
    /// Outbound dialling began (seed 002 "начало дозвона"; softphone: the user started dialling).
    pub dial_started_at: Option<Timestamp>,
    /// Entered the queue (Amazon Connect Queue.EnqueueTimestamp).
    pub enqueued_at: Option<Timestamp>,
    /// Left the queue, answered or not (Amazon Connect Queue.DequeueTimestamp).
    pub dequeued_at: Option<Timestamp>,
    /// Seed 000 E 着信時間: a staff member started ringing ("スタッフに呼び出しが入った時間").
    /// Blank for reserved calls and meeting rooms.
    pub offered_at: Option<Timestamp>,
    /// Seed 000 F 応答時間またはキャンセル時間: when a staff member answered, *or* when the
    /// customer cancelled before an answer. Which one it was follows from `talk_started_at`.
    pub answered_or_cancelled_at: Option<Timestamp>,
    /// Seed 000 H 通話開始時間: the conversation actually began (the callee picked up; Amazon
    /// Connect Agent.ConnectedToAgentTimestamp).
    pub talk_started_at: Option<Timestamp>,
    /// Seed 000 I 通話終了時間: the conversation ended (Amazon Connect DisconnectTimestamp).
    pub talk_ended_at: Option<Timestamp>,
    /// Amazon Connect Agent.AfterContactWorkStartTimestamp.
    pub after_call_work_started_at: Option<Timestamp>,
    /// Amazon Connect Agent.AfterContactWorkEndTimestamp.
    pub after_call_work_ended_at: Option<Timestamp>,
    /// Seed 000 J 接続終了時間: the staff member closed the room ("スタッフが通話したルームを閉じた時間").
    pub closed_at: Option<Timestamp>,
}

/// Durations a product reports as numbers when it does not give the timestamps (seed 003's
/// wait and total, seed 004's talk, ringing and agent-talk times, Amazon Connect's hold).
/// The rules use them only when the timeline cannot answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ReportedDurations {
    /// Customer wait.
    #[serde(with = "opt_seconds")]
    pub wait: Option<TimeDelta>,
    /// Dialling / ringing (seed 002 Длительность дозвона, seed 004 Czas wydzwaniania).
    #[serde(with = "opt_seconds")]
    pub dial: Option<TimeDelta>,
    /// Talk as the vendor defines it (seed 002 Длительность разговора, seed 004 Czas rozmowy).
    #[serde(with = "opt_seconds")]
    pub talk: Option<TimeDelta>,
    /// Agent–customer talk only (seed 004 Rozmowa z agentem).
    #[serde(with = "opt_seconds")]
    pub agent_talk: Option<TimeDelta>,
    /// Time in the IVR.
    #[serde(with = "opt_seconds")]
    pub ivr: Option<TimeDelta>,
    /// Customer on hold (Amazon Connect Agent.CustomerHoldDuration).
    #[serde(with = "opt_seconds")]
    pub hold: Option<TimeDelta>,
    /// After-call work (Amazon Connect Agent.AfterContactWorkDuration).
    #[serde(with = "opt_seconds")]
    pub after_call_work: Option<TimeDelta>,
    /// Whole duration (seed 003 całkowity czas trwania).
    #[serde(with = "opt_seconds")]
    pub total: Option<TimeDelta>,
}

/// One entry of seed 000 N 着信履歴: a staff member was rung.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RingEvent {
    /// When (日時).
    pub at: Option<Timestamp>,
    /// Who was rung (スタッフ名).
    pub staff_name: String,
    /// Why the ring ended as it did (履歴の詳細理由), e.g. declined, timed out, answered.
    pub detail: Option<String>,
}

/// One step of the IVR path (seed 004 "każdy kafelek i interakcja będzie osobną linią").
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct IvrStep {
    /// The tile or node name.
    pub node: String,
    /// When the caller entered it.
    pub entered_at: Option<Timestamp>,
    /// When the caller left it.
    pub left_at: Option<Timestamp>,
    /// The caller's choice (DTMF key, recognised phrase), if any.
    pub choice: Option<String>,
    /// Anything else the product records for the step.
    pub detail: Option<String>,
}

/// One survey question and its answer (seed 000 X..HO: up to 50 before and 50 after the call).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SurveyAnswer {
    /// 1-based question number (1..=50).
    pub index: u8,
    /// The question (設問).
    pub question: String,
    /// The answer (回答); `None` when not answered.
    pub answer: Option<String>,
}

/// A comment attached to a contact (seed 002 Заметки, seed 003 comments).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Note {
    /// Who wrote it.
    pub author: Option<String>,
    /// When.
    pub at: Option<Timestamp>,
    /// The text.
    pub text: String,
}

/// A recording of the conversation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Recording {
    /// Link to play or share it (seed 002 Запись, seed 003 share link).
    pub url: Option<String>,
    /// Length (seed 000 L 録画時間); `None` while processing or unknown.
    #[serde(with = "opt_seconds")]
    pub duration: Option<TimeDelta>,
    /// Still being processed right after the call (seed 000 L: blank in XLSX, 0 in CSV).
    pub processing: bool,
    /// File format, e.g. `ogg` (seed 003).
    pub format: Option<String>,
}

/// Where the caller came from (seed 003 Visit / Client sections).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Visit {
    /// utm_source or the referrer.
    pub source: Option<String>,
    /// utm_medium.
    pub medium: Option<String>,
    /// utm_campaign.
    pub campaign: Option<String>,
    /// utm_content.
    pub content: Option<String>,
    /// utm_term.
    pub term: Option<String>,
    /// The landing page (strona docelowa).
    pub landing_page: Option<String>,
    /// The client's IP address.
    pub client_ip: Option<String>,
}

/// One contact: a call, video call, SMS, e-mail or chat.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CallRecord {
    /// Unique id: seed 000 A 接続番号, seed 004 ID połączenia, the vendor's call id.
    pub id: String,
    /// The medium.
    pub channel: Channel,
    /// Inbound, outbound or internal (seed 002 Тип).
    pub direction: Option<Direction>,
    /// Seed 004 Typ (one of seventeen).
    pub interaction_type: Option<InteractionType>,
    /// Seed 002's call type, which decides how dial and talk time are measured.
    pub call_type: Option<CallType>,
    /// Seed 000 R 通話モード.
    pub call_mode: Option<CallMode>,
    /// Seed 004 Status / seed 003 status.
    pub status: Option<ContactStatus>,

    /// Seed 000 B お客様名: the customer's or shop's name.
    pub customer_name: Option<String>,
    /// Source number or address (seed 002 Звонок с, seed 003 caller, seed 004 Numer/adres źródłowy).
    pub from: Option<String>,
    /// Destination number or address (seed 002 Звонок к, seed 003 target, seed 004 Numer/adres docelowy).
    pub to: Option<String>,
    /// E-mail copies (seed 004 Adres DW).
    pub cc: Vec<String>,
    /// Blind copies (seed 004 Adres UDW).
    pub bcc: Vec<String>,

    /// Staff who took part, in the order they joined (seed 000 C).
    pub agents: Vec<Agent>,
    /// Seed 002 Очередь, seed 004 Kolejka.
    pub queue: Option<String>,
    /// Seed 002 Кампания, seed 004 Kampania (blank: outside any campaign).
    pub campaign: Option<String>,
    /// Seed 002 Сценарий: the scenario's name.
    pub scenario: Option<String>,
    /// Link to the scenario (hidden from supervisors as a link).
    pub scenario_url: Option<String>,

    /// The moments of the contact.
    pub timeline: Timeline,
    /// Durations the product reported as numbers.
    pub reported: ReportedDurations,
    /// Seed 000 K 終了理由: why the call ended, in the product's words.
    pub end_reason: Option<String>,
    /// Seed 004 Strona rozłączenia.
    pub disconnect_side: Option<DisconnectSide>,
    /// Number of times the customer was put on hold (Amazon Connect Agent.NumberOfHolds).
    pub hold_count: Option<u32>,

    /// Seed 002 Результат попытки.
    pub attempt_result: Option<AttemptResult>,
    /// Seed 002 Код завершения, set by the operator.
    pub completion_code: Option<String>,
    /// Seed 002: the scheduled callback shown with the completion code "Перезвонить".
    pub callback_at: Option<Timestamp>,
    /// Seed 002 Попытки: dialling attempts (operator campaigns).
    pub attempts: Option<u32>,
    /// Seed 002 Теги.
    pub tags: Vec<String>,
    /// Seed 002 Тематики.
    pub topics: Vec<String>,
    /// Seed 003 categories.
    pub categories: Vec<String>,
    /// Seed 004 Klasyfikator.
    pub classifier: Option<String>,
    /// Seed 002 Заметки / seed 003 comments.
    pub notes: Vec<Note>,
    /// Seed 003: rating given to the manager (agent), 1..=5.
    pub manager_rating: Option<u8>,
    /// Seed 003: rating of the call, 1..=5.
    pub call_rating: Option<u8>,

    /// The recording, if any.
    pub recording: Option<Recording>,
    /// Seed 002 Цена (hidden from supervisors).
    pub price: Option<Money>,

    /// Seed 000 M コブラウズ利用.
    pub co_browse: bool,
    /// Seed 000 N 着信履歴, in time order.
    pub ring_history: Vec<RingEvent>,
    /// Seed 000 O ブランド名.
    pub brand: Option<String>,
    /// Seed 000 P サービス名.
    pub service: Option<String>,
    /// Seed 000 Q メニュー名.
    pub menu: Option<String>,
    /// Seed 000 S スタッフメモ.
    pub staff_memo: Option<String>,
    /// Seed 000 T: the customer's user agent.
    pub customer_user_agent: Option<String>,
    /// Seed 000 U: the staff member's user agent.
    pub staff_user_agent: Option<String>,
    /// Seed 000 V 追加情報.
    pub extra_info: Option<String>,
    /// Seed 000 W チャットログ.
    pub chat_log: Option<String>,
    /// Seed 000 X..DS: the pre-call survey (≤ 50).
    pub pre_survey: Vec<SurveyAnswer>,
    /// Seed 000 CF..HO: the post-call survey (≤ 50).
    pub post_survey: Vec<SurveyAnswer>,

    /// Seed 003 visit and client data.
    pub visit: Option<Visit>,
    /// Seed 004 ID rekordu: the customer record in the CRM.
    pub record_id: Option<String>,
    /// Seed 004 Pole znaczące.
    pub significant_field: Option<String>,
    /// Seed 004 ID zgłoszenia (ticket).
    pub ticket_id: Option<String>,
    /// Seed 001 リクエストID: the unique id of the call in the telephony system.
    pub request_id: Option<String>,
    /// The IVR path, step by step (seed 004).
    pub ivr_path: Vec<IvrStep>,

    /// Anything else a product adds, by its own name.
    pub extra: BTreeMap<String, String>,
}

macro_rules! setters {
    ($($(#[$m:meta])* $name:ident : $ty:ty => $($path:ident).+ ;)*) => {
        $(
            $(#[$m])*
            pub fn $name(mut self, v: impl Into<$ty>) -> Self {
                self.$($path).+ = Some(v.into());
                self
            }
        )*
    };
}

impl CallRecord {
    /// A record with an id and a channel; everything else blank.
    pub fn new(id: impl Into<String>, channel: Channel) -> Self {
        CallRecord {
            id: id.into(),
            channel,
            ..Default::default()
        }
    }

    setters! {
        /// Sets `direction`.
        direction: Direction => direction;
        /// Sets `interaction_type`.
        interaction_type: InteractionType => interaction_type;
        /// Sets `call_type`.
        call_type: CallType => call_type;
        /// Sets `call_mode`.
        call_mode: CallMode => call_mode;
        /// Sets `status`.
        status: ContactStatus => status;
        /// Sets `customer_name`.
        customer_name: String => customer_name;
        /// Sets `from`.
        from: String => from;
        /// Sets `to`.
        to: String => to;
        /// Sets `queue`.
        queue: String => queue;
        /// Sets `campaign`.
        campaign: String => campaign;
        /// Sets `attempt_result`.
        attempt_result: AttemptResult => attempt_result;
        /// Sets `price`.
        price: Money => price;
        /// Sets `timeline.started_at`.
        started_at: Timestamp => timeline.started_at;
        /// Sets `timeline.dial_started_at`.
        dial_started_at: Timestamp => timeline.dial_started_at;
        /// Sets `timeline.enqueued_at`.
        enqueued_at: Timestamp => timeline.enqueued_at;
        /// Sets `timeline.dequeued_at`.
        dequeued_at: Timestamp => timeline.dequeued_at;
        /// Sets `timeline.offered_at`.
        offered_at: Timestamp => timeline.offered_at;
        /// Sets `timeline.answered_or_cancelled_at`.
        answered_or_cancelled_at: Timestamp => timeline.answered_or_cancelled_at;
        /// Sets `timeline.talk_started_at`.
        talk_started_at: Timestamp => timeline.talk_started_at;
        /// Sets `timeline.talk_ended_at`.
        talk_ended_at: Timestamp => timeline.talk_ended_at;
        /// Sets `timeline.closed_at`.
        closed_at: Timestamp => timeline.closed_at;
    }

    /// Adds an agent (in join order).
    pub fn agent(mut self, agent: Agent) -> Self {
        self.agents.push(agent);
        self
    }

    /// Adds an IVR step.
    pub fn ivr_step(mut self, step: IvrStep) -> Self {
        self.ivr_path.push(step);
        self
    }

    /// Sets an `extra` field.
    pub fn extra_field(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.extra.insert(key.into(), value.into());
        self
    }

    /// Checks the record against the model's rules; see [`crate::validate`].
    pub fn validate(&self) -> Result<()> {
        crate::validate::validate_call(self)
    }

    /// Agent names in join order, comma separated (seed 000 C).
    pub fn agent_names(&self) -> String {
        let mut s = String::new();
        for (i, a) in self.agents.iter().enumerate() {
            if i > 0 {
                s.push_str(", ");
            }
            s.push_str(&a.name);
        }
        s
    }

    /// The customer's side of the contact: `from` for inbound, `to` for outbound, `None` for
    /// internal contacts. Without a direction, `from`.
    pub fn customer_address(&self) -> Option<&str> {
        match self.direction {
            Some(Direction::Outbound) => self.to.as_deref(),
            Some(Direction::Internal) => None,
            _ => self.from.as_deref(),
        }
    }

    /// The effective direction: `direction`, else the one implied by `interaction_type`, else
    /// by `call_type`.
    pub fn effective_direction(&self) -> Option<Direction> {
        self.direction
            .or(self.interaction_type.map(InteractionType::direction))
            .or(self.call_type.map(|t| match t {
                CallType::Incoming => Direction::Inbound,
                _ => Direction::Outbound,
            }))
    }
}

/// One entry of a callback worklist (seed 001 折り返し呼).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CallbackRecord {
    /// ID: unique id of the entry.
    pub id: String,
    /// 登録日時: when the callback was registered.
    pub registered_at: Option<Timestamp>,
    /// 着信日時: when the call that asked for it came in.
    pub incoming_at: Option<Timestamp>,
    /// 担当者: the agent assigned; `None` = not assigned.
    pub assignee: Option<String>,
    /// 対応状況: not done / done.
    pub state: CallbackState,
    /// コールセンター名.
    pub call_center: Option<String>,
    /// 業務ラベル名.
    pub business_label: Option<String>,
    /// 相手の番号: the caller's number.
    pub caller_number: Option<String>,
    /// こちらの番号: the call center's number that was called.
    pub our_number: Option<String>,
    /// リクエストID: the call's unique id.
    pub request_id: Option<String>,
    /// 録音: the recorded message (play only).
    pub recording: Option<Recording>,
    /// メモ: at most 1,000 characters.
    pub memo: Option<String>,
}

impl CallbackRecord {
    /// A new, unassigned, not-done entry.
    pub fn new(id: impl Into<String>, registered_at: Timestamp) -> Self {
        CallbackRecord {
            id: id.into(),
            registered_at: Some(registered_at),
            ..Default::default()
        }
    }

    /// Checks the entry (memo ≤ 1000 characters, non-empty id); see [`crate::validate`].
    pub fn validate(&self) -> Result<()> {
        crate::validate::validate_callback(self)
    }
}
