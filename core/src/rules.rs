//! Derived fields: wait, dial/ring, talk, agent talk, IVR, hold, after-call work, total and
//! handle time, the outcome and the success of a contact.
//!
//! Each rule is one function, documented with the seed sentence it implements. Where vendors
//! measure a duration differently, the choice is a field of [`Rules`], with the canonical
//! default ([`Rules::CANONICAL`]) and a named preset per vendor; the functions never look at
//! which product a record came from.
//!
//! Every duration rule reads the [`Timeline`](crate::Timeline) first and falls back to the
//! vendor's [`ReportedDurations`](crate::ReportedDurations) only when the timestamps it needs
//! are missing. A span whose end lies before its start yields `None` (such a record fails
//! [`validate`](crate::validate)).
//!
//! ```
//! use calllog::{CallRecord, Channel, Rules, Outcome, ts};
//!
//! let r = CallRecord::new("c-1", Channel::Video)
//!     .started_at(ts("2024-05-01T10:00:00Z"))
//!     .talk_started_at(ts("2024-05-01T10:00:42Z"))
//!     .talk_ended_at(ts("2024-05-01T10:05:00Z"))
//!     .closed_at(ts("2024-05-01T10:06:00Z"));
//! let d = Rules::default().derive(&r);
//! assert_eq!(d.wait.unwrap().num_seconds(), 42);
//! assert_eq!(d.talk.unwrap().num_seconds(), 258);
//! assert_eq!(d.after_call_work.unwrap().num_seconds(), 60);
//! assert_eq!(d.outcome, Outcome::Completed);
//! ```

use chrono::TimeDelta;
use serde::{Deserialize, Serialize};

use crate::model::{CallRecord, IvrStep, Timestamp};
use crate::vocab::*;

/// How customer wait time is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WaitRule {
    /// Seed 000 G お客様待ち時間(秒): "「コール開始時間」から「通話開始時間」までの時間" — from
    /// the call's start to the start of the conversation.
    #[default]
    CallStartToTalkStart,
    /// Amazon Connect queue duration: from entering the queue to leaving it (or, if the
    /// dequeue time is missing, to the start of the conversation). IVR time is not counted.
    QueueEntryToAnswer,
}

/// How talk time is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TalkRule {
    /// Seed 002, outgoing types: "С момента поднятия трубки абонентом ... ДО момента
    /// завершения звонка" — from pick-up to the end of the call, for every direction.
    #[default]
    AnswerToEnd,
    /// Seed 002 (Voximplant) as written: outgoing calls from pick-up to the end, but an
    /// incoming call "С момента запуска сценария ДО момента завершения вызова" — from the
    /// start of the scenario to the end of the call.
    IncomingFromScenarioStart,
    /// Seed 004 (Focus Contact Center) Czas rozmowy: "suma czasu fizycznej rozmowy Agent –
    /// Klient plus czas jaki spędził Klient na schemacie IVR" — agent talk plus IVR time.
    AgentTalkPlusIvr,
}

/// How the total duration is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TotalRule {
    /// From the start of the contact to its end (end of the conversation, else the
    /// cancellation, else the close): seed 003's total is wait plus talk.
    #[default]
    StartToEnd,
    /// From the start of the contact to the moment the staff member closed it (seed 000 J),
    /// after-call work included.
    StartToClose,
}

/// The set of choices where vendors disagree. A value, not scattered conditionals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Rules {
    /// Wait time.
    pub wait: WaitRule,
    /// Talk time.
    pub talk: TalkRule,
    /// Total duration.
    pub total: TotalRule,
}

impl Rules {
    /// The canonical rules: wait as seed 000, talk from pick-up to hang-up, total from start to end.
    pub const CANONICAL: Rules = Rules {
        wait: WaitRule::CallStartToTalkStart,
        talk: TalkRule::AnswerToEnd,
        total: TotalRule::StartToEnd,
    };
    /// Voximplant Kit (seed 002): incoming talk time counts from the start of the scenario.
    pub const VOXIMPLANT: Rules = Rules {
        talk: TalkRule::IncomingFromScenarioStart,
        ..Rules::CANONICAL
    };
    /// Focus Contact Center (seed 004): talk time is agent talk plus IVR.
    pub const FOCUS_CONTACT_CENTER: Rules = Rules {
        talk: TalkRule::AgentTalkPlusIvr,
        ..Rules::CANONICAL
    };
    /// Amazon Connect: wait is time in queue.
    pub const AMAZON_CONNECT: Rules = Rules {
        wait: WaitRule::QueueEntryToAnswer,
        ..Rules::CANONICAL
    };
    /// The seed 000 video-call product: total runs until the room is closed.
    pub const VIDEO_CALL_SAAS: Rules = Rules {
        total: TotalRule::StartToClose,
        ..Rules::CANONICAL
    };

