#![no_main]
//! See ../src/targets.rs.

#[path = "../src/targets.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::read_csv(data));
