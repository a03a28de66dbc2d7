"""Arrow IPC through the Swift binding's C ABI: `CallLog(fromArrowIpc:)` and `toArrowIpc()`,
read and written by pyarrow as a Swift app's Arrow library would."""

import io

import pyarrow as pa  # type: ignore
import pyarrow.ipc as ipc  # type: ignore
import pytest


def test_ipc_round_trip_and_pyarrow_reads_it(cl):
    log = cl.CallLog.sample(1500, 7)
    data = log.to_arrow_ipc()
    table = ipc.open_stream(pa.py_buffer(data)).read_all()
    assert table.num_rows == 1500
    assert table.schema.field("started_at").type == pa.timestamp("us", tz="UTC")
    assert "talk" not in table.schema.names
    back = cl.CallLog.from_arrow_ipc(data)
    assert back.records() == log.records()
    vox = cl.rules_preset("voximplant")
    with_derived = ipc.open_stream(pa.py_buffer(log.to_arrow_ipc(vox))).read_all()
    talk = with_derived.column("talk").to_pylist()
    assert [None if t is None else t.total_seconds() for t in talk] == [
        None if d.talk is None else d.talk for d in log.derived(vox)
    ]
    # the file format, as pyarrow writes it
    sink = io.BytesIO()
    with ipc.new_file(sink, table.schema) as w:
        w.write_table(table)
    assert cl.CallLog.from_arrow_ipc(sink.getvalue()).records() == log.records()


def test_arrow_errors_name_row_record_and_column(cl):
    t = pa.table({"id": ["a", "b"], "channel": ["voice", "pigeon"]})
    sink = io.BytesIO()
    with ipc.new_stream(sink, t.schema) as w:
        w.write_table(t)
    with pytest.raises(cl.CallLogError.Arrow) as err:
        cl.CallLog.from_arrow_ipc(sink.getvalue())
    e = err.value
    assert (e.row, e.record_id, e.column) == (1, "b", "channel")
    assert "pigeon" in e.reason
    t = pa.table({"id": ["a"], "colour": ["red"]})
    sink = io.BytesIO()
    with ipc.new_stream(sink, t.schema) as w:
        w.write_table(t)
    with pytest.raises(cl.CallLogError.Arrow) as err:
        cl.CallLog.from_arrow_ipc(sink.getvalue())
    assert err.value.column == "colour" and err.value.row is None
    assert cl.CallLog.from_arrow_ipc(sink.getvalue(), True).count() == 1
    with pytest.raises(cl.CallLogError.Arrow):
        cl.CallLog.from_arrow_ipc(b"not arrow")


def test_records_from_arrow_are_validated(cl):
    t = pa.table({"id": ["v"], "manager_rating": pa.array([9], pa.uint8())})
    sink = io.BytesIO()
    with ipc.new_stream(sink, t.schema) as w:
        w.write_table(t)
    with pytest.raises(cl.CallLogError.Invalid) as err:
        cl.CallLog.from_arrow_ipc(sink.getvalue())
    assert (err.value.record_id, err.value.field) == ("v", "manager_rating")
