//! Queries (core `query`): the union of the seeds' search forms as a `Filter` struct, a
//! `CallQuery` with viewer, sort and paging, and `CallLog.filter(_:)` / `CallLog.query(_:)`.
//!
//! Every field of `Filter` has a default, so `Filter(channels: [.voice], refine: "kw1 kw2")`
//! is a valid filter. Invalid filters (span too long, number too short, from after to) throw
//! `CallLogError.Filter` naming the field.

use std::sync::Arc;
use std::time::SystemTime;

use calllog::chrono::NaiveTime;
use calllog::query as core;

use crate::access::Viewer;
use crate::errors::{CallLogError, Result};
use crate::log::CallLog;
use crate::model::{CallRecord, system_time, timestamp_from_system_time};
use crate::rules::Rules;
use crate::vocab::*;

fn filter_error(field: &str, reason: impl Into<String>) -> CallLogError {
    CallLogError::Filter {
        field: field.to_string(),
        reason: reason.into(),
    }
}

fn time(field: &str, t: Option<SystemTime>) -> Result<Option<calllog::Timestamp>> {
    t.map(|t| {
        timestamp_from_system_time(t)
            .ok_or_else(|| filter_error(field, "date outside the supported range"))
    })
    .transpose()
}

fn seconds(field: &str, s: Option<f64>) -> Result<Option<calllog::TimeDelta>> {
    s.map(|s| {
        if !s.is_finite() || s.abs() > 1e12 {
            return Err(filter_error(
                field,
                format!("{s} is not a number of seconds"),
            ));
        }
        Ok(calllog::TimeDelta::milliseconds((s * 1000.0).round() as i64))
    })
    .transpose()
}

/// Quick date choices, computed in a time zone (weeks start on Monday).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum DatePreset {
    /// Today.
    Today,
    /// Yesterday.
    Yesterday,
    /// This week, Monday to Sunday.
    ThisWeek,
    /// The previous week.
    LastWeek,
    /// This month.
    ThisMonth,
    /// The previous month.
    LastMonth,
}

/// A half-open period `[from, to)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct DateRange {
    /// Start, inclusive.
    pub from: SystemTime,
    /// End, exclusive.
    pub to: SystemTime,
}

/// The period of `preset` at `now` in the IANA `time_zone` (e.g. last month in Tokyo), for
/// `Filter.from` and `Filter.to`.
#[uniffi::export]
pub fn date_preset_range(
    preset: DatePreset,
    now: SystemTime,
    time_zone: String,
) -> Result<DateRange> {
    let preset = match preset {
        DatePreset::Today => core::DatePreset::Today,
        DatePreset::Yesterday => core::DatePreset::Yesterday,
        DatePreset::ThisWeek => core::DatePreset::ThisWeek,
        DatePreset::LastWeek => core::DatePreset::LastWeek,
        DatePreset::ThisMonth => core::DatePreset::ThisMonth,
        DatePreset::LastMonth => core::DatePreset::LastMonth,
    };
    let now = time("now", Some(now))?.expect("Some in, Some out");
    let (from, to) = preset.range(now, &time_zone)?;
    Ok(DateRange {
        from: system_time(from),
        to: system_time(to),
    })
}

/// An hour-of-day window in the filter's time zone, `"HH:MM"` to `"HH:MM"`, half-open; it
/// crosses midnight when `from` is later than `to` (18:00 to 08:00).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct HourWindow {
    /// Start, inclusive, `"HH:MM"` (or `"HH:MM:SS"`).
    pub from: String,
    /// End, exclusive.
    pub to: String,
}

fn parse_hour(s: &str) -> Result<NaiveTime> {
    NaiveTime::parse_from_str(s.trim(), "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(s.trim(), "%H:%M:%S"))
        .map_err(|_| filter_error("hours", format!("{s:?} is not a time of day like 08:30")))
}

/// A search for a number in either party of a contact.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct NumberSearch {
    /// What to look for.
    pub text: String,
    /// `false`: the text (at least 3 characters) appears in the number, compared on digits
    /// (seed 002); `true`: equal after normalisation to E.164 (or lower-casing an e-mail).
    #[uniffi(default)]
    pub exact: bool,
}

