//! The first program to run: builds one record for each seed scenario and prints what the
//! rules derive from it.
//!
//! ```sh
//! cargo run --release -p calllog-examples --example demo
//! ```

use calllog::{
    Agent, AttemptResult, CallRecord, CallType, Channel, ContactStatus, Direction, IvrStep, Locale,
    Rules, TimeDelta, ts,
};

fn secs(d: Option<TimeDelta>) -> String {
    d.map(|d| format!("{}s", d.num_seconds()))
        .unwrap_or_else(|| "—".into())
}

fn main() {
    let samples: Vec<(&str, Rules, CallRecord)> = vec![
        (
            "seed 000: answered video call",
            Rules::CANONICAL,
            CallRecord::new("A-1", Channel::Video)
                .agent(Agent::named("佐藤"))
                .started_at(ts("2024-05-01T10:00:00+09:00"))
                .offered_at(ts("2024-05-01T10:00:03+09:00"))
                .answered_or_cancelled_at(ts("2024-05-01T10:00:15+09:00"))
                .talk_started_at(ts("2024-05-01T10:00:15+09:00"))
                .talk_ended_at(ts("2024-05-01T10:04:00+09:00"))
                .closed_at(ts("2024-05-01T10:05:30+09:00")),
        ),
        (
            "seed 000 case 1: cancelled before answer",
            Rules::CANONICAL,
            CallRecord::new("A-2", Channel::Video)
                .started_at(ts("2024-05-01T11:00:00+09:00"))
                .offered_at(ts("2024-05-01T11:00:02+09:00"))
                .answered_or_cancelled_at(ts("2024-05-01T11:00:30+09:00")),
        ),
        (
            "seed 000 case 2: nobody online",
            Rules::CANONICAL,
            CallRecord::new("A-3", Channel::Video)
                .started_at(ts("2024-05-01T12:00:00+09:00"))
                .answered_or_cancelled_at(ts("2024-05-01T12:00:40+09:00")),
        ),
        (
            "seed 000 case 3: browser closed",
            Rules::CANONICAL,
            CallRecord::new("A-4", Channel::Video).started_at(ts("2024-05-01T13:00:00+09:00")),
        ),
        (
            "seed 002: incoming call (Voximplant rules)",
            Rules::VOXIMPLANT,
            CallRecord::new("V-1", Channel::Voice)
                .call_type(CallType::Incoming)
                .direction(Direction::Inbound)
                .attempt_result(AttemptResult::CallAccepted)
                .started_at(ts("2024-05-01T09:00:00+03:00"))
                .talk_started_at(ts("2024-05-01T09:00:40+03:00"))
                .talk_ended_at(ts("2024-05-01T09:03:00+03:00")),
        ),
        (
            "seed 004: inbound campaign call via IVR (FCC rules)",
            Rules::FOCUS_CONTACT_CENTER,
            CallRecord::new("F-1", Channel::Voice)
                .status(ContactStatus::Answered)
                .started_at(ts("2024-05-01T08:00:00+02:00"))
                .ivr_step(calllog::IvrStep {
                    node: "Powitanie".into(),
                    entered_at: Some(ts("2024-05-01T08:00:00+02:00")),
                    ..IvrStep::default()
                })
                .ivr_step(calllog::IvrStep {
                    node: "Menu".into(),
                    entered_at: Some(ts("2024-05-01T08:00:20+02:00")),
                    left_at: Some(ts("2024-05-01T08:00:45+02:00")),
                    choice: Some("1".into()),
                    ..IvrStep::default()
                })
                .talk_started_at(ts("2024-05-01T08:01:00+02:00"))
                .talk_ended_at(ts("2024-05-01T08:06:00+02:00")),
        ),
    ];

    println!(
        "{:<50} {:>7} {:>7} {:>7} {:>7} {:>7}  outcome",
        "scenario", "wait", "dial", "talk", "ivr", "acw"
    );
    for (name, rules, record) in &samples {
        record.validate().expect("sample records are valid");
        let d = rules.derive(record);
        println!(
            "{:<50} {:>7} {:>7} {:>7} {:>7} {:>7}  {} / {}",
            name,
            secs(d.wait),
            secs(d.dial),
            secs(d.talk),
            secs(d.ivr),
            secs(d.after_call_work),
            d.outcome,
            d.outcome.label(Locale::Ja),
        );
    }
}
