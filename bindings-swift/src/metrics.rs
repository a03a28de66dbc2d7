//! Contact-center metrics (core `metrics`), defined as Amazon Connect and Genesys define them:
//! offered, answered, abandoned (with a short-abandon threshold), answer and abandon rates,
//! average speed of answer, service level, average handle time; optionally grouped.
//! A rate or average whose denominator is zero is `nil`, never `0` or `NaN`.

use crate::errors::{CallLogError, Result};
use crate::log::CallLog;
use crate::model::seconds;
use crate::rules::Rules;

/// How to group the metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum GroupBy {
    /// By agent name (a contact counts once per agent; none: key `""`).
    Agent,
    /// By queue.
    Queue,
    /// By channel machine name.
    Channel,
    /// By hour of day of the start, `00`...`23`, in the options' time zone.
    Hour,
    /// By day of the start, `YYYY-MM-DD`, in the options' time zone.
    Day,
}

/// Options of a metrics run.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct MetricsOptions {
    /// Abandons quicker than this many seconds are short abandons (0: none).
    #[uniffi(default = 0.0)]
    pub short_abandon: f64,
    /// The service-level threshold in seconds (the 80/20 target's 20).
    #[uniffi(default = 20.0)]
    pub service_level: f64,
    /// Grouping, if any.
    #[uniffi(default)]
    pub group_by: Option<GroupBy>,
    /// IANA time zone of hour and day groups.
    #[uniffi(default = "UTC")]
    pub time_zone: String,
    /// Rules for wait (ASA, service level); canonical by default, `amazon_connect` for
    /// time in queue.
    #[uniffi(default)]
    pub rules: Option<Rules>,
}

fn secs(option: &str, s: f64) -> Result<calllog::TimeDelta> {
    if !s.is_finite() || !(0.0..=1e9).contains(&s) {
        return Err(CallLogError::Filter {
            field: option.to_string(),
            reason: format!("{s} is not a number of seconds"),
        });
    }
    Ok(calllog::TimeDelta::milliseconds((s * 1000.0).round() as i64))
}

impl MetricsOptions {
    fn to_core(&self) -> Result<calllog::metrics::MetricsOptions> {
        use calllog::metrics::GroupBy as G;
        Ok(calllog::metrics::MetricsOptions {
            short_abandon: secs("short_abandon", self.short_abandon)?,
            service_level: secs("service_level", self.service_level)?,
            group_by: self.group_by.map(|g| match g {
                GroupBy::Agent => G::Agent,
                GroupBy::Queue => G::Queue,
                GroupBy::Channel => G::Channel,
                GroupBy::Hour => G::Hour,
                GroupBy::Day => G::Day,
            }),
            time_zone: self.time_zone.clone(),
            rules: self.rules.map(Into::into).unwrap_or_default(),
        })
    }
}

/// The metrics of one set of contacts (durations in seconds).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Metrics {
    /// Contacts offered (all but classifier-only entries).
    pub offered: u64,
    /// Contacts answered.
    pub answered: u64,
    /// Inbound contacts that ended unanswered (short abandons excluded).
    pub abandoned: u64,
    /// Abandons quicker than the short-abandon threshold.
    pub short_abandoned: u64,
    /// Answered with a wait within the service level.
    pub answered_within_service_level: u64,
    /// answered ÷ (offered − short abandoned).
    pub answer_rate: Option<f64>,
    /// abandoned ÷ (offered − short abandoned).
    pub abandon_rate: Option<f64>,
    /// answered within X ÷ (answered + abandoned).
    pub service_level: Option<f64>,
    /// Average speed of answer, seconds.
    pub average_speed_of_answer: Option<f64>,
    /// Average handle time (talk + hold + after-call work), seconds.
    pub average_handle_time: Option<f64>,
    /// Sum of handle times, seconds.
    pub total_handle_time: f64,
    /// Sum of talk times, seconds.
    pub total_talk_time: f64,
}

impl From<calllog::metrics::Metrics> for Metrics {
    fn from(m: calllog::metrics::Metrics) -> Self {
        Metrics {
            offered: m.offered,
            answered: m.answered,
            abandoned: m.abandoned,
            short_abandoned: m.short_abandoned,
            answered_within_service_level: m.answered_within_service_level,
            answer_rate: m.answer_rate,
            abandon_rate: m.abandon_rate,
            service_level: m.service_level,
            average_speed_of_answer: m.average_speed_of_answer.map(seconds),
            average_handle_time: m.average_handle_time.map(seconds),
            total_handle_time: seconds(m.total_handle_time),
            total_talk_time: seconds(m.total_talk_time),
        }
    }
}

/// The metrics of one group.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct MetricsGroup {
    /// The group's key (agent name, queue, channel, hour `00`...`23`, day `YYYY-MM-DD`).
    pub key: String,
    /// Its metrics.
    pub metrics: Metrics,
}

/// The metrics of a set, and of each group.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct MetricsReport {
    /// Over every contact.
    pub total: Metrics,
    /// Per group, ordered by key (empty without grouping).
    pub groups: Vec<MetricsGroup>,
}

#[uniffi::export]
impl CallLog {
    /// The metrics of this log (filter it first for a period or a queue).
    #[uniffi::method(default(options))]
    pub fn metrics(&self, options: MetricsOptions) -> Result<MetricsReport> {
        let report = options
            .to_core()?
            .run(self.core_records().iter().cloned())?;
        Ok(MetricsReport {
            total: report.total.into(),
            groups: report
                .groups
                .into_iter()
                .map(|g| MetricsGroup {
                    key: g.key,
                    metrics: g.metrics.into(),
                })
                .collect(),
        })
    }
}
