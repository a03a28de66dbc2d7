//! The record classes: `CallRecord`, `CallbackRecord` and their parts, each a frozen Python
//! class wrapping the core struct, built from keyword arguments or a dict, with one read-only
//! attribute per field, `to_dict()`, `from_dict()`, `replace()`, equality and a short repr.
//!
//! One macro ([`record_class!`]) generates all of that from a field list, so the Python
//! attributes are exactly the core's fields (`from` is spelled `from_` in Python, where
//! `from` is a keyword; `from` is accepted as a key too).

use calllog::{TimeDelta, Timestamp};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString, PyType};

use crate::convert::{
    BlockSetter, Cell, Conv, Getter, IntoPyErr, Mode, Path, Setter, decimal_type, str_of,
    wrong_type,
};
use crate::rules::{PyDerived, rules_arg};

/// Reads and writes a record's fields by name: what `record_class!` generates.
pub trait Fields: Default + Sized {
    /// The Python class name.
    const CLASS: &'static str;

    /// Sets one field (or a dotted sub-field) from a value; `Ok(false)` for an unknown name.
    fn set_field(&mut self, key: &str, cell: Cell<'_>, path: &Path<'_>) -> PyResult<bool>;

    /// A setter for one field (or dotted sub-field), resolved once per DataFrame column.
    fn setter(key: &str) -> Option<Setter<Self>>;

    /// The [`Conv::KIND`] of one field (or dotted sub-field), `None` for an unknown name.
    fn kind(key: &str) -> Option<&'static str>;

    /// The core's (Rust, serde) name of a top-level field (`from` for `from_`), `None` for an
    /// unknown name.
    fn core_name(key: &str) -> Option<&'static str>;

    /// Whether a field (or dotted sub-field) is an `Option`, which a missing cell sets to
    /// `None` (for the others it is an error).
    fn nullable(key: &str) -> bool;

    /// The [`BlockSetter`] of one field (or dotted sub-field) of the `Self` that `outer`
    /// gets from an `R`, `None` for an unknown name.
    fn block_setter_via<R: 'static>(outer: Getter<R, Self>, key: &str) -> Option<BlockSetter<R>>;

    /// Every field as a plain dict (nested records as dicts).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>>;

    /// `name=repr(value)` for every field that is not at its default.
    fn repr_parts(&self, py: Python<'_>) -> PyResult<Vec<String>>;
}

/// The id in a mapping, for error messages that name the record.
pub fn id_of(d: &Bound<'_, PyDict>) -> String {
    d.get_item("id")
        .ok()
        .flatten()
        .and_then(|v| v.cast::<PyString>().ok().map(|s| s.to_string()))
        .unwrap_or_default()
}

thread_local! {
    /// Whether unknown keys are errors (the default) in the conversion running on this thread.
    static STRICT: std::cell::Cell<bool> = const { std::cell::Cell::new(true) };
}

/// Unknown keys are skipped, not errors, until this is dropped (`ignore_unknown=True`).
pub struct Lenient(bool);

impl Lenient {
    /// Lenient for the rest of the scope when `ignore` is true.
    pub fn new(ignore: bool) -> Self {
        Lenient(STRICT.with(|s| s.replace(!ignore)))
    }
}

impl Drop for Lenient {
    fn drop(&mut self) {
        STRICT.with(|s| s.set(self.0));
    }
}

/// Builds a record from a dict of fields.
pub fn from_mapping<T: Fields>(d: &Bound<'_, PyDict>, path: &Path<'_>) -> PyResult<T> {
    let mut out = T::default();
    apply(&mut out, d, path)?;
    Ok(out)
}

/// Sets the fields of `d` on `rec`.
pub fn apply<T: Fields>(rec: &mut T, d: &Bound<'_, PyDict>, path: &Path<'_>) -> PyResult<()> {
    for (k, v) in d.iter() {
        let key = k
            .cast::<PyString>()
            .map_err(|_| PyTypeError::new_err(format!("{}: field names must be str", T::CLASS)))?;
        let key = str_of(key)?;
        if !rec.set_field(key, Cell::Obj(v), path)? && STRICT.with(|s| s.get()) {
            let id = path.record_id();
            let at = Path::Field(path, key);
            let place = if id.is_empty() {
                format!("field `{at}`")
            } else {
                format!("record {id:?}, field `{at}`")
            };
            return Err(PyTypeError::new_err(format!(
                "{place}: unexpected field '{key}' ({} has no such field; pass \
                 ignore_unknown=True to skip unknown keys)",
                T::CLASS
            )));
        }
    }
    Ok(())
}

/// A mapping argument as a dict (any `Mapping` is accepted).
pub fn as_dict<'py>(ob: &Bound<'py, PyAny>, what: &str) -> PyResult<Bound<'py, PyDict>> {
    if let Ok(d) = ob.cast::<PyDict>() {
        return Ok(d.clone());
    }
    if ob.hasattr("keys")? {
        let d = PyDict::new(ob.py());
        d.update(ob.cast()?).or_else(|_| -> PyResult<()> {
            for k in ob.call_method0("keys")?.try_iter()? {
                let k = k?;
                d.set_item(&k, ob.get_item(&k)?)?;
            }
            Ok(())
        })?;
        return Ok(d);
    }
    Err(wrong_type(
        &Path::Root(""),
        &format!("{what} as a dict"),
        ob,
    ))
}