    /// The named presets, for bindings and command lines.
    pub const PRESETS: &'static [(&'static str, Rules)] = &[
        ("canonical", Rules::CANONICAL),
        ("voximplant", Rules::VOXIMPLANT),
        ("focus_contact_center", Rules::FOCUS_CONTACT_CENTER),
        ("amazon_connect", Rules::AMAZON_CONNECT),
        ("video_call_saas", Rules::VIDEO_CALL_SAAS),
    ];

    /// A preset by name (see [`Rules::PRESETS`]).
    pub fn preset(name: &str) -> crate::Result<Rules> {
        Rules::PRESETS
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name.trim()))
            .map(|(_, r)| *r)
            .ok_or_else(|| crate::Error::UnknownValue {
                vocabulary: "rules preset",
                value: name.to_string(),
                accepted: Rules::PRESETS
                    .iter()
                    .map(|(n, _)| *n)
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    }

    /// Every derived field of `record` at once (what an exporter writes for one row).
    pub fn derive(&self, record: &CallRecord) -> Derived {
        let outcome = outcome(record);
        Derived {
            wait: wait_time(record, self),
            dial: dial_duration(record),
            talk: talk_time(record, self),
            agent_talk: agent_talk_time(record),
            ivr: ivr_time(record),
            hold: hold_time(record),
            after_call_work: after_call_work(record),
            total: total_duration(record, self),
            handle: handle_time(record),
            outcome,
            success: is_success_with(record, outcome),
        }
    }
}

/// All derived fields of one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Derived {
    /// [`wait_time`].
    #[serde(with = "crate::model::opt_seconds")]
    pub wait: Option<TimeDelta>,
    /// [`dial_duration`].
    #[serde(with = "crate::model::opt_seconds")]
    pub dial: Option<TimeDelta>,
    /// [`talk_time`].
    #[serde(with = "crate::model::opt_seconds")]
    pub talk: Option<TimeDelta>,
    /// [`agent_talk_time`].
    #[serde(with = "crate::model::opt_seconds")]
    pub agent_talk: Option<TimeDelta>,
    /// [`ivr_time`].
    #[serde(with = "crate::model::opt_seconds")]
    pub ivr: Option<TimeDelta>,
    /// [`hold_time`].
    #[serde(with = "crate::model::opt_seconds")]
    pub hold: Option<TimeDelta>,
    /// [`after_call_work`].
    #[serde(with = "crate::model::opt_seconds")]
    pub after_call_work: Option<TimeDelta>,
    /// [`total_duration`].
    #[serde(with = "crate::model::opt_seconds")]
    pub total: Option<TimeDelta>,
    /// [`handle_time`].
    #[serde(with = "crate::model::opt_seconds")]
    pub handle: Option<TimeDelta>,
    /// [`outcome`].
    pub outcome: Outcome,
    /// [`is_success`].
    pub success: bool,
}

/// `end - start` when both are known and the end is not before the start.
pub(crate) fn span(start: Option<Timestamp>, end: Option<Timestamp>) -> Option<TimeDelta> {
    match (start, end) {
        (Some(s), Some(e)) if e >= s => Some(e - s),
        _ => None,
    }
}

/// Customer wait time.
///
/// Seed 000 G お客様待ち時間(秒): "「コール開始時間」から「通話開始時間」までの時間" (from the
/// call's start to the start of the conversation) under [`WaitRule::CallStartToTalkStart`];
/// queue entry to dequeue under [`WaitRule::QueueEntryToAnswer`]. A contact that never
/// reached a conversation has no wait time by this definition (`None`), unless the product
/// reported one.
pub fn wait_time(r: &CallRecord, rules: &Rules) -> Option<TimeDelta> {
    let t = &r.timeline;
    match rules.wait {
        WaitRule::CallStartToTalkStart => span(t.started_at, t.talk_started_at),
        WaitRule::QueueEntryToAnswer => {
            span(t.enqueued_at, t.dequeued_at).or_else(|| span(t.enqueued_at, t.talk_started_at))
        }
    }
    .or(r.reported.wait)
}

