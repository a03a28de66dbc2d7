//! The summary sheet with native charts (issue 17, part 5): metrics per hour, day, queue and
//! agent with ASR and ACD, the results of attempts, three chart parts, in the export's
//! language, inside an XLSX export or as a workbook of its own; and, where LibreOffice is
//! installed, the workbook converts to PDF.

mod common;

use calllog::export::summary::{SummaryOptions, export_summary_xlsx};
use calllog::export::{ExportControl, ExportProfile, Preset, export_xlsx};
use calllog::{
    Agent, AttemptResult, CallRecord, Channel, Direction, Error, Locale, TimeDelta, Viewer, ts,
};
use common::*;

/// Seed 002-like attempts: two answered in queue Sales at 09:xx, one abandoned in Sales at
/// 10:xx, one busy outbound attempt in Support at 10:xx.
fn calls() -> Vec<CallRecord> {
    let answered = |id: &str, at: &str, wait: i64, talk: i64| {
        let start = ts(at);
        CallRecord::new(id, Channel::Voice)
            .direction(Direction::Inbound)
            .queue("Sales")
            .agent(Agent::named("Анна").in_group("Продажи"))
            .attempt_result(AttemptResult::CallAccepted)
            .started_at(start)
            .talk_started_at(start + TimeDelta::seconds(wait))
            .talk_ended_at(start + TimeDelta::seconds(wait + talk))
    };
    let start = ts("2024-05-01T10:15:00Z");
    vec![
        answered("a", "2024-05-01T09:00:00Z", 10, 120),
        answered("b", "2024-05-01T09:30:00Z", 30, 60),
        CallRecord::new("c", Channel::Voice)
            .direction(Direction::Inbound)
            .queue("Sales")
            .started_at(start)
            .offered_at(start)
            .answered_or_cancelled_at(start + TimeDelta::seconds(40)),
        CallRecord::new("d", Channel::Voice)
            .direction(Direction::Outbound)
            .queue("Support")
            .agent(Agent::named("Борис").in_group("Поддержка"))
            .attempt_result(AttemptResult::NumberBusy)
            .started_at(ts("2024-05-01T10:30:00Z")),
    ]
}

fn find_row<'a>(rows: &'a [Vec<calamine::Data>], first: &str) -> &'a [calamine::Data] {
    rows.iter()
        .find(|r| r.first().map(text).as_deref() == Some(first))
        .unwrap_or_else(|| panic!("no row {first:?}"))
}