/// Which kind of campaign scenario a call belongs to (seed 002).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum ScenarioKind {
    /// No restriction.
    All,
    /// Automated campaigns.
    Automated,
    /// Operator campaigns.
    Operator,
}

/// Answered, unanswered, failed or busy (seed 004's answered/unanswered filter).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum AnswerState {
    /// The contact was talked.
    Answered,
    /// Rung or offered but not answered.
    Unanswered,
    /// Failed for a technical reason.
    Failed,
    /// The other side was busy or rejected it.
    Busy,
}

impl From<AnswerState> for core::AnswerState {
    fn from(a: AnswerState) -> Self {
        match a {
            AnswerState::Answered => core::AnswerState::Answered,
            AnswerState::Unanswered => core::AnswerState::Unanswered,
            AnswerState::Failed => core::AnswerState::Failed,
            AnswerState::Busy => core::AnswerState::Busy,
        }
    }
}

/// What to look for: the union of the seeds' search forms. Empty lists and `nil` mean "any".
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Filter {
    /// Period start, inclusive.
    #[uniffi(default)]
    pub from: Option<SystemTime>,
    /// Period end, exclusive.
    #[uniffi(default)]
    pub to: Option<SystemTime>,
    /// Longest period in calendar months when both ends are set (seed 004: 3); `nil` for none.
    #[uniffi(default = Some(3))]
    pub max_span_months: Option<u32>,
    /// IANA time zone of the hour window, the span and the refine's dates.
    #[uniffi(default = "UTC")]
    pub time_zone: String,
    /// Hour-of-day window (seed 004 Godzina od/do).
    #[uniffi(default)]
    pub hours: Option<HourWindow>,
    /// Channels.
    #[uniffi(default)]
    pub channels: Vec<Channel>,
    /// Directions (by the effective direction).
    #[uniffi(default)]
    pub directions: Vec<Direction>,
    /// Seed 004 interaction types.
    #[uniffi(default)]
    pub interaction_types: Vec<InteractionType>,
    /// Seed 002 call types.
    #[uniffi(default)]
    pub call_types: Vec<CallType>,
    /// A number in `from` or `to` (seed 002 Номер, at least 3 characters).
    #[uniffi(default)]
    pub number: Option<NumberSearch>,
    /// Seed 004 Numer źródłowy: the exact source number or address, normalised.
    #[uniffi(default)]
    pub source: Option<String>,
    /// Seed 004 Numer docelowy: the exact destination number or address, normalised.
    #[uniffi(default)]
    pub destination: Option<String>,
    /// ISO 3166-1 region for national numbers in an exact number search (e.g. `JP`).
    #[uniffi(default)]
    pub default_region: Option<String>,
    /// Agents by name or id.
    #[uniffi(default)]
    pub agents: Vec<String>,
    /// Also match agents deleted from the platform (seed 004).
    #[uniffi(default)]
    pub include_deleted_agents: bool,
    /// Agent groups.
    #[uniffi(default)]
    pub groups: Vec<String>,
    /// Queues.
    #[uniffi(default)]
    pub queues: Vec<String>,
    /// Campaigns.
    #[uniffi(default)]
    pub campaigns: Vec<String>,
    /// Scenarios.
    #[uniffi(default)]
    pub scenarios: Vec<String>,
    /// Automated, operator or all scenarios (`nil`: all).
    #[uniffi(default)]
    pub scenario_kind: Option<ScenarioKind>,
    /// Attempt results.
    #[uniffi(default)]
    pub attempt_results: Vec<AttemptResult>,
    /// Only successful (`true`) or failed (`false`) attempts.
    #[uniffi(default)]
    pub success: Option<bool>,
    /// Seed 004 statuses.
    #[uniffi(default)]
    pub statuses: Vec<ContactStatus>,
    /// Answered / unanswered / failed / busy.
    #[uniffi(default)]
    pub answer_states: Vec<AnswerState>,
    /// Completion codes.
    #[uniffi(default)]
    pub completion_codes: Vec<String>,
    /// Tags.
    #[uniffi(default)]
    pub tags: Vec<String>,
    /// Topics.
    #[uniffi(default)]
    pub topics: Vec<String>,
    /// Shortest talk time in seconds (0...86400).
    #[uniffi(default)]
    pub talk_min: Option<f64>,
    /// Longest talk time in seconds, inclusive.
    #[uniffi(default)]
    pub talk_max: Option<f64>,
    /// Seed 004 ticket id.
    #[uniffi(default)]
    pub ticket_id: Option<String>,
    /// Seed 001 request id.
    #[uniffi(default)]
    pub request_id: Option<String>,
    /// Seed 004 CRM record id.
    #[uniffi(default)]
    pub record_id: Option<String>,
    /// Seed 001 絞り込み: `"kw1 kw2"`, every keyword must appear in some visible field.
    #[uniffi(default)]
    pub refine: Option<String>,
    /// Field ids the refine searches (empty: every field the viewer may see).
    #[uniffi(default)]
    pub refine_fields: Vec<String>,
    /// The locale whose labels the refine matches (English by default).
    #[uniffi(default)]
    pub locale: Option<Language>,
    /// Rules for derived durations (talk range, sort); canonical by default.
    #[uniffi(default)]
    pub rules: Option<Rules>,
}

