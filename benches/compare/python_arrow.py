"""The Arrow boundary of the Python binding: records to and from pandas, polars and pyarrow.

Run with the extension built in release mode (``make bench-python-arrow`` does it):

    python benches/compare/python_arrow.py [--rows 1000000] [--rounds 3]

Every step runs once per round and the rounds alternate the steps (A B C ... A B C ...), so a
change of machine load hits all steps alike; the median of the rounds is reported with the
fastest and slowest run, the load average before and after, and the library versions. The
same 1,000,000 sample records (``CallLog.sample(n, seed=42)``, every field, nested ones
included) go through every step. For scale, the core's CSV export of the same records
(``full`` preset) runs in the same rounds.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time

import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

import calllog
from calllog import CallLog


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    n = args.rows
    load0 = os.getloadavg()
    print(f"calllog {calllog.__version__}, Python {platform.python_version()}, pandas {pd.__version__}, "
          f"pyarrow {pa.__version__}, polars {pl.__version__}, {os.cpu_count()} CPUs", flush=True)
    tmp = tempfile.mkdtemp(prefix="calllog-arrow-bench-")
    log = CallLog.sample(n, seed=42)
    log[:1000].to_pandas()  # warm-up: imports, type caches
    df = log.to_pandas()
    table = log.to_arrow()
    pldf = log.to_polars()
    parquet = os.path.join(tmp, "calls.parquet")
    pq.write_table(log.to_arrow(derived=False), parquet)
    from_parquet = pd.read_parquet(parquet)
    csv_path = os.path.join(tmp, "calls.csv")
    steps = [
        ("log.to_pandas()", lambda: log.to_pandas()),
        ("CallLog.from_pandas(log.to_pandas() frame)", lambda: CallLog.from_pandas(df)),
        ("CallLog.from_pandas(pd.read_parquet(...) frame)", lambda: CallLog.from_pandas(from_parquet)),
        ("log.to_arrow()", lambda: log.to_arrow()),
        ("CallLog.from_arrow(pyarrow Table)", lambda: CallLog.from_arrow(table)),
        ("log.to_polars()", lambda: log.to_polars()),
        ("CallLog.from_polars(df)", lambda: CallLog.from_polars(pldf)),
        ("log.export_csv(preset='full') [scale]", lambda: log.export_csv(csv_path, preset="full")),
    ]
    times: dict[str, list[float]] = {label: [] for label, _ in steps}
    for r in range(args.rounds):
        for label, fn in steps:
            t0 = time.perf_counter()
            out = fn()
            times[label].append(time.perf_counter() - t0)
            del out
        print(f"round {r + 1} done", flush=True)
    load1 = os.getloadavg()
    print(f"\n{n:,} records, {args.rounds} alternating rounds; load average {load0[0]:.2f} before, {load1[0]:.2f} after")
    print(f"csv file {os.path.getsize(csv_path) / 1e6:.0f} MB, parquet file {os.path.getsize(parquet) / 1e6:.0f} MB\n")
    print(f"| step | median s | min–max s | k records/s |")
    print(f"| --- | ---: | ---: | ---: |")
    for label, _ in steps:
        t = times[label]
        m = statistics.median(t)
        print(f"| {label} | {m:.2f} | {min(t):.2f}–{max(t):.2f} | {n / m / 1e3:,.0f} |")
    for f in os.listdir(tmp):
        os.remove(os.path.join(tmp, f))
    os.rmdir(tmp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
