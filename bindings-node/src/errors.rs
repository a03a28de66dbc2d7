//! The one place where `calllog::Error` becomes a JavaScript error.
//!
//! N-API errors carry only a status and a message, so the message of every error raised by
//! this binding is [`PREFIX`] followed by a JSON object: `{ code, message, recordId?, field?,
//! path?, ... }`. `lib.js` turns such messages into `CalllogError` objects with those
//! properties; nothing else parses them.

use calllog::Error;
use napi::JsValue;
use napi::bindgen_prelude::{FromNapiValue, Object, Unknown};
use serde_json::{Map, Value, json};

/// Marks a message that carries a JSON error payload (never shown to users: `lib.js` strips it).
pub const PREFIX: &str = "calllog-error:";

/// The stable `code` of each core error kind: `CALLLOG_` and core's [`Error::code`] in capitals
/// (`io` -> `CALLLOG_IO`). A callback that panicked or failed is `CALLLOG_CALLBACK` either way.
pub fn code(err: &Error) -> String {
    js_code(err.code())
}

/// The JavaScript code of a core error code ([`Error::code`]).
pub fn js_code(core: &str) -> String {
    match core {
        "callback_panicked" | "callback_failed" => "CALLLOG_CALLBACK".into(),
        c => format!("CALLLOG_{}", c.to_ascii_uppercase()),
    }
}

fn payload(err: &Error) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("code".into(), json!(code(err)));
    m.insert("message".into(), json!(err.to_string()));
    let mut put = |k: &str, v: Value| {
        m.insert(k.into(), v);
    };
    match err {
        Error::Invalid {
            record_id,
            field,
            reason,
        } => {
            put("recordId", json!(record_id));
            put("field", json!(camel_path(field)));
            put("reason", json!(reason));
        }
        Error::UnknownValue {
            vocabulary,
            value,
            accepted,
        } => {
            put("vocabulary", json!(vocabulary));
            put("value", json!(value));
            put("accepted", json!(accepted.split(", ").collect::<Vec<_>>()));
        }
        Error::Filter { field, reason } => {
            put("field", json!(camel_path(field)));
            put("reason", json!(reason));
        }
        Error::ExportOption { option, reason } => {
            put("option", json!(camel_path(option)));
            put("reason", json!(reason));
        }
        Error::Unencodable {
            row,
            column,
            character,
            encoding,
        } => {
            put("row", json!(row));
            put("column", json!(column));
            put("character", json!(character.to_string()));
            put("encoding", json!(encoding));
        }
        Error::Parse {
            path,
            row,
            column,
            reason,
        } => {
            put("path", json!(path.to_string_lossy()));
            put("row", json!(row));
            put("column", json!(column));
            put("reason", json!(reason));
        }
        Error::Io { path, source } => {
            put("path", json!(path.to_string_lossy()));
            put("ioKind", json!(format!("{:?}", source.kind())));
            if let Some(n) = source.raw_os_error() {
                put("errno", json!(n));
            }
        }
        Error::Arrow {
            row,
            record_id,
            column,
            reason,
        } => {
            // Arrow column names are the schema's (snake_case, as apache-arrow shows them)
            put("row", json!(row));
            put("recordId", json!(record_id));
            put("column", json!(column));
            put("reason", json!(reason));
        }
        Error::RowCapExceeded { cap } => put("cap", json!(cap)),
        Error::QueueFull { limit } => put("limit", json!(limit)),
        Error::NotPermitted {
            role,
            action,
            allowed,
        } => {
            put("role", json!(role));
            put("action", json!(action));
            put(
                "allowed",
                json!(
                    allowed
                        .split(", ")
                        .filter(|s| !s.is_empty())
                        .collect::<Vec<_>>()
                ),
            );
        }
        _ => {}
    }
    m
}

/// `record_id` and `field` for an error about one record, when the core error does not carry them.
#[derive(Debug, Default, Clone)]
pub struct Context {
    /// The record's id, when known.
    pub record_id: Option<String>,
    /// The JS field path, e.g. `records[3].timeline.startedAt`.
    pub field: Option<String>,
}

/// Converts a core error into a N-API error carrying the JSON payload.
pub fn to_napi(err: Error) -> napi::Error {
    with_context(err, Context::default())
}

/// Like [`to_napi`], adding `recordId`/`field` where the core error has none.
pub fn with_context(err: Error, ctx: Context) -> napi::Error {
    let mut m = payload(&err);
    if let Some(id) = ctx.record_id {
        m.entry("recordId").or_insert(json!(id));
    }
    if let Some(f) = ctx.field {
        m.entry("field").or_insert(json!(f));
    }
    raw(m)
}

fn raw(m: Map<String, Value>) -> napi::Error {
    napi::Error::new(
        napi::Status::GenericFailure,
        format!("{PREFIX}{}", Value::Object(m)),
    )
}

/// A value coming from JavaScript has the wrong type (N-API's own conversion failed).
/// Reported as `CALLLOG_INVALID` with the record index path in `field`.
pub fn bad_js_value(record_id: Option<String>, field: String, reason: String) -> napi::Error {
    let mut m = Map::new();
    m.insert("code".into(), json!("CALLLOG_INVALID"));
    let who = record_id
        .as_deref()
        .map(|id| format!("record {id:?}: "))
        .unwrap_or_default();
    m.insert(
        "message".into(),
        json!(format!("{who}field `{field}`: {reason}")),
    );
    if let Some(id) = record_id {
        m.insert("recordId".into(), json!(id));
    }
    m.insert("field".into(), json!(field));
    m.insert("reason".into(), json!(reason));
    raw(m)
}

