"""Peak memory of an export that streams a DuckDB query over Parquet into CSV.

    python benches/compare/python_duckdb_rss.py [--rows 10000000] [--preset overview]

Writes a Parquet dataset of `--rows` sample records (in files of 500,000, written chunk by
chunk), then, in a fresh child process, runs
``calllog.export_csv(duckdb.sql("select ... from 'dir/*.parquet'"), out)`` and reports the
child's peak RSS (``ru_maxrss``), its wall time, the rows and the file size; then, as a
baseline, the peak RSS of a child that runs the same query and only drains its batches of
8,192 rows (DuckDB's own share of the memory). The durations
are turned back from Parquet's int64 with ``to_microseconds`` (Parquet has no duration type).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time

CHILD = r"""
import resource, sys, time
import duckdb, calllog
src, out, preset, cols = sys.argv[1:5]
con = duckdb.connect()
con.execute("SET threads TO 1")
con.execute("SET enable_progress_bar = false")
t = time.perf_counter()
rel = con.sql(f"select * replace ({cols}) from '{src}/*.parquet'")
if out == "-":  # the baseline: DuckDB alone, its batches drained and dropped
    rows = sum(b.num_rows for b in rel.to_arrow_reader(8192))
else:
    rows = calllog.export_csv(rel, out, preset=preset).rows
dt = time.perf_counter() - t
print(rows, f"{dt:.1f}", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--preset", default="overview")
    args = ap.parse_args()
    import pyarrow.parquet as pq

    import calllog

    tmp = tempfile.mkdtemp(prefix="calllog-duckdb-rss-")
    data = os.path.join(tmp, "calls")
    os.makedirs(data)
    chunk, per_file = 100_000, 500_000
    t0 = time.perf_counter()
    writer, written, file_no = None, 0, 0
    names = None
    while written < args.rows:
        n = min(chunk, args.rows - written)
        table = calllog.CallLog.sample(n, seed=written + 1).to_arrow(derived=False)
        names = table.schema.names
        if writer is None:
            writer = pq.ParquetWriter(os.path.join(data, f"part-{file_no:04d}.parquet"), table.schema)
        writer.write_table(table)
        written += n
        if written % per_file == 0 or written == args.rows:
            writer.close()
            writer, file_no = None, file_no + 1
    size = sum(os.path.getsize(os.path.join(data, f)) for f in os.listdir(data))
    print(f"{written:,} rows in {file_no} Parquet files ({size / 1e6:.0f} MB), written in "
          f"{time.perf_counter() - t0:.0f} s", flush=True)
    cols = ", ".join(f"to_microseconds({c}) as {c}" for c in names if c.startswith("reported_"))
    cols += (", case when recording is null then null else struct_pack(url := recording.url, "
             "duration := to_microseconds(recording.duration), processing := recording.processing, "
             "format := recording.format) end as recording")
    out = os.path.join(tmp, "calls.csv")
    load0 = os.getloadavg()[0]
    r = subprocess.run([sys.executable, "-c", CHILD, data, out, args.preset, cols],
                       capture_output=True, text=True)
    if r.returncode != 0:
        print(r.stderr, file=sys.stderr)
        return 1
    # the last line is the child's result (anything a library printed before it is not)
    rows, secs, rss_kib = r.stdout.strip().splitlines()[-1].split()
    print(f"export_csv(duckdb query, preset={args.preset}): {int(rows):,} rows in {secs} s, "
          f"CSV {os.path.getsize(out) / 1e6:.0f} MB, peak RSS {int(rss_kib) / 1024:.0f} MiB "
          f"(load average {load0:.2f} before)")
    r = subprocess.run([sys.executable, "-c", CHILD, data, "-", args.preset, cols],
                       capture_output=True, text=True)
    if r.returncode != 0:
        print(r.stderr, file=sys.stderr)
        return 1
    rows, secs, rss_kib = r.stdout.strip().splitlines()[-1].split()
    print(f"baseline, the same query drained without calllog: {int(rows):,} rows in {secs} s, "
          f"peak RSS {int(rss_kib) / 1024:.0f} MiB")
    for root, _, files in os.walk(tmp, topdown=False):
        for f in files:
            os.remove(os.path.join(root, f))
        os.rmdir(root)
    return 0


if __name__ == "__main__":
    sys.exit(main())
