//! Derived fields and the vendors' rule presets.
//!
//! `Rules` is a value: the canonical default and a named preset per vendor
//! (`rulesPreset(name: "voximplant")`). `record.derive(rules:)` returns every derived field
//! at once; durations are `Double` seconds, `nil` when the record cannot tell.

use crate::errors::Result;
use crate::model::{CallRecord, seconds};
use crate::vocab::Outcome;

/// How customer wait time is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum WaitRule {
    /// Seed 000 G: from the call's start to the start of the conversation.
    CallStartToTalkStart,
    /// Amazon Connect: from entering the queue to leaving it.
    QueueEntryToAnswer,
}

/// How talk time is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum TalkRule {
    /// From pick-up to the end of the call, for every direction.
    AnswerToEnd,
    /// Seed 002 (Voximplant): an incoming call from the start of the scenario.
    IncomingFromScenarioStart,
    /// Seed 004 (Focus Contact Center): agent talk plus IVR time.
    AgentTalkPlusIvr,
}

/// How the total duration is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum TotalRule {
    /// From the start of the contact to its end (seed 003: wait plus talk).
    StartToEnd,
    /// From the start to the moment the staff member closed it (seed 000 J).
    StartToClose,
}

/// The choices where vendors disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Record)]
pub struct Rules {
    /// Wait time.
    pub wait: WaitRule,
    /// Talk time.
    pub talk: TalkRule,
    /// Total duration.
    pub total: TotalRule,
}

impl From<Rules> for calllog::Rules {
    fn from(r: Rules) -> Self {
        calllog::Rules {
            wait: match r.wait {
                WaitRule::CallStartToTalkStart => calllog::WaitRule::CallStartToTalkStart,
                WaitRule::QueueEntryToAnswer => calllog::WaitRule::QueueEntryToAnswer,
            },
            talk: match r.talk {
                TalkRule::AnswerToEnd => calllog::TalkRule::AnswerToEnd,
                TalkRule::IncomingFromScenarioStart => calllog::TalkRule::IncomingFromScenarioStart,
                TalkRule::AgentTalkPlusIvr => calllog::TalkRule::AgentTalkPlusIvr,
            },
            total: match r.total {
                TotalRule::StartToEnd => calllog::TotalRule::StartToEnd,
                TotalRule::StartToClose => calllog::TotalRule::StartToClose,
            },
        }
    }
}

impl From<calllog::Rules> for Rules {
    fn from(r: calllog::Rules) -> Self {
        Rules {
            wait: match r.wait {
                calllog::WaitRule::CallStartToTalkStart => WaitRule::CallStartToTalkStart,
                calllog::WaitRule::QueueEntryToAnswer => WaitRule::QueueEntryToAnswer,
            },
            talk: match r.talk {
                calllog::TalkRule::AnswerToEnd => TalkRule::AnswerToEnd,
                calllog::TalkRule::IncomingFromScenarioStart => TalkRule::IncomingFromScenarioStart,
                calllog::TalkRule::AgentTalkPlusIvr => TalkRule::AgentTalkPlusIvr,
            },
            total: match r.total {
                calllog::TotalRule::StartToEnd => TotalRule::StartToEnd,
                calllog::TotalRule::StartToClose => TotalRule::StartToClose,
            },
        }
    }
}

/// The canonical rules: wait as seed 000, talk from pick-up to hang-up, total start to end.
#[uniffi::export]
pub fn canonical_rules() -> Rules {
    calllog::Rules::CANONICAL.into()
}

/// A vendor preset by name: `canonical`, `voximplant`, `focus_contact_center`,
/// `amazon_connect`, `video_call_saas`; throws `UnknownValue` listing them.
#[uniffi::export]
pub fn rules_preset(name: String) -> Result<Rules> {
    Ok(calllog::Rules::preset(&name)?.into())
}

/// The names of the presets, for a settings screen.
#[uniffi::export]
pub fn rules_preset_names() -> Vec<String> {
    calllog::Rules::PRESETS
        .iter()
        .map(|(n, _)| n.to_string())
        .collect()
}

/// Every derived field of one record. Durations in seconds, `nil` when the record cannot tell.
#[derive(Debug, Clone, Copy, PartialEq, uniffi::Record)]
pub struct Derived {
    /// Customer wait time.
    pub wait: Option<f64>,
    /// Dial (ringing) duration.
    pub dial: Option<f64>,
    /// Talk time under the rules.
    pub talk: Option<f64>,
    /// Agent talk time: pick-up to hang-up.
    pub agent_talk: Option<f64>,
    /// Time in the IVR.
    pub ivr: Option<f64>,
    /// Time on hold.
    pub hold: Option<f64>,
    /// After-call work.
    pub after_call_work: Option<f64>,
    /// Total duration under the rules.
    pub total: Option<f64>,
    /// Handle time: talk + hold + after-call work.
    pub handle: Option<f64>,
    /// What became of the contact.
    pub outcome: Outcome,
    /// Whether the contact (attempt) succeeded.
    pub success: bool,
}

impl From<calllog::Derived> for Derived {
    fn from(d: calllog::Derived) -> Self {
        Derived {
            wait: d.wait.map(seconds),
            dial: d.dial.map(seconds),
            talk: d.talk.map(seconds),
            agent_talk: d.agent_talk.map(seconds),
            ivr: d.ivr.map(seconds),
            hold: d.hold.map(seconds),
            after_call_work: d.after_call_work.map(seconds),
            total: d.total.map(seconds),
            handle: d.handle.map(seconds),
            outcome: d.outcome.into(),
            success: d.success,
        }
    }
}

#[uniffi::export]
impl CallRecord {
    /// Every derived field under `rules` (see `rulesPreset(name:)`).
    pub fn derive(&self, rules: Rules) -> Result<Derived> {
        Ok(calllog::Rules::from(rules).derive(&self.to_core()?).into())
    }

    /// What became of the contact (status, else attempt result, else seed 000's blank fields).
    pub fn outcome(&self) -> Result<Outcome> {
        Ok(self.to_core()?.outcome().into())
    }

    /// Whether the contact succeeded (seed 002: the attempt result decides when there is one).
    pub fn is_success(&self) -> Result<bool> {
        Ok(self.to_core()?.is_success())
    }
}