fn all<A: Copy + Into<B>, B>(v: &[A]) -> Vec<B> {
    v.iter().map(|x| (*x).into()).collect()
}

impl Filter {
    pub(crate) fn to_core(&self) -> Result<core::Filter> {
        Ok(core::Filter {
            from: time("from", self.from)?,
            to: time("to", self.to)?,
            max_span_months: self.max_span_months,
            time_zone: self.time_zone.clone(),
            hours: self
                .hours
                .as_ref()
                .map(|h| {
                    Ok::<_, CallLogError>(core::HourWindow::new(
                        parse_hour(&h.from)?,
                        parse_hour(&h.to)?,
                    ))
                })
                .transpose()?,
            channels: all(&self.channels),
            directions: all(&self.directions),
            interaction_types: all(&self.interaction_types),
            call_types: all(&self.call_types),
            number: self.number.as_ref().map(|n| core::NumberSearch {
                text: n.text.clone(),
                mode: if n.exact {
                    core::NumberMatch::Exact
                } else {
                    core::NumberMatch::Contains
                },
            }),
            source: self.source.clone(),
            destination: self.destination.clone(),
            default_region: self.default_region.clone(),
            agents: self.agents.clone(),
            include_deleted_agents: self.include_deleted_agents,
            groups: self.groups.clone(),
            queues: self.queues.clone(),
            campaigns: self.campaigns.clone(),
            scenarios: self.scenarios.clone(),
            scenario_kind: match self.scenario_kind {
                None | Some(ScenarioKind::All) => core::ScenarioKind::All,
                Some(ScenarioKind::Automated) => core::ScenarioKind::Automated,
                Some(ScenarioKind::Operator) => core::ScenarioKind::Operator,
            },
            attempt_results: all(&self.attempt_results),
            success: self.success,
            statuses: all(&self.statuses),
            answer_states: all(&self.answer_states),
            completion_codes: self.completion_codes.clone(),
            tags: self.tags.clone(),
            topics: self.topics.clone(),
            talk_min: seconds("talk_min", self.talk_min)?,
            talk_max: seconds("talk_max", self.talk_max)?,
            ticket_id: self.ticket_id.clone(),
            request_id: self.request_id.clone(),
            record_id: self.record_id.clone(),
            refine: self.refine.clone(),
            refine_fields: self
                .refine_fields
                .iter()
                .map(|f| f.parse::<core::Field>())
                .collect::<calllog::Result<_>>()?,
            locale: self.locale.unwrap_or_default().into(),
            rules: self.rules.map(Into::into).unwrap_or_default(),
        })
    }
}

