//! Derived-field rules: the `Rules` value with its presets, and `Derived`, every derived field
//! of one record. The computations are the core's (`calllog::rules`).

use calllog::{Rules, TimeDelta};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};
use serde::{Serialize, de::DeserializeOwned};

use crate::convert::{Conv, IntoPyErr, Mode, Path, wrong_type};

fn name_of<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

fn parse_rule<T: DeserializeOwned + Serialize + Copy>(
    what: &'static str,
    value: &str,
    all: &[T],
) -> PyResult<T> {
    serde_json::from_value(serde_json::Value::String(value.to_string())).map_err(|_| {
        calllog::Error::UnknownValue {
            vocabulary: what,
            value: value.to_string(),
            accepted: all.iter().map(name_of).collect::<Vec<_>>().join(", "),
        }
        .into_pyerr()
    })
}

const WAIT: &[calllog::WaitRule] = &[
    calllog::WaitRule::CallStartToTalkStart,
    calllog::WaitRule::QueueEntryToAnswer,
];
const TALK: &[calllog::TalkRule] = &[
    calllog::TalkRule::AnswerToEnd,
    calllog::TalkRule::IncomingFromScenarioStart,
    calllog::TalkRule::AgentTalkPlusIvr,
];
const TOTAL: &[calllog::TotalRule] = &[
    calllog::TotalRule::StartToEnd,
    calllog::TotalRule::StartToClose,
];

/// The rule set where vendors disagree: how wait, talk and total time are measured.
///
/// ``Rules()`` is the canonical set; ``Rules.preset("voximplant")`` a vendor's;
/// ``Rules(talk="agent_talk_plus_ivr")`` any combination.
#[pyclass(frozen, eq, hash, module = "calllog", name = "Rules")]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PyRules {
    pub(crate) inner: Rules,
}

#[pymethods]
impl PyRules {
    /// A rule set; each choice is given by name, the others stay canonical.
    #[new]
    #[pyo3(signature = (*, wait = None, talk = None, total = None))]
    fn new(wait: Option<&str>, talk: Option<&str>, total: Option<&str>) -> PyResult<Self> {
        let mut r = Rules::CANONICAL;
        if let Some(w) = wait {
            r.wait = parse_rule("wait rule", w, WAIT)?;
        }
        if let Some(t) = talk {
            r.talk = parse_rule("talk rule", t, TALK)?;
        }
        if let Some(t) = total {
            r.total = parse_rule("total rule", t, TOTAL)?;
        }
        Ok(PyRules { inner: r })
    }

    /// A named preset: `canonical`, `voximplant`, `focus_contact_center`, `amazon_connect`, `video_call_saas`.
    #[staticmethod]
    fn preset(name: &str) -> PyResult<Self> {
        Ok(PyRules {
            inner: Rules::preset(name).map_err(IntoPyErr::into_pyerr)?,
        })
    }

    /// The names of the presets.
    #[staticmethod]
    fn preset_names() -> Vec<&'static str> {
        Rules::PRESETS.iter().map(|(n, _)| *n).collect()
    }

    /// How wait time is measured: `call_start_to_talk_start` or `queue_entry_to_answer`.
    #[getter]
    fn wait(&self) -> String {
        name_of(&self.inner.wait)
    }

    /// How talk time is measured: `answer_to_end`, `incoming_from_scenario_start` or `agent_talk_plus_ivr`.
    #[getter]
    fn talk(&self) -> String {
        name_of(&self.inner.talk)
    }

    /// How the total is measured: `start_to_end` or `start_to_close`.
    #[getter]
    fn total(&self) -> String {
        name_of(&self.inner.total)
    }

    fn __repr__(&self) -> String {
        let preset = Rules::PRESETS.iter().find(|(_, r)| *r == self.inner);
        match preset {
            Some((name, _)) => format!("Rules.preset({name:?})"),
            None => format!(
                "Rules(wait={:?}, talk={:?}, total={:?})",
                self.wait(),
                self.talk(),
                self.total()
            ),
        }
    }
}

/// A `rules=` argument: `None` (canonical), a preset name or a `Rules`.
pub fn rules_arg(ob: Option<&Bound<'_, PyAny>>) -> PyResult<Rules> {
    match ob {
        None => Ok(Rules::CANONICAL),
        Some(o) if o.is_none() => Ok(Rules::CANONICAL),
        Some(o) => {
            if let Ok(r) = o.cast::<PyRules>() {
                return Ok(r.get().inner);
            }
            if let Ok(s) = o.cast::<PyString>() {
                return Rules::preset(&s.to_cow()?).map_err(IntoPyErr::into_pyerr);
            }
            Err(wrong_type(
                &Path::Field(&Path::Root(""), "rules"),
                "Rules, a preset name or None",
                o,
            ))
        }
    }
}

/// Every derived field of one record, as computed by `CallRecord.derive(rules=...)`.
#[pyclass(frozen, eq, module = "calllog", name = "Derived")]
#[derive(Clone, PartialEq)]
pub struct PyDerived {
    pub(crate) inner: calllog::Derived,
}

#[pymethods]
impl PyDerived {
    /// Customer wait time.
    #[getter]
    fn wait(&self) -> Option<TimeDelta> {
        self.inner.wait
    }
    /// Dial (ringing) duration.
    #[getter]
    fn dial(&self) -> Option<TimeDelta> {
        self.inner.dial
    }
    /// Talk time under the rules.
    #[getter]
    fn talk(&self) -> Option<TimeDelta> {
        self.inner.talk
    }
    /// Agent talk time.
    #[getter]
    fn agent_talk(&self) -> Option<TimeDelta> {
        self.inner.agent_talk
    }
    /// Time in the IVR.
    #[getter]
    fn ivr(&self) -> Option<TimeDelta> {
        self.inner.ivr
    }
    /// Time on hold.
    #[getter]
    fn hold(&self) -> Option<TimeDelta> {
        self.inner.hold
    }
    /// After-call work.
    #[getter]
    fn after_call_work(&self) -> Option<TimeDelta> {
        self.inner.after_call_work
    }
    /// Total duration under the rules.
    #[getter]
    fn total(&self) -> Option<TimeDelta> {
        self.inner.total
    }
    /// Handle time.
    #[getter]
    fn handle(&self) -> Option<TimeDelta> {
        self.inner.handle
    }
    /// What became of the contact.
    #[getter]
    fn outcome<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.inner.outcome.to_py(py, Mode::Objects)
    }
    /// Whether the contact (attempt) succeeded.
    #[getter]
    fn success(&self) -> bool {
        self.inner.success
    }

    /// Every derived field as a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        let i = &self.inner;
        for (k, v) in [
            ("wait", i.wait),
            ("dial", i.dial),
            ("talk", i.talk),
            ("agent_talk", i.agent_talk),
            ("ivr", i.ivr),
            ("hold", i.hold),
            ("after_call_work", i.after_call_work),
            ("total", i.total),
            ("handle", i.handle),
        ] {
            d.set_item(k, v)?;
        }
        d.set_item("outcome", i.outcome.to_py(py, Mode::Objects)?)?;
        d.set_item("success", i.success)?;
        Ok(d)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let d = self.to_dict(py)?;
        let mut parts = Vec::new();
        for (k, v) in d.iter() {
            if !v.is_none() {
                parts.push(format!("{}={}", k, v.repr()?));
            }
        }
        Ok(format!("Derived({})", parts.join(", ")))
    }
}

/// Registers the classes of this file.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyRules>()?;
    m.add_class::<PyDerived>()?;
    Ok(())
}
