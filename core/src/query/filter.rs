//! [`Filter`]: the union of the seeds' search forms, as plain data.
//!
//! A filter is checked and prepared once ([`Filter::compile`] → [`Matcher`]) and then tests
//! records one at a time, so it works over any iterator, however long. Every criterion that is
//! left blank (`None`, an empty list) does not narrow the result; the criteria that are set
//! must all hold; within one list criterion any of the listed values is enough.
//!
//! ```
//! use calllog::query::{Filter, DatePreset};
//! use calllog::{CallRecord, Channel, Direction, ts};
//!
//! let f = Filter::builder()
//!     .time_zone("Europe/Warsaw")
//!     .preset(DatePreset::Yesterday, ts("2024-05-02T12:00:00Z"))
//!     .direction(Direction::Inbound)
//!     .number("789")
//!     .build()?;
//! let call = CallRecord::new("c-1", Channel::Voice)
//!     .direction(Direction::Inbound)
//!     .from("+48 789 789 789")
//!     .started_at(ts("2024-05-01T08:00:00Z"));
//! assert!(f.matches(&call)?);
//! # Ok::<(), calllog::Error>(())
//! ```

use chrono::{
    DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, TimeZone,
    Timelike,
};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::field::Field;
use super::number;
use crate::error::{Error, Result};
use crate::model::{CallRecord, Timestamp};
use crate::rules::{self, Rules};
use crate::vocab::*;

fn ferr(field: &str, reason: impl Into<String>) -> Error {
    Error::Filter {
        field: field.into(),
        reason: reason.into(),
    }
}

/// Quick date choices (seed 004 "Data: szybki wybór daty / zakresu dat np. dzisiaj, wczoraj,
/// poprzedni miesiąc, bieżący miesiąc"; seed 002's calendar presets), computed in the
/// filter's time zone. Weeks start on Monday (ISO 8601). Each range is half-open
/// `[start, end)` and covers the whole day, week or month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatePreset {
    /// dzisiaj / 今日 / сегодня.
    Today,
    /// wczoraj / 昨日 / вчера.
    Yesterday,
    /// The current week, Monday to Sunday.
    ThisWeek,
    /// The previous week.
    LastWeek,
    /// bieżący miesiąc.
    ThisMonth,
    /// poprzedni miesiąc.
    LastMonth,
}

/// Local midnight of `d` in `tz` (the first instant of the day when a DST change skips midnight).
fn local_midnight(tz: Tz, d: NaiveDate) -> Timestamp {
    let mut t = d.and_time(NaiveTime::MIN);
    for _ in 0..4 {
        if let Some(x) = tz.from_local_datetime(&t).earliest() {
            return x.to_utc();
        }
        t += Duration::minutes(30);
    }
    // no zone skips two hours at midnight; fall back to UTC interpretation
    t.and_utc()
}

impl DatePreset {
    /// Every preset.
    pub const ALL: &'static [DatePreset] = &[
        DatePreset::Today,
        DatePreset::Yesterday,
        DatePreset::ThisWeek,
        DatePreset::LastWeek,
        DatePreset::ThisMonth,
        DatePreset::LastMonth,
    ];

    /// The half-open range `[start, end)` of this preset at `now` in the IANA time zone `tz`.
    ///
    /// ```
    /// use calllog::query::DatePreset;
    /// use calllog::ts;
    /// // 00:30 on 1 June in Tokyo is still 31 May in UTC
    /// let (from, to) = DatePreset::LastMonth.range(ts("2024-05-31T15:30:00Z"), "Asia/Tokyo")?;
    /// assert_eq!(from, ts("2024-05-01T00:00:00+09:00"));
    /// assert_eq!(to, ts("2024-06-01T00:00:00+09:00"));
    /// # Ok::<(), calllog::Error>(())
    /// ```
    pub fn range(self, now: Timestamp, tz: &str) -> Result<(Timestamp, Timestamp)> {
        Ok(self.range_in(now, parse_tz(tz)?))
    }

    pub(crate) fn range_in(self, now: Timestamp, tz: Tz) -> (Timestamp, Timestamp) {
        let today = now.with_timezone(&tz).date_naive();
        let day = Duration::days(1);
        let week_start = today - Duration::days(today.weekday().num_days_from_monday() as i64);
        let month_start = today.with_day(1).expect("day 1 exists");
        let (a, b) = match self {
            DatePreset::Today => (today, today + day),
            DatePreset::Yesterday => (today - day, today),
            DatePreset::ThisWeek => (week_start, week_start + Duration::days(7)),
            DatePreset::LastWeek => (week_start - Duration::days(7), week_start),
            DatePreset::ThisMonth => (
                month_start,
                month_start
                    .checked_add_months(chrono::Months::new(1))
                    .expect("in range"),
            ),
            DatePreset::LastMonth => (
                month_start
                    .checked_sub_months(chrono::Months::new(1))
                    .expect("in range"),
                month_start,
            ),
        };
        (local_midnight(tz, a), local_midnight(tz, b))
    }
}

pub(crate) fn parse_tz(tz: &str) -> Result<Tz> {
    tz.trim().parse::<Tz>().map_err(|_| {
        ferr(
            "time_zone",
            format!("{tz:?} is not an IANA time zone name (e.g. Asia/Tokyo, Europe/Warsaw, UTC)"),
        )
    })
}