macro_rules! fld {
    ($e:expr; $f:ident) => {
        $e.$f
    };
    ($e:expr; $f:ident; $cf:ident) => {
        $e.$cf
    };
}

/// The core's name of a field declared `f` or `f(cf)` in `record_class!`.
macro_rules! fld_name {
    ($f:ident) => {
        stringify!($f)
    };
    ($f:ident; $cf:ident) => {
        stringify!($cf)
    };
}

macro_rules! record_class {
    (
        $(#[$cdoc:meta])*
        class $py:ident($pyname:literal) wraps $core:ty;
        fields {
            $( $(#[$fdoc:meta])* $f:ident $(($cf:ident))? : $ty:ty, )*
        }
        methods { $($extra:tt)* }
    ) => {
        $(#[$cdoc])*
        #[pyclass(frozen, eq, module = "calllog", name = $pyname)]
        #[derive(Clone, PartialEq)]
        pub struct $py {
            pub(crate) inner: $core,
        }

        impl Fields for $core {
            const CLASS: &'static str = $pyname;

            fn set_field(&mut self, key: &str, cell: Cell<'_>, path: &Path<'_>) -> PyResult<bool> {
                match key {
                    $(stringify!($f) $(| stringify!($cf))? => {
                        $crate::model::fld!(self; $f $(; $cf)?) =
                            <$ty as Conv>::from_cell(cell, &path.field(stringify!($f)))?;
                        Ok(true)
                    })*
                    _ => {
                        if let Some((head, rest)) = key.split_once('.') {
                            match head {
                                $(stringify!($f) => {
                                    return <$ty as Conv>::set_dotted(
                                        &mut $crate::model::fld!(self; $f $(; $cf)?),
                                        rest,
                                        cell,
                                        &path.field(stringify!($f)),
                                    );
                                })*
                                _ => {}
                            }
                        }
                        Ok(false)
                    }
                }
            }

            fn setter(key: &str) -> Option<$crate::convert::Setter<Self>> {
                match key {
                    $(stringify!($f) $(| stringify!($cf))? => Some(Box::new(
                        |r: &mut Self, c: Cell<'_>, p: &Path<'_>| -> PyResult<()> {
                            <$ty as Conv>::set_cell(
                                &mut $crate::model::fld!(r; $f $(; $cf)?),
                                c,
                                &p.field(stringify!($f)),
                            )
                        },
                    )),)*
                    _ => {
                        let (head, rest) = key.split_once('.')?;
                        match head {
                            $(stringify!($f) => {
                                let inner = <$ty as Conv>::dotted_setter(rest)?;
                                Some(Box::new(
                                    move |r: &mut Self, c: Cell<'_>, p: &Path<'_>| -> PyResult<()> {
                                        inner(&mut $crate::model::fld!(r; $f $(; $cf)?), c, &p.field(stringify!($f)))
                                    },
                                ))
                            })*
                            _ => None,
                        }
                    }
                }
            }

            fn block_setter_via<R: 'static>(
                outer: $crate::convert::Getter<R, Self>,
                key: &str,
            ) -> Option<$crate::convert::BlockSetter<R>> {
                match key {
                    $(stringify!($f) $(| stringify!($cf))? => Some(<$ty as Conv>::block_setter(
                        $crate::convert::getter(move |r: &mut R| &mut $crate::model::fld!(outer(r); $f $(; $cf)?)),
                    )),)*
                    _ => {
                        let (head, rest) = key.split_once('.')?;
                        match head {
                            $(stringify!($f) => <$ty as Conv>::dotted_block_setter(
                                $crate::convert::getter(move |r: &mut R| &mut $crate::model::fld!(outer(r); $f $(; $cf)?)),
                                rest,
                            ),)*
                            _ => None,
                        }
                    }
                }
            }

            fn kind(key: &str) -> Option<&'static str> {
                match key {
                    $(stringify!($f) $(| stringify!($cf))? => Some(<$ty as Conv>::KIND),)*
                    _ => {
                        let (head, rest) = key.split_once('.')?;
                        match head {
                            $(stringify!($f) => <$ty as Conv>::dotted_kind(rest),)*
                            _ => None,
                        }
                    }
                }
            }

            fn core_name(key: &str) -> Option<&'static str> {
                match key {
                    $(stringify!($f) => Some($crate::model::fld_name!($f $(; $cf)?)),)*
                    _ => None,
                }
            }

            fn nullable(key: &str) -> bool {
                match key {
                    $(stringify!($f) $(| stringify!($cf))? => <$ty as Conv>::NULLABLE,)*
                    _ => match key.split_once('.') {
                        $(Some((stringify!($f), rest)) => <$ty as Conv>::dotted_nullable(rest),)*
                        _ => false,
                    },
                }
            }

            fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
                let d = PyDict::new(py);
                $(d.set_item(stringify!($f), Conv::to_py(&$crate::model::fld!(self; $f $(; $cf)?), py, Mode::Dicts)?)?;)*
                Ok(d)
            }

            fn repr_parts(&self, py: Python<'_>) -> PyResult<Vec<String>> {
                let mut parts = Vec::new();
                let blank = <$core>::default();
                $(
                    if $crate::model::fld!(self; $f $(; $cf)?) != $crate::model::fld!(blank; $f $(; $cf)?) {
                        let v = Conv::to_py(&$crate::model::fld!(self; $f $(; $cf)?), py, Mode::Objects)?;
                        parts.push(format!(concat!(stringify!($f), "={}"), v.repr()?));
                    }
                )*
                Ok(parts)
            }
        }

        impl Conv for $core {
            fn to_py<'py>(&self, py: Python<'py>, mode: Mode) -> PyResult<Bound<'py, PyAny>> {
                match mode {
                    Mode::Objects => Ok(Bound::new(py, $py { inner: self.clone() })?.into_any()),
                    Mode::Dicts => Ok(Fields::to_dict(self, py)?.into_any()),
                }
            }

            fn from_py(ob: &Bound<'_, PyAny>, path: &Path<'_>) -> PyResult<Self> {
                if let Ok(c) = ob.cast::<$py>() {
                    return Ok(c.get().inner.clone());
                }
                match ob.cast::<PyDict>() {
                    Ok(d) => from_mapping(d, path),
                    Err(_) => Err(wrong_type(path, concat!($pyname, " or dict"), ob)),
                }
            }

            fn set_dotted(&mut self, key: &str, cell: Cell<'_>, path: &Path<'_>) -> PyResult<bool> {
                Fields::set_field(self, key, cell, path)
            }

            fn dotted_setter(key: &str) -> Option<$crate::convert::Setter<Self>> {
                <Self as Fields>::setter(key)
            }

            fn dotted_kind(key: &str) -> Option<&'static str> {
                <Self as Fields>::kind(key)
            }

            fn dotted_nullable(key: &str) -> bool {
                <Self as Fields>::nullable(key)
            }

            fn dotted_block_setter<R: 'static>(
                get: $crate::convert::Getter<R, Self>,
                key: &str,
            ) -> Option<$crate::convert::BlockSetter<R>> {
                <Self as Fields>::block_setter_via(get, key)
            }
        }

        #[pymethods]
        impl $py {
            /// Builds the value from keyword arguments, one per field; missing fields are blank.
            #[new]
            #[pyo3(signature = (**fields))]
            fn new(fields: Option<&Bound<'_, PyDict>>) -> PyResult<Self> {
                let inner = match fields {
                    Some(d) => {
                        let id = id_of(d);
                        from_mapping(d, &Path::Root(&id))?
                    }
                    None => <$core>::default(),
                };
                Ok($py { inner })
            }

            /// Builds the value from a dict (or any mapping) of fields, as `to_dict()` returns.
            /// A key no field has is a `TypeError` naming it, unless `ignore_unknown=True`.
            #[classmethod]
            #[pyo3(signature = (data, *, ignore_unknown = false))]
            fn from_dict(
                _cls: &Bound<'_, PyType>,
                data: &Bound<'_, PyAny>,
                ignore_unknown: bool,
            ) -> PyResult<Self> {
                let _lenient = $crate::model::Lenient::new(ignore_unknown);
                let d = as_dict(data, $pyname)?;
                let id = id_of(&d);
                Ok($py { inner: from_mapping(&d, &Path::Root(&id))? })
            }

            /// Every field as a plain dict; nested values become dicts too.
            fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
                Fields::to_dict(&self.inner, py)
            }

            /// A copy with the given fields changed.
            #[pyo3(signature = (**changes))]
            fn replace(&self, changes: Option<&Bound<'_, PyDict>>) -> PyResult<Self> {
                let mut inner = self.inner.clone();
                if let Some(d) = changes {
                    let id = id_of(d);
                    let id = if id.is_empty() { crate::model::record_id(&inner) } else { id };
                    apply(&mut inner, d, &Path::Root(&id))?;
                }
                Ok($py { inner })
            }

            fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
                Ok(format!(concat!($pyname, "({})"), self.inner.repr_parts(py)?.join(", ")))
            }

            fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, (Bound<'py, PyDict>,))> {
                Ok((py.get_type::<$py>().getattr("from_dict")?, (Fields::to_dict(&self.inner, py)?,)))
            }

            $(
                $(#[$fdoc])*
                #[getter]
                fn $f<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                    Conv::to_py(&$crate::model::fld!(self.inner; $f $(; $cf)?), py, Mode::Objects)
                }
            )*

            $($extra)*
        }
    };
}