/// When an unanswered attempt ended: the cancel time, else the close.
fn attempt_end(r: &CallRecord) -> Option<Timestamp> {
    let t = &r.timeline;
    t.talk_started_at
        .or(t.answered_or_cancelled_at)
        .or(t.talk_ended_at)
        .or(t.closed_at)
}

/// Dial (ringing) duration.
///
/// Seed 002 Длительность дозвона, per call type:
/// - automated and operator campaigns: "С момента начала дозвона ДО момента получения статуса
///   недоступности абонента от оператора связи ИЛИ ДО поднятия трубки абонентом / подключения
///   голосовой почты" — from `dial_started_at` to the pick-up (`talk_started_at`, voicemail
///   included) or, unanswered, to the end of the attempt (`answered_or_cancelled_at`, else
///   `closed_at`);
/// - softphone outgoing: the same, from "начала набора номера пользователем" (the user starts
///   dialling, also `dial_started_at`);
/// - incoming: "Не применимо" — `None`.
///
/// Without a seed 002 call type, an outbound contact is measured as above, and an inbound one
/// by how long a staff member was rung (seed 000 E 着信時間 → F 応答時間またはキャンセル時間).
/// Falls back to the reported dial time.
pub fn dial_duration(r: &CallRecord) -> Option<TimeDelta> {
    let t = &r.timeline;
    if r.call_type == Some(CallType::Incoming) {
        return None;
    }
    let outbound = r.call_type.is_some() || r.effective_direction() == Some(Direction::Outbound);
    if outbound {
        span(t.dial_started_at.or(t.started_at), attempt_end(r))
    } else {
        span(
            t.offered_at,
            t.answered_or_cancelled_at.or(t.talk_started_at),
        )
    }
    .or(r.reported.dial)
}

/// Agent talk time: from pick-up to hang-up.
///
/// Seed 004 Rozmowa z agentem: "fizyczny czas rozmowy Klient – Agent, czas liczony od
/// odebrania połączenia przez jedną ze stron do rozłączenia" (`talk_started_at` →
/// `talk_ended_at`; seed 000 H → I). Falls back to the reported agent talk time.
pub fn agent_talk_time(r: &CallRecord) -> Option<TimeDelta> {
    let t = &r.timeline;
    span(t.talk_started_at, t.talk_ended_at).or(r.reported.agent_talk)
}

/// Talk time under `rules`.
///
/// - [`TalkRule::AnswerToEnd`]: seed 002 "С момента поднятия трубки абонентом (голосовым
///   ассистентом) ДО момента завершения звонка" — the same as [`agent_talk_time`].
/// - [`TalkRule::IncomingFromScenarioStart`]: seed 002's table for an incoming call, "С
///   момента запуска сценария ДО момента завершения вызова" (`started_at` → `talk_ended_at`);
///   outgoing calls as above.
/// - [`TalkRule::AgentTalkPlusIvr`]: seed 004 Czas rozmowy, "suma czasu fizycznej rozmowy
///   Agent – Klient plus czas jaki spędził Klient na schemacie IVR".
///
/// Falls back to the reported talk time.
pub fn talk_time(r: &CallRecord, rules: &Rules) -> Option<TimeDelta> {
    let t = &r.timeline;
    let derived = match rules.talk {
        TalkRule::AnswerToEnd => span(t.talk_started_at, t.talk_ended_at),
        TalkRule::IncomingFromScenarioStart => {
            let incoming = r.call_type == Some(CallType::Incoming)
                || (r.call_type.is_none() && r.effective_direction() == Some(Direction::Inbound));
            if incoming {
                span(t.started_at, t.talk_ended_at)
            } else {
                span(t.talk_started_at, t.talk_ended_at)
            }
        }
        TalkRule::AgentTalkPlusIvr => match (span(t.talk_started_at, t.talk_ended_at), ivr_span(r))
        {
            (None, None) => None,
            (a, i) => Some(a.unwrap_or_default() + i.unwrap_or_default()),
        },
    };
    derived.or(r.reported.talk)
}