/// An hour-of-day window in the filter's time zone (seed 004 "Godzina od – Godzina do").
/// Half-open `[from, to)`; when `from` is later than `to` the window crosses midnight
/// (e.g. 18:00–08:00: calls after working hours).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HourWindow {
    /// Start (inclusive), local time.
    pub from: NaiveTime,
    /// End (exclusive), local time.
    pub to: NaiveTime,
}

impl HourWindow {
    /// A window from `from` to `to`.
    pub fn new(from: NaiveTime, to: NaiveTime) -> Self {
        HourWindow { from, to }
    }

    /// Whether the local time `t` lies in the window.
    pub fn contains(&self, t: NaiveTime) -> bool {
        if self.from <= self.to {
            self.from <= t && t < self.to
        } else {
            t >= self.from || t < self.to
        }
    }
}

/// How [`NumberSearch`] compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NumberMatch {
    /// Seed 002 "Номер (минимум 3 символа)": the text (at least 3 characters) appears in the
    /// number. A text of digits and separators is compared on digits only, so `495 123`
    /// finds `+7 (495) 123-45-67`; other text (an e-mail) is compared case-insensitively.
    #[default]
    Contains,
    /// The number equals the text after normalisation to E.164 (phone numbers, reading
    /// national forms in the filter's `default_region`) or lower-casing (e-mail addresses).
    Exact,
}

/// A search for a number in either party of a contact (`from` or `to`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NumberSearch {
    /// What to look for.
    pub text: String,
    /// How to compare.
    #[serde(default)]
    pub mode: NumberMatch,
}

/// Seed 002 "Сценарии (автоматизированные, операторские или все)": which kind of campaign
/// scenario a call belongs to, by its [`CallType`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScenarioKind {
    /// все: no restriction.
    #[default]
    All,
    /// автоматизированные: calls of automated campaigns ([`CallType::AutomatedCampaign`]).
    Automated,
    /// операторские: calls of operator campaigns ([`CallType::OperatorCampaign`]).
    Operator,
}

/// Seed 004's "Odebrane / Nieodebrane / Błędne / Zajęte" check boxes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerState {
    /// Odebrane: answered.
    Answered,
    /// Nieodebrane: not answered (no answer, cancelled before answer, nobody available,
    /// browser closed).
    Unanswered,
    /// Błędne: failed.
    Failed,
    /// Zajęte: busy.
    Busy,
}

impl AnswerState {
    /// The state of `r`: its status when it has one (ANSWERED, NO ANSWER, FAILED, BUSY), else
    /// from the derived outcome. `None` for contacts that are none of the four (ringing,
    /// pending, classifier only).
    pub fn of(r: &CallRecord) -> Option<AnswerState> {
        if let Some(s) = r.status {
            return match s {
                ContactStatus::Answered => Some(AnswerState::Answered),
                ContactStatus::NoAnswer => Some(AnswerState::Unanswered),
                ContactStatus::Failed => Some(AnswerState::Failed),
                ContactStatus::Busy => Some(AnswerState::Busy),
                _ => None,
            };
        }
        match rules::outcome(r) {
            Outcome::Completed => Some(AnswerState::Answered),
            Outcome::InProgress if r.timeline.talk_started_at.is_some() => {
                Some(AnswerState::Answered)
            }
            Outcome::NotAnswered
            | Outcome::CancelledBeforeAnswer
            | Outcome::NoAgentAvailable
            | Outcome::BrowserClosed => Some(AnswerState::Unanswered),
            Outcome::Failed => Some(AnswerState::Failed),
            Outcome::Busy => Some(AnswerState::Busy),
            Outcome::InProgress | Outcome::ClassifiedOnly => None,
        }
    }
}

/// The default maximum span of a period: three months (seed 004 "maksymalna rozpiętość dat
/// to 3 miesiące").
pub const DEFAULT_MAX_SPAN_MONTHS: u32 = 3;

/// The longest talk-duration bound (seed 002 "Длительность разговора (от 0 до 24ч)").
pub const MAX_TALK_FILTER: TimeDelta = TimeDelta::hours(24);

/// The shortest text of a partial number search (seed 002 "минимум 3 символа").
pub const MIN_NUMBER_SEARCH_CHARS: usize = 3;

fn default_max_span() -> Option<u32> {
    Some(DEFAULT_MAX_SPAN_MONTHS)
}

fn default_tz() -> String {
    "UTC".into()
}

