//! Rough throughput of queries, metrics and the customer card over the built-in sample.
//!
//! ```text
//! cargo run --release -p calllog --example query_throughput -- 200000
//! ```
//!
//! One run, wall-clock times; for comparisons use the criterion benches.

use std::time::Instant;

use calllog::card::CardQuery;
use calllog::metrics::{GroupBy, MetricsOptions};
use calllog::query::{Field, Filter, MatchingExt, Query, SortKey};
use calllog::{Direction, Viewer, sample, ts};

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(200_000);
    let data: Vec<_> = sample::generate(n, 1).collect();

    let f = Filter::builder()
        .direction(Direction::Inbound)
        .number("789")
        .refine("Sales")
        .build()
        .expect("valid filter");
    let m = f.compile().expect("valid filter");
    let t = Instant::now();
    let k = data.iter().filter(|r| m.matches(r)).count();
    println!(
        "filter (direction + number + refine) over {n}: {k} rows in {:?}",
        t.elapsed()
    );
    let t = Instant::now();
    let k = data.iter().cloned().matching(&m).count();
    println!(
        "same, owned records (clone each): {k} rows in {:?}",
        t.elapsed()
    );

    let t = Instant::now();
    let q = Query {
        viewer: Viewer::supervisor("x", ["Продажи"]),
        sort: vec![SortKey::desc(Field::Talk)],
        limit: Some(100),
        ..Query::default()
    };
    let p = q.run(data.iter().cloned()).expect("query runs");
    println!(
        "supervisor, sort by talk, first 100 of {}: {:?}",
        p.total,
        t.elapsed()
    );

    let t = Instant::now();
    let q = Query {
        sort: vec![SortKey::asc(Field::StartedAt)],
        offset: n as u64 / 2,
        limit: Some(100),
        ..Query::default()
    };
    let p = q.run(data.iter().cloned()).expect("query runs");
    println!(
        "owner, sort by start, page at offset n/2 ({} rows of {}): {:?}",
        p.rows.len(),
        p.total,
        t.elapsed()
    );

    let t = Instant::now();
    let r = MetricsOptions {
        group_by: Some(GroupBy::Hour),
        time_zone: "Asia/Tokyo".into(),
        ..Default::default()
    }
    .run(data.iter().cloned())
    .expect("metrics run");
    println!(
        "metrics by hour in Asia/Tokyo: {} groups in {:?}",
        r.groups.len(),
        t.elapsed()
    );

    let number = data
        .iter()
        .find_map(|r| {
            r.customer_address()
                .filter(|a| a.starts_with("+48789"))
                .map(str::to_string)
        })
        .expect("a Polish caller");
    let t = Instant::now();
    let f = Filter::builder()
        .source(number.clone())
        .build()
        .expect("valid filter");
    let m = f.compile().expect("valid filter");
    let k = data.iter().filter(|r| m.matches(r)).count();
    println!("exact source number: {k} rows in {:?}", t.elapsed());

    let t = Instant::now();
    let c = CardQuery::new(number, ts("2024-07-01T00:00:00Z"))
        .run(data.iter().cloned())
        .expect("card");
    println!(
        "customer card: {} contacts in {:?}",
        c.summary.total,
        t.elapsed()
    );
}