/// When one IVR step ended: its own `left_at`, else the next step's `entered_at`.
pub fn ivr_step_duration(step: &IvrStep, next: Option<&IvrStep>) -> Option<TimeDelta> {
    span(
        step.entered_at,
        step.left_at.or(next.and_then(|n| n.entered_at)),
    )
}

fn ivr_span(r: &CallRecord) -> Option<TimeDelta> {
    let first = r.ivr_path.first()?;
    let last = r.ivr_path.last()?;
    let t = &r.timeline;
    let end = last
        .left_at
        .or(t.enqueued_at)
        .or(t.talk_started_at)
        .or(t.talk_ended_at);
    span(first.entered_at, end)
}

/// Time in the IVR.
///
/// Seed 004: "czas jaki spędził Klient na schemacie IVR" — from entering the first step of
/// the IVR path to leaving the last (its `left_at`, else entering the queue, else the start
/// of the conversation, else its end). Falls back to the reported IVR time.
pub fn ivr_time(r: &CallRecord) -> Option<TimeDelta> {
    ivr_span(r).or(r.reported.ivr)
}

/// Time on hold, as the product reported it (Amazon Connect Agent.CustomerHoldDuration).
pub fn hold_time(r: &CallRecord) -> Option<TimeDelta> {
    r.reported.hold
}

/// After-call work.
///
/// The explicit after-contact-work timestamps when the product records them (Amazon Connect
/// AfterContactWorkStart/EndTimestamp); otherwise from the end of the conversation to the
/// close of the connection, seed 000 I 通話終了時間 → J 接続終了時間 "スタッフが通話した
/// ルームを閉じた時間". Falls back to the reported after-call work.
pub fn after_call_work(r: &CallRecord) -> Option<TimeDelta> {
    let t = &r.timeline;
    span(t.after_call_work_started_at, t.after_call_work_ended_at)
        .or_else(|| span(t.talk_ended_at, t.closed_at))
        .or(r.reported.after_call_work)
}

/// Total duration under `rules`.
///
/// [`TotalRule::StartToEnd`]: from `started_at` to the end of the contact (`talk_ended_at`,
/// else the cancellation `answered_or_cancelled_at`, else `closed_at`); seed 003's total is
/// the wait plus the talk. [`TotalRule::StartToClose`]: from `started_at` to `closed_at`
/// (seed 000 J). Falls back to the reported total.
pub fn total_duration(r: &CallRecord, rules: &Rules) -> Option<TimeDelta> {
    let t = &r.timeline;
    let end = match rules.total {
        TotalRule::StartToEnd => t
            .talk_ended_at
            .or(t.answered_or_cancelled_at)
            .or(t.closed_at),
        TotalRule::StartToClose => t.closed_at,
    };
    span(t.started_at, end).or(r.reported.total)
}

/// Handle time as Amazon Connect and Genesys define it: talk + hold + after-call work.
///
/// When agent talk comes from the timeline it already spans the holds, so hold is added only
/// to a reported agent talk time (Amazon Connect's AgentInteractionDuration excludes hold).
/// `None` when the contact was never talked.
pub fn handle_time(r: &CallRecord) -> Option<TimeDelta> {
    let t = &r.timeline;
    let talk = match span(t.talk_started_at, t.talk_ended_at) {
        Some(d) => d,
        None => r.reported.agent_talk? + r.reported.hold.unwrap_or_default(),
    };
    Some(talk + after_call_work(r).unwrap_or_default())
}