/// What to look for in the call history: the union of the seeds' search forms.
///
/// Plain data (serde); build it with [`Filter::builder`] or struct update syntax from
/// `Filter::default()`. Times are compared on the contact's start
/// ([`contact_time`](Filter::contact_time)).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Filter {
    /// Period start, inclusive (seed 004 Od, seed 001 期間).
    pub from: Option<Timestamp>,
    /// Period end, exclusive (seed 004 Do).
    pub to: Option<Timestamp>,
    /// The longest allowed period in calendar months when both ends are set (seed 004: 3);
    /// `None` for no limit.
    #[serde(default = "default_max_span")]
    pub max_span_months: Option<u32>,
    /// IANA time zone for the hour window, presets, the span and the refine's dates.
    #[serde(default = "default_tz")]
    pub time_zone: String,
    /// Hour-of-day window (seed 004 Godzina od/do); may cross midnight.
    pub hours: Option<HourWindow>,
    /// Channels (voice, video, SMS, e-mail, chat).
    pub channels: Vec<Channel>,
    /// Directions (seed 002 Тип), by [`CallRecord::effective_direction`].
    pub directions: Vec<Direction>,
    /// Seed 004 Typ (seventeen interaction types).
    pub interaction_types: Vec<InteractionType>,
    /// Seed 002 call types.
    pub call_types: Vec<CallType>,
    /// Seed 002 Номер: a number in `from` or `to`.
    pub number: Option<NumberSearch>,
    /// Seed 004 Numer źródłowy: exact source number or address, normalised.
    pub source: Option<String>,
    /// Seed 004 Numer docelowy: exact destination number or address, normalised.
    pub destination: Option<String>,
    /// ISO 3166-1 region for reading national phone numbers (e.g. `JP`, `PL`).
    pub default_region: Option<String>,
    /// Agents by name or id (seed 002 Операторы, seed 004 Użytkownicy).
    pub agents: Vec<String>,
    /// Seed 004 "Pokaż usuniętych użytkowników": deleted agents match `agents` too. Off, a
    /// deleted agent matches nothing.
    pub include_deleted_agents: bool,
    /// Agents' groups (seed 002 Группы, seed 004 Grupy użytkowników).
    pub groups: Vec<String>,
    /// Queues (seed 002 Очереди).
    pub queues: Vec<String>,
    /// Campaigns (seed 002 Кампании, seed 004 Kampanie).
    pub campaigns: Vec<String>,
    /// Scenario names (seed 002 Сценарии).
    pub scenarios: Vec<String>,
    /// Scenario kind (seed 002: automated, operator or all).
    pub scenario_kind: ScenarioKind,
    /// Attempt results (seed 002 Результаты попыток).
    pub attempt_results: Vec<AttemptResult>,
    /// Only successful (`true`) or failed (`false`) attempts (seed 002's green/red).
    pub success: Option<bool>,
    /// Statuses (seed 004 Status).
    pub statuses: Vec<ContactStatus>,
    /// Seed 004 Odebrane / Nieodebrane / Błędne / Zajęte.
    pub answer_states: Vec<AnswerState>,
    /// Completion codes (seed 002 Коды завершения).
    pub completion_codes: Vec<String>,
    /// Tags (seed 002 Теги): any of them.
    pub tags: Vec<String>,
    /// Topics (seed 002 Тематики): any of them.
    pub topics: Vec<String>,
    /// Shortest talk time (seed 002 Длительность разговора, 0–24 h). A contact without talk
    /// counts as zero.
    #[serde(with = "crate::model::opt_seconds")]
    pub talk_min: Option<TimeDelta>,
    /// Longest talk time (0–24 h), inclusive.
    #[serde(with = "crate::model::opt_seconds")]
    pub talk_max: Option<TimeDelta>,
    /// Seed 004 ID zgłoszenia.
    pub ticket_id: Option<String>,
    /// Seed 001 リクエストID.
    pub request_id: Option<String>,
    /// Seed 004 ID rekordu.
    pub record_id: Option<String>,
    /// Seed 001 絞り込み: `"kw1 kw2"`: every keyword must appear (ignoring case) in some
    /// visible field.
    pub refine: Option<String>,
    /// The fields the refine searches; empty for every field the viewer may see.
    pub refine_fields: Vec<Field>,
    /// The locale whose labels the refine matches for vocabulary fields (machine names
    /// always match).
    pub locale: Locale,
    /// The rules for derived durations (talk range, sort by duration).
    pub rules: Rules,
}

impl Default for Filter {
    fn default() -> Self {
        Filter {
            from: None,
            to: None,
            max_span_months: default_max_span(),
            time_zone: default_tz(),
            hours: None,
            channels: Vec::new(),
            directions: Vec::new(),
            interaction_types: Vec::new(),
            call_types: Vec::new(),
            number: None,
            source: None,
            destination: None,
            default_region: None,
            agents: Vec::new(),
            include_deleted_agents: false,
            groups: Vec::new(),
            queues: Vec::new(),
            campaigns: Vec::new(),
            scenarios: Vec::new(),
            scenario_kind: ScenarioKind::All,
            attempt_results: Vec::new(),
            success: None,
            statuses: Vec::new(),
            answer_states: Vec::new(),
            completion_codes: Vec::new(),
            tags: Vec::new(),
            topics: Vec::new(),
            talk_min: None,
            talk_max: None,
            ticket_id: None,
            request_id: None,
            record_id: None,
            refine: None,
            refine_fields: Vec::new(),
            locale: Locale::En,
            rules: Rules::CANONICAL,
        }
    }
}

impl Filter {
    /// A builder over `Filter::default()`.
    pub fn builder() -> FilterBuilder {
        FilterBuilder {
            filter: Filter::default(),
            preset: None,
        }
    }

    /// The moment a contact is filtered and grouped by: its start (seed 002 Время, seed 004
    /// Kiedy), else the first known moment of its timeline.
    pub fn contact_time(r: &CallRecord) -> Option<Timestamp> {
        let t = &r.timeline;
        t.started_at
            .or(t.dial_started_at)
            .or(t.enqueued_at)
            .or(t.offered_at)
            .or(t.answered_or_cancelled_at)
            .or(t.talk_started_at)
            .or(t.closed_at)
    }

