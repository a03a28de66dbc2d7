//! Contact-center metrics over any set of records, defined as Amazon Connect and Genesys
//! Cloud define them, optionally grouped by agent, queue, channel, hour or day.
//!
//! Definitions (each is one line of [`MetricsBuilder::push`]):
//!
//! - **offered** (Genesys `nOffered`, Amazon Connect "Contacts incoming/queued"): every contact
//!   of the set except classifier-only entries (seed 004 CLASSIFIER: nothing was offered).
//! - **answered** (Genesys `tAnswered` count, Amazon Connect "Contacts handled"): the contact
//!   was talked ([`AnswerState::Answered`]).
//! - **abandoned** (Genesys `tAbandon` count, Amazon Connect "Contacts abandoned"): an inbound
//!   contact (or one without a direction) that ended unanswered
//!   ([`AnswerState::Unanswered`]): the customer hung up or gave up before an agent
//!   answered. Outbound attempts that were not answered, busy or failed are offered but
//!   neither answered nor abandoned.
//! - **short abandoned** (Genesys "short abandon"): an abandoned contact whose time to
//!   abandon is shorter than [`MetricsOptions::short_abandon`]. Short abandons are *not*
//!   counted in `abandoned`, and are left out of the rates' denominators (Genesys: they are
//!   "not considered a true abandon"). The time to abandon runs from entering the queue (else
//!   the start) to the cancellation (else leaving the queue, else the close); when it is
//!   unknown the contact is a real abandon.
//! - **answer rate** = answered ÷ (offered − short abandoned).
//! - **abandon rate** (Amazon Connect "Contacts abandoned %", Genesys "Abandon %") =
//!   abandoned ÷ (offered − short abandoned).
//! - **average speed of answer** (ASA; Amazon Connect "Average queue answer time", Genesys
//!   "Avg ASA") = the sum of wait times ÷ the answered contacts whose wait is known; the wait
//!   is [`rules::wait_time`] under [`MetricsOptions::rules`] (use
//!   [`Rules::AMAZON_CONNECT`] for time in queue).
//! - **service level** within X seconds (Genesys "Service Level %") = answered with a wait
//!   ≤ X ÷ (answered + abandoned); short abandons excluded.
//! - **average handle time** (AHT; Amazon Connect "Average handle time", Genesys "Avg Handle")
//!   = the sum of talk + hold + after-call work ([`rules::handle_time`]) ÷ the answered
//!   contacts with a handle time.
//!
//! A rate or average whose denominator is zero is `None`, never `0` or `NaN`.
//!
//! ```
//! use calllog::metrics::{MetricsOptions, GroupBy};
//! use calllog::{CallRecord, Channel, Direction, ts};
//!
//! let answered = CallRecord::new("a", Channel::Voice).direction(Direction::Inbound)
//!     .started_at(ts("2024-05-01T10:00:00Z"))
//!     .talk_started_at(ts("2024-05-01T10:00:10Z"))
//!     .talk_ended_at(ts("2024-05-01T10:05:10Z"));
//! let abandoned = CallRecord::new("b", Channel::Voice).direction(Direction::Inbound)
//!     .started_at(ts("2024-05-01T10:00:00Z"))
//!     .offered_at(ts("2024-05-01T10:00:01Z"))
//!     .answered_or_cancelled_at(ts("2024-05-01T10:00:40Z"));
//! let report = MetricsOptions::default().run([answered, abandoned])?;
//! let m = &report.total;
//! assert_eq!((m.offered, m.answered, m.abandoned), (2, 1, 1));
//! assert_eq!(m.abandon_rate, Some(0.5));
//! assert_eq!(m.average_speed_of_answer.unwrap().num_seconds(), 10);
//! assert_eq!(m.service_level, Some(0.5)); // 1 of (1 answered + 1 abandoned) within 20 s
//! # Ok::<(), calllog::Error>(())
//! ```

use std::collections::BTreeMap;

use chrono::TimeDelta;
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::model::CallRecord;
use crate::query::{AnswerState, Filter, parse_tz};
use crate::rules::{self, Rules, span};
use crate::vocab::{Direction, Outcome};

/// How to group the metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupBy {
    /// By agent name; a contact counts once for every agent who took part; contacts without
    /// an agent (e.g. abandoned in the queue) under the key `""`.
    Agent,
    /// By queue (`""` for none).
    Queue,
    /// By channel machine name (`voice`, `email`, ...).
    Channel,
    /// By hour of day of the contact's start, `00`..`23`, in the options' time zone.
    Hour,
    /// By day of the contact's start, `YYYY-MM-DD`, in the options' time zone.
    Day,
}

