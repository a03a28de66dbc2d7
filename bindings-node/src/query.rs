//! Filters (`calllog::query::Filter`): the JS object in, core's matcher does the work.

use calllog as cl;
use calllog::query::{DatePreset, HourWindow, NumberMatch, NumberSearch};
use chrono::NaiveTime;
use napi_derive::napi;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::errors::{IntoNapi, to_napi};
use crate::model::{Date, seconds_in};
use crate::rules::{RulesArg, rules_arg};

/// An hour-of-day window (seed 004 Godzina od/do), `"HH:MM"` local times; may cross midnight.
#[napi(object)]
#[derive(Clone)]
pub struct HourWindowOptions {
    /// Start, inclusive, e.g. `"08:00"`.
    pub from: String,
    /// End, exclusive, e.g. `"18:00"`.
    pub to: String,
}

/// What to look for: the union of the seeds' search forms. Every field is optional; lists
/// match any of their values.
#[napi(object)]
#[derive(Clone, Default)]
pub struct Filter {
    /// Period start, inclusive.
    pub from: Option<Date>,
    /// Period end, exclusive.
    pub to: Option<Date>,
    /// A quick period in `timeZone` (seed 004 dzisiaj, wczoraj...), counted back from `now`.
    #[napi(
        ts_type = "'today' | 'yesterday' | 'this_week' | 'last_week' | 'this_month' | 'last_month'"
    )]
    pub date_preset: Option<String>,
    /// "Now" for `datePreset` (the current time by default).
    pub now: Option<Date>,
    /// The longest allowed period in months when both ends are set (3 by default, seed 004); 0 for no limit.
    pub max_span_months: Option<u32>,
    /// IANA time zone of the hour window, presets and span (`UTC`).
    pub time_zone: Option<String>,
    /// Hour-of-day window.
    pub hours: Option<HourWindowOptions>,
    /// Channels.
    #[napi(ts_type = "Channel[]")]
    pub channels: Option<Vec<String>>,
    /// Directions.
    #[napi(ts_type = "Direction[]")]
    pub directions: Option<Vec<String>>,
    /// Seed 004 interaction types.
    #[napi(ts_type = "InteractionType[]")]
    pub interaction_types: Option<Vec<String>>,
    /// Seed 002 call types.
    #[napi(ts_type = "CallType[]")]
    pub call_types: Option<Vec<String>>,
    /// A number in `from` or `to`, partial (at least 3 characters).
    pub number: Option<String>,
    /// A number in `from` or `to`, exact after normalisation.
    pub number_exact: Option<String>,
    /// Exact source number or address.
    pub source: Option<String>,
    /// Exact destination number or address.
    pub destination: Option<String>,
    /// ISO 3166-1 region for national numbers (`JP`, `PL`).
    pub default_region: Option<String>,
    /// Agents by name or id.
    pub agents: Option<Vec<String>>,
    /// Seed 004: deleted agents match `agents` too.
    pub include_deleted_agents: Option<bool>,
    /// Agents' groups.
    pub groups: Option<Vec<String>>,
    /// Queues.
    pub queues: Option<Vec<String>>,
    /// Campaigns.
    pub campaigns: Option<Vec<String>>,
    /// Scenario names.
    pub scenarios: Option<Vec<String>>,
    /// Seed 002 scenario kind.
    #[napi(ts_type = "'all' | 'automated' | 'operator'")]
    pub scenario_kind: Option<String>,
    /// Attempt results.
    #[napi(ts_type = "AttemptResult[]")]
    pub attempt_results: Option<Vec<String>>,
    /// Only successful (`true`) or failed (`false`) attempts.
    pub success: Option<bool>,
    /// Statuses.
    #[napi(ts_type = "ContactStatus[]")]
    pub statuses: Option<Vec<String>>,
    /// Seed 004 Odebrane / Nieodebrane / Błędne / Zajęte.
    #[napi(ts_type = "Array<'answered' | 'unanswered' | 'failed' | 'busy'>")]
    pub answer_states: Option<Vec<String>>,
    /// Completion codes.
    pub completion_codes: Option<Vec<String>>,
    /// Tags (any).
    pub tags: Option<Vec<String>>,
    /// Topics (any).
    pub topics: Option<Vec<String>>,
    /// Shortest talk time, seconds.
    pub talk_min: Option<f64>,
    /// Longest talk time, seconds (inclusive).
    pub talk_max: Option<f64>,
    /// Seed 004 ticket id.
    pub ticket_id: Option<String>,
    /// Seed 001 request id.
    pub request_id: Option<String>,
    /// Seed 004 CRM record id.
    pub record_id: Option<String>,
    /// Seed 001 絞り込み: every keyword must appear in some visible field.
    pub refine: Option<String>,
    /// The fields the refine searches (all by default).
    pub refine_fields: Option<Vec<String>>,
    /// The locale whose labels the refine matches.
    #[napi(ts_type = "Locale")]
    pub locale: Option<String>,
    /// Rules for derived durations (the log's by default).
    #[napi(ts_type = "RulesPreset | Rules")]
    pub rules: Option<RulesArg>,
}

fn ferr(field: &str, reason: impl Into<String>) -> napi::Error {
    to_napi(cl::Error::Filter {
        field: field.into(),
        reason: reason.into(),
    })
}

/// A serde (snake_case) enum of core from its machine name.
pub fn serde_enum<T: DeserializeOwned>(field: &str, s: &str) -> napi::Result<T> {
    serde_json::from_value(Value::String(s.to_string())).map_err(|e| ferr(field, e.to_string()))
}

fn vocab_list<V: cl::Vocabulary>(v: &Option<Vec<String>>) -> napi::Result<Vec<V>> {
    v.iter().flatten().map(|s| s.parse::<V>().napi()).collect()
}

