"""examples/python-dask: a Parquet dataset exported partition by partition on a Dask
LocalCluster of 2 worker processes, through the Arrow path, with a supervisor's scope applied
on every worker, and the parts joined into one CSV equal to a single-process export."""

import importlib.util
import pathlib

import pyarrow.parquet as pq  # type: ignore
import pytest

import calllog

EXAMPLE = pathlib.Path(__file__).resolve().parents[2] / "examples" / "python-dask" / "calls_by_partition.py"


@pytest.fixture(scope="module")
def example():
    spec = importlib.util.spec_from_file_location("calls_by_partition", EXAMPLE)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_dask_exports_every_partition_and_one_merged_csv(example, tmp_path):
    pytest.importorskip("dask.distributed")
    log = calllog.CallLog.sample(12_000, seed=13)
    data = tmp_path / "calls"
    data.mkdir()
    table = log.to_arrow(derived=False)
    for k in range(4):  # four files, four partitions, in order
        pq.write_table(table.slice(k * 3_000, 3_000), data / f"part-{k}.parquet")
    group = next(g for r in log for a in r.agents for g in a.groups)
    viewer = calllog.Viewer.supervisor("Мария", [group])
    out = tmp_path / "out"
    parts = example.run(str(data), str(out), 2, viewer, preset="call_history", locale="ru")
    assert [p.partition for p in parts] == [0, 1, 2, 3]
    visible = log.for_viewer(viewer)
    assert 0 < len(visible) < len(log), "the scope leaves records out"
    assert sum(p.rows for p in parts) == len(visible)
    merged = out / "calls.csv"
    example.merge_csv([p.path for p in parts], str(merged))
    visible.export_csv(tmp_path / "single.csv", preset="call_history", locale="ru", viewer=viewer)
    assert merged.read_bytes() == (tmp_path / "single.csv").read_bytes()


def test_the_worker_function_alone_is_what_spark_runs(example, tmp_path):
    log = calllog.CallLog.sample(500, seed=2)
    batches = log.to_arrow(derived=False).to_batches(max_chunksize=128)
    assert example.export_batches(iter(batches), str(tmp_path / "p.csv"), preset="full") == 500
    assert calllog.read_csv(tmp_path / "p.csv") == log
    assert example.export_batches([], str(tmp_path / "none.csv")) == 0
    example.export_batches(batches, str(tmp_path / "p.xlsx"), fmt="xlsx", preset="call_history")
    assert (tmp_path / "p.xlsx").stat().st_size > 0