pub(crate) use fld;
pub(crate) use fld_name;
pub(crate) use record_class;

/// The id of a record, for error messages ("" for parts without one).
pub fn record_id<T: std::any::Any>(rec: &T) -> String {
    let any = rec as &dyn std::any::Any;
    if let Some(r) = any.downcast_ref::<calllog::CallRecord>() {
        r.id.clone()
    } else if let Some(r) = any.downcast_ref::<calllog::CallbackRecord>() {
        r.id.clone()
    } else {
        String::new()
    }
}

record_class! {
    /// A staff member (agent, operator) who took part in a contact.
    class PyAgent("Agent") wraps calllog::Agent;
    fields {
        /// Stable id in the source system, if any.
        id: Option<String>,
        /// Registered name.
        name: String,
        /// The agent's own number or extension.
        number: Option<String>,
        /// Groups the agent belongs to (supervisors see their groups' calls).
        groups: Vec<String>,
        /// The user was deleted from the platform.
        deleted: bool,
    }
    methods {}
}

record_class! {
    /// The moments of a contact, each a timezone-aware `datetime` or `None`.
    class PyTimeline("Timeline") wraps calllog::Timeline;
    fields {
        /// The customer called (seed 000 D コール開始時間); for incoming calls also the start of the IVR scenario.
        started_at: Option<Timestamp>,
        /// Outbound dialling began.
        dial_started_at: Option<Timestamp>,
        /// The contact entered a queue.
        enqueued_at: Option<Timestamp>,
        /// The contact left the queue.
        dequeued_at: Option<Timestamp>,
        /// A staff member was rung (seed 000 E 着信時間).
        offered_at: Option<Timestamp>,
        /// The staff member answered, or the customer cancelled (seed 000 F).
        answered_or_cancelled_at: Option<Timestamp>,
        /// The conversation began (seed 000 H 通話開始時間).
        talk_started_at: Option<Timestamp>,
        /// The conversation ended (seed 000 I 通話終了時間).
        talk_ended_at: Option<Timestamp>,
        /// After-call work began.
        after_call_work_started_at: Option<Timestamp>,
        /// After-call work ended.
        after_call_work_ended_at: Option<Timestamp>,
        /// The staff member closed the room (seed 000 J 接続終了時間).
        closed_at: Option<Timestamp>,
    }
    methods {}
}

