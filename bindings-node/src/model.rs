//! The record model as plain JavaScript objects: camelCase fields, `Date` timestamps,
//! durations in seconds, money as a decimal string with its currency, vocabularies as machine
//! names. Conversion only; validation is core's (`CallRecord::validate`).

use std::collections::HashMap;

use calllog as cl;
use calllog::TimeDelta;
use chrono::{DateTime, TimeZone, Utc};
use napi::bindgen_prelude::{FromNapiValue, ToNapiValue, TypeName, ValidateNapiValue};
use napi::{Status, ValueType, sys};
use napi_derive::napi;

use crate::errors::{Context, with_context};
use crate::rules::Derived;
use crate::vocab::{name, parse_opt};

/// A JavaScript `Date` (UTC instant, millisecond precision). Unlike napi's own conversion it
/// rejects an invalid date (`new Date('x')`) and anything that is not a `Date`, instead of
/// reading it as 1970-01-01.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Date(pub DateTime<Utc>);

impl TypeName for Date {
    fn type_name() -> &'static str {
        "Date"
    }
    fn value_type() -> ValueType {
        ValueType::Object
    }
}

impl FromNapiValue for Date {
    unsafe fn from_napi_value(env: sys::napi_env, v: sys::napi_value) -> napi::Result<Self> {
        let mut is_date = false;
        // SAFETY: env and v come from napi and are valid for this call.
        let status = unsafe { sys::napi_is_date(env, v, &mut is_date) };
        if status != sys::Status::napi_ok || !is_date {
            return Err(napi::Error::new(Status::DateExpected, "expected a Date"));
        }
        let mut ms = 0.0f64;
        // SAFETY: v is a Date (checked above).
        let status = unsafe { sys::napi_get_date_value(env, v, &mut ms) };
        if status != sys::Status::napi_ok || !ms.is_finite() {
            return Err(napi::Error::new(Status::DateExpected, "invalid Date"));
        }
        match Utc.timestamp_millis_opt(ms as i64) {
            chrono::LocalResult::Single(t) => Ok(Date(t)),
            _ => Err(napi::Error::new(Status::DateExpected, "Date out of range")),
        }
    }
}

impl ToNapiValue for Date {
    unsafe fn to_napi_value(env: sys::napi_env, val: Self) -> napi::Result<sys::napi_value> {
        // SAFETY: forwarded unchanged to napi's own conversion.
        unsafe { DateTime::<Utc>::to_napi_value(env, val.0) }
    }
}

trait OptDate {
    fn core(self) -> Option<DateTime<Utc>>;
}
impl OptDate for Option<Date> {
    fn core(self) -> Option<DateTime<Utc>> {
        self.map(|d| d.0)
    }
}

fn js_date(t: Option<DateTime<Utc>>) -> Option<Date> {
    t.map(Date)
}

/// A staff member (agent, operator) who took part in a contact.
#[napi(object, object_from_js = false)]
#[derive(Clone, Default)]
pub struct Agent {
    /// Stable id in the source system, if any.
    pub id: Option<String>,
    /// Registered name (seed 000 スタッフ名, seed 002 Оператор, seed 004 Agent).
    pub name: Option<String>,
    /// The agent's own number or extension (seed 003).
    pub number: Option<String>,
    /// Groups the agent belongs to (seed 002: supervisors see their groups' calls).
    pub groups: Option<Vec<String>>,
    /// The user was deleted from the platform (seed 004).
    pub deleted: Option<bool>,
}

/// The moments of a contact; every one is optional (a blank is a fact the seeds' rules read).
#[napi(object, object_from_js = false)]
#[derive(Clone, Default)]
pub struct Timeline {
    /// The contact started (seed 000 D コール開始時間; for incoming calls also the start of the IVR scenario).
    pub started_at: Option<Date>,
    /// Outbound dialling began (seed 002 начало дозвона).
    pub dial_started_at: Option<Date>,
    /// Entered the queue.
    pub enqueued_at: Option<Date>,
    /// Left the queue, answered or not.
    pub dequeued_at: Option<Date>,
    /// Seed 000 E 着信時間: a staff member started ringing.
    pub offered_at: Option<Date>,
    /// Seed 000 F 応答時間またはキャンセル時間: answered, or cancelled by the customer before an answer.
    pub answered_or_cancelled_at: Option<Date>,
    /// Seed 000 H 通話開始時間: the conversation began.
    pub talk_started_at: Option<Date>,
    /// Seed 000 I 通話終了時間: the conversation ended.
    pub talk_ended_at: Option<Date>,
    /// After-call work started.
    pub after_call_work_started_at: Option<Date>,
    /// After-call work ended.
    pub after_call_work_ended_at: Option<Date>,
    /// Seed 000 J 接続終了時間: the staff member closed the room.
    pub closed_at: Option<Date>,
}

/// Durations (seconds) a product reports as numbers when it does not give the timestamps.
#[napi(object, object_from_js = false)]
#[derive(Clone, Default)]
pub struct ReportedDurations {
    /// Customer wait.
    pub wait: Option<f64>,
    /// Dialling / ringing (seed 002 Длительность дозвона, seed 004 Czas wydzwaniania).
    pub dial: Option<f64>,
    /// Talk as the vendor defines it (seed 002 Длительность разговора, seed 004 Czas rozmowy).
    pub talk: Option<f64>,
    /// Agent–customer talk only (seed 004 Rozmowa z agentem).
    pub agent_talk: Option<f64>,
    /// Time in the IVR.
    pub ivr: Option<f64>,
    /// Customer on hold.
    pub hold: Option<f64>,
    /// After-call work.
    pub after_call_work: Option<f64>,
    /// Whole duration (seed 003).
    pub total: Option<f64>,
}

