//! A summary sheet with native Excel charts: the metrics a supervisor reads (seed 002's
//! results of attempts, seed 004's statuses, Amazon Connect / Genesys definitions in
//! [`crate::metrics`]) per hour, day, queue and agent, with the figures CDR tools show beside
//! them — **ASR** (answer-seizure ratio: answered ÷ attempts) and **ACD** (average call
//! duration: talk time ÷ answered) — as tables and as charts: contacts per hour (columns),
//! abandon rate per queue (bars) and the results of attempts (a pie), in the export's language.
//!
//! Opt in on an XLSX export with [`XlsxOptions::summary_sheet`](super::XlsxOptions::summary_sheet)
//! (the sheet follows the data sheets, over the rows the viewer may see), or write a workbook of
//! its own with [`export_summary_xlsx`].
//!
//! ```
//! use calllog::export::summary::{SummaryOptions, export_summary_xlsx};
//! use calllog::{Locale, sample};
//!
//! let dir = std::env::temp_dir().join(format!("calllog-doc-summary-{}", std::process::id()));
//! std::fs::create_dir_all(&dir)?;
//! let opts = SummaryOptions::new(Locale::Ru);
//! let s = export_summary_xlsx(dir.join("metrics.xlsx"), sample::generate(500, 1), &opts)?;
//! assert_eq!(s.records, 500);
//! # std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use chrono::TimeDelta;
use rust_xlsxwriter::{Chart, ChartType, Format, Workbook, Worksheet};

use super::ExportSummary;
use super::atomic::AtomicFile;
use crate::error::{Error, Result};
use crate::metrics::{GroupBy, Metrics, MetricsBuilder, MetricsOptions};
use crate::model::CallRecord;
use crate::vocab::Locale;

/// What the summary computes and in which language.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryOptions {
    /// Labels, sheet name and chart titles.
    pub locale: Locale,
    /// Short-abandon and service-level thresholds, the time zone of hours and days, the
    /// rules of wait and talk.
    pub metrics: MetricsOptions,
}

impl SummaryOptions {
    /// A summary in `locale` with the default metrics options (service level 20 s, no short
    /// abandons, UTC, canonical rules).
    pub fn new(locale: Locale) -> Self {
        SummaryOptions {
            locale,
            metrics: MetricsOptions::default(),
        }
    }

    /// The summary of an export with `profile`: its locale, its time zone for hours and days,
    /// its rules; the default thresholds.
    pub fn for_profile(profile: &super::ExportProfile) -> Self {
        SummaryOptions {
            locale: profile.locale,
            metrics: MetricsOptions {
                time_zone: profile.time_zone.name().to_string(),
                rules: profile.rules,
                ..MetricsOptions::default()
            },
        }
    }
}

/// The groups of the summary, in the order of the sheet.
const GROUPS: [GroupBy; 4] = [GroupBy::Hour, GroupBy::Day, GroupBy::Queue, GroupBy::Agent];

/// Accumulates the summary from records pushed one at a time (memory per group, not per row).
#[derive(Debug, Clone)]
pub struct SummaryBuilder {
    options: SummaryOptions,
    total: MetricsBuilder,
    groups: Vec<MetricsBuilder>,
    results: BTreeMap<&'static str, u64>,
    records: u64,
}

impl SummaryBuilder {
    /// A builder; errors on an unknown time zone.
    pub fn new(options: &SummaryOptions) -> Result<Self> {
        let mut m = options.metrics.clone();
        m.group_by = None;
        let total = m.builder()?;
        let groups = GROUPS
            .iter()
            .map(|g| {
                let mut m = m.clone();
                m.group_by = Some(*g);
                m.builder()
            })
            .collect::<Result<_>>()?;
        Ok(SummaryBuilder {
            options: options.clone(),
            total,
            groups,
            results: BTreeMap::new(),
            records: 0,
        })
    }

    /// Adds one record.
    pub fn push(&mut self, r: &CallRecord) {
        self.records += 1;
        self.total.push(r);
        for g in &mut self.groups {
            g.push(r);
        }
        let l = self.options.locale;
        let result = match r.attempt_result {
            Some(a) => a.label(l),
            None => r.outcome().label(l),
        };
        *self.results.entry(result).or_default() += 1;
    }

    /// Records pushed.
    pub fn records(&self) -> u64 {
        self.records
    }