record_class! {
    /// Durations a product reports as numbers (`timedelta`), used when the timeline cannot answer.
    class PyReportedDurations("ReportedDurations") wraps calllog::ReportedDurations;
    fields {
        /// Customer wait.
        wait: Option<TimeDelta>,
        /// Dialling / ringing.
        dial: Option<TimeDelta>,
        /// Talk as the vendor defines it.
        talk: Option<TimeDelta>,
        /// Agent–customer talk only.
        agent_talk: Option<TimeDelta>,
        /// Time in the IVR.
        ivr: Option<TimeDelta>,
        /// Customer on hold.
        hold: Option<TimeDelta>,
        /// After-call work.
        after_call_work: Option<TimeDelta>,
        /// Whole duration.
        total: Option<TimeDelta>,
    }
    methods {}
}

record_class! {
    /// One entry of the ring history (seed 000 N 着信履歴): a staff member was rung.
    class PyRingEvent("RingEvent") wraps calllog::RingEvent;
    fields {
        /// When.
        at: Option<Timestamp>,
        /// Who was rung.
        staff_name: String,
        /// Why the ring ended as it did.
        detail: Option<String>,
    }
    methods {}
}

record_class! {
    /// One step of the IVR path (seed 004).
    class PyIvrStep("IvrStep") wraps calllog::IvrStep;
    fields {
        /// The tile or node name.
        node: String,
        /// When the caller entered it.
        entered_at: Option<Timestamp>,
        /// When the caller left it.
        left_at: Option<Timestamp>,
        /// The caller's choice (DTMF key, recognised phrase), if any.
        choice: Option<String>,
        /// Anything else the product records for the step.
        detail: Option<String>,
    }
    methods {}
}

record_class! {
    /// One survey question and its answer (seed 000: up to 50 before and 50 after the call).
    class PySurveyAnswer("SurveyAnswer") wraps calllog::SurveyAnswer;
    fields {
        /// 1-based question number (1..=50).
        index: u8,
        /// The question.
        question: String,
        /// The answer; `None` when not answered.
        answer: Option<String>,
    }
    methods {}
}

record_class! {
    /// A comment attached to a contact.
    class PyNote("Note") wraps calllog::Note;
    fields {
        /// Who wrote it.
        author: Option<String>,
        /// When.
        at: Option<Timestamp>,
        /// The text.
        text: String,
    }
    methods {}
}

record_class! {
    /// A recording of the conversation.
    class PyRecording("Recording") wraps calllog::Recording;
    fields {
        /// Link to play or share it.
        url: Option<String>,
        /// Length; `None` while processing or unknown.
        duration: Option<TimeDelta>,
        /// Still being processed right after the call.
        processing: bool,
        /// File format, e.g. `ogg`.
        format: Option<String>,
    }
    methods {}
}