/// One entry of seed 000 N 着信履歴: a staff member was rung.
#[napi(object)]
#[derive(Clone, Default)]
pub struct RingEvent {
    /// When.
    pub at: Option<Date>,
    /// Who was rung.
    pub staff_name: Option<String>,
    /// Why the ring ended as it did.
    pub detail: Option<String>,
}

/// One step of the IVR path (seed 004).
#[napi(object)]
#[derive(Clone, Default)]
pub struct IvrStep {
    /// The tile or node name.
    pub node: Option<String>,
    /// When the caller entered it.
    pub entered_at: Option<Date>,
    /// When the caller left it.
    pub left_at: Option<Date>,
    /// The caller's choice (DTMF key, recognised phrase).
    pub choice: Option<String>,
    /// Anything else the product records for the step.
    pub detail: Option<String>,
}

/// One survey question and its answer (seed 000: up to 50 before and 50 after the call).
#[napi(object)]
#[derive(Clone, Default)]
pub struct SurveyAnswer {
    /// 1-based question number (1..=50).
    pub index: u32,
    /// The question.
    pub question: Option<String>,
    /// The answer; absent when not answered.
    pub answer: Option<String>,
}

/// A comment attached to a contact.
#[napi(object)]
#[derive(Clone, Default)]
pub struct Note {
    /// Who wrote it.
    pub author: Option<String>,
    /// When.
    pub at: Option<Date>,
    /// The text.
    pub text: String,
}

/// A recording of the conversation.
#[napi(object)]
#[derive(Clone, Default)]
pub struct Recording {
    /// Link to play or share it.
    pub url: Option<String>,
    /// Length in seconds; absent while processing or unknown (seed 000 L).
    pub duration: Option<f64>,
    /// Still being processed right after the call.
    pub processing: Option<bool>,
    /// File format, e.g. `ogg`.
    pub format: Option<String>,
}

/// Where the caller came from (seed 003).
#[napi(object)]
#[derive(Clone, Default)]
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
    /// The landing page.
    pub landing_page: Option<String>,
    /// The client's IP address.
    pub client_ip: Option<String>,
}

