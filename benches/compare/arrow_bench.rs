//! The core's Arrow converters on the same sample records, alternating round by round:
//! records → batches (one thread, every core) and batches → records (one thread, every core).
//!
//! `cargo run --release -p calllog-benches --bin calllog-arrow-bench -- [rows] [rounds]`

use std::time::Instant;

use calllog::arrow::{
    CallBatches, CallReader, ReadOptions, batches_to_calls, calls_to_batches, price_scale_of,
};

#[cfg(feature = "mimalloc-bench")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let rows: usize = args.next().map_or(1_000_000, |a| a.parse().expect("rows"));
    let rounds: usize = args.next().map_or(3, |a| a.parse().expect("rounds"));
    let records: Vec<_> = calllog::sample::generate(rows, 42).collect();
    let (_, batches) = calls_to_batches(&records, 64 * 1024, None, 0).expect("batches");
    let bytes: usize = batches.iter().map(|b| b.get_array_memory_size()).sum();
    println!(
        "{rows} records, price scale {}, {} batches, {:.0} MB of Arrow buffers; {} threads",
        price_scale_of(&records),
        batches.len(),
        bytes as f64 / 1e6,
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    // each step returns its output, dropped after the clock stops (freeing a million
    // records is the caller's cost, not the converter's; it is timed on its own)
    type Out = Box<dyn std::any::Any>;
    type Step<'a> = (&'a str, Box<dyn Fn() -> (usize, Out) + 'a>);
    let steps: Vec<Step<'_>> = vec![
        (
            "records -> batches, 1 thread (CallBatches)",
            Box::new(|| {
                let b: Vec<_> = CallBatches::new(&records[..], 64 * 1024)
                    .map(|b| b.expect("batch"))
                    .collect();
                (b.iter().map(|b| b.num_rows()).sum(), Box::new(b))
            }),
        ),
        (
            "records -> batches, every core (calls_to_batches)",
            Box::new(|| {
                let (_, b) = calls_to_batches(&records, 64 * 1024, None, 0).expect("batches");
                (b.iter().map(|b| b.num_rows()).sum(), Box::new(b))
            }),
        ),
        (
            "batches -> records, 1 thread (CallReader)",
            Box::new(|| {
                let r: Vec<_> =
                    CallReader::new(batches.iter().cloned().map(Ok), ReadOptions::new())
                        .map(|r| r.expect("record"))
                        .collect();
                (r.len(), Box::new(r))
            }),
        ),
        (
            "batches -> records, every core (batches_to_calls)",
            Box::new(|| {
                let r = batches_to_calls(&batches, &ReadOptions::new(), 0).expect("records");
                (r.len(), Box::new(r))
            }),
        ),
    ];
    let mut times = vec![Vec::new(); steps.len()];
    for _ in 0..rounds {
        for (k, (_, f)) in steps.iter().enumerate() {
            let t = Instant::now();
            let (n, out) = f();
            times[k].push(t.elapsed().as_secs_f64());
            assert_eq!(n, rows);
            drop(out);
        }
    }
    println!("| step | median s | min–max s |");
    println!("| --- | ---: | ---: |");
    for ((name, _), t) in steps.iter().zip(&mut times) {
        t.sort_by(f64::total_cmp);
        println!(
            "| {name} | {:.2} | {:.2}–{:.2} |",
            t[t.len() / 2],
            t[0],
            t[t.len() - 1]
        );
    }
}
