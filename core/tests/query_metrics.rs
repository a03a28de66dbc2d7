//! Contact-center metrics with hand-computed expectations.

use calllog::metrics::{GroupBy, Metrics, MetricsOptions};
use calllog::{Agent, CallRecord, Channel, ContactStatus, Direction, TimeDelta, ts};

fn secs(n: i64) -> TimeDelta {
    TimeDelta::seconds(n)
}

/// A: answered after 15 s, talk 300 s, ACW 60 s (Sales, Ann)
/// B: answered after 30 s, talk 120 s (Sales, Bob)
/// C: abandoned after 4 s (Sales): a short abandon under a 5 s threshold
/// D: abandoned after 60 s (Support)
/// E: outbound, busy (Support, Ann): offered, neither answered nor abandoned
/// F: classifier only: not offered
/// G: answered, reported wait 5 s, agent talk 200 s + hold 20 s (Support, Bob), 00:30 in Tokyo
fn contacts() -> Vec<CallRecord> {
    let inbound = |id: &str, queue: &str, at: &str| {
        CallRecord::new(id, Channel::Voice)
            .direction(Direction::Inbound)
            .queue(queue)
            .started_at(ts(at))
    };
    let a = inbound("A", "Sales", "2024-05-01T10:00:00Z")
        .agent(Agent::named("Ann"))
        .talk_started_at(ts("2024-05-01T10:00:15Z"))
        .talk_ended_at(ts("2024-05-01T10:05:15Z"))
        .closed_at(ts("2024-05-01T10:06:15Z"));
    let b = inbound("B", "Sales", "2024-05-01T10:10:00Z")
        .agent(Agent::named("Bob"))
        .talk_started_at(ts("2024-05-01T10:10:30Z"))
        .talk_ended_at(ts("2024-05-01T10:12:30Z"));
    let c = inbound("C", "Sales", "2024-05-01T10:20:00Z")
        .offered_at(ts("2024-05-01T10:20:01Z"))
        .answered_or_cancelled_at(ts("2024-05-01T10:20:04Z"));
    let d = inbound("D", "Support", "2024-05-01T11:00:00Z")
        .offered_at(ts("2024-05-01T11:00:02Z"))
        .answered_or_cancelled_at(ts("2024-05-01T11:01:00Z"));
    let e = CallRecord::new("E", Channel::Voice)
        .direction(Direction::Outbound)
        .queue("Support")
        .agent(Agent::named("Ann"))
        .status(ContactStatus::Busy)
        .started_at(ts("2024-05-01T11:10:00Z"));
    let f = CallRecord::new("F", Channel::Voice)
        .status(ContactStatus::Classifier)
        .queue("Nowhere")
        .started_at(ts("2024-05-01T11:20:00Z"));
    let mut g = inbound("G", "Support", "2024-05-01T15:30:00Z")
        .agent(Agent::named("Bob"))
        .status(ContactStatus::Answered);
    g.reported.wait = Some(secs(5));
    g.reported.agent_talk = Some(secs(200));
    g.reported.talk = Some(secs(200));
    g.reported.hold = Some(secs(20));
    vec![a, b, c, d, e, f, g]
}

fn opts(short: i64) -> MetricsOptions {
    MetricsOptions {
        short_abandon: secs(short),
        ..MetricsOptions::default()
    }
}

#[test]
fn totals_with_short_abandon_threshold() {
    let m = opts(5).run(contacts()).unwrap().total;
    assert_eq!(m.offered, 6);
    assert_eq!(m.answered, 3);
    assert_eq!(m.short_abandoned, 1);
    assert_eq!(m.abandoned, 1);
    assert_eq!(m.answer_rate, Some(3.0 / 5.0));
    assert_eq!(m.abandon_rate, Some(1.0 / 5.0));
    assert_eq!(m.answered_within_service_level, 2); // A (15 s), G (5 s); B waited 30 s
    assert_eq!(m.service_level, Some(2.0 / 4.0));
    // ASA (15 + 30 + 5) / 3 s, AHT (360 + 120 + 220) / 3 s
    assert_eq!(
        m.average_speed_of_answer,
        Some(TimeDelta::milliseconds(16_667))
    );
    assert_eq!(
        m.average_handle_time,
        Some(TimeDelta::milliseconds(233_333))
    );
    assert_eq!(m.total_handle_time, secs(700));
    assert_eq!(m.total_talk_time, secs(620));
}

#[test]
fn totals_without_short_abandons() {
    let m = opts(0).run(contacts()).unwrap().total;
    assert_eq!(
        (m.offered, m.answered, m.abandoned, m.short_abandoned),
        (6, 3, 2, 0)
    );
    assert_eq!(m.answer_rate, Some(0.5));
    assert_eq!(m.abandon_rate, Some(2.0 / 6.0));
    assert_eq!(m.service_level, Some(2.0 / 5.0));
    // a threshold equal to the abandon time is not "shorter than"
    let m = opts(4).run(contacts()).unwrap().total;
    assert_eq!((m.abandoned, m.short_abandoned), (2, 0));
    // a 30 s service level counts B too
    let m = MetricsOptions {
        service_level: secs(30),
        ..opts(5)
    }
    .run(contacts())
    .unwrap()
    .total;
    assert_eq!(m.answered_within_service_level, 3);
}

fn group<'a>(groups: &'a [calllog::metrics::MetricsGroup], key: &str) -> &'a Metrics {
    &groups
        .iter()
        .find(|g| g.key == key)
        .unwrap_or_else(|| panic!("no group {key:?}"))
        .metrics
}