/// Splits a N-API conversion message, `"<reason> on Timeline.startedAt on CallRecord.timeline"`,
/// into the reason and the field path from the outside in (`timeline.startedAt`).
pub fn split_napi_reason(msg: &str) -> (String, String) {
    let mut parts = msg.split(" on ");
    let reason = parts.next().unwrap_or_default().trim().to_string();
    let mut fields: Vec<&str> = parts
        .filter_map(|p| p.split_once('.').map(|(_, f)| f.trim()))
        .collect();
    fields.reverse();
    (reason, fields.join(".").replace(".[", "["))
}

/// `timeline.talk_ended_at` -> `timeline.talkEndedAt`, `pre_survey[3].index` -> `preSurvey[3].index`:
/// core names fields in snake_case, JavaScript callers see camelCase.
pub fn camel_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut upper = false;
    for c in path.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The operation was cancelled through the caller's `AbortSignal`: `lib.js` rejects with an
/// `AbortError` (code `ABORT_ERR`, like Node's own APIs) whose `cause` is the CALLLOG_CANCELLED error.
pub fn aborted() -> napi::Error {
    let mut m = payload(&Error::Cancelled);
    m.insert("abort".into(), json!(true));
    raw(m)
}

/// Adds `index` (the position in the input array) to an error raised by this binding.
pub fn at_index(err: napi::Error, index: u32) -> napi::Error {
    let Some(json) = err.reason.strip_prefix(PREFIX) else {
        return err;
    };
    match serde_json::from_str::<Value>(json) {
        Ok(Value::Object(mut m)) => {
            m.insert("index".into(), json!(index));
            raw(m)
        }
        _ => err,
    }
}

/// Converts a JS value of a `#[napi(object)]` type, reporting a wrong type as
/// `CALLLOG_INVALID` with the field path and the record id (when the value has an `id`).
pub fn from_js<T: FromNapiValue>(env: &napi::Env, value: Unknown) -> napi::Result<T> {
    from_js_keys(env, value, None)
}

/// Like [`from_js`], first refusing keys outside `keys` (the type's name and its keys) unless
/// the conversion is lenient (`ignoreUnknown`).
pub fn from_js_keys<T: FromNapiValue>(
    env: &napi::Env,
    value: Unknown,
    keys: Option<(&str, &[&str])>,
) -> napi::Result<T> {
    let ty = value.get_type()?;
    if ty != napi::ValueType::Object {
        return Err(bad_js_value(
            None,
            "(value)".into(),
            format!("expected an object, got {ty}"),
        ));
    }
    // SAFETY: `value` is a live handle of the current call in `env`.
    let converted = unsafe {
        match keys {
            Some((name, keys)) => crate::model::check_keys_obj(env.raw(), value.raw(), name, keys),
            None => Ok(()),
        }
        .and_then(|()| T::from_napi_value(env.raw(), value.raw()))
    };
    match converted {
        Ok(v) => Ok(v),
        Err(e) => {
            // a getter or Proxy trap that threw left its exception pending: take it, so that the
            // error names the record and the field instead of surfacing bare
            let thrown = take_exception(env);
            // SAFETY: as above.
            let id = unsafe { Object::from_napi_value(env.raw(), value.raw()) }
                .ok()
                .and_then(|o| o.get::<String>("id").ok().flatten());
            take_exception(env);
            let (reason, path) = split_napi_reason(&e.reason);
            let reason = match thrown {
                Some(t) => format!("reading it threw: {t}"),
                None => reason,
            };
            let field = if path.is_empty() {
                "(value)".to_string()
            } else {
                path
            };
            Err(bad_js_value(id, field, reason))
        }
    }
}

/// Clears a pending JS exception, returning its text.
fn take_exception(env: &napi::Env) -> Option<String> {
    use napi::sys;
    let mut pending = false;
    // SAFETY: plain N-API calls on the current call's env.
    unsafe {
        if sys::napi_is_exception_pending(env.raw(), &mut pending) != sys::Status::napi_ok
            || !pending
        {
            return None;
        }
        let mut exc = std::ptr::null_mut();
        if sys::napi_get_and_clear_last_exception(env.raw(), &mut exc) != sys::Status::napi_ok {
            return Some("an exception".into());
        }
        let mut s = std::ptr::null_mut();
        if sys::napi_coerce_to_string(env.raw(), exc, &mut s) != sys::Status::napi_ok {
            let mut dummy = std::ptr::null_mut();
            let _ = sys::napi_get_and_clear_last_exception(env.raw(), &mut dummy);
            return Some("an exception that cannot be shown as text".into());
        }
        Some(String::from_napi_value(env.raw(), s).unwrap_or_else(|_| "an exception".into()))
    }
}

/// `Result` of core, as a N-API result.
pub trait IntoNapi<T> {
    /// Maps the error with [`to_napi`].
    fn napi(self) -> napi::Result<T>;
}

impl<T> IntoNapi<T> for calllog::Result<T> {
    fn napi(self) -> napi::Result<T> {
        self.map_err(to_napi)
    }
}
