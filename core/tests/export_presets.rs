//! Every preset's header row in each locale (CSV read by the csv crate, XLSX by calamine), and
//! the seeds' small rules in the written files.

mod common;

use calllog::export::{
    DurationFormat, ExportControl, ExportProfile, Layout, Preset, export_csv, export_xlsx,
};
use calllog::{CallRecord, Locale};
use common::*;

const SEED000_A_TO_W: [&str; 23] = [
    "接続番号",
    "お客様名",
    "スタッフ名",
    "コール開始時間",
    "着信時間",
    "応答時間またはキャンセル時間",
    "お客様待ち時間(秒)",
    "通話開始時間",
    "通話終了時間",
    "接続終了時間",
    "終了理由",
    "録画時間",
    "コブラウズ利用",
    "着信履歴",
    "ブランド名",
    "サービス名",
    "メニュー名",
    "通話モード",
    "スタッフメモ",
    "端末・ブラウザ情報(お客様)",
    "端末・ブラウザ情報(スタッフ)",
    "追加情報",
    "チャットログ",
];

const SEED002: [&str; 22] = [
    "Время",
    "Тип",
    "Звонок с",
    "Звонок к",
    "Оператор",
    "Очередь",
    "Длительность дозвона",
    "Длительность разговора",
    "Запись",
    "Цена",
    "Валюта",
    "Сценарий",
    "Ссылка на сценарий",
    "Кампания",
    "Результат попытки",
    "Успешность",
    "Код завершения",
    "Запланированный перезвон",
    "Попытки",
    "Теги",
    "Тематики",
    "Заметки",
];

const SEED004: [&str; 19] = [
    "ID połączenia",
    "Kampania",
    "Agent",
    "Numer/adres źródłowy",
    "Numer/adres docelowy",
    "Adres DW",
    "Adres UDW",
    "Kiedy",
    "Czas rozmowy",
    "Czas wydzwaniania",
    "Rozmowa z agentem",
    "Typ",
    "Status",
    "ID rekordu",
    "Pole znaczące",
    "Klasyfikator",
    "Kolejka",
    "Szczegóły",
    "Strona rozłączenia",
];

const SEED001: [&str; 12] = [
    "ID",
    "登録日時",
    "着信日時",
    "担当者",
    "対応状況",
    "コールセンター名",
    "業務ラベル名",
    "相手の番号",
    "こちらの番号",
    "リクエストID",
    "録音",
    "メモ",
];

fn all_presets() -> Vec<Preset> {
    vec![
        Preset::VideoCallHistory { survey_pairs: 50 },
        Preset::CallHistory,
        Preset::ContactsSimple,
        Preset::ContactsDetailed,
        Preset::Callbacks,
        Preset::Overview,
        Preset::Full,
    ]
}

fn seed_calls() -> Vec<CallRecord> {
    vec![
        seed000_answered(),
        seed000_cancelled(),
        seed002_accepted(),
        seed002_busy_other_group(),
        seed004_ivr(),
        seed004_sms(),
    ]
}

/// Writes `preset` in `locale` to CSV and XLSX and returns both header rows.
fn headers(preset: Preset, locale: Locale) -> (Vec<String>, Vec<String>, ExportProfile) {
    let dir = scratch("headers");
    let profile = ExportProfile::preset(preset).locale(locale);
    let c = ExportControl::new();
    let (csv, xlsx) = (dir.join("h.csv"), dir.join("h.xlsx"));
    if preset == Preset::Callbacks {
        let cbs = seed001_callbacks();
        export_csv(&csv, &cbs, &profile, &c).unwrap();
        export_xlsx(&xlsx, &cbs, &profile, &c).unwrap();
    } else {
        let calls = seed_calls();
        export_csv(&csv, &calls, &profile, &c).unwrap();
        export_xlsx(&xlsx, &calls, &profile, &c).unwrap();
    }
    let csv_header = csv_rows(&csv).remove(0);
    let sheets = xlsx_sheets(&xlsx);
    let xlsx_header = sheets[0].1[0].iter().map(text).collect();
    std::fs::remove_dir_all(&dir).unwrap();
    (csv_header, xlsx_header, profile)
}

