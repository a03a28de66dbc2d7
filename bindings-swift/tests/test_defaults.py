"""Issue 17 through the C ABI: seed 000's export permission (CallLogError.NotPermitted), the
defaults of the export's language (sheet names, a ja CSV with a BOM, the time zone note) and
column sets the export cannot honour."""

import re
import zipfile

import pytest

from conftest import ts


def log(cl):
    return cl.CallLog([
        cl.CallRecord(id="A-1", channel=cl.Channel.VIDEO, agents=[cl.Agent(name="Sato", groups=["Sales"])],
                      timeline=cl.CallTimeline(started_at=ts("2024-05-01T01:00:00Z"))),
        cl.CallRecord(id="A-2", channel=cl.Channel.VIDEO, agents=[cl.Agent(name="Suzuki", groups=["Support"])],
                      timeline=cl.CallTimeline(started_at=ts("2024-05-01T02:00:00Z"))),
    ])


def sheet_names(path):
    with zipfile.ZipFile(path) as z:
        return re.findall(r'<sheet name="([^"]*)"', z.read("xl/workbook.xml").decode())


def test_seed_000_only_owners_and_managers_export(cl, tmp_path):
    for role in (cl.Role.OWNER, cl.Role.MANAGER):
        s = log(cl).export(str(tmp_path / "ok.csv"), cl.ExportFormat.CSV,
                           cl.ExportOptions(preset="video_call_history", viewer=cl.Viewer(role=role)))
        assert s.records == 2
    sup = cl.Viewer(role=cl.Role.SUPERVISOR, user="Sato", groups=["Sales"])
    opts = cl.ExportOptions(preset="video_call_history", viewer=sup)
    for fmt in (cl.ExportFormat.CSV, cl.ExportFormat.XLSX):
        with pytest.raises(cl.CallLogError.NotPermitted) as e:
            log(cl).export(str(tmp_path / "no"), fmt, opts)
        assert (e.value.role, e.value.action, e.value.allowed) == ("supervisor", "export", ["owner", "manager"])
    with pytest.raises(cl.CallLogError.NotPermitted):
        cl.ExportJobs().start_export("sup", log(cl), str(tmp_path / "job.csv"), cl.ExportFormat.CSV, opts)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ok.csv"]
    # seed 002: supervisors keep exporting their groups; a policy may list roles
    s = log(cl).export(str(tmp_path / "v.csv"), cl.ExportFormat.CSV,
                       cl.ExportOptions(preset="call_history", viewer=sup))
    assert s.records == 1
    with pytest.raises(cl.CallLogError.NotPermitted):
        log(cl).export(str(tmp_path / "v.csv"), cl.ExportFormat.CSV, cl.ExportOptions(
            preset="call_history", viewer=sup,
            export_policy=cl.ExportPolicy.ROLES(roles=[cl.Role.OWNER, cl.Role.MANAGER])))


def test_ja_csv_bom_and_localized_sheet_names(cl, tmp_path):
    log(cl).export(str(tmp_path / "ja.csv"), cl.ExportFormat.CSV, cl.ExportOptions(preset="video_call_history"))
    assert (tmp_path / "ja.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    log(cl).export(str(tmp_path / "u.csv"), cl.ExportFormat.CSV,
                   cl.ExportOptions(preset="video_call_history", encoding=cl.CsvEncoding.UTF8))
    assert not (tmp_path / "u.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    for preset, name in (("video_call_history", "通話履歴"), ("call_history", "История звонков"),
                         ("contacts_simple", "Kontakty")):
        path = tmp_path / f"{preset}.xlsx"
        log(cl).export(str(path), cl.ExportFormat.XLSX, cl.ExportOptions(preset=preset, time_zone="Europe/Warsaw"))
        assert sheet_names(path) == [name]
        with zipfile.ZipFile(path) as z:
            assert "Europe/Warsaw" in z.read("xl/comments1.xml").decode()


def test_price_without_currency_and_detailed_without_details(cl, tmp_path):
    with pytest.raises(cl.CallLogError.ExportOption) as e:
        log(cl).export(str(tmp_path / "p.csv"), cl.ExportFormat.CSV, cl.ExportOptions(columns=["id", "price"]))
    assert e.value.option == "columns"
    with pytest.raises(cl.CallLogError.ExportOption) as e:
        log(cl).export(str(tmp_path / "d.csv"), cl.ExportFormat.CSV, cl.ExportOptions(
            preset="contacts_simple", layout=cl.ExportLayout.DETAILED(repeat_contact_fields=True)))
    assert e.value.option == "layout"


def test_summary_sheet_and_metrics_workbook(cl, tmp_path):
    path = tmp_path / "s.xlsx"
    s = log(cl).export(str(path), cl.ExportFormat.XLSX, cl.ExportOptions(preset="call_history", summary_sheet=True))
    assert s.records == 2
    assert sheet_names(path) == ["История звонков", "Сводка"]
    with zipfile.ZipFile(path) as z:
        assert sorted(n for n in z.namelist() if n.startswith("xl/charts/chart")) == [
            "xl/charts/chart1.xml", "xl/charts/chart2.xml", "xl/charts/chart3.xml"]
    own = tmp_path / "m.xlsx"
    sup = cl.Viewer(role=cl.Role.SUPERVISOR, user="x", groups=["Support"])
    m = log(cl).export_summary(str(own), cl.ExportOptions(locale=cl.Language.PL, viewer=sup))
    assert m.records == 1
    assert sheet_names(own) == ["Podsumowanie"]
