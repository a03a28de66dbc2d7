//! Seed 001's asynchronous search: ten background jobs at once, a bounded registry, cancel.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use calllog::jobs::{JobControl, JobOutput, JobRegistry, JobStatus};
use calllog::{Error, JobState};

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("calllog-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Writes `rows` lines to `path` through a temporary file renamed on success, the way the
/// sinks do; checks for cancellation between rows.
fn write_file(
    ctl: &JobControl,
    path: &Path,
    rows: u64,
    fail_at: Option<u64>,
) -> calllog::Result<JobOutput> {
    use std::io::Write;
    let tmp = path.with_extension("partial");
    let mut f = std::fs::File::create(&tmp).map_err(|e| Error::io(&tmp, e))?;
    let result = (|| {
        for i in 0..rows {
            ctl.check()?;
            if fail_at == Some(i) {
                return Err(Error::Xlsx("simulated writer failure".into()));
            }
            writeln!(f, "row {i}").map_err(|e| Error::io(&tmp, e))?;
            ctl.set_progress(i + 1, Some(rows));
            if i % 50 == 0 {
                std::thread::sleep(Duration::from_millis(1));
            }
        }
        Ok(())
    })();
    drop(f);
    match result {
        Ok(()) => {
            std::fs::rename(&tmp, path).map_err(|e| Error::io(path, e))?;
            Ok(JobOutput {
                path: Some(path.to_path_buf()),
                rows,
                bytes: std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
                notes: Vec::new(),
            })
        }
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

#[test]
fn ten_jobs_at_once_end_and_the_registry_stays_bounded() {
    let dir = temp_dir("ten-jobs");
    let limit = 4;
    let reg = Arc::new(JobRegistry::with_limits(2, limit));
    let notified = Arc::new(Mutex::new(Vec::<JobStatus>::new()));
    let max_finished_seen = Arc::new(AtomicUsize::new(0));

    // a watcher samples the registry while the jobs run
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let watcher = {
        let (reg, seen, stop) = (reg.clone(), max_finished_seen.clone(), stop.clone());
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                let finished = reg.list().iter().filter(|s| s.state.is_finished()).count();
                seen.fetch_max(finished, Ordering::Relaxed);
                std::thread::sleep(Duration::from_micros(200));
            }
        })
    };

    let handles: Vec<_> = (0..10)
        .map(|i| {
            let path = dir.join(format!("export-{i}.csv"));
            let notified = notified.clone();
            reg.start_with_callback(
                format!("非同期検索 {i}"),
                move |ctl| write_file(ctl, &path, 2_000, (i == 3).then_some(100)),
                move |s| notified.lock().unwrap().push(s.clone()),
            )
        })
        .collect();
    // cancel one that is running or pending
    handles[7].cancel();

    let finals: Vec<JobStatus> = handles
        .iter()
        .map(|h| {
            h.wait_timeout(Duration::from_secs(60))
                .expect("every job ends")
        })
        .collect();
    stop.store(true, Ordering::Relaxed);
    watcher.join().unwrap();

    for (i, s) in finals.iter().enumerate() {
        assert!(s.state.is_finished(), "job {i}: {:?}", s.state);
        let path = dir.join(format!("export-{i}.csv"));
        match i {
            3 => {
                assert_eq!(s.state, JobState::Failed);
                assert!(s.error.as_deref().unwrap().contains("simulated"));
                assert!(!path.exists());
            }
            7 => {
                assert_eq!(s.state, JobState::Cancelled);
                assert!(!path.exists(), "a cancelled export leaves no file");
                assert!(!path.with_extension("partial").exists());
            }
            _ => {
                assert_eq!(s.state, JobState::Done, "job {i}");
                assert_eq!(s.rows, 2_000);
                let out = s.output.as_ref().unwrap();
                assert_eq!(out.path.as_deref(), Some(path.as_path()));
                assert!(path.exists());
            }
        }
    }
    assert!(max_finished_seen.load(Ordering::Relaxed) <= limit);
    let held = reg.list();
    assert!(held.len() <= limit, "{} held", held.len());
    // every job notified exactly once
    let n = notified.lock().unwrap();
    assert_eq!(n.len(), 10);
    let mut ids: Vec<u64> = n.iter().map(|s| s.id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 10);
    drop(n);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn dropping_the_registry_cancels_running_jobs() {
    let dir = temp_dir("drop");
    let path = dir.join("long.csv");
    let handle = {
        let reg = JobRegistry::with_limits(1, 10);
        let p = path.clone();
        let h = reg.start("long", move |ctl| write_file(ctl, &p, u64::MAX, None));
        while h.status().rows == 0 {
            std::thread::sleep(Duration::from_millis(1));
        }
        h
    };
    assert_eq!(handle.status().state, JobState::Cancelled);
    assert!(!path.exists());
    let _ = std::fs::remove_dir_all(&dir);
}