impl GroupBy {
    /// Every grouping, in the order of [`NAMES`](Self::NAMES).
    pub const ALL: &'static [GroupBy] = &[
        GroupBy::Agent,
        GroupBy::Queue,
        GroupBy::Channel,
        GroupBy::Hour,
        GroupBy::Day,
    ];

    /// The machine names, as serde and [`FromStr`](std::str::FromStr) spell them.
    pub const NAMES: &'static [&'static str] = &["agent", "queue", "channel", "hour", "day"];

    /// The machine name (`queue`).
    pub const fn name(self) -> &'static str {
        match self {
            GroupBy::Agent => "agent",
            GroupBy::Queue => "queue",
            GroupBy::Channel => "channel",
            GroupBy::Hour => "hour",
            GroupBy::Day => "day",
        }
    }
}

impl std::fmt::Display for GroupBy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for GroupBy {
    type Err = crate::Error;
    /// Parses a machine name: `"queue".parse::<GroupBy>()`.
    fn from_str(s: &str) -> Result<Self> {
        GroupBy::ALL
            .iter()
            .copied()
            .find(|g| g.name() == s)
            .ok_or_else(|| crate::Error::UnknownValue {
                vocabulary: "metrics grouping",
                value: s.to_string(),
                accepted: GroupBy::NAMES.join(", "),
            })
    }
}

fn default_sl() -> TimeDelta {
    TimeDelta::seconds(20)
}

fn default_tz() -> String {
    "UTC".into()
}

/// Options of a metrics run. Plain data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MetricsOptions {
    /// Abandons quicker than this are short abandons; zero (the default) disables them.
    #[serde(with = "crate::query::secs")]
    pub short_abandon: TimeDelta,
    /// The service-level threshold X (default 20 s, the common 80/20 target's 20).
    #[serde(with = "crate::query::secs")]
    pub service_level: TimeDelta,
    /// Grouping, if any.
    pub group_by: Option<GroupBy>,
    /// IANA time zone for hour and day groups.
    pub time_zone: String,
    /// Rules for wait (ASA, service level).
    pub rules: Rules,
}

impl Default for MetricsOptions {
    fn default() -> Self {
        MetricsOptions {
            short_abandon: TimeDelta::zero(),
            service_level: default_sl(),
            group_by: None,
            time_zone: default_tz(),
            rules: Rules::CANONICAL,
        }
    }
}

/// The metrics of one set of contacts. See the [module documentation](self) for the definitions.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Metrics {
    /// Offered contacts.
    pub offered: u64,
    /// Answered contacts.
    pub answered: u64,
    /// Abandoned contacts (short abandons excluded).
    pub abandoned: u64,
    /// Short abandons.
    pub short_abandoned: u64,
    /// Answered with a wait within the service-level threshold.
    pub answered_within_service_level: u64,
    /// answered ÷ (offered − short abandoned).
    pub answer_rate: Option<f64>,
    /// abandoned ÷ (offered − short abandoned).
    pub abandon_rate: Option<f64>,
    /// answered within X ÷ (answered + abandoned).
    pub service_level: Option<f64>,
    /// Average speed of answer.
    #[serde(with = "crate::model::opt_seconds")]
    pub average_speed_of_answer: Option<TimeDelta>,
    /// Average handle time (talk + hold + after-call work).
    #[serde(with = "crate::model::opt_seconds")]
    pub average_handle_time: Option<TimeDelta>,
    /// Sum of handle times.
    #[serde(with = "crate::query::secs")]
    pub total_handle_time: TimeDelta,
    /// Sum of talk times.
    #[serde(with = "crate::query::secs")]
    pub total_talk_time: TimeDelta,
}

/// The metrics of one group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricsGroup {
    /// The group's key (agent name, queue, channel, `HH` or `YYYY-MM-DD`).
    pub key: String,
    /// Its metrics.
    pub metrics: Metrics,
}

/// The result of a metrics run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricsReport {
    /// Over every record.
    pub total: Metrics,
    /// Per group, ordered by key; empty without grouping.
    pub groups: Vec<MetricsGroup>,
}

#[derive(Debug, Clone, Default)]
struct Acc {
    m: Metrics,
    wait_sum: TimeDelta,
    wait_n: i32,
    handle_n: i32,
}

impl Acc {
    fn add(&mut self, c: &Contribution) {
        let m = &mut self.m;
        if !c.offered {
            return;
        }
        m.offered += 1;
        m.answered += u64::from(c.answered);
        m.abandoned += u64::from(c.abandoned);
        m.short_abandoned += u64::from(c.short_abandoned);
        m.answered_within_service_level += u64::from(c.within_sl);
        if let Some(w) = c.wait {
            self.wait_sum += w;
            self.wait_n += 1;
        }
        if let Some(h) = c.handle {
            m.total_handle_time += h;
            self.handle_n += 1;
        }
        m.total_talk_time += c.talk;
    }

