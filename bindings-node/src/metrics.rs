//! Contact-center metrics (`calllog::metrics`): options in, report out.

use calllog as cl;
use calllog::TimeDelta;
use napi_derive::napi;

use crate::model::seconds_out;
use crate::query::serde_enum;
use crate::rules::{RulesArg, rules_arg};

/// Options of `metrics`.
#[napi(object)]
#[derive(Clone, Default)]
pub struct MetricsOptions {
    /// Abandons shorter than this many seconds are "short" and left out of the rates (0).
    pub short_abandon: Option<f64>,
    /// The service-level threshold in seconds (20).
    pub service_level: Option<f64>,
    /// Group the report by `agent`, `queue`, `channel`, `hour` or `day`.
    #[napi(ts_type = "'agent' | 'queue' | 'channel' | 'hour' | 'day'")]
    pub group_by: Option<String>,
    /// IANA time zone of hours and days (`UTC`).
    pub time_zone: Option<String>,
    /// Rules for the durations (the log's by default).
    #[napi(ts_type = "RulesPreset | Rules")]
    pub rules: Option<RulesArg>,
}

/// The metrics of a set of contacts.
#[napi(object)]
pub struct Metrics {
    /// Contacts offered.
    pub offered: f64,
    /// Answered.
    pub answered: f64,
    /// Abandoned.
    pub abandoned: f64,
    /// Abandoned before the short-abandon threshold.
    pub short_abandoned: f64,
    /// Answered within the service level.
    pub answered_within_service_level: f64,
    /// answered / (offered − short abandoned).
    pub answer_rate: Option<f64>,
    /// abandoned / (offered − short abandoned).
    pub abandon_rate: Option<f64>,
    /// answered within SL / (answered + abandoned).
    pub service_level: Option<f64>,
    /// Mean wait of the answered contacts, seconds.
    pub average_speed_of_answer: Option<f64>,
    /// Mean handle time, seconds.
    pub average_handle_time: Option<f64>,
    /// Total handle time, seconds.
    pub total_handle_time: f64,
    /// Total talk time, seconds.
    pub total_talk_time: f64,
}

/// The metrics of one group.
#[napi(object)]
pub struct MetricsGroup {
    /// The group's key (agent name, queue, channel, hour `00`..`23`, day `YYYY-MM-DD`).
    pub key: String,
    /// Its metrics.
    pub metrics: Metrics,
}

/// Totals and, when grouped, one entry per group.
#[napi(object)]
pub struct MetricsReport {
    /// Every contact.
    pub total: Metrics,
    /// Per group, in key order.
    pub groups: Vec<MetricsGroup>,
}

fn secs(v: f64, option: &str) -> napi::Result<TimeDelta> {
    crate::model::seconds_in(Some(v), "", option).map(|d| d.unwrap_or_default())
}

impl MetricsOptions {
    /// Core options; `rules` are the log's.
    pub fn to_core(&self, rules: cl::Rules) -> napi::Result<cl::metrics::MetricsOptions> {
        let mut o = cl::metrics::MetricsOptions {
            rules: match &self.rules {
                Some(r) => rules_arg(Some(r.clone()))?,
                None => rules,
            },
            ..Default::default()
        };
        if let Some(s) = self.short_abandon {
            o.short_abandon = secs(s, "short_abandon")?;
        }
        if let Some(s) = self.service_level {
            o.service_level = secs(s, "service_level")?;
        }
        if let Some(g) = &self.group_by {
            o.group_by = Some(serde_enum("group_by", g)?);
        }
        if let Some(tz) = &self.time_zone {
            o.time_zone = tz.clone();
        }
        Ok(o)
    }
}

impl Metrics {
    fn from_core(m: &cl::metrics::Metrics) -> Self {
        Metrics {
            offered: m.offered as f64,
            answered: m.answered as f64,
            abandoned: m.abandoned as f64,
            short_abandoned: m.short_abandoned as f64,
            answered_within_service_level: m.answered_within_service_level as f64,
            answer_rate: m.answer_rate,
            abandon_rate: m.abandon_rate,
            service_level: m.service_level,
            average_speed_of_answer: seconds_out(m.average_speed_of_answer),
            average_handle_time: seconds_out(m.average_handle_time),
            total_handle_time: seconds_out(Some(m.total_handle_time)).unwrap_or(0.0),
            total_talk_time: seconds_out(Some(m.total_talk_time)).unwrap_or(0.0),
        }
    }
}

impl MetricsReport {
    /// The JS object of a core report.
    pub fn from_core(r: &cl::metrics::MetricsReport) -> Self {
        MetricsReport {
            total: Metrics::from_core(&r.total),
            groups: r
                .groups
                .iter()
                .map(|g| MetricsGroup {
                    key: g.key.clone(),
                    metrics: Metrics::from_core(&g.metrics),
                })
                .collect(),
        }
    }
}