    /// Adds the summary sheet (tables and charts) to `workbook`.
    pub fn write(self, workbook: &mut Workbook) -> Result<()> {
        let t = Texts::of(self.options.locale);
        let ws = workbook.add_worksheet();
        ws.set_name(t.sheet).map_err(xlsx_err)?;
        let name = t.sheet;
        let bold = Format::new().set_bold();
        let pct = Format::new().set_num_format("0.0%");
        let secs = Format::new().set_num_format("0.0");
        ws.write_string_with_format(0, 0, t.title, &bold.clone().set_font_size(14))
            .map_err(xlsx_err)?;
        let o = &self.options.metrics;
        ws.write_string(
            1,
            0,
            if o.short_abandon > TimeDelta::zero() {
                format!(
                    "{}: {} · {} ≤ {} s · {} < {} s",
                    t.time_zone,
                    o.time_zone,
                    t.service_level,
                    o.service_level.num_seconds(),
                    t.short_abandon,
                    o.short_abandon.num_seconds()
                )
            } else {
                format!(
                    "{}: {} · {} ≤ {} s",
                    t.time_zone,
                    o.time_zone,
                    t.service_level,
                    o.service_level.num_seconds()
                )
            },
        )
        .map_err(xlsx_err)?;
        for (i, w) in [
            14.0, 10.0, 10.0, 10.0, 12.0, 11.0, 11.0, 12.0, 10.0, 10.0, 10.0, 10.0,
        ]
        .iter()
        .enumerate()
        {
            ws.set_column_width(i as u16, *w).map_err(xlsx_err)?;
        }
        let mut row = 3u32;
        let total = self.total.finish();
        row = table(
            ws,
            row,
            t.total,
            &t,
            &[(t.all.to_string(), total.total)],
            (&bold, &pct, &secs),
        )?;
        let mut charts: Vec<(u32, Chart)> = Vec::new();
        for (g, b) in GROUPS.iter().zip(self.groups) {
            let report = b.finish();
            let rows: Vec<(String, Metrics)> = report
                .groups
                .into_iter()
                .map(|x| {
                    let key = if x.key.is_empty() {
                        t.none.into()
                    } else {
                        x.key
                    };
                    (key, x.metrics)
                })
                .collect();
            let title = match g {
                GroupBy::Hour => t.by_hour,
                GroupBy::Day => t.by_day,
                GroupBy::Queue => t.by_queue,
                _ => t.by_agent,
            };
            let start = row;
            row = table(ws, row, title, &t, &rows, (&bold, &pct, &secs))?;
            if rows.is_empty() {
                continue;
            }
            let (first, last) = (start + 2, start + 1 + rows.len() as u32);
            let chart = match g {
                GroupBy::Hour => Some((t.contacts_per_hour, ChartType::Column, 1u16)),
                GroupBy::Queue => Some((t.abandon_rate_per_queue, ChartType::Bar, 7u16)),
                _ => None,
            };
            if let Some((title, kind, col)) = chart {
                let mut c = Chart::new(kind);
                c.title().set_name(title);
                c.legend().set_hidden();
                // the value axis from zero (a bar chart's value axis is its x axis)
                if kind == ChartType::Bar {
                    c.x_axis().set_min(0).set_num_format("0%");
                } else {
                    c.y_axis().set_min(0);
                }
                c.add_series()
                    .set_name(title)
                    .set_categories((name, first, 0, last, 0))
                    .set_values((name, first, col, last, col));
                charts.push((start, c));
            }
        }
        // results of attempts: a table and a pie
        let start = row;
        ws.write_string_with_format(row, 0, t.results, &bold)
            .map_err(xlsx_err)?;
        ws.write_string_with_format(row + 1, 0, t.result, &bold)
            .map_err(xlsx_err)?;
        ws.write_string_with_format(row + 1, 1, t.contacts, &bold)
            .map_err(xlsx_err)?;
        let mut results: Vec<(&str, u64)> = self.results.into_iter().collect();
        results.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        for (i, (label, n)) in results.iter().enumerate() {
            let r = row + 2 + i as u32;
            ws.write_string(r, 0, *label).map_err(xlsx_err)?;
            ws.write_number(r, 1, *n as f64).map_err(xlsx_err)?;
        }
        if !results.is_empty() {
            let (first, last) = (start + 2, start + 1 + results.len() as u32);
            let mut c = Chart::new(ChartType::Pie);
            c.title().set_name(t.results);
            c.add_series()
                .set_name(t.results)
                .set_categories((name, first, 0, last, 0))
                .set_values((name, first, 1, last, 1));
            charts.push((start, c));
        }
        // beside their tables, one under the other (a chart is 15 rows high)
        let mut next = 0u32;
        for (r, c) in &charts {
            let at = (*r).max(next);
            ws.insert_chart(at, 13, c).map_err(xlsx_err)?;
            next = at + 16;
        }
        Ok(())
    }
}