/// What became of the contact.
///
/// 1. The product's status decides when it has one (seed 004): ANSWERED → completed (in
///    progress while talk has started and neither ended nor closed), RINGING and PENDING →
///    in progress, BUSY → busy, FAILED → failed, NO ANSWER → not answered, CLASSIFIER →
///    classified only.
/// 2. Else seed 002's attempt result: call accepted and ended in IVR → completed; number
///    busy and call rejected → busy; no answer, request cancelled, voicemail and lost by
///    operator → not answered; abandoned ("Клиент поднял трубку, но не нашелся свободный
///    оператор") → no agent available; the rest → failed.
/// 3. Else seed 000's blank fields (H 通話開始時間, E 着信時間, F 応答時間またはキャンセル時間):
///    - H recorded: completed once the talk ended or the room was closed, else in progress;
///    - case 1, H blank with E and F recorded: "お客様がスタッフの応答前に通話をキャンセル
///      したと考えられます" → [`Outcome::CancelledBeforeAnswer`];
///    - case 2, H and E blank with F recorded: "全てのスタッフが不在(オフライン)であり、誰にも
///      着信が入らなかった" → [`Outcome::NoAgentAvailable`];
///    - case 3, H, E and F all blank: "お客様がタブまたはブラウザのウィンドウを強制的に閉じた
///      場合、またはリフレッシュした場合" → [`Outcome::BrowserClosed`];
///    - E recorded with H and F blank (not a seed case): a staff member is being rung → in
///      progress, or not answered once the connection is closed.
pub fn outcome(r: &CallRecord) -> Outcome {
    let t = &r.timeline;
    let talking_still =
        t.talk_started_at.is_some() && t.talk_ended_at.is_none() && t.closed_at.is_none();
    if let Some(status) = r.status {
        return match status {
            ContactStatus::Answered if talking_still => Outcome::InProgress,
            ContactStatus::Answered => Outcome::Completed,
            ContactStatus::Ringing | ContactStatus::Pending => Outcome::InProgress,
            ContactStatus::Busy => Outcome::Busy,
            ContactStatus::Failed => Outcome::Failed,
            ContactStatus::NoAnswer => Outcome::NotAnswered,
            ContactStatus::Classifier => Outcome::ClassifiedOnly,
        };
    }
    if let Some(result) = r.attempt_result {
        use AttemptResult::*;
        return match result {
            CallAccepted | EndedInIvr if talking_still => Outcome::InProgress,
            CallAccepted | EndedInIvr => Outcome::Completed,
            NumberBusy | CallRejected => Outcome::Busy,
            NoAnswer | RequestCancelled | Voicemail | LostByOperator => Outcome::NotAnswered,
            Abandoned => Outcome::NoAgentAvailable,
            DialError | NumberUnavailable | WrongNumber | InsufficientFunds | BlockedDnc => {
                Outcome::Failed
            }
        };
    }
    match (t.talk_started_at, t.offered_at, t.answered_or_cancelled_at) {
        (Some(_), _, _) if talking_still => Outcome::InProgress,
        (Some(_), _, _) => Outcome::Completed,
        (None, Some(_), Some(_)) => Outcome::CancelledBeforeAnswer,
        (None, None, Some(_)) => Outcome::NoAgentAvailable,
        (None, None, None) => Outcome::BrowserClosed,
        (None, Some(_), None) if t.closed_at.is_some() => Outcome::NotAnswered,
        (None, Some(_), None) => Outcome::InProgress,
    }
}

fn is_success_with(r: &CallRecord, outcome: Outcome) -> bool {
    match r.attempt_result {
        Some(result) => result.is_success(),
        None => outcome == Outcome::Completed,
    }
}

/// Whether the contact (attempt) succeeded.
///
/// Seed 002: "Результат попытки показывает, был ли звонок успешен" — the attempt result
/// decides when there is one ([`AttemptResult::is_success`]); otherwise a contact succeeded
/// when its [`outcome`] is completed.
pub fn is_success(r: &CallRecord) -> bool {
    is_success_with(r, outcome(r))
}

impl CallRecord {
    /// All derived fields under the canonical rules; see [`Rules::derive`].
    pub fn derived(&self) -> Derived {
        Rules::CANONICAL.derive(self)
    }

    /// [`wait_time`] under the canonical rules.
    pub fn wait_time(&self) -> Option<TimeDelta> {
        wait_time(self, &Rules::CANONICAL)
    }

    /// [`talk_time`] under the canonical rules.
    pub fn talk_time(&self) -> Option<TimeDelta> {
        talk_time(self, &Rules::CANONICAL)
    }

    /// [`outcome`].
    pub fn outcome(&self) -> Outcome {
        outcome(self)
    }

    /// [`is_success`].
    pub fn is_success(&self) -> bool {
        is_success(self)
    }
}