fn num(d: &calamine::Data) -> f64 {
    match d {
        calamine::Data::Float(f) => *f,
        calamine::Data::Int(i) => *i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

#[test]
fn an_export_with_a_summary_sheet_has_tables_and_three_charts() {
    let dir = scratch("summary");
    let mut p = ExportProfile::preset(Preset::CallHistory);
    p.xlsx.summary_sheet = true;
    let s = export_xlsx(dir.join("s.xlsx"), &calls(), &p, &ExportControl::new()).unwrap();
    assert_eq!((s.records, s.sheets), (4, 1)); // `sheets` counts the data sheets
    let sheets = xlsx_sheets(&dir.join("s.xlsx"));
    let names: Vec<&str> = sheets.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(names, ["История звонков", "Сводка"]);
    let rows = &sheets[1].1;
    // the total: 4 offered, 2 answered, 1 abandoned; ASR 2/4; ACD (120 + 60) / 2
    let total = find_row(rows, "Все звонки");
    assert_eq!(
        (num(&total[1]), num(&total[2]), num(&total[3])),
        (4.0, 2.0, 1.0)
    );
    assert_eq!(num(&total[10]), 0.5);
    // ACD under the preset's Voximplant rules: incoming talk runs from the scenario start,
    // so (130 + 90) / 2
    assert_eq!(num(&total[11]), 110.0);
    assert_eq!(num(&total[8]), 20.0); // ASA: (10 + 30) / 2
    // by hour: 09 has 2 contacts, 10 has 2; by queue: Sales abandon rate 1/3
    assert_eq!(num(&find_row(rows, "09")[1]), 2.0);
    assert_eq!(num(&find_row(rows, "10")[1]), 2.0);
    let sales = find_row(rows, "Sales");
    assert!((num(&sales[6]) - 1.0 / 3.0).abs() < 1e-9);
    // results of attempts, most frequent first, in Russian
    let accepted = find_row(rows, "Вызов принят");
    assert_eq!(num(&accepted[1]), 2.0);
    assert_eq!(num(&find_row(rows, "Номер занят")[1]), 1.0);
    // three native charts: columns, bars, a pie, titled in Russian
    let charts: Vec<String> = (1..=3)
        .map(|i| xlsx_part(&dir.join("s.xlsx"), &format!("xl/charts/chart{i}.xml")))
        .collect();
    assert!(charts[0].contains("<c:barDir val=\"col\"/>") && charts[0].contains("Звонки по часам"));
    assert!(charts[1].contains("<c:barDir val=\"bar\"/>") && charts[1].contains("по очередям"));
    assert!(charts[2].contains("<c:pieChart>") && charts[2].contains("Результаты попыток"));
    assert!(
        charts[0].contains("<c:f>Сводка!$A$"),
        "the chart reads the table"
    );
}

#[test]
fn the_summary_counts_only_what_the_viewer_sees() {
    let dir = scratch("summary-viewer");
    let mut p = ExportProfile::preset(Preset::CallHistory)
        .viewer(Viewer::supervisor("Олег", ["Поддержка"]));
    p.xlsx.summary_sheet = true;
    export_xlsx(dir.join("v.xlsx"), &calls(), &p, &ExportControl::new()).unwrap();
    let sheets = xlsx_sheets(&dir.join("v.xlsx"));
    assert_eq!(num(&find_row(&sheets[1].1, "Все звонки")[1]), 1.0);
    // callbacks have no summary
    let mut cb = ExportProfile::preset(Preset::Callbacks);
    cb.xlsx.summary_sheet = true;
    assert!(matches!(
        export_xlsx(dir.join("cb.xlsx"), &seed001_callbacks(), &cb, &ExportControl::new()),
        Err(Error::ExportOption { option, .. }) if option == "xlsx.summary_sheet"
    ));
}

#[test]
fn a_metrics_workbook_of_its_own_in_each_language() {
    let dir = scratch("summary-own");
    for (locale, sheet, total) in [
        (Locale::En, "Summary", "All contacts"),
        (Locale::Ja, "サマリー", "すべての通話"),
        (Locale::Pl, "Podsumowanie", "Wszystkie kontakty"),
    ] {
        let path = dir.join(format!("{locale}.xlsx"));
        let s = export_summary_xlsx(&path, calls(), &SummaryOptions::new(locale)).unwrap();
        assert_eq!(s.records, 4);
        let sheets = xlsx_sheets(&path);
        assert_eq!(sheets.len(), 1);
        assert_eq!(sheets[0].0, sheet);
        assert_eq!(num(&find_row(&sheets[0].1, total)[1]), 4.0);
    }
    // an empty set still makes a valid workbook, without charts of nothing
    let s = export_summary_xlsx(
        dir.join("empty.xlsx"),
        Vec::<CallRecord>::new(),
        &SummaryOptions::new(Locale::En),
    )
    .unwrap();
    assert_eq!(s.records, 0);
    assert_eq!(xlsx_sheets(&dir.join("empty.xlsx"))[0].0, "Summary");
    let mut bad = SummaryOptions::new(Locale::En);
    bad.metrics.time_zone = "Mars/Base".into();
    assert!(export_summary_xlsx(dir.join("bad.xlsx"), calls(), &bad).is_err());
    assert!(!dir.join("bad.xlsx").exists());
}

/// LibreOffice renders the workbook with its charts to PDF without error (skipped, with a
/// line saying so, where `soffice` is not installed; `make test` installs it).
#[test]
fn libreoffice_converts_the_summary_to_pdf() {
    let Some(soffice) = ["soffice", "libreoffice"].into_iter().find(|b| {
        std::process::Command::new(b)
            .arg("--version")
            .output()
            .is_ok()
    }) else {
        eprintln!("SKIP libreoffice_converts_the_summary_to_pdf: soffice is not installed");
        return;
    };
    let dir = scratch("summary-lo");
    let path = dir.join("metrics.xlsx");
    export_summary_xlsx(&path, calls(), &SummaryOptions::new(Locale::Ja)).unwrap();
    let profile = dir.join("lo-profile");
    let out = std::process::Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&dir)
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = std::fs::read(dir.join("metrics.pdf")).unwrap();
    assert!(
        pdf.starts_with(b"%PDF") && pdf.len() > 5_000,
        "{} bytes",
        pdf.len()
    );
}