/// Writes one titled table of metrics rows at `row`; returns the row after it and a gap.
fn table(
    ws: &mut Worksheet,
    row: u32,
    title: &str,
    t: &Texts,
    rows: &[(String, Metrics)],
    (bold, pct, secs): (&Format, &Format, &Format),
) -> Result<u32> {
    ws.write_string_with_format(row, 0, title, bold)
        .map_err(xlsx_err)?;
    for (c, h) in t.columns.iter().enumerate() {
        ws.write_string_with_format(row + 1, c as u16, *h, bold)
            .map_err(xlsx_err)?;
    }
    let s = |d: Option<TimeDelta>| d.map(|d| d.num_milliseconds() as f64 / 1000.0);
    for (i, (key, m)) in rows.iter().enumerate() {
        let r = row + 2 + i as u32;
        ws.write_string(r, 0, key).map_err(xlsx_err)?;
        let counts = [m.offered, m.answered, m.abandoned, m.short_abandoned];
        for (c, n) in counts.iter().enumerate() {
            ws.write_number(r, 1 + c as u16, *n as f64)
                .map_err(xlsx_err)?;
        }
        let asr = (m.offered > 0).then(|| m.answered as f64 / m.offered as f64);
        let acd = (m.answered > 0)
            .then(|| m.total_talk_time.num_milliseconds() as f64 / 1000.0 / m.answered as f64);
        let cells: [(u16, Option<f64>, &Format); 7] = [
            (5, m.answer_rate, pct),
            (6, m.abandon_rate, pct),
            (7, m.service_level, pct),
            (8, s(m.average_speed_of_answer), secs),
            (9, s(m.average_handle_time), secs),
            (10, asr, pct),
            (11, acd, secs),
        ];
        for (c, v, f) in cells {
            if let Some(v) = v {
                ws.write_number_with_format(r, c, v, f).map_err(xlsx_err)?;
            }
        }
    }
    Ok(row + 3 + rows.len() as u32)
}

fn xlsx_err(e: rust_xlsxwriter::XlsxError) -> Error {
    Error::Xlsx(e.to_string())
}

/// Writes a workbook holding only the summary of `records` to `path` (atomically: a
/// temporary file renamed on success).
pub fn export_summary_xlsx<I>(
    path: impl AsRef<Path>,
    records: I,
    options: &SummaryOptions,
) -> Result<ExportSummary>
where
    I: IntoIterator,
    I::Item: std::borrow::Borrow<CallRecord>,
{
    use std::borrow::Borrow;
    let started = Instant::now();
    let mut b = SummaryBuilder::new(options)?;
    for r in records {
        b.push(r.borrow());
    }
    let records = b.records();
    let (atomic, file) = AtomicFile::create(path.as_ref())?;
    drop(file);
    let target = atomic.target().to_path_buf();
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut wb = Workbook::new();
        b.write(&mut wb)?;
        wb.save(atomic.temp_path()).map_err(|e| match e {
            rust_xlsxwriter::XlsxError::IoError(io) => Error::io(&target, io),
            e => xlsx_err(e),
        })
    }))
    .unwrap_or_else(|p| {
        Err(Error::Internal(format!(
            "the XLSX writer failed: {}",
            crate::error::panic_text(&*p)
        )))
    })?;
    let bytes = std::fs::metadata(atomic.temp_path())
        .map(|m| m.len())
        .map_err(|e| Error::io(&target, e))?;
    atomic.commit()?;
    Ok(ExportSummary {
        path: target,
        records,
        rows: records,
        skipped_records: 0,
        sheets: 1,
        truncated_cells: 0,
        replaced_characters: 0,
        bytes,
        elapsed: started.elapsed(),
        dropped_columns: Vec::new(),
    })
}