impl From<Visit> for cl::Visit {
    fn from(v: Visit) -> Self {
        cl::Visit {
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

impl From<cl::Visit> for Visit {
    fn from(v: cl::Visit) -> Self {
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

/// An exact amount of money: a decimal string, never a binary float.
#[napi(object)]
#[derive(Clone, Default)]
pub struct Money {
    /// The amount as a decimal string, e.g. `"0.0125"`.
    pub amount: String,
    /// ISO 4217 code, e.g. `RUB`.
    pub currency: String,
}

/// One contact: a call, video call, SMS, e-mail or chat. Only `id` is required; a missing
/// fact stays absent (never `""` or `0`). Objects returned by `CallLog` also carry `derived`.
#[napi(object, object_from_js = false)]
#[derive(Clone, Default)]
pub struct CallRecord {
    /// Unique id (seed 000 接続番号, seed 004 ID połączenia).
    pub id: String,
    /// The medium; `voice` when absent.
    #[napi(ts_type = "Channel")]
    pub channel: Option<String>,
    /// Inbound, outbound or internal.
    #[napi(ts_type = "Direction")]
    pub direction: Option<String>,
    /// Seed 004 Typ (one of seventeen).
    #[napi(ts_type = "InteractionType")]
    pub interaction_type: Option<String>,
    /// Seed 002's call type, which decides how dial and talk time are measured.
    #[napi(ts_type = "CallType")]
    pub call_type: Option<String>,
    /// Seed 000 通話モード.
    #[napi(ts_type = "CallMode")]
    pub call_mode: Option<String>,
    /// Seed 004 Status.
    #[napi(ts_type = "ContactStatus")]
    pub status: Option<String>,
    /// The customer's or shop's name.
    pub customer_name: Option<String>,
    /// Source number or address.
    pub from: Option<String>,
    /// Destination number or address.
    pub to: Option<String>,
    /// E-mail copies.
    pub cc: Option<Vec<String>>,
    /// Blind copies.
    pub bcc: Option<Vec<String>>,
    /// Staff who took part, in the order they joined.
    pub agents: Option<Vec<Agent>>,
    /// Queue.
    pub queue: Option<String>,
    /// Campaign (absent: outside any campaign).
    pub campaign: Option<String>,
    /// Scenario name (seed 002).
    pub scenario: Option<String>,
    /// Link to the scenario (hidden from supervisors).
    pub scenario_url: Option<String>,
    /// The moments of the contact.
    pub timeline: Option<Timeline>,
    /// Durations the product reported as numbers (seconds).
    pub reported: Option<ReportedDurations>,
    /// Why the call ended, in the product's words (seed 000 終了理由).
    pub end_reason: Option<String>,
    /// Seed 004 Strona rozłączenia.
    #[napi(ts_type = "DisconnectSide")]
    pub disconnect_side: Option<String>,
    /// Number of times the customer was put on hold.
    pub hold_count: Option<u32>,
    /// Seed 002 Результат попытки.
    #[napi(ts_type = "AttemptResult")]
    pub attempt_result: Option<String>,
    /// Seed 002 Код завершения.
    pub completion_code: Option<String>,
    /// Seed 002: the scheduled callback.
    pub callback_at: Option<Date>,
    /// Seed 002 Попытки: dialling attempts.
    pub attempts: Option<u32>,
    /// Seed 002 Теги.
    pub tags: Option<Vec<String>>,
    /// Seed 002 Тематики.
    pub topics: Option<Vec<String>>,
    /// Seed 003 categories.
    pub categories: Option<Vec<String>>,
    /// Seed 004 Klasyfikator.
    pub classifier: Option<String>,
    /// Comments.
    pub notes: Option<Vec<Note>>,
    /// Seed 003: rating given to the manager, 1..=5.
    pub manager_rating: Option<u32>,
    /// Seed 003: rating of the call, 1..=5.
    pub call_rating: Option<u32>,
    /// The recording, if any.
    pub recording: Option<Recording>,
    /// Seed 002 Цена (hidden from supervisors).
    pub price: Option<Money>,
    /// Seed 000 コブラウズ利用.
    pub co_browse: Option<bool>,
    /// Seed 000 着信履歴, in time order.
    pub ring_history: Option<Vec<RingEvent>>,
    /// Seed 000 ブランド名.
    pub brand: Option<String>,
    /// Seed 000 サービス名.
    pub service: Option<String>,
    /// Seed 000 メニュー名.
    pub menu: Option<String>,
    /// Seed 000 スタッフメモ.
    pub staff_memo: Option<String>,
    /// The customer's user agent.
    pub customer_user_agent: Option<String>,
    /// The staff member's user agent.
    pub staff_user_agent: Option<String>,
    /// Seed 000 追加情報.
    pub extra_info: Option<String>,
    /// Seed 000 チャットログ.
    pub chat_log: Option<String>,
    /// The pre-call survey (≤ 50).
    pub pre_survey: Option<Vec<SurveyAnswer>>,
    /// The post-call survey (≤ 50).
    pub post_survey: Option<Vec<SurveyAnswer>>,
    /// Seed 003 visit and client data.
    pub visit: Option<Visit>,
    /// Seed 004 ID rekordu: the customer record in the CRM.
    pub record_id: Option<String>,
    /// Seed 004 Pole znaczące.
    pub significant_field: Option<String>,
    /// Seed 004 ID zgłoszenia (ticket).
    pub ticket_id: Option<String>,
    /// Seed 001 リクエストID.
    pub request_id: Option<String>,
    /// The IVR path, step by step (seed 004).
    pub ivr_path: Option<Vec<IvrStep>>,
    /// Anything else a product adds, by its own name.
    pub extra: Option<HashMap<String, String>>,
    /// Derived fields under the log's rules; filled in objects returned by `CallLog`, ignored on input.
    pub derived: Option<Derived>,
}

impl ValidateNapiValue for CallRecord {}

impl FromNapiValue for CallRecord {
    /// Reads only the properties the object has (see [`read_props`]).
    unsafe fn from_napi_value(env: sys::napi_env, obj: sys::napi_value) -> napi::Result<Self> {
        let mut r = CallRecord::default();
        let mut seen = false;
        // SAFETY: `obj` and the values handed to the closure are live in this call.
        unsafe {
            read_props(env, obj, "CallRecord", |name, v| {
                match name {
                    "id" => {
                        r.id = get(env, v)?;
                        seen = true;
                    }
                    "channel" => r.channel = Some(get(env, v)?),
                    "direction" => r.direction = Some(get(env, v)?),
                    "interactionType" => r.interaction_type = Some(get(env, v)?),
                    "callType" => r.call_type = Some(get(env, v)?),
                    "callMode" => r.call_mode = Some(get(env, v)?),
                    "status" => r.status = Some(get(env, v)?),
                    "customerName" => r.customer_name = Some(get(env, v)?),
                    "from" => r.from = Some(get(env, v)?),
                    "to" => r.to = Some(get(env, v)?),
                    "cc" => r.cc = Some(get(env, v)?),
                    "bcc" => r.bcc = Some(get(env, v)?),
                    "agents" => r.agents = Some(get(env, v)?),
                    "queue" => r.queue = Some(get(env, v)?),
                    "campaign" => r.campaign = Some(get(env, v)?),
                    "scenario" => r.scenario = Some(get(env, v)?),
                    "scenarioUrl" => r.scenario_url = Some(get(env, v)?),
                    "timeline" => r.timeline = Some(get(env, v)?),
                    "reported" => r.reported = Some(get(env, v)?),
                    "endReason" => r.end_reason = Some(get(env, v)?),
                    "disconnectSide" => r.disconnect_side = Some(get(env, v)?),
                    "holdCount" => r.hold_count = Some(get(env, v)?),
                    "attemptResult" => r.attempt_result = Some(get(env, v)?),
                    "completionCode" => r.completion_code = Some(get(env, v)?),
                    "callbackAt" => r.callback_at = Some(get(env, v)?),
                    "attempts" => r.attempts = Some(get(env, v)?),
                    "tags" => r.tags = Some(get(env, v)?),
                    "topics" => r.topics = Some(get(env, v)?),
                    "categories" => r.categories = Some(get(env, v)?),
                    "classifier" => r.classifier = Some(get(env, v)?),
                    "notes" => {
                        check_keys_list(env, v, "Note", NOTE_KEYS)?;
                        r.notes = Some(get(env, v)?);
                    }
                    "managerRating" => r.manager_rating = Some(get(env, v)?),
                    "callRating" => r.call_rating = Some(get(env, v)?),
                    "recording" => {
                        check_keys_obj(env, v, "Recording", RECORDING_KEYS)?;
                        r.recording = Some(get(env, v)?);
                    }
                    "price" => {
                        check_keys_obj(env, v, "Money", MONEY_KEYS)?;
                        r.price = Some(get(env, v)?);
                    }
                    "coBrowse" => r.co_browse = Some(get(env, v)?),
                    "ringHistory" => {
                        check_keys_list(env, v, "RingEvent", RING_KEYS)?;
                        r.ring_history = Some(get(env, v)?);
                    }
                    "brand" => r.brand = Some(get(env, v)?),
                    "service" => r.service = Some(get(env, v)?),
                    "menu" => r.menu = Some(get(env, v)?),
                    "staffMemo" => r.staff_memo = Some(get(env, v)?),
                    "customerUserAgent" => r.customer_user_agent = Some(get(env, v)?),
                    "staffUserAgent" => r.staff_user_agent = Some(get(env, v)?),
                    "extraInfo" => r.extra_info = Some(get(env, v)?),
                    "chatLog" => r.chat_log = Some(get(env, v)?),
                    "preSurvey" => {
                        check_keys_list(env, v, "SurveyAnswer", SURVEY_KEYS)?;
                        r.pre_survey = Some(get(env, v)?);
                    }
                    "postSurvey" => {
                        check_keys_list(env, v, "SurveyAnswer", SURVEY_KEYS)?;
                        r.post_survey = Some(get(env, v)?);
                    }
                    "visit" => {
                        check_keys_obj(env, v, "Visit", VISIT_KEYS)?;
                        r.visit = Some(get(env, v)?);
                    }
                    "recordId" => r.record_id = Some(get(env, v)?),
                    "significantField" => r.significant_field = Some(get(env, v)?),
                    "ticketId" => r.ticket_id = Some(get(env, v)?),
                    "requestId" => r.request_id = Some(get(env, v)?),
                    "ivrPath" => {
                        check_keys_list(env, v, "IvrStep", IVR_KEYS)?;
                        r.ivr_path = Some(get(env, v)?);
                    }
                    "extra" => r.extra = Some(get(env, v)?),
                    // what `toArray()` adds: a record read back from JS may carry it
                    "derived" => {}
                    _ => unknown_key(name)?,
                }
                Ok(())
            })
        }?;
        if !seen {
            return Err(napi::Error::new(
                Status::InvalidArg,
                "missing the required `id` on CallRecord.id",
            ));
        }
        Ok(r)
    }
}

impl ValidateNapiValue for Timeline {}

impl FromNapiValue for Timeline {
    /// Reads only the properties the object has (see [`read_props`]).
    unsafe fn from_napi_value(env: sys::napi_env, obj: sys::napi_value) -> napi::Result<Self> {
        let mut r = Timeline::default();
        // SAFETY: `obj` and the values handed to the closure are live in this call.
        unsafe {
            read_props(env, obj, "Timeline", |name, v| {
                match name {
                    "startedAt" => r.started_at = Some(get(env, v)?),
                    "dialStartedAt" => r.dial_started_at = Some(get(env, v)?),
                    "enqueuedAt" => r.enqueued_at = Some(get(env, v)?),
                    "dequeuedAt" => r.dequeued_at = Some(get(env, v)?),
                    "offeredAt" => r.offered_at = Some(get(env, v)?),
                    "answeredOrCancelledAt" => r.answered_or_cancelled_at = Some(get(env, v)?),
                    "talkStartedAt" => r.talk_started_at = Some(get(env, v)?),
                    "talkEndedAt" => r.talk_ended_at = Some(get(env, v)?),
                    "afterCallWorkStartedAt" => r.after_call_work_started_at = Some(get(env, v)?),
                    "afterCallWorkEndedAt" => r.after_call_work_ended_at = Some(get(env, v)?),
                    "closedAt" => r.closed_at = Some(get(env, v)?),
                    _ => unknown_key(name)?,
                }
                Ok(())
            })
        }?;
        Ok(r)
    }
}

impl ValidateNapiValue for Agent {}

impl FromNapiValue for Agent {
    /// Reads only the properties the object has (see [`read_props`]).
    unsafe fn from_napi_value(env: sys::napi_env, obj: sys::napi_value) -> napi::Result<Self> {
        let mut r = Agent::default();
        // SAFETY: `obj` and the values handed to the closure are live in this call.
        unsafe {
            read_props(env, obj, "Agent", |name, v| {
                match name {
                    "id" => r.id = Some(get(env, v)?),
                    "name" => r.name = Some(get(env, v)?),
                    "number" => r.number = Some(get(env, v)?),
                    "groups" => r.groups = Some(get(env, v)?),
                    "deleted" => r.deleted = Some(get(env, v)?),
                    _ => unknown_key(name)?,
                }
                Ok(())
            })
        }?;
        Ok(r)
    }
}

impl ValidateNapiValue for ReportedDurations {}

impl FromNapiValue for ReportedDurations {
    /// Reads only the properties the object has (see [`read_props`]).
    unsafe fn from_napi_value(env: sys::napi_env, obj: sys::napi_value) -> napi::Result<Self> {
        let mut r = ReportedDurations::default();
        // SAFETY: `obj` and the values handed to the closure are live in this call.
        unsafe {
            read_props(env, obj, "ReportedDurations", |name, v| {
                match name {
                    "wait" => r.wait = Some(get(env, v)?),
                    "dial" => r.dial = Some(get(env, v)?),
                    "talk" => r.talk = Some(get(env, v)?),
                    "agentTalk" => r.agent_talk = Some(get(env, v)?),
                    "ivr" => r.ivr = Some(get(env, v)?),
                    "hold" => r.hold = Some(get(env, v)?),
                    "afterCallWork" => r.after_call_work = Some(get(env, v)?),
                    "total" => r.total = Some(get(env, v)?),
                    _ => unknown_key(name)?,
                }
                Ok(())
            })
        }?;
        Ok(r)
    }
}

/// Calls `f` with each enumerable property (own or inherited) of `obj` whose value is neither
/// `undefined` nor `null`: one lookup per present key instead of one per field of the model,
/// so converting a typical record costs what it holds. An error of `f` names the field like
/// napi's own conversion does (`... on Type.field`).
///
/// # Safety
/// `obj` is a live value of `env`'s current call.
unsafe fn read_props(
    env: sys::napi_env,
    obj: sys::napi_value,
    type_name: &str,
    mut f: impl FnMut(&str, sys::napi_value) -> napi::Result<()>,
) -> napi::Result<()> {
    let mut ty = sys::ValueType::napi_undefined;
    // SAFETY: plain N-API calls on values of this call.
    unsafe {
        check(sys::napi_typeof(env, obj, &mut ty))?;
        if ty != sys::ValueType::napi_object {
            return Err(napi::Error::new(
                Status::ObjectExpected,
                format!("expected an object for {type_name}"),
            ));
        }
        let mut keys = std::ptr::null_mut();
        check(sys::napi_get_property_names(env, obj, &mut keys))?;
        let mut n = 0u32;
        check(sys::napi_get_array_length(env, keys, &mut n))?;
        let mut buf = [0u8; 48];
        for i in 0..n {
            let mut key = std::ptr::null_mut();
            check(sys::napi_get_element(env, keys, i, &mut key))?;
            let mut len = 0usize;
            check(sys::napi_get_value_string_utf8(
                env,
                key,
                buf.as_mut_ptr().cast(),
                buf.len(),
                &mut len,
            ))?;
            let long: String;
            let name = if len >= buf.len() - 1 {
                // longer than any field name: only an unknown key is this long
                long = get::<String>(env, key)?;
                long.as_str()
            } else {
                match std::str::from_utf8(&buf[..len]) {
                    Ok(n) => n,
                    Err(_) => continue, // cut inside a character: cannot happen below 47 bytes
                }
            };
            let mut v = std::ptr::null_mut();
            // a getter or Proxy trap that throws: say which property
            check(sys::napi_get_property(env, obj, key, &mut v)).map_err(|e| {
                napi::Error::new(e.status, format!("{} on {type_name}.{name}", e.reason))
            })?;
            let mut vt = sys::ValueType::napi_undefined;
            check(sys::napi_typeof(env, v, &mut vt))?;
            if vt == sys::ValueType::napi_undefined || vt == sys::ValueType::napi_null {
                continue;
            }
            f(name, v).map_err(|e| {
                napi::Error::new(e.status, format!("{} on {type_name}.{name}", e.reason))
            })?;
        }
    }
    Ok(())
}

/// # Safety
/// `v` is a live value of `env`'s current call.
unsafe fn get<T: FromNapiValue>(env: sys::napi_env, v: sys::napi_value) -> napi::Result<T> {
    // SAFETY: forwarded from the caller.
    unsafe { T::from_napi_value(env, v) }
}

thread_local! {
    /// Whether unknown keys are errors (the default) for the conversion running on this
    /// thread; `ignoreUnknown: true` turns it off for one call ([`Lenient`]).
    static STRICT: std::cell::Cell<bool> = const { std::cell::Cell::new(true) };
}

/// Turns unknown keys into ignored ones until dropped (`ignoreUnknown: true`).
pub struct Lenient(bool);

impl Lenient {
    /// Lenient for the rest of this scope when `ignore` is true.
    pub fn new(ignore: bool) -> Self {
        Lenient(STRICT.with(|s| s.replace(!ignore)))
    }
}

impl Drop for Lenient {
    fn drop(&mut self) {
        STRICT.with(|s| s.set(self.0));
    }
}

/// A key the type does not have: an error naming it, unless the caller opted out. The
/// conversion adds ` on Type.key` and the record, so the error's `field` is its path.
fn unknown_key(name: &str) -> napi::Result<()> {
    if STRICT.with(|s| s.get()) {
        Err(napi::Error::new(
            Status::InvalidArg,
            format!(
                "unknown key {name:?} (a misspelt field? pass ignoreUnknown: true to skip such keys)"
            ),
        ))
    } else {
        Ok(())
    }
}

const NOTE_KEYS: &[&str] = &["author", "at", "text"];
const RECORDING_KEYS: &[&str] = &["url", "duration", "processing", "format"];
const MONEY_KEYS: &[&str] = &["amount", "currency"];
const RING_KEYS: &[&str] = &["at", "staffName", "detail"];
const SURVEY_KEYS: &[&str] = &["index", "question", "answer"];
const VISIT_KEYS: &[&str] = &[
    "source",
    "medium",
    "campaign",
    "content",
    "term",
    "landingPage",
    "clientIp",
];
const IVR_KEYS: &[&str] = &["node", "enteredAt", "leftAt", "choice", "detail"];
/// The keys of a callback entry (`CallbackRecord`).
pub const CALLBACK_KEYS: &[&str] = &[
    "id",
    "registeredAt",
    "incomingAt",
    "assignee",
    "state",
    "callCenter",
    "businessLabel",
    "callerNumber",
    "ourNumber",
    "requestId",
    "recording",
    "memo",
];

/// # Safety
/// `v` is a live value of `env`'s current call.
pub unsafe fn check_keys_obj(
    env: sys::napi_env,
    v: sys::napi_value,
    type_name: &str,
    keys: &[&str],
) -> napi::Result<()> {
    if !STRICT.with(|s| s.get()) {
        return Ok(());
    }
    // SAFETY: forwarded from the caller.
    unsafe {
        read_props(env, v, type_name, |name, _| {
            if keys.contains(&name) {
                Ok(())
            } else {
                unknown_key(name)
            }
        })
    }
}

/// # Safety
/// `v` is a live value of `env`'s current call.
unsafe fn check_keys_list(
    env: sys::napi_env,
    v: sys::napi_value,
    type_name: &str,
    keys: &[&str],
) -> napi::Result<()> {
    if !STRICT.with(|s| s.get()) {
        return Ok(());
    }
    let mut is_array = false;
    // SAFETY: plain N-API calls on values of this call.
    unsafe {
        check(sys::napi_is_array(env, v, &mut is_array))?;
        if !is_array {
            return Ok(()); // the conversion reports the wrong type
        }
        let mut n = 0u32;
        check(sys::napi_get_array_length(env, v, &mut n))?;
        for i in 0..n {
            let mut item = std::ptr::null_mut();
            check(sys::napi_get_element(env, v, i, &mut item))?;
            let mut ty = sys::ValueType::napi_undefined;
            check(sys::napi_typeof(env, item, &mut ty))?;
            if ty != sys::ValueType::napi_object {
                continue;
            }
            check_keys_obj(env, item, type_name, keys).map_err(|e| {
                // `... on Note.x` -> `... on Note.[2].x`: the path gets the index
                let reason = e.reason.replacen(
                    &format!(" on {type_name}."),
                    &format!(" on {type_name}.[{i}]."),
                    1,
                );
                napi::Error::new(e.status, reason)
            })?;
        }
    }
    Ok(())
}

fn check(status: sys::napi_status) -> napi::Result<()> {
    if status == sys::Status::napi_ok {
        Ok(())
    } else {
        Err(napi::Error::new(
            Status::from(status),
            "reading a record failed",
        ))
    }
}

/// One entry of a callback worklist (seed 001 折り返し呼).
#[napi(object)]
#[derive(Clone, Default)]
pub struct CallbackRecord {
    /// Unique id of the entry.
    pub id: String,
    /// 登録日時: when the callback was registered.
    pub registered_at: Option<Date>,
    /// 着信日時: when the call that asked for it came in.
    pub incoming_at: Option<Date>,
    /// 担当者: the assigned agent; absent = not assigned.
    pub assignee: Option<String>,
    /// 対応状況; `not_done` when absent.
    #[napi(ts_type = "CallbackState")]
    pub state: Option<String>,
    /// コールセンター名.
    pub call_center: Option<String>,
    /// 業務ラベル名.
    pub business_label: Option<String>,
    /// 相手の番号: the caller's number.
    pub caller_number: Option<String>,
    /// こちらの番号: the number that was called.
    pub our_number: Option<String>,
    /// リクエストID.
    pub request_id: Option<String>,
    /// 録音: the recorded message.
    pub recording: Option<Recording>,
    /// メモ: at most 1,000 characters.
    pub memo: Option<String>,
}

// ---------------------------------------------------------------- JS -> core

/// Seconds (JS number) to a duration, millisecond precision.
pub fn seconds_in(v: Option<f64>, id: &str, field: &str) -> napi::Result<Option<TimeDelta>> {
    match v {
        None => Ok(None),
        Some(s) if s.is_finite() && s.abs() <= 1e12 => {
            Ok(Some(TimeDelta::milliseconds((s * 1000.0).round() as i64)))
        }
        Some(s) => Err(invalid(
            id,
            field,
            format!("not a duration in seconds: {s}"),
        )),
    }
}

/// A duration as seconds (JS number).
pub fn seconds_out(v: Option<TimeDelta>) -> Option<f64> {
    v.map(|d| d.num_milliseconds() as f64 / 1000.0)
}

fn invalid(id: &str, field: &str, reason: String) -> napi::Error {
    crate::errors::to_napi(cl::Error::invalid(id, field, reason))
}

fn small(v: Option<u32>, id: &str, field: &str) -> napi::Result<Option<u8>> {
    v.map(|n| u8::try_from(n).map_err(|_| invalid(id, field, format!("{n} is out of range"))))
        .transpose()
}

fn agent_in(a: Agent) -> cl::Agent {
    cl::Agent {
        id: a.id,
        name: a.name.unwrap_or_default(),
        number: a.number,
        groups: a.groups.unwrap_or_default(),
        deleted: a.deleted.unwrap_or(false),
    }
}

fn timeline_in(t: Timeline) -> cl::Timeline {
    cl::Timeline {
        started_at: t.started_at.core(),
        dial_started_at: t.dial_started_at.core(),
        enqueued_at: t.enqueued_at.core(),
        dequeued_at: t.dequeued_at.core(),
        offered_at: t.offered_at.core(),
        answered_or_cancelled_at: t.answered_or_cancelled_at.core(),
        talk_started_at: t.talk_started_at.core(),
        talk_ended_at: t.talk_ended_at.core(),
        after_call_work_started_at: t.after_call_work_started_at.core(),
        after_call_work_ended_at: t.after_call_work_ended_at.core(),
        closed_at: t.closed_at.core(),
    }
}

fn reported_in(r: ReportedDurations, id: &str) -> napi::Result<cl::ReportedDurations> {
    Ok(cl::ReportedDurations {
        wait: seconds_in(r.wait, id, "reported.wait")?,
        dial: seconds_in(r.dial, id, "reported.dial")?,
        talk: seconds_in(r.talk, id, "reported.talk")?,
        agent_talk: seconds_in(r.agent_talk, id, "reported.agent_talk")?,
        ivr: seconds_in(r.ivr, id, "reported.ivr")?,
        hold: seconds_in(r.hold, id, "reported.hold")?,
        after_call_work: seconds_in(r.after_call_work, id, "reported.after_call_work")?,
        total: seconds_in(r.total, id, "reported.total")?,
    })
}

fn recording_in(r: Recording, id: &str, field: &str) -> napi::Result<cl::Recording> {
    Ok(cl::Recording {
        url: r.url,
        duration: seconds_in(r.duration, id, &format!("{field}.duration"))?,
        processing: r.processing.unwrap_or(false),
        format: r.format,
    })
}

fn survey_in(
    v: Option<Vec<SurveyAnswer>>,
    id: &str,
    field: &str,
) -> napi::Result<Vec<cl::SurveyAnswer>> {
    v.unwrap_or_default()
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            Ok(cl::SurveyAnswer {
                index: small(Some(s.index), id, &format!("{field}[{i}].index"))?.unwrap_or(0),
                question: s.question.unwrap_or_default(),
                answer: s.answer,
            })
        })
        .collect()
}

/// Money from `{ amount, currency }`, exactly.
pub fn money_in(m: Money, id: &str, field: &str) -> napi::Result<cl::Money> {
    cl::Money::from_decimal_str(&m.amount, m.currency).map_err(|e| {
        with_context(
            e,
            Context {
                record_id: Some(id.to_string()),
                field: Some(format!("{field}.amount")),
            },
        )
    })
}

impl CallRecord {
    /// Converts to the core record (vocabularies parsed, seconds to durations, money exact).
    /// Does not validate: call `validate()` on the result.
    pub fn into_core(self) -> napi::Result<cl::CallRecord> {
        let id = self.id;
        let i = id.as_str();
        Ok(cl::CallRecord {
            channel: parse_opt::<cl::Channel>(&self.channel, i, "channel")?.unwrap_or_default(),
            direction: parse_opt(&self.direction, i, "direction")?,
            interaction_type: parse_opt(&self.interaction_type, i, "interactionType")?,
            call_type: parse_opt(&self.call_type, i, "callType")?,
            call_mode: parse_opt(&self.call_mode, i, "callMode")?,
            status: parse_opt(&self.status, i, "status")?,
            customer_name: self.customer_name,
            from: self.from,
            to: self.to,
            cc: self.cc.unwrap_or_default(),
            bcc: self.bcc.unwrap_or_default(),
            agents: self
                .agents
                .unwrap_or_default()
                .into_iter()
                .map(agent_in)
                .collect(),
            queue: self.queue,
            campaign: self.campaign,
            scenario: self.scenario,
            scenario_url: self.scenario_url,
            timeline: self.timeline.map(timeline_in).unwrap_or_default(),
            reported: self
                .reported
                .map(|r| reported_in(r, i))
                .transpose()?
                .unwrap_or_default(),
            end_reason: self.end_reason,
            disconnect_side: parse_opt(&self.disconnect_side, i, "disconnectSide")?,
            hold_count: self.hold_count,
            attempt_result: parse_opt(&self.attempt_result, i, "attemptResult")?,
            completion_code: self.completion_code,
            callback_at: self.callback_at.core(),
            attempts: self.attempts,
            tags: self.tags.unwrap_or_default(),
            topics: self.topics.unwrap_or_default(),
            categories: self.categories.unwrap_or_default(),
            classifier: self.classifier,
            notes: self
                .notes
                .unwrap_or_default()
                .into_iter()
                .map(|n| cl::Note {
                    author: n.author,
                    at: n.at.core(),
                    text: n.text,
                })
                .collect(),
            manager_rating: small(self.manager_rating, i, "managerRating")?,
            call_rating: small(self.call_rating, i, "callRating")?,
            recording: self
                .recording
                .map(|r| recording_in(r, i, "recording"))
                .transpose()?,
            price: self.price.map(|m| money_in(m, i, "price")).transpose()?,
            co_browse: self.co_browse.unwrap_or(false),
            ring_history: self
                .ring_history
                .unwrap_or_default()
                .into_iter()
                .map(|e| cl::RingEvent {
                    at: e.at.core(),
                    staff_name: e.staff_name.unwrap_or_default(),
                    detail: e.detail,
                })
                .collect(),
            brand: self.brand,
            service: self.service,
            menu: self.menu,
            staff_memo: self.staff_memo,
            customer_user_agent: self.customer_user_agent,
            staff_user_agent: self.staff_user_agent,
            extra_info: self.extra_info,
            chat_log: self.chat_log,
            pre_survey: survey_in(self.pre_survey, i, "preSurvey")?,
            post_survey: survey_in(self.post_survey, i, "postSurvey")?,
            visit: self.visit.map(Into::into),
            record_id: self.record_id,
            significant_field: self.significant_field,
            ticket_id: self.ticket_id,
            request_id: self.request_id,
            ivr_path: self
                .ivr_path
                .unwrap_or_default()
                .into_iter()
                .map(|s| cl::IvrStep {
                    node: s.node.unwrap_or_default(),
                    entered_at: s.entered_at.core(),
                    left_at: s.left_at.core(),
                    choice: s.choice,
                    detail: s.detail,
                })
                .collect(),
            extra: self.extra.unwrap_or_default().into_iter().collect(),
            id,
        })
    }

    /// The JS object of a core record, with `derived` filled in when given.
    pub fn from_core(r: &cl::CallRecord, derived: Option<Derived>) -> CallRecord {
        let t = &r.timeline;
        let d = &r.reported;
        CallRecord {
            id: r.id.clone(),
            channel: Some(r.channel.as_str().to_string()),
            direction: name(r.direction),
            interaction_type: name(r.interaction_type),
            call_type: name(r.call_type),
            call_mode: name(r.call_mode),
            status: name(r.status),
            customer_name: r.customer_name.clone(),
            from: r.from.clone(),
            to: r.to.clone(),
            cc: Some(r.cc.clone()),
            bcc: Some(r.bcc.clone()),
            agents: Some(
                r.agents
                    .iter()
                    .map(|a| Agent {
                        id: a.id.clone(),
                        name: Some(a.name.clone()),
                        number: a.number.clone(),
                        groups: Some(a.groups.clone()),
                        deleted: Some(a.deleted),
                    })
                    .collect(),
            ),
            queue: r.queue.clone(),
            campaign: r.campaign.clone(),
            scenario: r.scenario.clone(),
            scenario_url: r.scenario_url.clone(),
            timeline: Some(Timeline {
                started_at: js_date(t.started_at),
                dial_started_at: js_date(t.dial_started_at),
                enqueued_at: js_date(t.enqueued_at),
                dequeued_at: js_date(t.dequeued_at),
                offered_at: js_date(t.offered_at),
                answered_or_cancelled_at: js_date(t.answered_or_cancelled_at),
                talk_started_at: js_date(t.talk_started_at),
                talk_ended_at: js_date(t.talk_ended_at),
                after_call_work_started_at: js_date(t.after_call_work_started_at),
                after_call_work_ended_at: js_date(t.after_call_work_ended_at),
                closed_at: js_date(t.closed_at),
            }),
            reported: Some(ReportedDurations {
                wait: seconds_out(d.wait),
                dial: seconds_out(d.dial),
                talk: seconds_out(d.talk),
                agent_talk: seconds_out(d.agent_talk),
                ivr: seconds_out(d.ivr),
                hold: seconds_out(d.hold),
                after_call_work: seconds_out(d.after_call_work),
                total: seconds_out(d.total),
            }),
            end_reason: r.end_reason.clone(),
            disconnect_side: name(r.disconnect_side),
            hold_count: r.hold_count,
            attempt_result: name(r.attempt_result),
            completion_code: r.completion_code.clone(),
            callback_at: js_date(r.callback_at),
            attempts: r.attempts,
            tags: Some(r.tags.clone()),
            topics: Some(r.topics.clone()),
            categories: Some(r.categories.clone()),
            classifier: r.classifier.clone(),
            notes: Some(
                r.notes
                    .iter()
                    .map(|n| Note {
                        author: n.author.clone(),
                        at: js_date(n.at),
                        text: n.text.clone(),
                    })
                    .collect(),
            ),
            manager_rating: r.manager_rating.map(u32::from),
            call_rating: r.call_rating.map(u32::from),
            recording: r.recording.as_ref().map(recording_out),
            price: r.price.as_ref().map(money_out),
            co_browse: Some(r.co_browse),
            ring_history: Some(
                r.ring_history
                    .iter()
                    .map(|e| RingEvent {
                        at: js_date(e.at),
                        staff_name: Some(e.staff_name.clone()),
                        detail: e.detail.clone(),
                    })
                    .collect(),
            ),
            brand: r.brand.clone(),
            service: r.service.clone(),
            menu: r.menu.clone(),
            staff_memo: r.staff_memo.clone(),
            customer_user_agent: r.customer_user_agent.clone(),
            staff_user_agent: r.staff_user_agent.clone(),
            extra_info: r.extra_info.clone(),
            chat_log: r.chat_log.clone(),
            pre_survey: Some(r.pre_survey.iter().map(survey_out).collect()),
            post_survey: Some(r.post_survey.iter().map(survey_out).collect()),
            visit: r.visit.clone().map(Into::into),
            record_id: r.record_id.clone(),
            significant_field: r.significant_field.clone(),
            ticket_id: r.ticket_id.clone(),
            request_id: r.request_id.clone(),
            ivr_path: Some(
                r.ivr_path
                    .iter()
                    .map(|s| IvrStep {
                        node: Some(s.node.clone()),
                        entered_at: js_date(s.entered_at),
                        left_at: js_date(s.left_at),
                        choice: s.choice.clone(),
                        detail: s.detail.clone(),
                    })
                    .collect(),
            ),
            extra: Some(r.extra.clone().into_iter().collect()),
            derived,
        }
    }
}

fn recording_out(r: &cl::Recording) -> Recording {
    Recording {
        url: r.url.clone(),
        duration: seconds_out(r.duration),
        processing: Some(r.processing),
        format: r.format.clone(),
    }
}

fn survey_out(s: &cl::SurveyAnswer) -> SurveyAnswer {
    SurveyAnswer {
        index: u32::from(s.index),
        question: Some(s.question.clone()),
        answer: s.answer.clone(),
    }
}

/// `{ amount, currency }` of a core amount.
pub fn money_out(m: &cl::Money) -> Money {
    Money {
        amount: m.amount_string(),
        currency: m.currency.clone(),
    }
}

impl CallbackRecord {
    /// Converts to the core entry (not validated).
    pub fn into_core(self) -> napi::Result<cl::CallbackRecord> {
        let id = self.id;
        let i = id.as_str();
        Ok(cl::CallbackRecord {
            registered_at: self.registered_at.core(),
            incoming_at: self.incoming_at.core(),
            assignee: self.assignee,
            state: parse_opt::<cl::CallbackState>(&self.state, i, "state")?.unwrap_or_default(),
            call_center: self.call_center,
            business_label: self.business_label,
            caller_number: self.caller_number,
            our_number: self.our_number,
            request_id: self.request_id,
            recording: self
                .recording
                .map(|r| recording_in(r, i, "recording"))
                .transpose()?,
            memo: self.memo,
            id,
        })
    }

    /// The JS object of a core entry.
    pub fn from_core(c: &cl::CallbackRecord) -> CallbackRecord {
        CallbackRecord {
            id: c.id.clone(),
            registered_at: js_date(c.registered_at),
            incoming_at: js_date(c.incoming_at),
            assignee: c.assignee.clone(),
            state: Some(c.state.as_str().to_string()),
            call_center: c.call_center.clone(),
            business_label: c.business_label.clone(),
            caller_number: c.caller_number.clone(),
            our_number: c.our_number.clone(),
            request_id: c.request_id.clone(),
            recording: c.recording.as_ref().map(recording_out),
            memo: c.memo.clone(),
        }
    }
}