#[test]
fn grouped_by_queue_agent_hour_day_channel() {
    let by = |g: GroupBy, tz: &str| {
        MetricsOptions {
            group_by: Some(g),
            time_zone: tz.into(),
            ..opts(5)
        }
        .run(contacts())
        .unwrap()
        .groups
    };
    let q = by(GroupBy::Queue, "UTC");
    assert_eq!(
        q.iter().map(|g| g.key.as_str()).collect::<Vec<_>>(),
        ["Sales", "Support"]
    );
    let sales = group(&q, "Sales");
    assert_eq!(
        (
            sales.offered,
            sales.answered,
            sales.abandoned,
            sales.short_abandoned
        ),
        (3, 2, 0, 1)
    );
    assert_eq!(sales.answer_rate, Some(1.0));
    assert_eq!(sales.abandon_rate, Some(0.0));
    assert_eq!(sales.service_level, Some(0.5));
    let support = group(&q, "Support");
    assert_eq!(
        (support.offered, support.answered, support.abandoned),
        (3, 1, 1)
    );
    assert_eq!(support.abandon_rate, Some(1.0 / 3.0));
    assert_eq!(support.average_handle_time, Some(secs(220)));

    let a = by(GroupBy::Agent, "UTC");
    assert_eq!(
        a.iter().map(|g| g.key.as_str()).collect::<Vec<_>>(),
        ["", "Ann", "Bob"]
    );
    assert_eq!(
        (group(&a, "Ann").offered, group(&a, "Ann").answered),
        (2, 1)
    );
    assert_eq!(
        group(&a, "Bob").average_speed_of_answer,
        Some(TimeDelta::milliseconds(17_500))
    );
    assert_eq!(
        (group(&a, "").abandoned, group(&a, "").short_abandoned),
        (1, 1)
    );

    // 10:xx UTC is 19:xx in Tokyo, 11:xx is 20:xx, G at 15:30 UTC is 00:30 the next day
    let h = by(GroupBy::Hour, "Asia/Tokyo");
    assert_eq!(
        h.iter()
            .map(|g| (g.key.as_str(), g.metrics.offered))
            .collect::<Vec<_>>(),
        [("00", 1), ("19", 3), ("20", 2)]
    );
    let d = by(GroupBy::Day, "Asia/Tokyo");
    assert_eq!(
        d.iter()
            .map(|g| (g.key.as_str(), g.metrics.offered))
            .collect::<Vec<_>>(),
        [("2024-05-01", 5), ("2024-05-02", 1)]
    );
    let d = by(GroupBy::Day, "UTC");
    assert_eq!(
        d.iter()
            .map(|g| (g.key.as_str(), g.metrics.offered))
            .collect::<Vec<_>>(),
        [("2024-05-01", 6)]
    );
    let c = by(GroupBy::Channel, "UTC");
    assert_eq!(
        c.iter()
            .map(|g| (g.key.as_str(), g.metrics.offered))
            .collect::<Vec<_>>(),
        [("voice", 6)]
    );
}

#[test]
fn empty_set() {
    let r = MetricsOptions {
        group_by: Some(GroupBy::Queue),
        ..opts(5)
    }
    .run(Vec::<CallRecord>::new())
    .unwrap();
    assert_eq!(r.total, Metrics::default());
    assert!(r.groups.is_empty());
    assert_eq!(r.total.answer_rate, None);
    assert_eq!(r.total.service_level, None);
    assert_eq!(r.total.average_speed_of_answer, None);
    // only a classifier entry: still nothing offered
    let r = opts(5)
        .run(contacts().into_iter().filter(|c| c.id == "F"))
        .unwrap();
    assert_eq!(r.total.offered, 0);
    assert_eq!(r.total.abandon_rate, None);
}

#[test]
fn bad_time_zone_and_sample_sanity() {
    let e = MetricsOptions {
        time_zone: "Mars/Base".into(),
        ..opts(0)
    }
    .run(contacts())
    .unwrap_err();
    assert!(matches!(e, calllog::Error::Filter { ref field, .. } if field == "time_zone"));
    let r = MetricsOptions {
        group_by: Some(GroupBy::Agent),
        ..opts(5)
    }
    .run(calllog::sample::generate(2_000, 3))
    .unwrap();
    let t = &r.total;
    assert!(t.answered + t.abandoned + t.short_abandoned <= t.offered);
    for rate in [t.answer_rate, t.abandon_rate, t.service_level]
        .into_iter()
        .flatten()
    {
        assert!((0.0..=1.0).contains(&rate));
    }
    // every contact counts once in the total; per agent at least once
    let per_agent: u64 = r.groups.iter().map(|g| g.metrics.offered).sum();
    assert!(per_agent >= t.offered);
    let json = serde_json::to_value(&r).unwrap();
    assert!(json["total"]["average_handle_time"].is_number());
}

#[test]
fn group_by_names_round_trip_through_display_from_str_and_serde() {
    for g in GroupBy::ALL {
        assert_eq!(g.to_string().parse::<GroupBy>().unwrap(), *g);
        assert_eq!(
            serde_json::to_string(g).unwrap(),
            format!("\"{}\"", g.name())
        );
    }
    let err = "team".parse::<GroupBy>().unwrap_err();
    assert!(
        err.to_string().contains("agent, queue, channel, hour, day"),
        "{err}"
    );
}