    fn finish(mut self) -> Metrics {
        let m = &mut self.m;
        let ratio = |a: u64, b: u64| (b > 0).then(|| a as f64 / b as f64);
        let base = m.offered - m.short_abandoned;
        m.answer_rate = ratio(m.answered, base);
        m.abandon_rate = ratio(m.abandoned, base);
        m.service_level = ratio(m.answered_within_service_level, m.answered + m.abandoned);
        m.average_speed_of_answer = mean_ms(self.wait_sum, self.wait_n);
        m.average_handle_time = mean_ms(m.total_handle_time, self.handle_n);
        self.m
    }
}

/// `sum / n` rounded to the nearest millisecond; `None` when `n` is zero.
fn mean_ms(sum: TimeDelta, n: i32) -> Option<TimeDelta> {
    (n > 0).then(|| {
        let ms = sum.num_milliseconds() as f64 / f64::from(n);
        TimeDelta::milliseconds(ms.round() as i64)
    })
}

/// What one record adds.
struct Contribution {
    offered: bool,
    answered: bool,
    abandoned: bool,
    short_abandoned: bool,
    within_sl: bool,
    wait: Option<TimeDelta>,
    handle: Option<TimeDelta>,
    talk: TimeDelta,
}

/// Accumulates metrics from records pushed one at a time (constant memory per group).
#[derive(Debug, Clone)]
pub struct MetricsBuilder {
    options: MetricsOptions,
    tz: Tz,
    total: Acc,
    groups: BTreeMap<String, Acc>,
}

impl MetricsOptions {
    /// A builder; errors on an unknown time zone.
    pub fn builder(&self) -> Result<MetricsBuilder> {
        Ok(MetricsBuilder {
            tz: parse_tz(&self.time_zone)?,
            options: self.clone(),
            total: Acc::default(),
            groups: BTreeMap::new(),
        })
    }

    /// The metrics of `records`.
    pub fn run<I: IntoIterator<Item = CallRecord>>(&self, records: I) -> Result<MetricsReport> {
        let mut b = self.builder()?;
        for r in records {
            b.push(&r);
        }
        Ok(b.finish())
    }
}

impl MetricsBuilder {
    fn contribution(&self, r: &CallRecord) -> Contribution {
        let o = &self.options;
        let offered = rules::outcome(r) != Outcome::ClassifiedOnly;
        let state = AnswerState::of(r);
        let answered = offered && state == Some(AnswerState::Answered);
        let inbound = matches!(r.effective_direction(), Some(Direction::Inbound) | None);
        let gave_up = offered && inbound && state == Some(AnswerState::Unanswered);
        let short = gave_up && o.short_abandon > TimeDelta::zero() && {
            let t = &r.timeline;
            span(
                t.enqueued_at.or(t.started_at),
                t.answered_or_cancelled_at.or(t.dequeued_at).or(t.closed_at),
            )
            .is_some_and(|d| d < o.short_abandon)
        };
        let wait = answered.then(|| rules::wait_time(r, &o.rules)).flatten();
        Contribution {
            offered,
            answered,
            abandoned: gave_up && !short,
            short_abandoned: short,
            within_sl: wait.is_some_and(|w| w <= o.service_level),
            wait,
            handle: answered.then(|| rules::handle_time(r)).flatten(),
            talk: if answered {
                rules::talk_time(r, &o.rules).unwrap_or_default()
            } else {
                TimeDelta::zero()
            },
        }
    }

    fn keys(&self, r: &CallRecord) -> Vec<String> {
        let Some(g) = self.options.group_by else {
            return Vec::new();
        };
        let local = || Filter::contact_time(r).map(|t| t.with_timezone(&self.tz));
        match g {
            GroupBy::Agent if r.agents.is_empty() => vec![String::new()],
            GroupBy::Agent => {
                let mut names: Vec<String> = r.agents.iter().map(|a| a.name.clone()).collect();
                names.dedup();
                names
            }
            GroupBy::Queue => vec![r.queue.clone().unwrap_or_default()],
            GroupBy::Channel => vec![r.channel.as_str().to_string()],
            GroupBy::Hour => vec![local().map_or(String::new(), |t| t.format("%H").to_string())],
            GroupBy::Day => {
                vec![local().map_or(String::new(), |t| t.format("%Y-%m-%d").to_string())]
            }
        }
    }

    /// Adds one record.
    pub fn push(&mut self, r: &CallRecord) {
        let c = self.contribution(r);
        self.total.add(&c);
        if !c.offered {
            return;
        }
        for k in self.keys(r) {
            self.groups.entry(k).or_default().add(&c);
        }
    }

    /// The report.
    pub fn finish(self) -> MetricsReport {
        MetricsReport {
            total: self.total.finish(),
            groups: self
                .groups
                .into_iter()
                .map(|(key, a)| MetricsGroup {
                    key,
                    metrics: a.finish(),
                })
                .collect(),
        }
    }
}

crate::query::json_io!(MetricsOptions, MetricsReport);
