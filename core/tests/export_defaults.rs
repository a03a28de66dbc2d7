//! What an export does without options in each language, who may export at all, and column
//! sets that cannot be honoured (issue 17): seed 000's export permission, the sheet names and
//! CSV encodings of ja/ru/pl exports, the time zone note on XLSX date-time headers, a price
//! without its currency, a detailed layout without detail columns.

mod common;

use calllog::export::{
    CsvEncoding, CsvSink, ExportControl, ExportProfile, Layout, Preset, RecordKind, XlsxSink,
    default_sheet_name, export_csv, export_xlsx,
};
use calllog::jobs::{CallbackExportJob, ExportFormat, ExportJob, JobRegistry};
use calllog::read::read_csv;
use calllog::{CallRecord, Channel, Error, ExportPolicy, Locale, Money, Role, Viewer, sample};
use common::*;

fn not_permitted(r: calllog::Result<impl std::fmt::Debug>) -> (String, Vec<String>) {
    match r {
        Err(Error::NotPermitted {
            role,
            action,
            allowed,
        }) => {
            assert_eq!(action, "export");
            (role, allowed.split(", ").map(str::to_string).collect())
        }
        other => panic!("expected NotPermitted, got {other:?}"),
    }
}

#[test]
fn seed_000_only_owners_and_managers_export() {
    let dir = scratch("policy-000");
    let calls = [seed000_answered(), seed000_cancelled()];
    let preset = ExportProfile::preset(Preset::VideoCallHistory { survey_pairs: 2 });
    assert_eq!(preset.policy, ExportPolicy::VIDEO_CALL_SAAS);
    let c = ExportControl::new();
    for role in [Role::Owner, Role::Manager] {
        let p = preset.clone().viewer(Viewer::new(role));
        assert_eq!(
            export_csv(dir.join("ok.csv"), &calls, &p, &c)
                .unwrap()
                .records,
            2
        );
        assert_eq!(
            export_xlsx(dir.join("ok.xlsx"), &calls, &p, &c)
                .unwrap()
                .records,
            2
        );
    }
    for viewer in [
        Viewer::new(Role::Admin),
        Viewer::supervisor("佐藤", ["営業"]),
        Viewer::operator("佐藤", true),
    ] {
        let p = preset.clone().viewer(viewer.clone());
        let (role, allowed) = not_permitted(export_csv(dir.join("no.csv"), &calls, &p, &c));
        assert_eq!(role, viewer.role.to_string());
        assert_eq!(allowed, ["owner", "manager"]);
        not_permitted(export_xlsx(dir.join("no.xlsx"), &calls, &p, &c));
        not_permitted(CsvSink::<CallRecord>::to_writer(Vec::new(), &p, &c).map(|_| ()));
        not_permitted(XlsxSink::<CallRecord>::create(dir.join("s.xlsx"), &p, &c).map(|_| ()));
        // a background job is refused when it is started, not later
        let jobs = JobRegistry::new();
        let job = ExportJob::new(dir.join("job.csv"), ExportFormat::Csv, p.clone());
        not_permitted(jobs.start_export("export", job, calls.to_vec()).map(|_| ()));
    }
    // nothing refused was written
    assert_eq!(files(&dir), ["ok.csv", "ok.xlsx"]);
}

#[test]
fn seed_002_supervisors_keep_exporting_their_groups_without_prices() {
    let dir = scratch("policy-002");
    let calls = [seed002_accepted(), seed002_busy_other_group()];
    let p = ExportProfile::preset(Preset::CallHistory)
        .policy(ExportPolicy::VOXIMPLANT)
        .viewer(Viewer::supervisor("Ольга", ["Продажи"]));
    let s = export_csv(dir.join("s.csv"), &calls, &p, &ExportControl::new()).unwrap();
    assert_eq!(s.records, 1);
    assert!(s.dropped_columns.contains(&"price".to_string()));
    // a policy of roles given by name
    let only: ExportPolicy = "owner, manager".parse().unwrap();
    assert_eq!(only, ExportPolicy::VIDEO_CALL_SAAS);
    assert!(matches!(
        "owner,boss".parse::<ExportPolicy>(),
        Err(Error::UnknownValue {
            vocabulary: "export policy",
            ..
        })
    ));
    let p = p.policy(only);
    not_permitted(export_csv(
        dir.join("n.csv"),
        &calls,
        &p,
        &ExportControl::new(),
    ));
}

#[test]
fn callback_jobs_check_the_policy() {
    let dir = scratch("policy-001");
    let mut p = ExportProfile::preset(Preset::Callbacks).viewer(Viewer::new(Role::Operator));
    p.policy = ExportPolicy::only([Role::Owner]);
    let job = CallbackExportJob {
        path: dir.join("cb.csv"),
        format: ExportFormat::Csv,
        profile: p,
        search: Default::default(),
    };
    not_permitted(
        JobRegistry::new()
            .start_callback_export("cb", job, seed001_callbacks())
            .map(|_| ()),
    );
}

