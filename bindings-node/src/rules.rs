//! Rules (where vendors disagree) and derived fields, computed by core's `Rules::derive`.

use calllog as cl;
use napi::Either;
use napi_derive::napi;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::errors::{IntoNapi, to_napi};
use crate::model::seconds_out;
use crate::vocab::name;

/// The rule set: how wait, talk and total are measured. Absent fields take the canonical rule.
#[napi(object)]
#[derive(Clone, Default)]
pub struct Rules {
    /// How customer wait time is measured.
    #[napi(ts_type = "WaitRule")]
    pub wait: Option<String>,
    /// How talk time is measured.
    #[napi(ts_type = "TalkRule")]
    pub talk: Option<String>,
    /// How the total duration is measured.
    #[napi(ts_type = "TotalRule")]
    pub total: Option<String>,
}

/// Every derived field of one record (durations in seconds; absent when the record cannot
/// tell, never 0 for "unknown").
#[napi(object)]
#[derive(Clone, Default)]
pub struct Derived {
    /// Customer wait (seed 000 お客様待ち時間: call start to talk start).
    pub wait: Option<f64>,
    /// Dial / ringing duration (seed 002, per call type).
    pub dial: Option<f64>,
    /// Talk time under the rules.
    pub talk: Option<f64>,
    /// Agent–customer talk (seed 004 Rozmowa z agentem).
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
    #[napi(ts_type = "Outcome")]
    pub outcome: String,
    /// Whether the contact (attempt) succeeded (seed 002).
    pub success: bool,
}

impl Derived {
    /// The JS object of core's derived fields.
    pub fn from_core(d: &cl::Derived) -> Derived {
        Derived {
            wait: seconds_out(d.wait),
            dial: seconds_out(d.dial),
            talk: seconds_out(d.talk),
            agent_talk: seconds_out(d.agent_talk),
            ivr: seconds_out(d.ivr),
            hold: seconds_out(d.hold),
            after_call_work: seconds_out(d.after_call_work),
            total: seconds_out(d.total),
            handle: seconds_out(d.handle),
            outcome: name(Some(d.outcome)).unwrap_or_default(),
            success: d.success,
        }
    }
}

fn serde_name<T: serde::Serialize>(v: T) -> Option<String> {
    match serde_json::to_value(v) {
        Ok(Value::String(s)) => Some(s),
        _ => None,
    }
}

fn serde_parse<T: DeserializeOwned + Default>(
    v: &Option<String>,
    vocabulary: &'static str,
) -> napi::Result<T> {
    match v {
        None => Ok(T::default()),
        Some(s) => serde_json::from_value(Value::String(s.clone())).map_err(|e| {
            to_napi(cl::Error::UnknownValue {
                vocabulary,
                value: s.clone(),
                accepted: e.to_string(),
            })
        }),
    }
}

impl Rules {
    /// The JS object of core rules.
    pub fn from_core(r: &cl::Rules) -> Rules {
        Rules {
            wait: serde_name(r.wait),
            talk: serde_name(r.talk),
            total: serde_name(r.total),
        }
    }

    /// Core rules from the JS object.
    pub fn to_core(&self) -> napi::Result<cl::Rules> {
        Ok(cl::Rules {
            wait: serde_parse(&self.wait, "wait_rule")?,
            talk: serde_parse(&self.talk, "talk_rule")?,
            total: serde_parse(&self.total, "total_rule")?,
        })
    }
}

/// A preset name or a rule set.
pub type RulesArg = Either<String, Rules>;

/// Core rules from a preset name or a rule set; canonical when absent.
pub fn rules_arg(arg: Option<RulesArg>) -> napi::Result<cl::Rules> {
    match arg {
        None => Ok(cl::Rules::CANONICAL),
        Some(Either::A(name)) => cl::Rules::preset(&name).napi(),
        Some(Either::B(rules)) => rules.to_core(),
    }
}

/// The rule set of a named preset: `canonical`, `voximplant` (seed 002: incoming talk from the
/// start of the scenario), `focus_contact_center` (seed 004: talk = agent talk + IVR),
/// `amazon_connect` (wait = time in queue), `video_call_saas` (seed 000: total until the room
/// is closed).
#[napi(ts_args_type = "name: RulesPreset")]
pub fn rules_preset(name: String) -> napi::Result<Rules> {
    Ok(Rules::from_core(&cl::Rules::preset(&name).napi()?))
}

/// The names of the rules presets.
#[napi(ts_return_type = "RulesPreset[]")]
pub fn rules_presets() -> Vec<String> {
    cl::Rules::PRESETS
        .iter()
        .map(|(n, _)| n.to_string())
        .collect()
}