record_class! {
    /// Where the caller came from (seed 003 visit and client data).
    class PyVisit("Visit") wraps calllog::Visit;
    fields {
        /// utm_source or the referrer.
        source: Option<String>,
        /// utm_medium.
        medium: Option<String>,
        /// utm_campaign.
        campaign: Option<String>,
        /// utm_content.
        content: Option<String>,
        /// utm_term.
        term: Option<String>,
        /// The landing page.
        landing_page: Option<String>,
        /// The client's IP address.
        client_ip: Option<String>,
    }
    methods {}
}

record_class! {
    /// One page seen during a web session (seed 003).
    class PyPageView("PageView") wraps calllog::web::PageView;
    fields {
        /// The page's address.
        url: String,
        /// Its title.
        title: Option<String>,
        /// When it was opened.
        viewed_at: Option<Timestamp>,
        /// Time spent on it.
        time_on_page: Option<TimeDelta>,
    }
    methods {}
}

record_class! {
    /// One visit of the customer to the site, as a call-tracking product delivers it
    /// (seed 003 "User sessions history").
    class PyWebSession("WebSession") wraps calllog::web::WebSession;
    fields {
        /// The tracker's session id.
        id: String,
        /// The phone number the tracker tied the visitor to.
        customer: Option<String>,
        /// When the visit began.
        started_at: Option<Timestamp>,
        /// When it ended.
        ended_at: Option<Timestamp>,
        /// Where the visitor came from (UTM fields, landing page, IP).
        visit: calllog::Visit,
        /// The device.
        device: Option<String>,
        /// The operating system.
        os: Option<String>,
        /// Where the visitor was.
        geolocation: Option<String>,
        /// The pages seen, in order.
        pages: Vec<calllog::web::PageView>,
        /// The contacts made during the visit.
        contact_ids: Vec<String>,
    }
    methods {
        /// Checks the session; raises `ValidationError` naming the session and the field.
        fn validate(&self) -> PyResult<()> {
            self.inner.validate().map_err(IntoPyErr::into_pyerr)
        }
    }
}