#[test]
fn a_ja_csv_opens_in_japanese_excel_by_default() {
    let dir = scratch("ja-bom");
    let calls = [seed000_answered()];
    let c = ExportControl::new();
    let ja = ExportProfile::preset(Preset::VideoCallHistory { survey_pairs: 1 });
    assert_eq!(ja.csv.encoding, CsvEncoding::Auto);
    export_csv(dir.join("ja.csv"), &calls, &ja, &c).unwrap();
    let bytes = std::fs::read(dir.join("ja.csv")).unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "a ja CSV starts with a BOM"
    );
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    assert!(text.starts_with("通話ID") || text.contains("お客様待ち時間(秒)"));
    // it reads back as written
    assert_eq!(read_csv(dir.join("ja.csv"), &ja).unwrap().len(), 1);
    // ru and pl stay plain UTF-8, as do explicit encodings in ja
    for p in [
        ExportProfile::preset(Preset::CallHistory),
        ExportProfile::preset(Preset::ContactsSimple),
        {
            let mut p = ja.clone();
            p.csv.encoding = CsvEncoding::Utf8;
            p
        },
    ] {
        export_csv(dir.join("x.csv"), &calls, &p, &c).unwrap();
        assert!(
            !std::fs::read(dir.join("x.csv"))
                .unwrap()
                .starts_with(b"\xEF\xBB\xBF")
        );
    }
    assert_eq!("auto".parse::<CsvEncoding>().unwrap(), CsvEncoding::Auto);
}

#[test]
fn sheets_are_named_in_the_export_language() {
    let dir = scratch("sheet-names");
    let calls: Vec<_> = sample::generate(3, 7).collect();
    let c = ExportControl::new();
    for (preset, name) in [
        (Preset::VideoCallHistory { survey_pairs: 0 }, "通話履歴"),
        (Preset::CallHistory, "История звонков"),
        (Preset::ContactsSimple, "Kontakty"),
        (Preset::Overview, "Calls"),
    ] {
        let p = ExportProfile::preset(preset);
        export_xlsx(dir.join("s.xlsx"), &calls, &p, &c).unwrap();
        assert_eq!(xlsx_sheets(&dir.join("s.xlsx"))[0].0, name, "{preset:?}");
    }
    let cb = ExportProfile::preset(Preset::Callbacks);
    export_xlsx(dir.join("cb.xlsx"), &seed001_callbacks(), &cb, &c).unwrap();
    assert_eq!(xlsx_sheets(&dir.join("cb.xlsx"))[0].0, "折り返し呼履歴");
    assert_eq!(
        default_sheet_name(RecordKind::Callback, Locale::En),
        "Callbacks"
    );
    // a chosen name is kept; a name Excel refuses is an option error before any file
    let mut p = ExportProfile::preset(Preset::CallHistory);
    p.xlsx.sheet_name = Some("Звонки мая".into());
    export_xlsx(dir.join("m.xlsx"), &calls, &p, &c).unwrap();
    assert_eq!(xlsx_sheets(&dir.join("m.xlsx"))[0].0, "Звонки мая");
    p.xlsx.sheet_name = Some("May/June".into());
    assert!(matches!(
        export_xlsx(dir.join("bad.xlsx"), &calls, &p, &c),
        Err(Error::ExportOption { option, .. }) if option == "xlsx.sheet_name"
    ));
    assert!(!dir.join("bad.xlsx").exists());
}

#[test]
fn xlsx_date_time_headers_say_the_time_zone() {
    let dir = scratch("tz-note");
    let calls: Vec<_> = sample::generate(2, 7).collect();
    let p = ExportProfile::preset(Preset::VideoCallHistory { survey_pairs: 0 })
        .time_zone("Asia/Tokyo".parse().unwrap());
    export_xlsx(dir.join("t.xlsx"), &calls, &p, &ExportControl::new()).unwrap();
    let comments = xlsx_part(&dir.join("t.xlsx"), "xl/comments1.xml");
    assert!(comments.contains("タイムゾーン: Asia/Tokyo"), "{comments}");
    // the header row itself keeps the seed's column names
    let sheets = xlsx_sheets(&dir.join("t.xlsx"));
    assert!(
        sheets[0].1[0]
            .iter()
            .all(|c| !text(c).contains("Asia/Tokyo"))
    );
}

#[test]
fn a_price_goes_with_its_currency_and_reads_back() {
    let dir = scratch("price");
    let call = CallRecord::new("c-1", Channel::Voice).price(Money::new(150, 2, "PLN"));
    let c = ExportControl::new();
    let alone = ExportProfile::column_ids(["id", "price"]).unwrap();
    assert!(matches!(
        export_csv(dir.join("p.csv"), [&call], &alone, &c),
        Err(Error::ExportOption { option, reason }) if option == "columns" && reason.contains("price_currency")
    ));
    let both = ExportProfile::column_ids(["id", "price", "price_currency"]).unwrap();
    export_csv(dir.join("p.csv"), [&call], &both, &c).unwrap();
    assert_eq!(
        read_csv(dir.join("p.csv"), &both).unwrap()[0].price,
        call.price
    );
    // the overview preset carries the currency too, so its files read back
    let overview = ExportProfile::preset(Preset::Overview);
    export_csv(dir.join("o.csv"), [&call], &overview, &c).unwrap();
    assert_eq!(
        read_csv(dir.join("o.csv"), &overview).unwrap()[0].price,
        call.price
    );
}

#[test]
fn a_detailed_layout_needs_detail_columns() {
    let p = ExportProfile::preset(Preset::ContactsSimple).layout(Layout::Detailed {
        repeat_contact_fields: true,
    });
    let dir = scratch("detailed");
    assert!(matches!(
        export_csv(dir.join("d.csv"), [&seed004_ivr()], &p, &ExportControl::new()),
        Err(Error::ExportOption { option, .. }) if option == "layout"
    ));
    // the seed's detailed preset has them
    let d = ExportProfile::preset(Preset::ContactsDetailed);
    assert!(
        export_csv(
            dir.join("d.csv"),
            [&seed004_ivr()],
            &d,
            &ExportControl::new()
        )
        .is_ok()
    );
}
