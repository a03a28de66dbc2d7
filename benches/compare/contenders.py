"""The Python contenders of benches/compare: `python contenders.py <name> <rows.jsonl> <out>`.

Each loads the same rows (written by `calllog-compare jsonl`: the 25 Overview columns of
`calllog::sample::generate(1_000_000, 42)`, dates as `YYYY-MM-DD HH:MM:SS`) into memory first,
untimed, the way that library wants them (lists, a DataFrame, datetime objects), then times only
the write and prints one JSON line. Peak RSS (measured by compare.py) therefore includes the
in-memory input, which these libraries need.
"""

import csv
import datetime as dt
import json
import sys
import time

HEADER = [
    "Call ID", "Channel", "Direction", "Status", "Customer name", "From", "To", "Agents",
    "Queue", "Campaign", "Started at", "Talk started at", "Talk ended at", "Customer wait (s)",
    "Dial time", "Talk time", "Total duration", "Outcome", "Attempt result", "Success",
    "Completion code", "Price", "Currency", "Recording length", "Staff memo",
]
DATE_COLS = (10, 11, 12)


def load(path, dates):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if dates:
                for c in DATE_COLS:
                    if row[c] is not None:
                        row[c] = dt.datetime.strptime(row[c], "%Y-%m-%d %H:%M:%S")
            rows.append(row)
    return rows


def main():
    name, src, out = sys.argv[1:4]
    if name == "python-csv":
        rows = load(src, dates=False)
        t = time.perf_counter()
        with open(out, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(HEADER)
            w.writerows(["" if v is None else v for v in r] for r in rows)
        n = len(rows)
    elif name in ("pandas-csv", "pandas-xlsx"):
        import pandas as pd

        df = pd.DataFrame(load(src, dates=False), columns=HEADER)
        n = len(df)
        for c in DATE_COLS:
            df[HEADER[c]] = pd.to_datetime(df[HEADER[c]], format="%Y-%m-%d %H:%M:%S")
        t = time.perf_counter()
        if name == "pandas-csv":
            df.to_csv(out, index=False)
        else:
            # pandas' default xlsx engine when XlsxWriter is installed
            df.to_excel(out, index=False, engine="xlsxwriter")
    elif name == "polars-csv":
        import polars as pl

        rows = load(src, dates=True)
        df = pl.DataFrame(rows, schema=HEADER, orient="row", infer_schema_length=None)
        n = len(df)
        del rows
        t = time.perf_counter()
        df.write_csv(out)
    elif name == "xlsxwriter-constant-memory":
        import xlsxwriter

        rows = load(src, dates=True)
        n = len(rows)
        t = time.perf_counter()
        wb = xlsxwriter.Workbook(
            out, {"constant_memory": True, "default_date_format": "yyyy-mm-dd hh:mm:ss"}
        )
        ws = wb.add_worksheet()
        bold = wb.add_format({"bold": True})
        ws.write_row(0, 0, HEADER, bold)
        for i, r in enumerate(rows, start=1):
            ws.write_row(i, 0, ["" if v is None else v for v in r])
        wb.close()
    elif name == "openpyxl-write-only":
        from openpyxl import Workbook

        rows = load(src, dates=True)
        n = len(rows)
        t = time.perf_counter()
        wb = Workbook(write_only=True)
        ws = wb.create_sheet()
        ws.append(HEADER)
        for r in rows:
            ws.append(r)
        wb.save(out)
    else:
        raise SystemExit(f"unknown contender {name}")
    seconds = time.perf_counter() - t
    print(json.dumps({"mode": name, "records": n, "seconds": round(seconds, 3), "vmhwm_kib": vmhwm_kib()}))


def vmhwm_kib():
    """Peak RSS of this process (VmHWM: unlike ru_maxrss, not inherited across exec)."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


if __name__ == "__main__":
    main()