    /// Checks the filter and prepares it for matching.
    ///
    /// Errors ([`Error::Filter`] naming the field): an unknown time zone or region; `from`
    /// after `to`; a period longer than `max_span_months`; a partial number search shorter
    /// than 3 characters; an exact number, source or destination that is blank; talk bounds
    /// outside 0–24 h or reversed; an empty hour window.
    pub fn compile(&self) -> Result<Matcher> {
        let tz = parse_tz(&self.time_zone)?;
        let region = self
            .default_region
            .as_deref()
            .map(number::parse_region)
            .transpose()?;
        if let (Some(from), Some(to)) = (self.from, self.to) {
            if from > to {
                return Err(ferr("period", format!("from ({from}) is after to ({to})")));
            }
            if let Some(months) = self.max_span_months {
                let local_from = from.with_timezone(&tz).naive_local();
                let limit: Option<NaiveDateTime> =
                    local_from.checked_add_months(chrono::Months::new(months));
                let local_to = to.with_timezone(&tz).naive_local();
                if limit.is_none_or(|l| local_to > l) {
                    return Err(ferr(
                        "period",
                        format!(
                            "the period from {from} to {to} is longer than the maximum of {months} month(s)"
                        ),
                    ));
                }
            }
        }
        if let Some(h) = self.hours
            && h.from == h.to
        {
            return Err(ferr(
                "hours",
                "the hour window is empty (from equals to); leave it unset for the whole day",
            ));
        }
        let number = match &self.number {
            None => None,
            Some(n) => {
                let text = n.text.trim();
                match n.mode {
                    NumberMatch::Contains => {
                        let len = text.chars().filter(|c| !c.is_whitespace()).count();
                        if len < MIN_NUMBER_SEARCH_CHARS {
                            return Err(ferr(
                                "number",
                                format!(
                                    "{:?} is too short: a number search needs at least {MIN_NUMBER_SEARCH_CHARS} characters",
                                    n.text
                                ),
                            ));
                        }
                        if number::is_phone_like(text) {
                            Some(NumberNeedle::Digits(number::digits(text)))
                        } else {
                            Some(NumberNeedle::Text(text.to_lowercase()))
                        }
                    }
                    NumberMatch::Exact => {
                        if text.is_empty() {
                            return Err(ferr("number", "the number is blank"));
                        }
                        Some(NumberNeedle::Exact(number::ExactKey::new(text, region)))
                    }
                }
            }
        };
        let exact = |field: &str, v: &Option<String>| -> Result<Option<number::ExactKey>> {
            match v {
                None => Ok(None),
                Some(s) if s.trim().is_empty() => {
                    Err(ferr(field, "the number or address is blank"))
                }
                Some(s) => Ok(Some(number::ExactKey::new(s, region))),
            }
        };
        let source = exact("source", &self.source)?;
        let destination = exact("destination", &self.destination)?;
        for (name, v) in [("talk_min", self.talk_min), ("talk_max", self.talk_max)] {
            if let Some(d) = v
                && (d < TimeDelta::zero() || d > MAX_TALK_FILTER)
            {
                return Err(ferr(
                    name,
                    format!(
                        "{} s is outside the allowed range of 0 to 24 hours",
                        d.num_seconds()
                    ),
                ));
            }
        }
        if let (Some(a), Some(b)) = (self.talk_min, self.talk_max)
            && a > b
        {
            return Err(ferr(
                "talk_min",
                "the shortest talk time is longer than the longest",
            ));
        }
        let keywords: Vec<String> = self
            .refine
            .as_deref()
            .unwrap_or("")
            .split(char::is_whitespace)
            .filter(|k| !k.is_empty())
            .map(str::to_lowercase)
            .collect();
        let refine_fields = if self.refine_fields.is_empty() {
            Field::DEFAULT_SEARCHABLE.to_vec()
        } else {
            self.refine_fields.clone()
        };
        Ok(Matcher {
            filter: self.clone(),
            tz,
            region,
            number,
            source,
            destination,
            keywords,
            refine_fields,
        })
    }

    /// Whether `r` matches (compiles the filter each call; use [`Filter::compile`] for many
    /// records).
    pub fn matches(&self, r: &CallRecord) -> Result<bool> {
        Ok(self.compile()?.matches(r))
    }
}

#[derive(Debug, Clone)]
enum NumberNeedle {
    Digits(String),
    Text(String),
    Exact(number::ExactKey),
}

/// A checked, prepared [`Filter`]: tests records one at a time.
#[derive(Debug, Clone)]
pub struct Matcher {
    filter: Filter,
    tz: Tz,
    region: Option<phonenumber::country::Id>,
    number: Option<NumberNeedle>,
    source: Option<number::ExactKey>,
    destination: Option<number::ExactKey>,
    keywords: Vec<String>,
    refine_fields: Vec<Field>,
}

fn any_of<T: PartialEq>(wanted: &[T], have: Option<T>) -> bool {
    wanted.is_empty() || have.is_some_and(|h| wanted.contains(&h))
}

