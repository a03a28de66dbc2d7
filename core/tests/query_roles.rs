//! Seed 002's roles: for each role, the rows and fields of query results are exactly what the
//! role may see.

use calllog::query::{Field, Filter, Query, SortKey};
use calllog::{CallRecord, Error, Role, Viewer, sample};

const N: usize = 2_000;

fn log() -> Vec<CallRecord> {
    sample::generate(N, 11).collect()
}

fn in_groups(r: &CallRecord, groups: &[&str]) -> bool {
    r.agents
        .iter()
        .any(|a| a.groups.iter().any(|g| groups.contains(&g.as_str())))
}

fn own(r: &CallRecord, who: &str) -> bool {
    r.agents
        .iter()
        .any(|a| a.name == who || a.id.as_deref() == Some(who))
}

/// Which rows a role may see.
type RowRule = Box<dyn Fn(&CallRecord) -> bool>;

/// Every role of seed 002 with the rows it may see, and whether it sees the restricted fields.
fn roles() -> Vec<(&'static str, Viewer, RowRule, bool)> {
    let mut sup_own = Viewer::supervisor("Иван Петров", ["Поддержка"]);
    sup_own.history_access = true;
    vec![
        ("owner", Viewer::new(Role::Owner), Box::new(|_| true), true),
        ("admin", Viewer::new(Role::Admin), Box::new(|_| true), true),
        (
            "manager",
            Viewer::new(Role::Manager),
            Box::new(|_| true),
            true,
        ),
        (
            "supervisor",
            Viewer::supervisor("Ольга Смирнова", ["Продажи", "Tokyo"]),
            Box::new(|r| in_groups(r, &["Продажи", "Tokyo"])),
            false,
        ),
        (
            "supervisor with history access",
            sup_own,
            Box::new(|r| in_groups(r, &["Поддержка"]) || own(r, "Иван Петров")),
            false,
        ),
        (
            "operator, switch on",
            Viewer::operator("Anna Kowalska", true),
            Box::new(|r| own(r, "Anna Kowalska")),
            false,
        ),
        (
            "operator by id, switch on",
            Viewer::operator("a06", true),
            Box::new(|r| own(r, "a06")),
            false,
        ),
        (
            "operator, switch off",
            Viewer::operator("Anna Kowalska", false),
            Box::new(|_| false),
            false,
        ),
    ]
}

fn expected(pred: &dyn Fn(&CallRecord) -> bool, sees_restricted: bool) -> Vec<CallRecord> {
    log()
        .into_iter()
        .filter(|r| pred(r))
        .map(|mut r| {
            if !sees_restricted {
                r.price = None;
                r.scenario_url = None;
                r.extra.clear();
            }
            r
        })
        .collect()
}

#[test]
fn query_rows_and_fields_per_role() {
    let all = log();
    assert!(all.iter().any(|r| r.price.is_some()));
    assert!(all.iter().any(|r| r.scenario_url.is_some()));
    assert!(all.iter().any(|r| !r.extra.is_empty()));
    for (name, viewer, pred, sees_restricted) in roles() {
        let want = expected(&*pred, sees_restricted);
        let q = Query {
            viewer: viewer.clone(),
            ..Query::default()
        };
        let streamed: Vec<CallRecord> = q.stream(log()).unwrap().collect();
        assert_eq!(streamed, want, "{name}: stream");
        let page = q.run(log()).unwrap();
        assert_eq!(page.total as usize, want.len(), "{name}: total");
        assert_eq!(page.rows, want, "{name}: run");
        if name.starts_with("owner") {
            assert_eq!(want.len(), N);
        } else if name.contains("switch off") {
            assert!(want.is_empty());
        } else if !sees_restricted {
            assert!(
                !want.is_empty() && want.len() < N,
                "{name}: {} rows",
                want.len()
            );
            assert!(want.iter().all(|r| r.price.is_none()), "{name}");
        }
        // sorted and paged results hold the same rows
        let sorted = Query {
            viewer,
            sort: vec![SortKey::desc(Field::Talk)],
            limit: Some(50),
            ..Query::default()
        }
        .run(log())
        .unwrap();
        assert_eq!(sorted.total as usize, want.len());
        assert!(
            sorted.rows.iter().all(|r| want.contains(r)),
            "{name}: sorted page"
        );
    }
}