record_class! {
    /// One contact: a call, video call, SMS, e-mail or chat.
    ///
    /// Build it with keyword arguments (``CallRecord(id="c-1", channel="video", timeline={...})``)
    /// or ``CallRecord.from_dict(d)``. Vocabulary fields accept enum members or their machine
    /// names; timestamps must be timezone-aware. Derived fields (``wait_time``, ``talk_time``,
    /// ``outcome``...) are read-only properties under the canonical rules; ``derive(rules=...)``
    /// computes them all under another rule set.
    class PyCallRecord("CallRecord") wraps calllog::CallRecord;
    fields {
        /// Unique id (seed 000 A 接続番号, seed 004 ID połączenia).
        id: String,
        /// The medium.
        channel: calllog::Channel,
        /// Inbound, outbound or internal.
        direction: Option<calllog::Direction>,
        /// Seed 004 Typ (one of seventeen).
        interaction_type: Option<calllog::InteractionType>,
        /// Seed 002's call type, which decides how dial and talk time are measured.
        call_type: Option<calllog::CallType>,
        /// Seed 000 R 通話モード.
        call_mode: Option<calllog::CallMode>,
        /// Seed 004 Status.
        status: Option<calllog::ContactStatus>,
        /// The customer's or shop's name.
        customer_name: Option<String>,
        /// Source number or address (the core's `from`; `from` is accepted as a key too).
        from_(from): Option<String>,
        /// Destination number or address.
        to: Option<String>,
        /// E-mail copies.
        cc: Vec<String>,
        /// Blind copies.
        bcc: Vec<String>,
        /// Staff who took part, in the order they joined.
        agents: Vec<calllog::Agent>,
        /// The queue.
        queue: Option<String>,
        /// The campaign (blank: outside any campaign).
        campaign: Option<String>,
        /// The scenario's name.
        scenario: Option<String>,
        /// Link to the scenario (hidden from supervisors).
        scenario_url: Option<String>,
        /// The moments of the contact.
        timeline: calllog::Timeline,
        /// Durations the product reported as numbers.
        reported: calllog::ReportedDurations,
        /// Why the call ended, in the product's words.
        end_reason: Option<String>,
        /// Which side ended the contact.
        disconnect_side: Option<calllog::DisconnectSide>,
        /// Number of times the customer was put on hold.
        hold_count: Option<u32>,
        /// Seed 002 Результат попытки.
        attempt_result: Option<calllog::AttemptResult>,
        /// Seed 002 Код завершения, set by the operator.
        completion_code: Option<String>,
        /// The scheduled callback.
        callback_at: Option<Timestamp>,
        /// Dialling attempts.
        attempts: Option<u32>,
        /// Tags.
        tags: Vec<String>,
        /// Topics.
        topics: Vec<String>,
        /// Categories.
        categories: Vec<String>,
        /// Seed 004 Klasyfikator.
        classifier: Option<String>,
        /// Comments.
        notes: Vec<calllog::Note>,
        /// Rating given to the manager (agent), 1..=5.
        manager_rating: Option<u8>,
        /// Rating of the call, 1..=5.
        call_rating: Option<u8>,
        /// The recording, if any.
        recording: Option<calllog::Recording>,
        /// The price (hidden from supervisors).
        price: Option<calllog::Money>,
        /// Co-browsing was used (seed 000 M).
        co_browse: bool,
        /// Seed 000 N 着信履歴, in time order.
        ring_history: Vec<calllog::RingEvent>,
        /// Seed 000 O ブランド名.
        brand: Option<String>,
        /// Seed 000 P サービス名.
        service: Option<String>,
        /// Seed 000 Q メニュー名.
        menu: Option<String>,
        /// Seed 000 S スタッフメモ.
        staff_memo: Option<String>,
        /// The customer's user agent.
        customer_user_agent: Option<String>,
        /// The staff member's user agent.
        staff_user_agent: Option<String>,
        /// Seed 000 V 追加情報.
        extra_info: Option<String>,
        /// Seed 000 W チャットログ.
        chat_log: Option<String>,
        /// The pre-call survey (at most 50).
        pre_survey: Vec<calllog::SurveyAnswer>,
        /// The post-call survey (at most 50).
        post_survey: Vec<calllog::SurveyAnswer>,
        /// Visit and client data (seed 003).
        visit: Option<calllog::Visit>,
        /// The customer record in the CRM.
        record_id: Option<String>,
        /// Seed 004 Pole znaczące.
        significant_field: Option<String>,
        /// The ticket id.
        ticket_id: Option<String>,
        /// Seed 001 リクエストID.
        request_id: Option<String>,
        /// The IVR path, step by step.
        ivr_path: Vec<calllog::IvrStep>,
        /// Anything else a product adds, by its own name.
        extra: std::collections::BTreeMap<String, String>,
    }
    methods {
        /// Checks the record against the model's rules; raises `ValidationError` naming the field.
        fn validate(&self) -> PyResult<()> {
            self.inner.validate().map_err(IntoPyErr::into_pyerr)
        }

        /// Seed 003's "Comments and categories" block: a copy with comments, categories and
        /// ratings changed, validated. `add_comment` takes a `Note`, a dict or a text (or a
        /// list of them); `remove_comment` a 0-based position (or a list, applied in order);
        /// `add_category` / `remove_category` a name or a list; `manager_rating` /
        /// `call_rating` 1..=5 or `None` to clear. Removals apply before additions. Raises
        /// `ValidationError` naming the record and the field, and nothing changes.
        #[pyo3(signature = (*, add_comment = None, remove_comment = None, add_category = None,
            remove_category = None, manager_rating = EditArg::Keep, call_rating = EditArg::Keep))]
        #[allow(clippy::too_many_arguments)]
        fn edit(
            &self,
            add_comment: Option<&Bound<'_, PyAny>>,
            remove_comment: Option<&Bound<'_, PyAny>>,
            add_category: Option<&Bound<'_, PyAny>>,
            remove_category: Option<&Bound<'_, PyAny>>,
            manager_rating: EditArg,
            call_rating: EditArg,
        ) -> PyResult<Self> {
            use calllog::web::ContactEdit as E;
            let root = Path::Root(&self.inner.id);
            let mut edits = Vec::new();
            for ob in one_or_many(remove_comment)? {
                edits.push(E::RemoveComment(u32::from_py(&ob, &root.field("remove_comment"))? as usize));
            }
            for ob in one_or_many(remove_category)? {
                edits.push(E::RemoveCategory(String::from_py(&ob, &root.field("remove_category"))?));
            }
            for ob in one_or_many(add_comment)? {
                let note = match ob.cast::<pyo3::types::PyString>() {
                    Ok(t) => calllog::Note { text: t.to_cow()?.into_owned(), ..Default::default() },
                    Err(_) => calllog::Note::from_py(&ob, &root.field("add_comment"))?,
                };
                edits.push(E::AddComment(note));
            }
            for ob in one_or_many(add_category)? {
                edits.push(E::AddCategory(String::from_py(&ob, &root.field("add_category"))?));
            }
            if let EditArg::Set(v) = manager_rating {
                edits.push(E::ManagerRating(v));
            }
            if let EditArg::Set(v) = call_rating {
                edits.push(E::CallRating(v));
            }
            let mut out = self.inner.clone();
            out.edit(edits).map_err(IntoPyErr::into_pyerr)?;
            Ok(Self { inner: out })
        }

        /// Every derived field under `rules` (a `Rules`, a preset name, or `None` for canonical).
        #[pyo3(signature = (rules = None))]
        fn derive(&self, rules: Option<&Bound<'_, PyAny>>) -> PyResult<PyDerived> {
            Ok(PyDerived { inner: rules_arg(rules)?.derive(&self.inner) })
        }

        /// Customer wait time under the canonical rules.
        #[getter]
        fn wait_time(&self) -> Option<TimeDelta> {
            self.inner.derived().wait
        }

        /// Dial (ringing) duration.
        #[getter]
        fn dial_duration(&self) -> Option<TimeDelta> {
            calllog::rules::dial_duration(&self.inner)
        }

        /// Talk time under the canonical rules.
        #[getter]
        fn talk_time(&self) -> Option<TimeDelta> {
            self.inner.talk_time()
        }

        /// Agent talk time: from pick-up to hang-up.
        #[getter]
        fn agent_talk_time(&self) -> Option<TimeDelta> {
            calllog::rules::agent_talk_time(&self.inner)
        }

        /// Time in the IVR.
        #[getter]
        fn ivr_time(&self) -> Option<TimeDelta> {
            calllog::rules::ivr_time(&self.inner)
        }

        /// Time on hold, as reported.
        #[getter]
        fn hold_time(&self) -> Option<TimeDelta> {
            calllog::rules::hold_time(&self.inner)
        }

        /// After-call work.
        #[getter]
        fn after_call_work(&self) -> Option<TimeDelta> {
            calllog::rules::after_call_work(&self.inner)
        }

        /// Total duration under the canonical rules.
        #[getter]
        fn total_duration(&self) -> Option<TimeDelta> {
            calllog::rules::total_duration(&self.inner, &calllog::Rules::CANONICAL)
        }

        /// Handle time: talk + hold + after-call work.
        #[getter]
        fn handle_time(&self) -> Option<TimeDelta> {
            calllog::rules::handle_time(&self.inner)
        }

        /// What became of the contact (an `Outcome`).
        #[getter]
        fn outcome<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
            self.inner.outcome().to_py(py, Mode::Objects)
        }

        /// Whether the contact (attempt) succeeded.
        #[getter]
        fn is_success(&self) -> bool {
            self.inner.is_success()
        }

        /// Agent names in join order, comma separated (seed 000 C).
        #[getter]
        fn agent_names(&self) -> String {
            self.inner.agent_names()
        }

        /// The customer's side: `from_` for inbound, `to` for outbound, `None` for internal.
        #[getter]
        fn customer_address(&self) -> Option<String> {
            self.inner.customer_address().map(str::to_string)
        }

        /// The direction, else the one implied by the interaction or call type.
        #[getter]
        fn effective_direction<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
            self.inner.effective_direction().to_py(py, Mode::Objects)
        }
    }
}