#[test]
fn every_preset_header_in_every_locale() {
    for preset in all_presets() {
        for locale in Locale::ALL {
            let (csv, xlsx, profile) = headers(preset, *locale);
            assert_eq!(csv, profile.header(), "{preset} {locale} csv");
            assert_eq!(xlsx, profile.header(), "{preset} {locale} xlsx");
            assert_eq!(csv.len(), preset.columns().len());
            let unique: std::collections::HashSet<_> = csv.iter().collect();
            assert_eq!(
                unique.len(),
                csv.len(),
                "{preset} {locale}: repeated header"
            );
            assert!(csv.iter().all(|h| !h.trim().is_empty()));
        }
    }
}

#[test]
fn seed_headers_use_the_seeds_words() {
    let (h, _, _) = headers(Preset::VideoCallHistory { survey_pairs: 50 }, Locale::Ja);
    assert_eq!(&h[..23], SEED000_A_TO_W);
    assert_eq!(h[23], "通話前アンケート:質問1"); // X
    assert_eq!(h[24], "通話前アンケート:回答1"); // Y
    assert_eq!(h[121], "通話前アンケート:質問50"); // DR
    assert_eq!(h[122], "通話前アンケート:回答50"); // DS
    assert_eq!(h[123], "通話後アンケート:質問1");
    assert_eq!(h[221], "通話後アンケート:質問50"); // HN
    assert_eq!(h[222], "通話後アンケート:回答50"); // HO
    assert_eq!(h.len(), 223);
    assert_eq!(headers(Preset::CallHistory, Locale::Ru).0, SEED002);
    assert_eq!(headers(Preset::ContactsSimple, Locale::Pl).0, SEED004);
    let detailed = headers(Preset::ContactsDetailed, Locale::Pl).0;
    assert_eq!(&detailed[..19], SEED004);
    assert_eq!(detailed[19], "Krok IVR");
    assert_eq!(headers(Preset::Callbacks, Locale::Ja).0, SEED001);
    let en = headers(Preset::CallHistory, Locale::En).0;
    assert_eq!(&en[..4], ["Started at", "Direction", "From", "To"]);
}

#[test]
fn survey_pairs_from_the_data() {
    let calls = seed_calls();
    let n = calllog::export::survey_pairs_needed(&calls);
    assert_eq!(n, 2);
    let profile =
        ExportProfile::preset(Preset::VideoCallHistory { survey_pairs: 0 }).with_survey_pairs(n);
    let dir = scratch("survey");
    export_csv(dir.join("s.csv"), &calls, &profile, &ExportControl::new()).unwrap();
    let rows = csv_rows(&dir.join("s.csv"));
    assert_eq!(rows[0].len(), 23 + 8);
    // seed000_answered: pre Q1/A1, post Q1/A1, post Q2 with no answer
    assert_eq!(
        &rows[1][23..],
        ["ご用件は?", "見積もり", "", "", "満足度", "5", "ご意見", ""]
    );
}

/// Seed 000 L: a recording still being processed is 0 in CSV and blank in XLSX; a finished
/// one shows its length in both. Seed 000 C: several agents in join order in one cell;
/// M: あり; N: the ring history in one cell.
#[test]
fn seed000_rules_in_csv_and_xlsx() {
    let dir = scratch("seed000");
    let calls = vec![seed000_answered(), seed000_cancelled()];
    let profile = ExportProfile::preset(Preset::VideoCallHistory { survey_pairs: 1 })
        .time_zone("Asia/Tokyo".parse().unwrap());
    let c = ExportControl::new();
    export_csv(dir.join("a.csv"), &calls, &profile, &c).unwrap();
    export_xlsx(dir.join("a.xlsx"), &calls, &profile, &c).unwrap();
    let rows = csv_rows(&dir.join("a.csv"));
    let col = |name: &str| rows[0].iter().position(|h| h == name).unwrap();
    let l = col("録画時間");
    assert_eq!(rows[1][l], "0", "processing: 0 in CSV");
    assert_eq!(rows[2][l], "42");
    assert_eq!(rows[1][col("スタッフ名")], "佐藤, 鈴木");
    assert_eq!(rows[1][col("コブラウズ利用")], "あり");
    assert_eq!(rows[2][col("コブラウズ利用")], "");
    assert_eq!(rows[1][col("コール開始時間")], "2024-05-01 10:00:00");
    assert_eq!(rows[1][col("お客様待ち時間(秒)")], "15");
    assert_eq!(
        rows[2][col("お客様待ち時間(秒)")],
        "",
        "case 1: never talked, no wait"
    );
    assert_eq!(
        rows[1][col("着信履歴")],
        "2024-05-01 10:00:03 田中 (応答なし)\n2024-05-01 10:00:10 佐藤 (応答)"
    );
    assert_eq!(rows[1][col("スタッフメモ")], "折り返し不要\n次回は午前中");

    let sheets = xlsx_sheets(&dir.join("a.xlsx"));
    let x = &sheets[0].1;
    assert_eq!(x[1][l], calamine::Data::Empty, "processing: blank in XLSX");
    assert_eq!(x[2][l], calamine::Data::Float(42.0));
    assert_eq!(text(&x[1][col("スタッフ名")]), "佐藤, 鈴木");
    match &x[1][col("コール開始時間")] {
        calamine::Data::DateTime(d) => {
            // Excel serial of 2024-05-01 10:00 local time (Tokyo), and a date format
            assert!(d.is_datetime());
            assert!(
                (d.as_f64() - (45413.0 + 10.0 / 24.0)).abs() < 1e-9,
                "{}",
                d.as_f64()
            )
        }
        other => panic!("not a date: {other:?}"),
    }
}