fn any_str(wanted: &[String], have: Option<&str>) -> bool {
    wanted.is_empty() || have.is_some_and(|h| wanted.iter().any(|w| w == h))
}

fn any_overlap(wanted: &[String], have: &[String]) -> bool {
    wanted.is_empty() || have.iter().any(|h| wanted.contains(h))
}

fn eq_opt(wanted: &Option<String>, have: Option<&str>) -> bool {
    match wanted {
        None => true,
        Some(w) => have.is_some_and(|h| h.trim() == w.trim()),
    }
}

impl Matcher {
    /// The filter this matcher was compiled from.
    pub fn filter(&self) -> &Filter {
        &self.filter
    }

    /// The filter's time zone.
    pub fn time_zone(&self) -> Tz {
        self.tz
    }

    /// Removes fields from those the refine searches (e.g. the ones a viewer may not see).
    pub(crate) fn hide_refine_fields(&mut self, hidden: impl Fn(Field) -> bool) {
        self.refine_fields.retain(|f| !hidden(*f));
    }

    /// Whether `r` matches every criterion.
    pub fn matches(&self, r: &CallRecord) -> bool {
        let f = &self.filter;
        if f.from.is_some() || f.to.is_some() || f.hours.is_some() {
            let Some(t) = Filter::contact_time(r) else {
                return false;
            };
            if f.from.is_some_and(|from| t < from) || f.to.is_some_and(|to| t >= to) {
                return false;
            }
            if let Some(h) = f.hours {
                let local = t.with_timezone(&self.tz);
                let tod = NaiveTime::from_hms_opt(local.hour(), local.minute(), local.second())
                    .expect("valid time");
                if !h.contains(tod) {
                    return false;
                }
            }
        }
        if !any_of(&f.channels, Some(r.channel))
            || !any_of(&f.directions, r.effective_direction())
            || !any_of(&f.interaction_types, r.interaction_type)
            || !any_of(&f.call_types, r.call_type)
            || !any_of(&f.attempt_results, r.attempt_result)
            || !any_of(&f.statuses, r.status)
        {
            return false;
        }
        if !any_str(&f.queues, r.queue.as_deref())
            || !any_str(&f.campaigns, r.campaign.as_deref())
            || !any_str(&f.scenarios, r.scenario.as_deref())
            || !any_str(&f.completion_codes, r.completion_code.as_deref())
            || !any_overlap(&f.tags, &r.tags)
            || !any_overlap(&f.topics, &r.topics)
        {
            return false;
        }
        match f.scenario_kind {
            ScenarioKind::All => {}
            ScenarioKind::Automated if r.call_type == Some(CallType::AutomatedCampaign) => {}
            ScenarioKind::Operator if r.call_type == Some(CallType::OperatorCampaign) => {}
            _ => return false,
        }
        if !f.agents.is_empty()
            && !r.agents.iter().any(|a| {
                (f.include_deleted_agents || !a.deleted)
                    && f.agents
                        .iter()
                        .any(|w| *w == a.name || a.id.as_deref() == Some(w.as_str()))
            })
        {
            return false;
        }
        if !f.groups.is_empty()
            && !r
                .agents
                .iter()
                .any(|a| a.groups.iter().any(|g| f.groups.contains(g)))
        {
            return false;
        }
        if !eq_opt(&f.ticket_id, r.ticket_id.as_deref())
            || !eq_opt(&f.request_id, r.request_id.as_deref())
            || !eq_opt(&f.record_id, r.record_id.as_deref())
        {
            return false;
        }
        if let Some(want) = f.success
            && rules::is_success(r) != want
        {
            return false;
        }
        if !f.answer_states.is_empty() && !any_of(&f.answer_states, AnswerState::of(r)) {
            return false;
        }
        if f.talk_min.is_some() || f.talk_max.is_some() {
            let talk = rules::talk_time(r, &f.rules).unwrap_or_default();
            if f.talk_min.is_some_and(|m| talk < m) || f.talk_max.is_some_and(|m| talk > m) {
                return false;
            }
        }
        if let Some(needle) = &self.number {
            let hit = |s: Option<&String>| {
                s.is_some_and(|s| match needle {
                    NumberNeedle::Digits(d) => number::digits(s).contains(d.as_str()),
                    NumberNeedle::Text(t) => s.to_lowercase().contains(t.as_str()),
                    NumberNeedle::Exact(k) => k.matches(s, self.region),
                })
            };
            if !hit(r.from.as_ref()) && !hit(r.to.as_ref()) {
                return false;
            }
        }
        for (want, have) in [(&self.source, &r.from), (&self.destination, &r.to)] {
            if let Some(w) = want
                && have.as_deref().is_none_or(|h| !w.matches(h, self.region))
            {
                return false;
            }
        }
        if !self.keywords.is_empty() {
            let mut hay = String::new();
            for field in &self.refine_fields {
                field.push_text(r, &f.rules, self.tz, f.locale, &mut hay);
            }
            let hay = hay.to_lowercase();
            if !self.keywords.iter().all(|k| hay.contains(k.as_str())) {
                return false;
            }
        }
        true
    }