record_class! {
    /// One entry of a callback worklist (seed 001 折り返し呼).
    class PyCallbackRecord("CallbackRecord") wraps calllog::CallbackRecord;
    fields {
        /// Unique id of the entry.
        id: String,
        /// 登録日時: when the callback was registered.
        registered_at: Option<Timestamp>,
        /// 着信日時: when the call that asked for it came in.
        incoming_at: Option<Timestamp>,
        /// 担当者: the agent assigned; `None` = not assigned.
        assignee: Option<String>,
        /// 対応状況: not done / done.
        state: calllog::CallbackState,
        /// コールセンター名.
        call_center: Option<String>,
        /// 業務ラベル名.
        business_label: Option<String>,
        /// 相手の番号: the caller's number.
        caller_number: Option<String>,
        /// こちらの番号: the call center's number that was called.
        our_number: Option<String>,
        /// リクエストID: the call's unique id.
        request_id: Option<String>,
        /// 録音: the recorded message.
        recording: Option<calllog::Recording>,
        /// メモ: at most 1,000 characters.
        memo: Option<String>,
    }
    methods {
        /// Checks the entry (memo ≤ 1000 characters, non-empty id...); raises `ValidationError`.
        fn validate(&self) -> PyResult<()> {
            self.inner.validate().map_err(IntoPyErr::into_pyerr)
        }
    }
}

/// An exact amount of money with its currency (``Money("0.0125", "USD")``); never a float.
#[pyclass(frozen, eq, hash, module = "calllog", name = "Money")]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PyMoney {
    pub(crate) inner: calllog::Money,
}

fn amount_string(ob: &Bound<'_, PyAny>, path: &Path<'_>) -> PyResult<String> {
    if let Ok(s) = ob.cast::<PyString>() {
        return Ok(s.to_cow()?.into_owned());
    }
    if ob.is_instance(decimal_type(ob.py())?)? {
        return ob.call_method1("__format__", ("f",))?.extract::<String>();
    }
    if ob.is_instance_of::<pyo3::types::PyInt>() {
        return Ok(ob.str()?.to_cow()?.into_owned());
    }
    Err(wrong_type(
        path,
        "a Decimal, int or str amount (a binary float is not exact)",
        ob,
    ))
}

fn money_from(
    amount: &Bound<'_, PyAny>,
    currency: &str,
    path: &Path<'_>,
) -> PyResult<calllog::Money> {
    let s = amount_string(amount, path)?;
    calllog::Money::from_decimal_str(&s, currency).map_err(IntoPyErr::into_pyerr)
}

