"""Python binding vs pandas: DataFrame -> CSV/XLSX through calllog, and the dict slow path.

Run with the extension built in release mode (``make bench-python`` does it):

    python benches/compare/python_binding.py [--rows 1000000] [--excel-rows 100000] [--dict-rows 100000]

What is timed (wall clock after a warm-up on 1,000 rows; the calllog steps ``--repeat`` times,
default 3, reporting the median, because this shared machine's timings vary by ±15%; the
pandas steps once):

- ``from_pandas``: ``CallLog.from_pandas(df)``: the columns copied into Rust, every row
  converted and validated (the records themselves are built when first needed)
- ``core export``: ``export_csv/xlsx(...)`` of a log whose records are already built in Rust
  memory (``log[:]``): the Rust core's exporter alone, the "Rust-only export of the same rows"
- ``end to end``: ``CallLog.from_pandas(df).export_csv/xlsx(...)``, which is what a pandas
  user pays (the export streams the records from the columns)
- ``df.to_csv`` / ``df.to_excel(engine="openpyxl")`` on the same DataFrame (to_excel on
  ``--excel-rows`` rows only: it is slow; the row count is printed next to the number)
- ``from_records(dicts)``: the slow path, records built from Python dicts

The DataFrame is the core's sample data (``CallLog.sample``) as pandas gives it back: every
flat column (ids, enums as categoricals, tz-aware datetimes, timedeltas, nullable ints,
strings); nested list/dict columns are left out because ``df.to_csv`` cannot write them
meaningfully. The export writes the same columns.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time

import calllog


def export_ids(df_columns):
    """The export column id of each DataFrame column: ``to_pandas()`` columns are named by
    the export ids already (the core's Arrow schema)."""
    return list(df_columns)


def timed(label, fn, rows, results, repeat=1):
    """Runs `fn` `repeat` times; records and prints the median time (and the spread)."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    dt = statistics.median(times)
    results.append((label, rows, dt))
    spread = f"  (min {min(times):.2f}, max {max(times):.2f}, {repeat} runs)" if repeat > 1 else ""
    print(f"{label:48s} {rows:>9,} rows {dt:9.2f} s {rows / dt / 1e3:10.0f} k rows/s{spread}", flush=True)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--excel-rows", type=int, default=100_000)
    ap.add_argument("--dict-rows", type=int, default=100_000)
    ap.add_argument("--skip-pandas-excel", action="store_true")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each calllog step (the median is reported)")
    args = ap.parse_args()
    import pandas as pd

    n = args.rows
    print(f"calllog {calllog.__version__}, Python {platform.python_version()}, pandas {pd.__version__}, "
          f"{os.cpu_count()} CPUs", flush=True)
    full = calllog.CallLog.sample(n, seed=42).to_pandas(derived=False)
    # the price is a Decimal object column: it goes with its currency and scale
    flat = [c for c in full.columns
            if full[c].dtype != object and not isinstance(full[c].dtype, pd.ArrowDtype)
            and not c.startswith("price")]
    df = full[flat].copy()
    del full
    columns = export_ids(df.columns)
    print(f"DataFrame: {len(df):,} rows x {len(df.columns)} columns", flush=True)

    tmp = tempfile.mkdtemp(prefix="calllog-bench-")
    csv_path = os.path.join(tmp, "calls.csv")
    xlsx_path = os.path.join(tmp, "calls.xlsx")
    results = []

    # warm-up (imports, lazy type caches)
    small = calllog.CallLog.from_pandas(df.head(1000))
    small.export_csv(csv_path, columns=columns)

    r = args.repeat
    # the end-to-end runs first, each from a fresh from_pandas, as a user's script runs them
    timed("end to end: from_pandas(df).export_csv", lambda: calllog.CallLog.from_pandas(df).export_csv(csv_path, columns=columns), n, results, r)
    timed("end to end: from_pandas(df).export_xlsx", lambda: calllog.CallLog.from_pandas(df).export_xlsx(xlsx_path, columns=columns), n, results, r)
    log = timed("CallLog.from_pandas(df)", lambda: calllog.CallLog.from_pandas(df), n, results, r)
    built = timed("building the records (log[:])", lambda: log[:], n, results)
    del log
    csv_core = timed("core export_csv (records in Rust)", lambda: built.export_csv(csv_path, columns=columns), n, results, r)
    xlsx_core = timed("core export_xlsx (records in Rust)", lambda: built.export_xlsx(xlsx_path, columns=columns), n, results, r)
    del built
    print(f"  files: csv {csv_core.bytes / 1e6:.0f} MB, xlsx {xlsx_core.bytes / 1e6:.0f} MB", flush=True)
    timed("pandas df.to_csv", lambda: df.to_csv(os.path.join(tmp, "pandas.csv"), index=False), n, results)
    if not args.skip_pandas_excel:
        m = min(args.excel_rows, n)
        part = df.head(m).copy()
        for c in part.columns:  # Excel cannot hold tz-aware datetimes: pandas needs them naive
            if isinstance(part[c].dtype, pd.DatetimeTZDtype):
                part[c] = part[c].dt.tz_localize(None)
        timed("pandas df.to_excel (openpyxl)", lambda: part.to_excel(os.path.join(tmp, "pandas.xlsx"), index=False), m, results)
        sub = calllog.CallLog.from_pandas(df.head(m))[:]
        timed("core export_xlsx, same rows as to_excel", lambda: sub.export_xlsx(xlsx_path, columns=columns), m, results)

    d = min(args.dict_rows, n)
    dicts = calllog.CallLog.sample(d, seed=7).to_dicts()
    timed("CallLog.from_records(list of dicts) [slow path]", lambda: calllog.CallLog.from_records(dicts), d, results)
    recs = calllog.CallLog.sample(d, seed=7).to_records()
    timed("CallLog.from_records(list of CallRecord)", lambda: calllog.CallLog.from_records(recs), d, results)

    rate = {label: rows / secs for label, rows, secs in results}
    print()
    for fmt in ("csv", "xlsx"):
        e2e = rate[f"end to end: from_pandas(df).export_{fmt}"]
        core = rate[f"core export_{fmt} (records in Rust)"]
        print(f"{fmt}: end to end takes {core / e2e:.2f}x the time of the core export alone")
    print(f"csv: end to end is {rate['end to end: from_pandas(df).export_csv'] / rate['pandas df.to_csv']:.1f}x faster than df.to_csv")
    if "pandas df.to_excel (openpyxl)" in rate:
        print(f"xlsx: end to end is {rate['end to end: from_pandas(df).export_xlsx'] / rate['pandas df.to_excel (openpyxl)']:.1f}x "
              f"faster than df.to_excel (rows/s; to_excel measured on {min(args.excel_rows, n):,} rows)")
    for f in os.listdir(tmp):
        os.remove(os.path.join(tmp, f))
    os.rmdir(tmp)


if __name__ == "__main__":
    sys.exit(main())