    /// An iterator over the records of `records` that match, in their order.
    pub fn filter_iter<'a, I>(&'a self, records: I) -> impl Iterator<Item = CallRecord> + 'a
    where
        I: IntoIterator<Item = CallRecord>,
        I::IntoIter: 'a,
    {
        records.into_iter().filter(move |r| self.matches(r))
    }
}

/// Iterator adapter: `records.into_iter().matching(&matcher)`.
pub trait MatchingExt: Iterator<Item = CallRecord> + Sized {
    /// Keeps the records `matcher` matches.
    fn matching(self, matcher: &Matcher) -> Matching<'_, Self> {
        Matching {
            inner: self,
            matcher,
        }
    }
}

impl<I: Iterator<Item = CallRecord>> MatchingExt for I {}

/// The iterator of [`MatchingExt::matching`].
#[derive(Debug)]
pub struct Matching<'m, I> {
    inner: I,
    matcher: &'m Matcher,
}

impl<I: Iterator<Item = CallRecord>> Iterator for Matching<'_, I> {
    type Item = CallRecord;
    fn next(&mut self) -> Option<CallRecord> {
        self.inner.by_ref().find(|r| self.matcher.matches(r))
    }
}

/// Builds a [`Filter`] step by step; [`build`](FilterBuilder::build) checks it.
#[derive(Debug, Clone)]
pub struct FilterBuilder {
    filter: Filter,
    preset: Option<(DatePreset, Timestamp)>,
}