fn hhmm(field: &str, s: &str) -> napi::Result<NaiveTime> {
    NaiveTime::parse_from_str(s, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(s, "%H:%M:%S"))
        .map_err(|_| ferr(field, format!("{s:?} is not a time of day like \"08:30\"")))
}

impl Filter {
    /// Core filter from the JS object; `rules` are the log's, used unless the filter names its own.
    pub fn to_core(&self, rules: cl::Rules) -> napi::Result<cl::Filter> {
        let list = |v: &Option<Vec<String>>| v.clone().unwrap_or_default();
        let mut f = cl::Filter {
            from: self.from.map(|d| d.0),
            to: self.to.map(|d| d.0),
            channels: vocab_list(&self.channels)?,
            directions: vocab_list(&self.directions)?,
            interaction_types: vocab_list(&self.interaction_types)?,
            call_types: vocab_list(&self.call_types)?,
            source: self.source.clone(),
            destination: self.destination.clone(),
            default_region: self.default_region.clone(),
            agents: list(&self.agents),
            include_deleted_agents: self.include_deleted_agents.unwrap_or(false),
            groups: list(&self.groups),
            queues: list(&self.queues),
            campaigns: list(&self.campaigns),
            scenarios: list(&self.scenarios),
            attempt_results: vocab_list(&self.attempt_results)?,
            success: self.success,
            statuses: vocab_list(&self.statuses)?,
            completion_codes: list(&self.completion_codes),
            tags: list(&self.tags),
            topics: list(&self.topics),
            talk_min: seconds_in(self.talk_min, "", "talk_min")?,
            talk_max: seconds_in(self.talk_max, "", "talk_max")?,
            ticket_id: self.ticket_id.clone(),
            request_id: self.request_id.clone(),
            record_id: self.record_id.clone(),
            refine: self.refine.clone(),
            rules: match &self.rules {
                Some(r) => rules_arg(Some(r.clone()))?,
                None => rules,
            },
            ..Default::default()
        };
        if let Some(m) = self.max_span_months {
            f.max_span_months = (m > 0).then_some(m);
        }
        if let Some(tz) = &self.time_zone {
            f.time_zone = tz.clone();
        }
        if let Some(h) = &self.hours {
            f.hours = Some(HourWindow::new(
                hhmm("hours.from", &h.from)?,
                hhmm("hours.to", &h.to)?,
            ));
        }
        f.number = match (&self.number, &self.number_exact) {
            (Some(_), Some(_)) => {
                return Err(ferr("number", "give number or numberExact, not both"));
            }
            (Some(t), None) => Some(NumberSearch {
                text: t.clone(),
                mode: NumberMatch::Contains,
            }),
            (None, Some(t)) => Some(NumberSearch {
                text: t.clone(),
                mode: NumberMatch::Exact,
            }),
            (None, None) => None,
        };
        if let Some(k) = &self.scenario_kind {
            f.scenario_kind = serde_enum("scenario_kind", k)?;
        }
        for s in self.answer_states.iter().flatten() {
            f.answer_states.push(serde_enum("answer_states", s)?);
        }
        for s in self.refine_fields.iter().flatten() {
            f.refine_fields.push(serde_enum("refine_fields", s)?);
        }
        if let Some(l) = &self.locale {
            f.locale = l.parse().napi()?;
        }
        if let Some(p) = &self.date_preset {
            let preset: DatePreset = serde_enum("date_preset", p)?;
            let now = self.now.map(|d| d.0).unwrap_or_else(chrono::Utc::now);
            let (from, to) = preset.range(now, &f.time_zone).napi()?;
            f.from = Some(from);
            f.to = Some(to);
        }
        Ok(f)
    }
}

/// One sort key: a field's machine name (e.g. `started_at`, `talk_time`) and the direction.
#[napi(object)]
#[derive(Clone)]
pub struct SortKey {
    /// The field.
    pub field: String,
    /// Largest first.
    pub descending: Option<bool>,
}

/// A page request: filter, viewer, sort, offset/limit or cursor.
#[napi(object)]
#[derive(Clone, Default)]
pub struct QueryOptions {
    /// What to look for.
    pub filter: Option<Filter>,
    /// Who is looking (rows they may not see are left out, fields redacted).
    pub viewer: Option<crate::access::Viewer>,
    /// Sort keys, in order; ties broken by id.
    pub sort: Option<Vec<SortKey>>,
    /// Rows to skip.
    pub offset: Option<u32>,
    /// Rows per page.
    pub limit: Option<u32>,
    /// `nextCursor` of the previous page (needs a sort).
    pub cursor: Option<String>,
}

/// One page of results.
#[napi(object)]
pub struct QueryPage {
    /// The rows, with `derived` fields.
    #[napi(ts_type = "StoredCallRecord[]")]
    pub rows: Vec<crate::model::CallRecord>,
    /// How many rows match in all.
    pub total: f64,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

impl QueryOptions {
    /// Core query; `rules` are the log's.
    pub fn to_core(&self, rules: cl::Rules) -> napi::Result<cl::Query> {
        let mut q = cl::Query::new(self.filter.clone().unwrap_or_default().to_core(rules)?);
        if let Some(v) = &self.viewer {
            q.viewer = v.to_core()?;
        }
        for k in self.sort.iter().flatten() {
            q.sort.push(cl::SortKey {
                field: serde_enum("sort", &k.field)?,
                descending: k.descending.unwrap_or(false),
            });
        }
        q.offset = u64::from(self.offset.unwrap_or(0));
        q.limit = self.limit.map(u64::from);
        q.cursor = self.cursor.clone();
        Ok(q)
    }
}
