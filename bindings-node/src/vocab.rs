//! Vocabularies: machine names in, machine names out (TypeScript string unions, declared in
//! `vocab.d.ts`), labels per locale from core.

use std::collections::BTreeMap;

use calllog::{
    AttemptResult, CallMode, CallType, CallbackState, Channel, ContactStatus, Direction,
    DisconnectSide, InteractionType, JobState, Locale, Outcome, Role, Vocabulary,
};
use napi_derive::napi;

use crate::errors::{Context, to_napi, with_context};

/// Parses a machine name (or a label, as core accepts) of vocabulary `V` for field `field` of
/// record `record_id`.
pub fn parse<V: Vocabulary>(s: &str, record_id: &str, field: &str) -> napi::Result<V> {
    s.parse::<V>().map_err(|e| {
        with_context(
            e,
            Context {
                record_id: Some(record_id.to_string()),
                field: Some(field.to_string()),
            },
        )
    })
}

/// Parses an optional value.
pub fn parse_opt<V: Vocabulary>(
    s: &Option<String>,
    record_id: &str,
    field: &str,
) -> napi::Result<Option<V>> {
    s.as_deref()
        .map(|s| parse::<V>(s, record_id, field))
        .transpose()
}

/// The machine name of an optional value.
pub fn name<V: Vocabulary>(v: Option<V>) -> Option<String> {
    v.map(|v| v.as_str().to_string())
}

fn names<V: Vocabulary>() -> Vec<String> {
    V::ALL.iter().map(|v| v.as_str().to_string()).collect()
}

fn label_of<V: Vocabulary>(value: &str, locale: Locale) -> napi::Result<String> {
    Ok(value
        .parse::<V>()
        .map_err(to_napi)?
        .label(locale)
        .to_string())
}

/// Every closed vocabulary by its machine name (`channel`, `attempt_result`, ...), with its
/// values' machine names in declaration order.
#[napi(ts_return_type = "Record<VocabularyName, string[]>")]
pub fn vocabularies() -> BTreeMap<String, Vec<String>> {
    let mut m = BTreeMap::new();
    m.insert(Channel::NAME.into(), names::<Channel>());
    m.insert(Direction::NAME.into(), names::<Direction>());
    m.insert(InteractionType::NAME.into(), names::<InteractionType>());
    m.insert(ContactStatus::NAME.into(), names::<ContactStatus>());
    m.insert(AttemptResult::NAME.into(), names::<AttemptResult>());
    m.insert(DisconnectSide::NAME.into(), names::<DisconnectSide>());
    m.insert(CallMode::NAME.into(), names::<CallMode>());
    m.insert(CallType::NAME.into(), names::<CallType>());
    m.insert(CallbackState::NAME.into(), names::<CallbackState>());
    m.insert(JobState::NAME.into(), names::<JobState>());
    m.insert(Outcome::NAME.into(), names::<Outcome>());
    m.insert(Role::NAME.into(), names::<Role>());
    m
}

/// The label of `value` (a machine name or a label in any locale) of `vocabulary` in
/// `locale` (`en`, `ja`, `ru`, `pl`), e.g. `label('attempt_result', 'number_busy', 'ru')` is
/// `'Номер занят'`.
#[napi(ts_args_type = "vocabulary: VocabularyName, value: string, locale: Locale")]
pub fn label(vocabulary: String, value: String, locale: String) -> napi::Result<String> {
    let locale: Locale = locale.parse().map_err(to_napi)?;
    match vocabulary.as_str() {
        "channel" => label_of::<Channel>(&value, locale),
        "direction" => label_of::<Direction>(&value, locale),
        "interaction_type" => label_of::<InteractionType>(&value, locale),
        "status" => label_of::<ContactStatus>(&value, locale),
        "attempt_result" => label_of::<AttemptResult>(&value, locale),
        "disconnect_side" => label_of::<DisconnectSide>(&value, locale),
        "call_mode" => label_of::<CallMode>(&value, locale),
        "call_type" => label_of::<CallType>(&value, locale),
        "callback_state" => label_of::<CallbackState>(&value, locale),
        "job_state" => label_of::<JobState>(&value, locale),
        "outcome" => label_of::<Outcome>(&value, locale),
        "role" => label_of::<Role>(&value, locale),
        _ => Err(to_napi(calllog::Error::UnknownValue {
            vocabulary: "vocabulary",
            value: vocabulary,
            accepted: vocabularies().into_keys().collect::<Vec<_>>().join(", "),
        })),
    }
}

/// Whether an attempt result counts as a successful call (seed 002: only `call_accepted`).
#[napi(ts_args_type = "result: AttemptResult")]
pub fn is_success_result(result: String) -> napi::Result<bool> {
    Ok(result
        .parse::<AttemptResult>()
        .map_err(to_napi)?
        .is_success())
}