macro_rules! push_setters {
    ($($(#[$m:meta])* $name:ident : $ty:ty => $field:ident;)*) => {
        $(
            $(#[$m])*
            pub fn $name(mut self, v: impl Into<$ty>) -> Self {
                self.filter.$field.push(v.into());
                self
            }
        )*
    };
}

macro_rules! opt_setters {
    ($($(#[$m:meta])* $name:ident : $ty:ty => $field:ident;)*) => {
        $(
            $(#[$m])*
            pub fn $name(mut self, v: impl Into<$ty>) -> Self {
                self.filter.$field = Some(v.into());
                self
            }
        )*
    };
}

impl FilterBuilder {
    /// Period `[from, to)`.
    pub fn period(mut self, from: Timestamp, to: Timestamp) -> Self {
        self.filter.from = Some(from);
        self.filter.to = Some(to);
        self
    }

    /// A quick date preset at `now`, computed in the filter's time zone when built (so the
    /// order of `.time_zone(..)` and `.preset(..)` does not matter).
    pub fn preset(mut self, preset: DatePreset, now: Timestamp) -> Self {
        self.preset = Some((preset, now));
        self
    }

    /// The maximum span in months (`None`: no limit).
    pub fn max_span_months(mut self, months: Option<u32>) -> Self {
        self.filter.max_span_months = months;
        self
    }

    /// The IANA time zone.
    pub fn time_zone(mut self, tz: impl Into<String>) -> Self {
        self.filter.time_zone = tz.into();
        self
    }

    /// Hour window `[from, to)` in local time; `from` > `to` crosses midnight.
    pub fn hours(mut self, from: NaiveTime, to: NaiveTime) -> Self {
        self.filter.hours = Some(HourWindow { from, to });
        self
    }

    /// Partial number search (at least 3 characters).
    pub fn number(mut self, text: impl Into<String>) -> Self {
        self.filter.number = Some(NumberSearch {
            text: text.into(),
            mode: NumberMatch::Contains,
        });
        self
    }

    /// Exact number search after normalisation.
    pub fn number_exact(mut self, text: impl Into<String>) -> Self {
        self.filter.number = Some(NumberSearch {
            text: text.into(),
            mode: NumberMatch::Exact,
        });
        self
    }

    /// Shows deleted agents (seed 004).
    pub fn include_deleted_agents(mut self, yes: bool) -> Self {
        self.filter.include_deleted_agents = yes;
        self
    }

    /// Scenario kind.
    pub fn scenario_kind(mut self, kind: ScenarioKind) -> Self {
        self.filter.scenario_kind = kind;
        self
    }

    /// Talk-time range, inclusive (0–24 h).
    pub fn talk_between(mut self, min: Option<TimeDelta>, max: Option<TimeDelta>) -> Self {
        self.filter.talk_min = min;
        self.filter.talk_max = max;
        self
    }

    /// Successful or failed attempts only.
    pub fn success(mut self, yes: bool) -> Self {
        self.filter.success = Some(yes);
        self
    }

    /// The locale of the labels the refine matches.
    pub fn locale(mut self, locale: Locale) -> Self {
        self.filter.locale = locale;
        self
    }

    /// The rules for derived durations.
    pub fn rules(mut self, rules: Rules) -> Self {
        self.filter.rules = rules;
        self
    }

    push_setters! {
        /// Adds a channel.
        channel: Channel => channels;
        /// Adds a direction.
        direction: Direction => directions;
        /// Adds an interaction type.
        interaction_type: InteractionType => interaction_types;
        /// Adds a call type.
        call_type: CallType => call_types;
        /// Adds an agent (name or id).
        agent: String => agents;
        /// Adds a group.
        group: String => groups;
        /// Adds a queue.
        queue: String => queues;
        /// Adds a campaign.
        campaign: String => campaigns;
        /// Adds a scenario name.
        scenario: String => scenarios;
        /// Adds an attempt result.
        attempt_result: AttemptResult => attempt_results;
        /// Adds a status.
        status: ContactStatus => statuses;
        /// Adds an answer state.
        answer_state: AnswerState => answer_states;
        /// Adds a completion code.
        completion_code: String => completion_codes;
        /// Adds a tag.
        tag: String => tags;
        /// Adds a topic.
        topic: String => topics;
        /// Adds a field the refine searches.
        refine_field: Field => refine_fields;
    }

    opt_setters! {
        /// Exact source number or address.
        source: String => source;
        /// Exact destination number or address.
        destination: String => destination;
        /// Region for national numbers (ISO 3166-1 alpha-2).
        default_region: String => default_region;
        /// Ticket id.
        ticket_id: String => ticket_id;
        /// Request id.
        request_id: String => request_id;
        /// Record id.
        record_id: String => record_id;
        /// Free-text refine, keywords separated by spaces.
        refine: String => refine;
    }

    /// The filter, checked ([`Filter::compile`]'s errors).
    pub fn build(mut self) -> Result<Filter> {
        if let Some((preset, now)) = self.preset {
            let (from, to) = preset.range(now, &self.filter.time_zone)?;
            self.filter.from = Some(from);
            self.filter.to = Some(to);
        }
        self.filter.compile()?;
        Ok(self.filter)
    }
}

#[allow(dead_code)]
fn _assert_send_sync() {
    fn is<T: Send + Sync>() {}
    is::<Matcher>();
    is::<Filter>();
    let _: Option<DateTime<Tz>> = None;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Agent, ts};

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn err_field(r: Result<Filter>) -> String {
        match r {
            Err(Error::Filter { field, .. }) => field,
            other => panic!("expected a filter error, got {other:?}"),
        }
    }

    #[test]
    fn presets_in_time_zones() {
        let now = ts("2024-03-01T01:30:00Z"); // Friday; 10:30 in Tokyo, still 29 Feb in LA
        let (a, b) = DatePreset::Today.range(now, "Asia/Tokyo").unwrap();
        assert_eq!(
            (a, b),
            (
                ts("2024-03-01T00:00:00+09:00"),
                ts("2024-03-02T00:00:00+09:00")
            )
        );
        let (a, b) = DatePreset::Yesterday
            .range(now, "America/Los_Angeles")
            .unwrap();
        assert_eq!(
            (a, b),
            (
                ts("2024-02-28T00:00:00-08:00"),
                ts("2024-02-29T00:00:00-08:00")
            )
        );
        let (a, b) = DatePreset::ThisWeek.range(now, "UTC").unwrap();
        assert_eq!(
            (a, b),
            (ts("2024-02-26T00:00:00Z"), ts("2024-03-04T00:00:00Z"))
        );
        let (a, b) = DatePreset::LastWeek.range(now, "UTC").unwrap();
        assert_eq!(
            (a, b),
            (ts("2024-02-19T00:00:00Z"), ts("2024-02-26T00:00:00Z"))
        );
        let (a, b) = DatePreset::ThisMonth.range(now, "Europe/Warsaw").unwrap();
        assert_eq!(
            (a, b),
            (
                ts("2024-03-01T00:00:00+01:00"),
                ts("2024-04-01T00:00:00+02:00")
            )
        );
        let (a, b) = DatePreset::LastMonth.range(now, "Europe/Moscow").unwrap();
        assert_eq!(
            (a, b),
            (
                ts("2024-02-01T00:00:00+03:00"),
                ts("2024-03-01T00:00:00+03:00")
            )
        );
        assert!(DatePreset::Today.range(now, "Mars/Olympus").is_err());
    }

    #[test]
    fn span_limit_and_order() {
        let ok = Filter::builder()
            .period(ts("2024-01-01T00:00:00Z"), ts("2024-04-01T00:00:00Z"))
            .build();
        assert!(ok.is_ok());
        let long = Filter::builder()
            .period(ts("2024-01-01T00:00:00Z"), ts("2024-04-01T00:00:01Z"))
            .build();
        assert_eq!(err_field(long), "period");
        let unlimited = Filter::builder()
            .max_span_months(None)
            .period(ts("2020-01-01T00:00:00Z"), ts("2024-04-01T00:00:01Z"))
            .build();
        assert!(unlimited.is_ok());
        let one = Filter::builder()
            .max_span_months(Some(1))
            .period(ts("2024-01-31T00:00:00Z"), ts("2024-03-01T00:00:00Z"))
            .build();
        assert_eq!(err_field(one), "period");
        let reversed = Filter::builder()
            .period(ts("2024-02-01T00:00:00Z"), ts("2024-01-01T00:00:00Z"))
            .build();
        let e = reversed.unwrap_err().to_string();
        assert!(e.contains("period") && e.contains("after"), "{e}");
    }

    #[test]
    fn other_invalid_filters() {
        assert_eq!(err_field(Filter::builder().number("12").build()), "number");
        assert_eq!(
            err_field(Filter::builder().number(" 1 2 ").build()),
            "number"
        );
        assert!(Filter::builder().number("123").build().is_ok());
        assert_eq!(
            err_field(Filter::builder().number_exact(" ").build()),
            "number"
        );
        assert_eq!(err_field(Filter::builder().source("").build()), "source");
        assert_eq!(
            err_field(
                Filter::builder()
                    .talk_between(None, Some(TimeDelta::hours(25)))
                    .build()
            ),
            "talk_max"
        );
        assert_eq!(
            err_field(
                Filter::builder()
                    .talk_between(Some(TimeDelta::seconds(-1)), None)
                    .build()
            ),
            "talk_min"
        );
        assert_eq!(
            err_field(
                Filter::builder()
                    .talk_between(Some(TimeDelta::minutes(5)), Some(TimeDelta::minutes(1)))
                    .build()
            ),
            "talk_min"
        );
        assert_eq!(
            err_field(Filter::builder().time_zone("Nowhere").build()),
            "time_zone"
        );
        assert_eq!(
            err_field(Filter::builder().default_region("ZZ").build()),
            "default_region"
        );
        assert_eq!(
            err_field(Filter::builder().hours(t(9, 0), t(9, 0)).build()),
            "hours"
        );
    }

    #[test]
    fn hour_window_crossing_midnight() {
        let w = HourWindow::new(t(18, 0), t(8, 0));
        assert!(w.contains(t(18, 0)));
        assert!(w.contains(t(23, 59)));
        assert!(w.contains(t(0, 0)));
        assert!(w.contains(t(7, 59)));
        assert!(!w.contains(t(8, 0)));
        assert!(!w.contains(t(12, 0)));
        let day = HourWindow::new(t(8, 0), t(18, 0));
        assert!(day.contains(t(8, 0)) && !day.contains(t(18, 0)));

        // in Warsaw (UTC+2 in summer): 17:30 UTC is 19:30 local, after hours
        let f = Filter::builder()
            .time_zone("Europe/Warsaw")
            .hours(t(18, 0), t(8, 0))
            .build()
            .unwrap();
        let at = |s: &str| CallRecord::new("x", Channel::Voice).started_at(ts(s));
        assert!(f.matches(&at("2024-07-01T17:30:00Z")).unwrap());
        assert!(!f.matches(&at("2024-07-01T15:30:00Z")).unwrap());
        assert!(f.matches(&at("2024-07-01T05:59:00Z")).unwrap());
        assert!(!f.matches(&at("2024-07-01T06:00:00Z")).unwrap());
        // no time at all: cannot be in the window
        assert!(!f.matches(&CallRecord::new("y", Channel::Voice)).unwrap());
    }

    #[test]
    fn numbers_partial_and_exact() {
        let r = CallRecord::new("x", Channel::Voice)
            .from("+7 (495) 123-45-67")
            .to("ivan@example.ru");
        let m = |f: FilterBuilder| f.build().unwrap().matches(&r).unwrap();
        assert!(m(Filter::builder().number("495 123")));
        assert!(m(Filter::builder().number("4567")));
        assert!(!m(Filter::builder().number("999")));
        assert!(m(Filter::builder().number("EXAMPLE")));
        assert!(m(Filter::builder().number_exact("+74951234567")));
        assert!(m(Filter::builder()
            .number_exact("8 495 123 45 67")
            .default_region("RU")));
        assert!(!m(Filter::builder().number_exact("495")));
        assert!(m(Filter::builder().number_exact("Ivan@Example.ru")));
        assert!(m(Filter::builder().source("+74951234567")));
        assert!(!m(Filter::builder().destination("+74951234567")));
        assert!(m(Filter::builder().destination("IVAN@example.ru")));
    }

    #[test]
    fn deleted_agents_need_the_switch() {
        let mut gone = Agent::named("Anna").in_group("Sales");
        gone.deleted = true;
        let r = CallRecord::new("x", Channel::Voice).agent(gone);
        let f = Filter::builder().agent("Anna").build().unwrap();
        assert!(!f.matches(&r).unwrap());
        let f = Filter::builder()
            .agent("Anna")
            .include_deleted_agents(true)
            .build()
            .unwrap();
        assert!(f.matches(&r).unwrap());
        let f = Filter::builder().group("Sales").build().unwrap();
        assert!(f.matches(&r).unwrap());
    }

    #[test]
    fn refine_needs_every_keyword() {
        let r = CallRecord::new("cb-77", Channel::Voice)
            .queue("Support Tokyo")
            .campaign("春キャンペーン")
            .status(ContactStatus::Busy);
        let m = |q: &str| {
            Filter::builder()
                .refine(q)
                .locale(Locale::Ja)
                .build()
                .unwrap()
                .matches(&r)
                .unwrap()
        };
        assert!(m("support"));
        assert!(m("tokyo 春"));
        assert!(m("tokyo\u{3000}話中")); // full-width space, Japanese label
        assert!(m("busy")); // machine name
        assert!(!m("tokyo osaka"));
        assert!(m("   ")); // no keywords: everything
    }

    #[test]
    fn serde_round_trip_with_defaults() {
        let f: Filter =
            serde_json::from_str(r#"{"channels":["voice"],"number":{"text":"123"}}"#).unwrap();
        assert_eq!(f.max_span_months, Some(3));
        assert_eq!(f.time_zone, "UTC");
        assert_eq!(f.number.as_ref().unwrap().mode, NumberMatch::Contains);
        let json = serde_json::to_string(&f).unwrap();
        let back: Filter = serde_json::from_str(&json).unwrap();
        assert_eq!(back, f);
    }
}
