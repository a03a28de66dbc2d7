//! Shared helpers of the export tests: a scratch directory and the seeds' records.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

use calllog::{
    Agent, AttemptResult, CallRecord, CallType, CallbackRecord, CallbackState, Channel,
    ContactStatus, Direction, DisconnectSide, InteractionType, IvrStep, Money, Note, Recording,
    RingEvent, SurveyAnswer, ts,
};

static N: AtomicU32 = AtomicU32::new(0);

/// A fresh empty directory under the system temp dir.
pub fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!(
        "calllog-test-{name}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Files in `dir` (names), sorted.
pub fn files(dir: &std::path::Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Seed 000: an answered group video call, two staff in join order, survey, ring history,
/// recording still processing.
pub fn seed000_answered() -> CallRecord {
    let mut r = CallRecord::new("A-0001", Channel::Video)
        .customer_name("山田商店")
        .agent(Agent::named("佐藤").in_group("東京"))
        .agent(Agent::named("鈴木").in_group("東京"))
        .started_at(ts("2024-05-01T10:00:00+09:00"))
        .offered_at(ts("2024-05-01T10:00:03+09:00"))
        .answered_or_cancelled_at(ts("2024-05-01T10:00:15+09:00"))
        .talk_started_at(ts("2024-05-01T10:00:15+09:00"))
        .talk_ended_at(ts("2024-05-01T10:04:00+09:00"))
        .closed_at(ts("2024-05-01T10:05:30+09:00"))
        .call_mode(calllog::CallMode::Video);
    r.co_browse = true;
    r.end_reason = Some("スタッフが終了".into());
    r.recording = Some(Recording {
        processing: true,
        ..Default::default()
    });
    r.ring_history = vec![
        RingEvent {
            at: Some(ts("2024-05-01T10:00:03+09:00")),
            staff_name: "田中".into(),
            detail: Some("応答なし".into()),
        },
        RingEvent {
            at: Some(ts("2024-05-01T10:00:10+09:00")),
            staff_name: "佐藤".into(),
            detail: Some("応答".into()),
        },
    ];
    r.staff_memo = Some("折り返し不要\n次回は午前中".into());
    r.pre_survey = vec![SurveyAnswer {
        index: 1,
        question: "ご用件は?".into(),
        answer: Some("見積もり".into()),
    }];
    r.post_survey = vec![
        SurveyAnswer {
            index: 1,
            question: "満足度".into(),
            answer: Some("5".into()),
        },
        SurveyAnswer {
            index: 2,
            question: "ご意見".into(),
            answer: None,
        },
    ];
    r
}

/// Seed 000 case 1: cancelled before answer; recording finished (42 s).
pub fn seed000_cancelled() -> CallRecord {
    let mut r = CallRecord::new("A-0002", Channel::Video)
        .customer_name("佐々木")
        .started_at(ts("2024-05-01T11:00:00+09:00"))
        .offered_at(ts("2024-05-01T11:00:02+09:00"))
        .answered_or_cancelled_at(ts("2024-05-01T11:00:30+09:00"));
    r.recording = Some(Recording {
        duration: Some(calllog::TimeDelta::seconds(42)),
        ..Default::default()
    });
    r
}

/// Seed 002: an operator-campaign call, accepted, completion code Перезвонить with a callback.
pub fn seed002_accepted() -> CallRecord {
    let mut r = CallRecord::new("vox-1", Channel::Voice)
        .direction(Direction::Outbound)
        .call_type(CallType::OperatorCampaign)
        .from("+74951234567")
        .to("+79161234567")
        .agent(Agent::named("Иван Петров").in_group("Продажи"))
        .queue("Продажи")
        .campaign("Весна")
        .dial_started_at(ts("2024-03-01T09:00:00Z"))
        .started_at(ts("2024-03-01T09:00:00Z"))
        .talk_started_at(ts("2024-03-01T09:00:12Z"))
        .talk_ended_at(ts("2024-03-01T09:03:12Z"))
        .attempt_result(AttemptResult::CallAccepted)
        .price(Money::new(150, 2, "RUB"));
    r.scenario = Some("Исходящий".into());
    r.scenario_url = Some("https://kit.voximplant.com/scenarios/42".into());
    r.completion_code = Some("Перезвонить".into());
    r.callback_at = Some(ts("2024-03-02T10:00:00Z"));
    r.attempts = Some(2);
    r.tags = vec!["VIP".into(), "повтор".into()];
    r.notes = vec![Note {
        author: Some("Иван".into()),
        at: Some(ts("2024-03-01T09:04:00Z")),
        text: "Клиент просит перезвонить, \"завтра\"".into(),
    }];
    r.extra_field("sip_call_id", "abc@10.0.0.1")
}

/// Seed 002: a busy number in another group.
pub fn seed002_busy_other_group() -> CallRecord {
    CallRecord::new("vox-2", Channel::Voice)
        .direction(Direction::Outbound)
        .call_type(CallType::AutomatedCampaign)
        .agent(Agent::named("Ольга").in_group("Поддержка"))
        .dial_started_at(ts("2024-03-01T10:00:00Z"))
        .answered_or_cancelled_at(ts("2024-03-01T10:00:20Z"))
        .attempt_result(AttemptResult::NumberBusy)
        .price(Money::new(0, 2, "RUB"))
}

/// Seed 004: an inbound campaign call through three IVR tiles.
pub fn seed004_ivr() -> CallRecord {
    let mut r = CallRecord::new("fcc-77", Channel::Voice)
        .interaction_type(InteractionType::InboundCampaignCall)
        .status(ContactStatus::Answered)
        .from("+48789789789")
        .to("+48221234567")
        .campaign("Infolinia")
        .queue("Obsługa")
        .agent(Agent::named("Anna Nowak"))
        .started_at(ts("2024-06-03T08:00:00Z"))
        .enqueued_at(ts("2024-06-03T08:00:40Z"))
        .talk_started_at(ts("2024-06-03T08:01:00Z"))
        .talk_ended_at(ts("2024-06-03T08:05:00Z"));
    r.disconnect_side = Some(DisconnectSide::Customer);
    r.record_id = Some("R-1".into());
    r.classifier = Some("Sprzedaż".into());
    r.ivr_path = vec![
        IvrStep {
            node: "Powitanie".into(),
            entered_at: Some(ts("2024-06-03T08:00:00Z")),
            left_at: Some(ts("2024-06-03T08:00:10Z")),
            ..Default::default()
        },
        IvrStep {
            node: "Menu".into(),
            entered_at: Some(ts("2024-06-03T08:00:10Z")),
            choice: Some("2".into()),
            ..Default::default()
        },
        IvrStep {
            node: "Kolejka".into(),
            entered_at: Some(ts("2024-06-03T08:00:30Z")),
            left_at: Some(ts("2024-06-03T08:00:40Z")),
            ..Default::default()
        },
    ];
    r
}

/// Seed 004: an SMS waiting to be sent (no IVR).
pub fn seed004_sms() -> CallRecord {
    CallRecord::new("fcc-78", Channel::Sms)
        .interaction_type(InteractionType::OutboundSms)
        .status(ContactStatus::Pending)
        .to("+48600100200")
        .started_at(ts("2024-06-03T14:30:00Z"))
}

/// Seed 001: a done and a not-done callback.
pub fn seed001_callbacks() -> Vec<CallbackRecord> {
    let mut a = CallbackRecord::new("1001", ts("2024-07-16T08:59:14Z"));
    a.incoming_at = Some(ts("2024-07-16T08:58:00Z"));
    a.assignee = Some("高橋".into());
    a.state = CallbackState::Done;
    a.call_center = Some("本社CC".into());
    a.business_label = Some("問い合わせ".into());
    a.caller_number = Some("090-1234-5678".into());
    a.our_number = Some("2001".into());
    a.request_id = Some("req-abc".into());
    a.memo = Some("折り返し済み".into());
    let b = CallbackRecord::new("1002", ts("2024-07-16T09:10:00Z"));
    vec![a, b]
}

/// Reads a CSV file's rows (UTF-8, optional BOM) with the csv crate.
pub fn csv_rows(path: &std::path::Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).unwrap();
    let bytes = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(&bytes)
        .to_vec();
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes.as_slice());
    rdr.records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// Reads every sheet of an XLSX file with calamine: (sheet name, rows).
pub fn xlsx_sheets(path: &std::path::Path) -> Vec<(String, Vec<Vec<calamine::Data>>)> {
    use calamine::{Reader, Xlsx, open_workbook};
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let names = wb.sheet_names().to_vec();
    names
        .into_iter()
        .map(|n| {
            let range = wb.worksheet_range(&n).unwrap();
            let rows = range.rows().map(|r| r.to_vec()).collect();
            (n, rows)
        })
        .collect()
}

/// The text of a calamine cell ("" when empty).
pub fn text(d: &calamine::Data) -> String {
    match d {
        calamine::Data::Empty => String::new(),
        calamine::Data::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A file inside the XLSX zip, as text.
pub fn xlsx_part(path: &std::path::Path, part: &str) -> String {
    use std::io::Read;
    let f = std::fs::File::open(path).unwrap();
    let mut z = zip::ZipArchive::new(f).unwrap();
    let mut s = String::new();
    z.by_name(part).unwrap().read_to_string(&mut s).unwrap();
    s
}
