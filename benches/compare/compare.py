#!/usr/bin/env python3
"""Side-by-side comparison of calllog's CSV and XLSX sinks with other tools (`make compare`).

Generates the same records for every contender (`calllog::sample::generate(N, 42)`, the 25
columns of the Overview preset), runs each contender in its own process, round by round
(every contender once per round, in the same order, `--rounds` times), measures its write
time, peak RSS and file size, and writes medians with the spread the table into benches/README.md between the
`compare:start` / `compare:end` markers, with the date and the machine.

    python3 benches/compare/compare.py [--records N] [--rounds R] [--only NAME,NAME] [--no-install]

It installs what it needs itself: pandas, polars, XlsxWriter and openpyxl into
benches/compare/.venv (versions in requirements.txt), exceljs into benches/compare/node_modules
(`npm install`, package-lock.json committed), and builds the Rust contenders with `$CARGO`
(default `cargo`) in release mode. Slow: about 20 minutes for 1,000,000 records on 2 cores.

How time is counted:
- Rust contenders (calllog's sinks, a plain csv-crate loop, a default rust_xlsxwriter
  constant-memory loop) stream the records from the generator. "write s" is their total
  minus the generation measured in the same round: `generate-raw` (the records only) for
  calllog's sinks, which derive the fields themselves, and `generate` (records + derived
  fields) for the plain loops, which are handed the derived fields. Peak RSS is the whole
  streaming run.
- Python and Node contenders load the rows from a JSON-lines file first (untimed) into the form
  their library wants (lists, DataFrame, datetime objects); "write s" is the write alone. Their
  peak RSS includes that in-memory input, which these APIs need.
"""

import argparse
import datetime as dt
import json
import os
import platform
import re
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
WORK = HERE / "work"
VENV = HERE / ".venv"
README = ROOT / "benches" / "README.md"
CARGO = shlex.split(os.environ.get("CARGO", "cargo"))


def sh(cmd, **kw):
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run(cmd, check=True, **kw)