/// The summary's words in each language.
struct Texts {
    sheet: &'static str,
    title: &'static str,
    time_zone: &'static str,
    service_level: &'static str,
    short_abandon: &'static str,
    total: &'static str,
    all: &'static str,
    none: &'static str,
    by_hour: &'static str,
    by_day: &'static str,
    by_queue: &'static str,
    by_agent: &'static str,
    results: &'static str,
    result: &'static str,
    contacts: &'static str,
    contacts_per_hour: &'static str,
    abandon_rate_per_queue: &'static str,
    columns: [&'static str; 12],
}

impl Texts {
    fn of(l: Locale) -> Texts {
        match l {
            Locale::En => Texts {
                sheet: "Summary",
                title: "Summary",
                time_zone: "Time zone",
                service_level: "Service level",
                short_abandon: "Short abandon",
                total: "Total",
                all: "All contacts",
                none: "(none)",
                by_hour: "By hour",
                by_day: "By day",
                by_queue: "By queue",
                by_agent: "By agent",
                results: "Results of attempts",
                result: "Result",
                contacts: "Contacts",
                contacts_per_hour: "Contacts per hour",
                abandon_rate_per_queue: "Abandon rate per queue",
                columns: [
                    "",
                    "Contacts",
                    "Answered",
                    "Abandoned",
                    "Short abandons",
                    "Answer rate",
                    "Abandon rate",
                    "Service level",
                    "ASA (s)",
                    "AHT (s)",
                    "ASR",
                    "ACD (s)",
                ],
            },
            Locale::Ja => Texts {
                sheet: "サマリー",
                title: "サマリー",
                time_zone: "タイムゾーン",
                service_level: "サービスレベル",
                short_abandon: "短時間放棄",
                total: "合計",
                all: "すべての通話",
                none: "(なし)",
                by_hour: "時間帯別",
                by_day: "日別",
                by_queue: "キュー別",
                by_agent: "スタッフ別",
                results: "発信結果",
                result: "結果",
                contacts: "件数",
                contacts_per_hour: "時間帯別の件数",
                abandon_rate_per_queue: "キュー別の放棄率",
                columns: [
                    "",
                    "件数",
                    "応答",
                    "放棄",
                    "短時間放棄",
                    "応答率",
                    "放棄率",
                    "サービスレベル",
                    "平均応答時間(秒)",
                    "平均処理時間(秒)",
                    "ASR",
                    "ACD(秒)",
                ],
            },
            Locale::Ru => Texts {
                sheet: "Сводка",
                title: "Сводка",
                time_zone: "Часовой пояс",
                service_level: "Уровень сервиса",
                short_abandon: "Короткий сброс",
                total: "Итого",
                all: "Все звонки",
                none: "(нет)",
                by_hour: "По часам",
                by_day: "По дням",
                by_queue: "По очередям",
                by_agent: "По операторам",
                results: "Результаты попыток",
                result: "Результат",
                contacts: "Звонки",
                contacts_per_hour: "Звонки по часам",
                abandon_rate_per_queue: "Доля потерянных по очередям",
                columns: [
                    "",
                    "Звонки",
                    "Отвечено",
                    "Потеряно",
                    "Короткие сбросы",
                    "Доля отвеченных",
                    "Доля потерянных",
                    "Уровень сервиса",
                    "ASA (с)",
                    "AHT (с)",
                    "ASR",
                    "ACD (с)",
                ],
            },
            Locale::Pl => Texts {
                sheet: "Podsumowanie",
                title: "Podsumowanie",
                time_zone: "Strefa czasowa",
                service_level: "Poziom obsługi",
                short_abandon: "Krótkie porzucenie",
                total: "Razem",
                all: "Wszystkie kontakty",
                none: "(brak)",
                by_hour: "Według godzin",
                by_day: "Według dni",
                by_queue: "Według kolejek",
                by_agent: "Według agentów",
                results: "Wyniki prób",
                result: "Wynik",
                contacts: "Kontakty",
                contacts_per_hour: "Kontakty na godzinę",
                abandon_rate_per_queue: "Odsetek porzuceń według kolejek",
                columns: [
                    "",
                    "Kontakty",
                    "Odebrane",
                    "Porzucone",
                    "Krótkie porzucenia",
                    "Odsetek odebranych",
                    "Odsetek porzuceń",
                    "Poziom obsługi",
                    "ASA (s)",
                    "AHT (s)",
                    "ASR",
                    "ACD (s)",
                ],
            },
        }
    }
}
