"""Call history that outgrows one machine: Dask exports it partition by partition.

Each Dask partition (a pandas DataFrame read from Parquet, pyarrow-backed) crosses into
calllog through the Arrow path and is written by the Rust core as one CSV or XLSX file,
with the viewer's role scope applied on the worker that writes it. The driver then joins
the CSV files into one (header once). The same function runs under Spark's ``mapInArrow``
(see README.md next to this file).

    python calls_by_partition.py PARQUET_DIR OUT_DIR [--workers 2] [--preset call_history]
"""

from __future__ import annotations

import argparse
import os
import shutil
from typing import Any, Iterable, Iterator, List, Optional

import calllog

BOM = b"\xef\xbb\xbf"


def export_batches(batches: Iterable[Any], path: str, viewer: Optional[calllog.Viewer] = None,
                   fmt: str = "csv", **options: Any) -> int:
    """Writes Arrow record batches (of the core's schema) to `path`; returns the rows written.

    This is the function a Dask or Spark worker runs: the batches never leave Arrow until the
    core turns them into rows, and `viewer` (if any) decides what this worker may write.
    """
    import pyarrow as pa

    batches = list(batches)
    if not batches:
        return 0
    reader = pa.RecordBatchReader.from_batches(batches[0].schema, iter(batches))
    export = calllog.export_xlsx if fmt == "xlsx" else calllog.export_csv
    return export(reader, path, viewer=viewer, **options).rows


def export_partition(df: Any, out_dir: str, viewer: Optional[calllog.Viewer], fmt: str = "csv",
                     partition_info: Optional[dict] = None, **options: Any) -> Any:
    """``ddf.map_partitions`` target: one file per partition, named by its number."""
    import pandas as pd
    import pyarrow as pa

    number = partition_info["number"] if partition_info else 0
    path = os.path.join(out_dir, f"part-{number:05d}.{fmt}")
    table = pa.Table.from_pandas(df, preserve_index=False)
    rows = export_batches(table.to_batches(), path, viewer=viewer, fmt=fmt, **options)
    return pd.DataFrame({"partition": [number], "path": [path], "rows": [rows]})


def merge_csv(paths: List[str], target: str) -> None:
    """Joins per-partition CSV files into one: the first file whole, the others without their
    byte order mark and header line. Each file's header is checked to be the same."""
    tmp = target + ".partial"
    header: Optional[bytes] = None
    with open(tmp, "wb") as out:
        for p in paths:
            with open(p, "rb") as f:
                data = f.read()
            bom = data.startswith(BOM)
            body = data[len(BOM):] if bom else data
            first, sep, rest = body.partition(b"\n")
            if header is None:
                header = first
                out.write(data)
            elif first != header:
                raise ValueError(f"{p}: its header differs from the first file's")
            else:
                out.write(rest)
    os.replace(tmp, target)


def run(parquet_dir: str, out_dir: str, workers: int = 2, viewer: Optional[calllog.Viewer] = None,
        fmt: str = "csv", **options: Any) -> List[Any]:
    """Reads the Parquet dataset with Dask and exports every partition on a local cluster of
    `workers` processes; returns one ``(partition, path, rows)`` row per partition."""
    import dask.dataframe as dd
    import pandas as pd
    from dask.distributed import Client, LocalCluster

    os.makedirs(out_dir, exist_ok=True)
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster):
        ddf = dd.read_parquet(parquet_dir, dtype_backend="pyarrow")
        meta = pd.DataFrame({"partition": pd.Series([], dtype="int64"),
                             "path": pd.Series([], dtype="str"),
                             "rows": pd.Series([], dtype="int64")})
        done = ddf.map_partitions(export_partition, out_dir, viewer, fmt, meta=meta, **options).compute()
    return list(done.sort_values("partition").itertuples(index=False))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("parquet_dir")
    ap.add_argument("out_dir")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--preset", default="call_history")
    ap.add_argument("--locale", default="en")
    ap.add_argument("--supervisor-of", help="export as a supervisor of this group (seed 002)")
    args = ap.parse_args()
    viewer = (calllog.Viewer(role="supervisor", groups=[args.supervisor_of])
              if args.supervisor_of else None)
    parts = run(args.parquet_dir, args.out_dir, args.workers, viewer,
                preset=args.preset, locale=args.locale)
    merge_csv([p.path for p in parts], os.path.join(args.out_dir, "calls.csv"))
    print(f"{sum(p.rows for p in parts):,} rows in {len(parts)} partitions; merged into "
          f"{os.path.join(args.out_dir, 'calls.csv')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
