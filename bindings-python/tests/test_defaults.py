"""Issue 17 through the Python binding: seed 000's export permission, the defaults of the
export's language (sheet names, a ja CSV with a BOM, the time zone note) and column sets the
export cannot honour."""

import datetime as dt
import zipfile

import pytest

import calllog
from calllog import CallLog, CallRecord, Role, Viewer

from conftest import ts


def log():
    return CallLog(
        [
            CallRecord(
                id="A-1",
                channel="video",
                agents=[{"name": "佐藤", "groups": ["営業"]}],
                timeline={"started_at": ts("2024-05-01T10:00:00+09:00")},
            ),
            CallRecord(
                id="A-2",
                channel="video",
                agents=[{"name": "鈴木", "groups": ["サポート"]}],
                timeline={"started_at": ts("2024-05-01T11:00:00+09:00")},
            ),
        ]
    )


def sheet_names(path):
    import re

    with zipfile.ZipFile(path) as z:
        return re.findall(r'<sheet name="([^"]*)"', z.read("xl/workbook.xml").decode())


@pytest.mark.parametrize("role", ["owner", "manager"])
def test_seed_000_owners_and_managers_export(tmp_path, role):
    s = log().export_csv(tmp_path / "a.csv", preset="video_call_history", viewer={"role": role})
    assert s.records == 2


@pytest.mark.parametrize("background", [False, True])
def test_seed_000_a_supervisor_may_not_export(tmp_path, background):
    sup = Viewer(role="supervisor", user="佐藤", groups=["営業"])
    for export, name in ((CallLog.export_csv, "s.csv"), (CallLog.export_xlsx, "s.xlsx")):
        with pytest.raises(calllog.NotPermittedError) as e:
            export(log(), tmp_path / name, preset="video_call_history", viewer=sup, background=background)
        assert (e.value.role, e.value.action, e.value.allowed) == ("supervisor", "export", ["owner", "manager"])
        assert isinstance(e.value, calllog.CalllogError)
    assert list(tmp_path.iterdir()) == []


def test_seed_002_supervisors_keep_exporting_and_policies_are_values(tmp_path):
    sup = Viewer(role="supervisor", user="佐藤", groups=["営業"])
    s = log().export_csv(tmp_path / "v.csv", preset="call_history", viewer=sup)
    assert s.records == 1
    for policy in (["owner", "manager"], [Role.OWNER, Role.MANAGER], "video_call_saas"):
        with pytest.raises(calllog.NotPermittedError):
            log().export_csv(tmp_path / "v.csv", preset="call_history", viewer=sup, export_policy=policy)
    with pytest.raises(calllog.UnknownValueError):
        log().export_csv(tmp_path / "v.csv", export_policy="nobody")


def test_a_ja_csv_opens_in_japanese_excel_by_default(tmp_path):
    log().export_csv(tmp_path / "ja.csv", preset="video_call_history")
    data = (tmp_path / "ja.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert "お客様待ち時間(秒)" in data.decode("utf-8-sig")
    log().export_csv(tmp_path / "ru.csv", preset="call_history")
    assert not (tmp_path / "ru.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    log().export_csv(tmp_path / "ja8.csv", preset="video_call_history", encoding="utf-8")
    assert not (tmp_path / "ja8.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert len(calllog.read_csv(tmp_path / "ja.csv", preset="video_call_history")) == 2


@pytest.mark.parametrize(
    "preset,name",
    [("video_call_history", "通話履歴"), ("call_history", "История звонков"), ("contacts_simple", "Kontakty"), ("overview", "Calls")],
)
def test_sheets_are_named_in_the_export_language(tmp_path, preset, name):
    path = tmp_path / "s.xlsx"
    log().export_xlsx(path, preset=preset, time_zone="Asia/Tokyo")
    assert sheet_names(path) == [name]
    with zipfile.ZipFile(path) as z:
        comments = z.read("xl/comments1.xml").decode()
    assert "Asia/Tokyo" in comments
    log().export_xlsx(path, preset=preset, sheet_name="Mai")
    assert sheet_names(path) == ["Mai"]


def test_a_price_needs_its_currency_and_detailed_needs_details(tmp_path):
    with pytest.raises(calllog.ExportOptionError, match="price_currency"):
        log().export_csv(tmp_path / "p.csv", columns=["id", "price"])
    with pytest.raises(calllog.ExportOptionError, match="detail column"):
        log().export_csv(tmp_path / "d.csv", preset="contacts_simple", layout="detailed")


def _summary_log():
    return CallLog(
        [
            CallRecord(id="a", direction="inbound", queue="Sales", attempt_result="call_accepted",
                       agents=[{"name": "Anna", "groups": ["Sales"]}],
                       timeline={"started_at": ts("2024-05-01T09:00:00Z"), "talk_started_at": ts("2024-05-01T09:00:10Z"),
                                 "talk_ended_at": ts("2024-05-01T09:02:10Z")}),
            CallRecord(id="b", direction="outbound", queue="Support", attempt_result="number_busy",
                       agents=[{"name": "Boris", "groups": ["Support"]}],
                       timeline={"started_at": ts("2024-05-01T10:00:00Z")}),
        ]
    )


def test_a_summary_sheet_with_native_charts(tmp_path):
    path = tmp_path / "s.xlsx"
    s = _summary_log().export_xlsx(path, preset="contacts_simple", summary_sheet=True)
    assert s.records == 2
    assert sheet_names(path) == ["Kontakty", "Podsumowanie"]
    with zipfile.ZipFile(path) as z:
        charts = sorted(n for n in z.namelist() if n.startswith("xl/charts/chart"))
        assert charts == ["xl/charts/chart1.xml", "xl/charts/chart2.xml", "xl/charts/chart3.xml"]
        assert "Wyniki prób" in z.read("xl/charts/chart3.xml").decode()
    openpyxl = pytest.importorskip("openpyxl")
    ws = openpyxl.load_workbook(path)["Podsumowanie"]
    rows = {r[0]: r for r in ws.iter_rows(values_only=True) if r and r[0]}
    assert rows["Wszystkie kontakty"][1:4] == (2, 1, 0)
    assert rows["Wszystkie kontakty"][10] == 0.5  # ASR: 1 answered of 2 attempts


def test_a_metrics_workbook_of_its_own(tmp_path):
    path = tmp_path / "m.xlsx"
    s = calllog.export_summary_xlsx(_summary_log(), path, locale="ja", time_zone="Asia/Tokyo")
    assert s.records == 2
    assert sheet_names(path) == ["サマリー"]
    sup = Viewer(role="supervisor", user="x", groups=["Support"])
    s = _summary_log().export_summary_xlsx(path, viewer=sup, service_level=dt.timedelta(seconds=30))
    assert s.records == 1  # only what the viewer sees