/// One sort key: a field id (e.g. `started_at`, `talk`, `customer_name`) and a direction.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SortKey {
    /// The field id; `sortFieldNames()` lists them.
    pub field: String,
    /// Largest first.
    #[uniffi(default)]
    pub descending: bool,
}

/// The ids of the fields a query can sort by (and a refine can search).
#[uniffi::export]
pub fn sort_field_names() -> Vec<String> {
    core::Field::ALL
        .iter()
        .map(|f| f.as_str().to_string())
        .collect()
}

/// A complete query: filter, viewer, order and page. (The core's `Query`; named `CallQuery`
/// so it never clashes with SwiftData's `Query`.)
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct CallQuery {
    /// What to look for.
    #[uniffi(default)]
    pub filter: Filter,
    /// Who is looking (an owner when `nil`): rows they may not see are skipped, fields removed.
    #[uniffi(default)]
    pub viewer: Option<Viewer>,
    /// Sort keys, most significant first; ties broken by id. Empty: the log's order.
    #[uniffi(default)]
    pub sort: Vec<SortKey>,
    /// Rows to skip (after the cursor, if any).
    #[uniffi(default)]
    pub offset: u64,
    /// Rows per page; `nil` for all.
    #[uniffi(default)]
    pub limit: Option<u64>,
    /// `nextCursor` of the previous page (needs a sort order).
    #[uniffi(default)]
    pub cursor: Option<String>,
}

impl CallQuery {
    pub(crate) fn to_core(&self) -> Result<core::Query> {
        Ok(core::Query {
            filter: self.filter.to_core()?,
            viewer: self.viewer.clone().map(Into::into).unwrap_or_default(),
            sort: self
                .sort
                .iter()
                .map(|k| {
                    Ok(core::SortKey {
                        field: k.field.parse()?,
                        descending: k.descending,
                    })
                })
                .collect::<Result<_>>()?,
            offset: self.offset,
            limit: self.limit,
            cursor: self.cursor.clone(),
        })
    }
}

/// One page of a query.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct QueryPage {
    /// The rows of this page, redacted for the viewer.
    pub rows: Vec<CallRecord>,
    /// All matching rows the viewer may see (every page).
    pub total: u64,
    /// The cursor of the next page; `nil` on the last.
    pub next_cursor: Option<String>,
}

#[uniffi::export]
impl CallLog {
    /// The records matching `filter`, as a new log (in this log's order).
    pub fn filter(&self, filter: Filter) -> Result<Arc<CallLog>> {
        let matcher = filter.to_core()?.compile()?;
        Ok(CallLog::from_core(
            self.core_records()
                .iter()
                .filter(|r| matcher.matches(r))
                .cloned()
                .collect(),
        ))
    }

    /// Runs `query`: filter, viewer, sort, page.
    pub fn query(&self, query: CallQuery) -> Result<QueryPage> {
        let page = query.to_core()?.run(self.core_records().iter().cloned())?;
        Ok(QueryPage {
            rows: page.rows.into_iter().map(Into::into).collect(),
            total: page.total,
            next_cursor: page.next_cursor,
        })
    }
}

/// A phone number in E.164 (`+81312345678`), reading national forms in `default_region`
/// (e.g. `JP`); throws `UnknownValue` for text that is not a phone number.
#[uniffi::export]
pub fn normalize_phone(number: String, default_region: Option<String>) -> Result<String> {
    Ok(calllog::normalize_phone(
        &number,
        default_region.as_deref(),
    )?)
}
