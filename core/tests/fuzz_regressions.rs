//! Replays every input saved under `fuzz/regressions/<target>/` (crashes the fuzzers found, and
//! hand-written edge cases) through the same checks the fuzz targets run (`fuzz/src/targets.rs`),
//! so a fixed bug stays fixed without a fuzzer installed.

#[allow(dead_code)]
#[path = "../../fuzz/src/targets.rs"]
mod targets;

use std::path::Path;

fn replay(target: &str, check: fn(&[u8])) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz/regressions")
        .join(target);
    let mut n = 0;
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != ".gitkeep"))
        .collect();
    entries.sort();
    for path in entries {
        let data = std::fs::read(&path).expect("a saved input");
        let outcome = std::panic::catch_unwind(|| check(&data));
        assert!(outcome.is_ok(), "{} fails its check again", path.display());
        n += 1;
    }
    n
}

#[test]
fn read_csv_inputs_replay() {
    assert!(replay("read_csv", targets::read_csv) >= 1);
}

#[test]
fn record_json_inputs_replay() {
    assert!(replay("record_json", targets::record_json) >= 1);
}

#[test]
fn query_json_inputs_replay() {
    assert!(replay("query_json", targets::query_json) >= 1);
}