def target_dir():
    meta = subprocess.run(
        [*CARGO, "metadata", "--format-version", "1", "--no-deps"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout
    return Path(json.loads(meta)["target_directory"])


def install(skip):
    if skip:
        return
    sh([*CARGO, "build", "--release", "-p", "calllog-benches", "--bin", "calllog-compare"], cwd=ROOT)
    sh([*CARGO, "build", "--release", "--manifest-path", str(HERE / "xlsx-baseline" / "Cargo.toml")],
       cwd=ROOT)
    if not (VENV / "bin" / "python").exists():
        sh([sys.executable, "-m", "venv", str(VENV)])
    sh([str(VENV / "bin" / "python"), "-m", "pip", "install", "--quiet", "-r",
        str(HERE / "requirements.txt")])
    sh(["npm", "install", "--no-audit", "--no-fund", "--silent"], cwd=HERE)


def run(name, cmd):
    """Runs one contender; returns its JSON line plus wall time and peak RSS."""
    print(f"== {name}", flush=True)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    out = proc.stdout.read()
    proc.stdout.close()
    if status != 0:
        print(f"   failed (status {status}); output: {out}", flush=True)
        return None
    line = [l for l in out.splitlines() if l.startswith("{")][-1]
    res = json.loads(line)
    # VmHWM reported by the contender itself; ru_maxrss of wait4 would include this Python
    # process's own RSS, which Linux carries over across fork + exec.
    kib = res.get("vmhwm_kib") or usage.ru_maxrss
    res.update(name=name, wall=wall, rss_mib=kib / 1024.0)
    print(f"   {res}", flush=True)
    return res


def versions():
    v = {}
    py = str(VENV / "bin" / "python")
    try:
        v["python"] = subprocess.run([py, "-c", "import sys;print(sys.version.split()[0])"],
                                     capture_output=True, text=True).stdout.strip()
        for mod in ("pandas", "polars", "xlsxwriter", "openpyxl"):
            v[mod] = subprocess.run([py, "-c", f"import {mod};print({mod}.__version__)"],
                                    capture_output=True, text=True).stdout.strip()
        v["node"] = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
        pkg = json.loads((HERE / "node_modules" / "exceljs" / "package.json").read_text())
        v["exceljs"] = pkg["version"]
        v["rustc"] = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
    except Exception as e:  # versions are informative only
        v["error"] = str(e)
    return v


def machine():
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, AttributeError):
        pass
    return f"{platform.system()} {platform.release()}, {os.cpu_count()} × {cpu}{mem}"


def median(xs):
    xs = sorted(xs)
    k = len(xs) // 2
    return xs[k] if len(xs) % 2 else (xs[k - 1] + xs[k]) / 2


def write_s(r, gens):
    """The write time of one run: its total minus the generation measured in the same round."""
    sub = {"rust-calllog": "generate-raw", "rust-stream": "generate"}.get(r["kind"])
    if sub and sub in gens:
        return max(r["seconds"] - gens[sub]["seconds"], 1e-9)
    return r["seconds"]


def table(runs, n, rounds, load_before, load_after, started):
    """`runs`: name -> the results of its rounds (each with `write`, `bytes`)."""
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                            capture_output=True, text=True).stdout.strip() or "unknown"
    lines = [
        f"Measured {started:%Y-%m-%d %H:%M} UTC on {machine()} by `make compare`",
        f"(`python3 benches/compare/compare.py --records {n} --rounds {rounds}`), {n:,} records "
        f"× 25 columns, calllog at commit {commit}.",
        f"Contenders ran alternately, round by round ({rounds} rounds, A B C … A B C …); times are "
        "medians with the fastest and slowest round. Load average (1, 5, 15 min) before / after: "
        f"{load_before} / {load_after}.",
        "",
        "| contender | format | write s (median) | min – max | rows/s | file MB | peak RSS MiB | how |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    med = {}
    for name, rs in runs.items():
        if name.startswith("generate"):
            continue
        ws = [r["write"] for r in rs]
        m = median(ws)
        med[name] = m
        r0 = rs[0]
        size = median([r["bytes"] for r in rs]) / 1e6 if rs[0].get("bytes") else float("nan")
        lines.append(
            f"| {name} | {r0['format']} | {m:.2f} | {min(ws):.2f} – {max(ws):.2f} | {n / m:,.0f} | "
            f"{size:.0f} | {median([r['rss_mib'] for r in rs]):.1f} | {r0['how']} |"
        )
    for g, what in (("generate-raw", "calllog's sinks (which derive the fields themselves)"),
                    ("generate", "the plain Rust loops")):
        if g in runs:
            ts = [r["seconds"] for r in runs[g]]
            lines.append(f"| ({g}: the sample only) | – | – | {min(ts):.2f} – {max(ts):.2f} | – | – | "
                         f"{median([r['rss_mib'] for r in runs[g]]):.1f} | median {median(ts):.2f} s, "
                         f"subtracted per round from {what} |")
    lines.append("")

    def ratio(a, b):
        return med[b] / med[a] if a in med and b in med else None

    checks = [
        ("CSV batches of generated records vs polars write_csv (target ≥ 1.6×, goal 2×)",
         ratio("calllog CsvSink", "polars write_csv")),
        ("CSV record by record from the generator vs polars write_csv",
         ratio("calllog CsvSink record by record", "polars write_csv")),
        ("CSV streaming, every core vs one thread", ratio("calllog CsvSink", "calllog CsvSink (1 thread)")),
        ("CSV of records in memory vs polars write_csv of a DataFrame in memory",
         ratio("calllog export_csv preloaded", "polars write_csv")),
        ("CSV of records in memory, every core vs one thread",
         ratio("calllog export_csv preloaded", "calllog export_csv preloaded (1 thread)")),
        ("CSV vs pandas to_csv (target ≥ 10×)", ratio("calllog CsvSink", "pandas to_csv")),
        ("XLSX vs default rust_xlsxwriter constant-memory loop, level 6 (target ≥ 2×)",
         ratio("calllog XlsxSink", "rust_xlsxwriter default loop")),
        ("XLSX vs XlsxWriter constant_memory (target well over 10×)",
         ratio("calllog XlsxSink", "XlsxWriter constant_memory")),
    ]
    for label, x in checks:
        if x is not None:
            lines.append(f"- {label}: **{x:.2f}×** (ratio of medians)")
    for name in ("calllog CsvSink", "calllog XlsxSink"):
        if name in runs:
            rss = max(r["rss_mib"] for r in runs[name])
            lines.append(f"- Peak RSS of {name} streaming {n:,} rows: **{rss:.1f} MiB** at most "
                         f"(target ≤ 64 MiB: {'met' if rss <= 64 else 'missed'})")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, default=1_000_000)
    ap.add_argument("--rounds", type=int, default=3, help="rounds of all contenders, alternated")
    ap.add_argument("--only", default="", help="comma-separated contender names (default: all)")
    ap.add_argument("--no-install", action="store_true", help="skip builds and installs")
    ap.add_argument("--no-readme", action="store_true", help="print the table, leave the README")
    a = ap.parse_args()
    started = dt.datetime.now(dt.timezone.utc)
    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    install(a.no_install)
    WORK.mkdir(exist_ok=True)
    n = a.records
    tdir = target_dir() / "release"
    rust = str(tdir / "calllog-compare")
    base = str(tdir / "xlsx-baseline")
    py = str(VENV / "bin" / "python")
    contenders_py = str(HERE / "contenders.py")
    rows = str(WORK / "rows.jsonl")
    out = lambda ext: str(WORK / f"out.{ext}")

    if not Path(rows).exists() or json.loads((WORK / "rows.meta").read_text() if (WORK / "rows.meta").exists() else "0") != n:
        sh([rust, "jsonl", str(n), rows])
        (WORK / "rows.meta").write_text(str(n))

    plan = [
        ("generate-raw", "–", "gen", [rust, "generate-raw", str(n), "-"], "sample generation only"),
        ("generate", "–", "gen", [rust, "generate", str(n), "-"], "sample generation + rules"),
        ("calllog CsvSink", "CSV", "rust-calllog", [rust, "calllog-csv", str(n), out("csv")],
         "Overview preset, UTF-8, `write_batch` of 16,384 generated records, every core, atomic + fsync"),
        ("calllog CsvSink (1 thread)", "CSV", "rust-calllog", [rust, "calllog-csv-1t", str(n), out("csv")],
         "the same with `CsvOptions::threads = 1`"),
        ("calllog CsvSink record by record", "CSV", "rust-calllog",
         [rust, "calllog-csv-each", str(n), out("csv")], "`write` per record from the generator, one thread"),
        ("calllog export_csv preloaded", "CSV", "preloaded",
         [rust, "calllog-csv-preloaded", str(n), out("csv")],
         "records in memory first (untimed), as a `CallLog` holds them; every core"),
        ("calllog export_csv preloaded (1 thread)", "CSV", "preloaded",
         [rust, "calllog-csv-preloaded-1t", str(n), out("csv")], "the same on one thread"),
        ("csv crate loop", "CSV", "rust-stream", [rust, "csv-crate", str(n), out("csv")],
         "plain `csv::Writer` loop, values formatted per field"),
        ("python csv", "CSV", "preloaded", [py, contenders_py, "python-csv", rows, out("csv")], "`csv.writer.writerows`"),
        ("pandas to_csv", "CSV", "preloaded", [py, contenders_py, "pandas-csv", rows, out("csv")], "DataFrame, datetime64 columns"),
        ("polars write_csv", "CSV", "preloaded", [py, contenders_py, "polars-csv", rows, out("csv")], "DataFrame, Datetime columns, all cores"),
        ("calllog XlsxSink", "XLSX", "rust-calllog", [rust, "calllog-xlsx", str(n), out("xlsx")],
         "Overview preset, constant memory, level 1, zmij, dates, widths, autofilter"),
        ("rust_xlsxwriter default loop", "XLSX", "rust-stream", [base, str(n), out("xlsx")],
         "rust_xlsxwriter 0.102 default features + constant_memory, level 6, dates"),
        ("XlsxWriter constant_memory", "XLSX", "preloaded",
         [py, contenders_py, "xlsxwriter-constant-memory", rows, out("xlsx")], "`write_row`, default date format"),
        ("openpyxl write-only", "XLSX", "preloaded", [py, contenders_py, "openpyxl-write-only", rows, out("xlsx")], "`ws.append`"),
        ("exceljs streaming", "XLSX", "preloaded", ["node", "--max-old-space-size=8192", str(HERE / "exceljs.js"), rows, out("xlsx")],
         "`stream.xlsx.WorkbookWriter`, no shared strings"),
        ("pandas to_excel", "XLSX", "preloaded", [py, contenders_py, "pandas-xlsx", rows, out("xlsx")], "engine XlsxWriter (not constant memory)"),
    ]
    only = {s.strip() for s in a.only.split(",") if s.strip()}
    runs = {}
    for rnd in range(a.rounds):
        print(f"==== round {rnd + 1} of {a.rounds}", flush=True)
        gens = {}
        for name, fmt, kind, cmd, how in plan:
            if only and name not in only and kind != "gen":
                continue
            r = run(name, cmd)
            if r is None:
                continue
            target = cmd[-1]
            r.update(format=fmt, kind=kind, how=how,
                     bytes=os.path.getsize(target) if target != "-" and os.path.exists(target) else 0)
            if kind == "gen":
                gens[name] = r
            else:
                r["write"] = write_s(r, gens)
            runs.setdefault(name, []).append(r)
    load_after = " ".join(f"{x:.2f}" for x in os.getloadavg())
    body = table(runs, n, a.rounds, load_before, load_after, started)
    v = versions()
    body += "\n\nVersions: " + ", ".join(f"{k} {val}" for k, val in v.items()) + "\n"
    print(body)
    (WORK / "results.json").write_text(json.dumps(runs, indent=1))
    if not a.no_readme:
        text = README.read_text() if README.exists() else "# Benchmarks\n"
        start, end = "<!-- compare:start -->", "<!-- compare:end -->"
        block = f"{start}\n{body}\n{end}"
        if start in text and end in text:
            text = text[: text.index(start)] + block + text[text.index(end) + len(end):]
        else:
            text = text.rstrip() + "\n\n" + block + "\n"
        README.write_text(text)
        print(f"wrote {README}")
    for f in WORK.glob("out.*"):
        f.unlink()


if __name__ == "__main__":
    main()