/// Seed 002: success/failure as a cell format, the callback next to the completion code, the
/// price exact; a clock duration is a real Excel duration.
#[test]
fn seed002_rules_in_csv_and_xlsx() {
    let dir = scratch("seed002");
    let calls = vec![seed002_accepted(), seed002_busy_other_group()];
    let profile = ExportProfile::preset(Preset::CallHistory).durations(DurationFormat::Clock);
    let c = ExportControl::new();
    export_csv(dir.join("a.csv"), &calls, &profile, &c).unwrap();
    export_xlsx(dir.join("a.xlsx"), &calls, &profile, &c).unwrap();
    let rows = csv_rows(&dir.join("a.csv"));
    let col = |name: &str| rows[0].iter().position(|h| h == name).unwrap();
    let code = col("Код завершения");
    assert_eq!(rows[0][code + 1], "Запланированный перезвон");
    assert_eq!(rows[1][code], "Перезвонить");
    assert_eq!(rows[1][code + 1], "2024-03-02 10:00:00");
    assert_eq!(rows[1][col("Результат попытки")], "Вызов принят");
    assert_eq!(rows[1][col("Успешность")], "Успешно");
    assert_eq!(rows[2][col("Результат попытки")], "Номер занят");
    assert_eq!(rows[2][col("Успешность")], "Неуспешно");
    assert_eq!(rows[1][col("Цена")], "1.50");
    assert_eq!(rows[1][col("Длительность разговора")], "0:03:00");
    assert_eq!(rows[1][col("Длительность дозвона")], "0:00:12");
    assert_eq!(rows[1][col("Теги")], "VIP, повтор");
    assert_eq!(rows[1][col("Тип")], "Исходящий");

    let x = &xlsx_sheets(&dir.join("a.xlsx"))[0].1;
    assert_eq!(x[1][col("Цена")], calamine::Data::Float(1.5));
    match &x[1][col("Длительность разговора")] {
        calamine::Data::DateTime(d) => assert!((d.as_f64() - 180.0 / 86400.0).abs() < 1e-9),
        other => panic!("not a duration: {other:?}"),
    }
    // The success cell of row 2 and the failure cell of row 3 carry different styles, which
    // are the green and red fills.
    let sheet = xlsx_part(&dir.join("a.xlsx"), "xl/worksheets/sheet1.xml");
    let styles = xlsx_part(&dir.join("a.xlsx"), "xl/styles.xml");
    let letter = (b'A' + col("Успешность") as u8) as char;
    let style_of = |cell: String| {
        let at = sheet.find(&format!("r=\"{cell}\"")).unwrap();
        let rest = &sheet[at..];
        let s = rest.find(" s=\"").unwrap();
        rest[s + 4..].split('"').next().unwrap().to_string()
    };
    let (ok, bad) = (
        style_of(format!("{letter}2")),
        style_of(format!("{letter}3")),
    );
    assert_ne!(ok, bad);
    assert!(styles.contains("C6EFCE") && styles.contains("FFC7CE"));
}

