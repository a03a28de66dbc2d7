//! How fast the derived-field rules run: every exported row pays for them once.

use calllog::{Agent, AttemptResult, CallRecord, CallType, Channel, Rules, ts};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

fn record() -> CallRecord {
    CallRecord::new("V-1", Channel::Voice)
        .call_type(CallType::OperatorCampaign)
        .attempt_result(AttemptResult::CallAccepted)
        .agent(Agent::named("Ivan").in_group("Sales"))
        .started_at(ts("2024-05-01T09:00:00Z"))
        .dial_started_at(ts("2024-05-01T09:00:01Z"))
        .talk_started_at(ts("2024-05-01T09:00:20Z"))
        .talk_ended_at(ts("2024-05-01T09:03:00Z"))
        .closed_at(ts("2024-05-01T09:04:00Z"))
}

fn bench(c: &mut Criterion) {
    let r = record();
    c.bench_function("rules/derive", |b| {
        b.iter(|| Rules::CANONICAL.derive(black_box(&r)))
    });
    c.bench_function("validate/call", |b| b.iter(|| black_box(&r).validate()));
}

criterion_group!(benches, bench);
criterion_main!(benches);