#[test]
fn restricted_fields_cannot_be_reached_through_the_query() {
    let sup = Viewer::supervisor("Ольга Смирнова", ["Продажи"]);
    let e = Query {
        viewer: sup.clone(),
        sort: vec![SortKey::asc(Field::Price)],
        ..Query::default()
    }
    .run(log())
    .unwrap_err();
    assert!(
        matches!(e, Error::Filter { ref field, .. } if field == "sort"),
        "{e}"
    );
    // the refine does not search the price for a supervisor: "RUB" is only in the price
    let refine = |viewer: Viewer| {
        Query {
            viewer,
            filter: Filter {
                refine: Some("RUB".into()),
                ..Filter::default()
            },
            ..Query::default()
        }
        .run(log())
        .unwrap()
        .total
    };
    assert!(refine(Viewer::new(Role::Manager)) > 0);
    assert_eq!(refine(sup), 0);
}

// ---- the same roles through the CSV and XLSX exporters

use calllog::export::{ExportProfile, Preset};
use calllog::jobs::{ExportFormat, ExportJob};

const EXPORT_N: usize = 600;

fn scratch(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("calllog-roles-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

const RESTRICTED_COLUMNS: [&str; 4] = ["price", "price_currency", "scenario_url", "extra_data"];

#[test]
fn csv_and_xlsx_exports_rows_and_columns_per_role() {
    use calamine::{Reader, Xlsx, open_workbook};
    let dir = scratch("exports");
    let data: Vec<CallRecord> = sample::generate(EXPORT_N, 11).collect();
    let full = ExportProfile::preset(Preset::Full);
    let all_headers = full.header();
    let label = |id: &str| {
        calllog::export::Column::from_id_or_label(calllog::export::RecordKind::Call, id)
            .unwrap()
            .label(calllog::Locale::En)
            .into_owned()
    };
    for id in RESTRICTED_COLUMNS {
        assert!(all_headers.contains(&label(id)), "{id} in the full preset");
    }
    for (i, (name, viewer, pred, sees_restricted)) in roles().into_iter().enumerate() {
        let want: Vec<CallRecord> = data
            .iter()
            .filter(|r| pred(r))
            .cloned()
            .map(|mut r| {
                if !sees_restricted {
                    r.price = None;
                    r.scenario_url = None;
                    r.extra.clear();
                }
                r
            })
            .collect();
        let query = Query {
            viewer: viewer.clone(),
            ..Query::default()
        };

        // CSV: read back with the lossless reader, compare whole records
        let csv_path = dir.join(format!("role-{i}.csv"));
        let s = ExportJob::new(&csv_path, ExportFormat::Csv, full.clone())
            .query(query.clone())
            .run_capped(data.clone(), None)
            .unwrap();
        assert_eq!(s.records as usize, want.len(), "{name}: csv records");
        let mut rd = csv::Reader::from_path(&csv_path).unwrap();
        let header: Vec<String> = rd.headers().unwrap().iter().map(str::to_string).collect();
        for c in RESTRICTED_COLUMNS {
            assert_eq!(
                header.contains(&label(c)),
                sees_restricted,
                "{name}: csv column {c}"
            );
        }
        if sees_restricted {
            assert_eq!(header, all_headers, "{name}: every column");
        } else {
            assert_eq!(
                header.len(),
                all_headers.len() - RESTRICTED_COLUMNS.len(),
                "{name}"
            );
        }
        if !sees_restricted {
            let mut dropped = s.dropped_columns.clone();
            dropped.sort();
            let mut expected: Vec<String> =
                RESTRICTED_COLUMNS.iter().map(|c| c.to_string()).collect();
            expected.sort();
            assert_eq!(dropped, expected, "{name}");
        }
        let back = calllog::read::read_csv(&csv_path, &full).unwrap();
        assert_eq!(back, want, "{name}: csv rows");

        // XLSX: header row and the id column
        let xlsx_path = dir.join(format!("role-{i}.xlsx"));
        let s = ExportJob::new(&xlsx_path, ExportFormat::Xlsx, full.clone())
            .query(query)
            .run_capped(data.clone(), None)
            .unwrap();
        assert_eq!(s.records as usize, want.len(), "{name}: xlsx records");
        let mut wb: Xlsx<_> = open_workbook(&xlsx_path).unwrap();
        let sheet = wb.worksheet_range_at(0).unwrap().unwrap();
        let mut rows = sheet.rows();
        let head: Vec<String> = rows.next().unwrap().iter().map(|c| c.to_string()).collect();
        assert_eq!(head, header, "{name}: xlsx header = csv header");
        let ids: Vec<String> = rows.map(|r| r[0].to_string()).collect();
        let want_ids: Vec<String> = want.iter().map(|r| r.id.clone()).collect();
        assert_eq!(ids, want_ids, "{name}: xlsx rows");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