/// Seed 004: the detailed report has one row per IVR step, contact fields repeated; with
/// `repeat_contact_fields: false` they are blank below the first row; an SMS without IVR gets
/// one row. Seed 000 N in the detailed layout: one row per ring-history entry.
#[test]
fn detailed_layout_rows_per_ivr_step_and_ring_event() {
    let dir = scratch("detailed");
    let calls = vec![seed004_ivr(), seed004_sms()];
    let c = ExportControl::new();
    let profile = ExportProfile::preset(Preset::ContactsDetailed);
    let s = export_csv(dir.join("d.csv"), &calls, &profile, &c).unwrap();
    assert_eq!((s.records, s.rows), (2, 4));
    let rows = csv_rows(&dir.join("d.csv"));
    assert_eq!(rows.len(), 5);
    let col = |name: &str| rows[0].iter().position(|h| h == name).unwrap();
    for (i, node) in ["Powitanie", "Menu", "Kolejka"].iter().enumerate() {
        assert_eq!(rows[1 + i][col("ID połączenia")], "fcc-77");
        assert_eq!(rows[1 + i][col("Kafelek IVR")], *node);
        assert_eq!(rows[1 + i][col("Krok IVR")], (i + 1).to_string());
    }
    assert_eq!(
        rows[2][col("Czas na kafelku")],
        "20",
        "Menu: until the next tile"
    );
    assert_eq!(rows[2][col("Wybór w IVR")], "2");
    assert_eq!(rows[4][col("ID połączenia")], "fcc-78");
    assert_eq!(rows[4][col("Kafelek IVR")], "");
    // Czas rozmowy under FCC rules: agent talk 240 s + IVR 40 s.
    assert_eq!(rows[1][col("Czas rozmowy")], "280");
    assert_eq!(rows[1][col("Rozmowa z agentem")], "240");

    let blank = profile.clone().layout(Layout::Detailed {
        repeat_contact_fields: false,
    });
    export_xlsx(dir.join("d.xlsx"), &calls, &blank, &c).unwrap();
    let x = &xlsx_sheets(&dir.join("d.xlsx"))[0].1;
    assert_eq!(text(&x[1][0]), "fcc-77");
    assert_eq!(text(&x[2][0]), "");
    assert_eq!(text(&x[2][col("Kafelek IVR")]), "Menu");

    use calllog::export::{Column, Field};
    let ring = ExportProfile::columns(
        [
            Field::Id,
            Field::RingAt,
            Field::RingStaff,
            Field::RingDetail,
        ]
        .map(Column::from),
    )
    .layout(Layout::Detailed {
        repeat_contact_fields: true,
    })
    .locale(Locale::Ja);
    export_csv(dir.join("r.csv"), [&seed000_answered()], &ring, &c).unwrap();
    let rows = csv_rows(&dir.join("r.csv"));
    assert_eq!(
        rows[0],
        [
            "接続番号",
            "着信履歴:日時",
            "着信履歴:スタッフ名",
            "着信履歴:詳細理由"
        ]
    );
    assert_eq!(
        rows[1],
        ["A-0001", "2024-05-01 01:00:03", "田中", "応答なし"]
    );
    assert_eq!(rows[2], ["A-0001", "2024-05-01 01:00:10", "佐藤", "応答"]);
}

/// Seed 001: the callback list, unassigned shows blank, state labels.
#[test]
fn seed001_callback_list() {
    let dir = scratch("seed001");
    let p = ExportProfile::preset(Preset::Callbacks).time_zone("Asia/Tokyo".parse().unwrap());
    export_csv(
        dir.join("c.csv"),
        &seed001_callbacks(),
        &p,
        &ExportControl::new(),
    )
    .unwrap();
    let rows = csv_rows(&dir.join("c.csv"));
    assert_eq!(
        rows[1][..5],
        [
            "1001",
            "2024-07-16 17:59:14",
            "2024-07-16 17:58:00",
            "高橋",
            "完了"
        ]
    );
    assert_eq!(rows[2][3..5], ["", "未完了"]);
    // a call preset cannot write callbacks
    let wrong = ExportProfile::preset(Preset::CallHistory);
    assert!(
        export_csv(
            dir.join("x.csv"),
            &seed001_callbacks(),
            &wrong,
            &ExportControl::new()
        )
        .is_err()
    );
    assert!(!dir.join("x.csv").exists());
}