impl Conv for calllog::Money {
    fn to_py<'py>(&self, py: Python<'py>, mode: Mode) -> PyResult<Bound<'py, PyAny>> {
        match mode {
            Mode::Objects => Ok(Bound::new(
                py,
                PyMoney {
                    inner: self.clone(),
                },
            )?
            .into_any()),
            Mode::Dicts => {
                let d = PyDict::new(py);
                d.set_item("amount", decimal_type(py)?.call1((self.amount_string(),))?)?;
                d.set_item("currency", &self.currency)?;
                Ok(d.into_any())
            }
        }
    }

    fn from_py(ob: &Bound<'_, PyAny>, path: &Path<'_>) -> PyResult<Self> {
        if let Ok(m) = ob.cast::<PyMoney>() {
            return Ok(m.get().inner.clone());
        }
        if let Ok(s) = ob.cast::<PyString>() {
            return s.to_cow()?.parse().map_err(IntoPyErr::into_pyerr);
        }
        if let Ok(d) = ob.cast::<PyDict>() {
            let (Some(amount), Some(currency)) = (d.get_item("amount")?, d.get_item("currency")?)
            else {
                return Err(wrong_type(path, "a dict with `amount` and `currency`", ob));
            };
            let currency = String::from_py(&currency, &path.field("currency"))?;
            return money_from(&amount, &currency, &path.field("amount"));
        }
        Err(wrong_type(
            path,
            "Money, a dict or a str such as \"1.25 RUB\"",
            ob,
        ))
    }

    fn to_cell<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.to_py(py, Mode::Objects)
    }
}

#[pymethods]
impl PyMoney {
    /// ``Money(amount, currency)``: `amount` a `Decimal`, `int` or `str`; `currency` an ISO 4217 code.
    #[new]
    fn new(amount: &Bound<'_, PyAny>, currency: &str) -> PyResult<Self> {
        Ok(PyMoney {
            inner: money_from(amount, currency, &Path::Root(""))?,
        })
    }

    /// Parses ``"<amount> <CURRENCY>"``, e.g. ``"0.0125 USD"``.
    #[staticmethod]
    fn parse(text: &str) -> PyResult<Self> {
        Ok(PyMoney {
            inner: text.parse().map_err(IntoPyErr::into_pyerr)?,
        })
    }

    /// The amount, exact.
    #[getter]
    fn amount<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        decimal_type(py)?.call1((self.inner.amount_string(),))
    }

    /// The ISO 4217 currency code.
    #[getter]
    fn currency(&self) -> &str {
        &self.inner.currency
    }

    /// The amount times 10**scale.
    #[getter]
    fn units(&self) -> i64 {
        self.inner.units
    }

    /// Digits after the decimal point.
    #[getter]
    fn scale(&self) -> u8 {
        self.inner.scale
    }

    /// ``{"amount": Decimal, "currency": str}``.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.inner.to_py(py, Mode::Dicts)
    }

    fn __str__(&self) -> String {
        self.inner.to_string()
    }

    fn __repr__(&self) -> String {
        format!(
            "Money(Decimal('{}'), '{}')",
            self.inner.amount_string(),
            self.inner.currency
        )
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, (String, String))> {
        Ok((
            py.get_type::<PyMoney>().into_any(),
            (self.inner.amount_string(), self.inner.currency.clone()),
        ))
    }
}

/// A keyword that may be left out (keep) or given, `None` included (clear).
pub enum EditArg {
    /// Not given.
    Keep,
    /// Given: a rating 1..=5, or `None`.
    Set(Option<u8>),
}

impl<'a, 'py> FromPyObject<'a, 'py> for EditArg {
    type Error = PyErr;

    fn extract(ob: pyo3::Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        if ob.is_none() {
            return Ok(EditArg::Set(None));
        }
        Ok(EditArg::Set(Some(u8::from_py(&ob, &Path::Root("rating"))?)))
    }
}

/// A value or a list/tuple of values, as a list (nothing for `None`).
fn one_or_many<'py>(ob: Option<&Bound<'py, PyAny>>) -> PyResult<Vec<Bound<'py, PyAny>>> {
    match ob {
        None => Ok(Vec::new()),
        Some(o) if o.is_none() => Ok(Vec::new()),
        Some(o)
            if o.is_instance_of::<pyo3::types::PyList>()
                || o.is_instance_of::<pyo3::types::PyTuple>() =>
        {
            o.try_iter()?.collect()
        }
        Some(o) => Ok(vec![o.clone()]),
    }
}

/// Registers the classes of this file.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyAgent>()?;
    m.add_class::<PyTimeline>()?;
    m.add_class::<PyReportedDurations>()?;
    m.add_class::<PyRingEvent>()?;
    m.add_class::<PyIvrStep>()?;
    m.add_class::<PySurveyAnswer>()?;
    m.add_class::<PyNote>()?;
    m.add_class::<PyRecording>()?;
    m.add_class::<PyVisit>()?;
    m.add_class::<PyPageView>()?;
    m.add_class::<PyWebSession>()?;
    m.add_class::<PyCallRecord>()?;
    m.add_class::<PyCallbackRecord>()?;
    m.add_class::<PyMoney>()?;
    Ok(())
}
