//! Built-in sample data: a realistic, deterministic call log for demos, tests and benchmarks.
//!
//! The same `(n, seed)` always yields the same records, on every platform and in every
//! binding. The log mixes the five products of the seeds — seed 000's video calls with ring
//! history and surveys (including the three blank-field cases), seed 002's campaign calls with
//! attempt results, prices and completion codes, seed 003's tracked calls with visits and
//! ratings, seed 004's seventeen interaction types with IVR paths, e-mails, SMS and chats — over
//! several agents (one deleted), groups, queues and campaigns, plus the edge cases exporters
//! must survive: multi-line memos, quotes and commas, formula-like text, phone numbers with a
//! leading `+`, non-Latin text and recordings still processing. Every record validates.
//!
//! ```
//! let log: Vec<calllog::CallRecord> = calllog::sample::generate(1_000, 7).collect();
//! assert_eq!(log.len(), 1_000);
//! assert!(log.iter().all(|r| r.validate().is_ok()));
//! assert_eq!(log, calllog::sample::generate(1_000, 7).collect::<Vec<_>>());
//! ```

use chrono::{DateTime, TimeDelta, Utc};

use crate::model::*;
use crate::vocab::*;

/// SplitMix64: tiny, fast, good enough for sample data, identical everywhere.
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
    fn secs(&mut self, lo: i64, hi: i64) -> TimeDelta {
        TimeDelta::seconds(lo + self.below((hi - lo + 1) as u64) as i64)
    }
}

const AGENTS: &[(&str, &str, &str, bool)] = &[
    ("a01", "佐藤 花子", "Tokyo", false),
    ("a02", "鈴木 一郎", "Tokyo", false),
    ("a03", "Иван Петров", "Продажи", false),
    ("a04", "Ольга Смирнова", "Поддержка", false),
    ("a05", "Anna Kowalska", "Sprzedaż", false),
    ("a06", "Piotr Nowak", "Obsługa", false),
    ("a07", "Jan Wiśniewski", "Obsługa", true),
    ("a08", "Maria Garcia", "Support", false),
];
const QUEUES: &[&str] = &["Sales", "Support", "Billing", "VIP", "サポート窓口"];
const CAMPAIGNS: &[&str] = &[
    "Spring promo",
    "Повторные продажи",
    "Ankieta NPS",
    "Win-back",
];
const COUNTRY: &[(&str, u64)] = &[
    ("+8190", 100_000_000),
    ("+7916", 10_000_000),
    ("+48789", 1_000_000),
    ("+1415", 10_000_000),
];
const TAGS: &[&str] = &["vip", "complaint", "upsell", "повтор", "reklamacja"];
const TOPICS: &[&str] = &["Доставка", "Оплата", "Возврат", "Billing"];
const CODES: &[&str] = &["Перезвонить", "Продажа", "Отказ", "Не интересно"];
const CLASSIFIERS: &[&str] = &[
    "Sprzedaż",
    "Brak zainteresowania",
    "Oddzwonić",
    "Błędny numer",
];
const MEMOS: &[&str] = &[
    "折り返し希望。\n担当: 佐藤",
    "Client asked about \"premium\" plan, price, delivery",
    "=HYPERLINK(\"http://example.invalid\",\"click\")",
    "-2+3",
    "@SUM(A1:A9)",
    "Перезвонить после 18:00",
    "Klient prosi o kontakt, tel. +48 789 789 789",
    "",
];
const USER_AGENTS: &[&str] = &[
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Safari/604.1",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/124.0 Safari/537.36",
];

/// Generates `n` call records from `seed`; see the module documentation.
pub fn generate(n: usize, seed: u64) -> impl Iterator<Item = CallRecord> {
    let base: DateTime<Utc> = DateTime::from_timestamp(1_711_929_600, 0).expect("valid base"); // 2024-04-01T00:00:00Z
    let mut rng = Rng(seed ^ 0x00CA_1106);
    let mut clock = base;
    // spread n records over about 90 days
    let step = (90 * 86_400 * 1000 / n.max(1) as i64).max(1);
    (0..n).map(move |i| {
        clock += TimeDelta::milliseconds(rng.below((2 * step) as u64) as i64);
        record(&mut rng, i, clock)
    })
}

/// Generates `n` callback worklist entries (seed 001) from `seed`.
pub fn generate_callbacks(n: usize, seed: u64) -> impl Iterator<Item = CallbackRecord> {
    let base: DateTime<Utc> = DateTime::from_timestamp(1_711_929_600, 0).expect("valid base");
    let mut rng = Rng(seed ^ 0xCA11_BAC4);
    (0..n).map(move |i| {
        let incoming = base + TimeDelta::minutes(i as i64 * 17 + rng.below(10) as i64);
        let assignee = (!rng.chance(30)).then(|| rng.pick(&AGENTS[..2]).1.to_string());
        CallbackRecord {
            id: format!("CB{:06}", i + 1),
            registered_at: Some(incoming + rng.secs(5, 120)),
            incoming_at: Some(incoming),
            state: if assignee.is_some() && rng.chance(60) {
                CallbackState::Done
            } else {
                CallbackState::NotDone
            },
            assignee,
            call_center: Some(
                rng.pick(&["東京コールセンター", "大阪コールセンター"])
                    .to_string(),
            ),
            business_label: Some(rng.pick(&["契約", "解約", "請求"]).to_string()),
            caller_number: Some(phone(&mut rng)),
            our_number: Some(format!("0{}", 3000 + rng.below(10))),
            request_id: Some(format!("req-{:08x}", rng.next() as u32)),
            recording: rng.chance(50).then(|| Recording {
                url: Some(format!("https://rec.example.invalid/cb/{}", i + 1)),
                duration: Some(rng.secs(3, 60)),
                ..Default::default()
            }),
            memo: rng
                .chance(40)
                .then(|| rng.pick(MEMOS).to_string())
                .filter(|m| !m.is_empty()),
        }
    })
}

fn phone(rng: &mut Rng) -> String {
    let (prefix, range) = *rng.pick(COUNTRY);
    // a small pool per country so customers call more than once
    let local = rng.below(1_500) * (range / 1_500);
    let digits = range.to_string().len() - 1;
    format!("{prefix}{local:0digits$}")
}

fn agent(rng: &mut Rng, pool: std::ops::Range<usize>) -> Agent {
    let (id, name, group, deleted) = AGENTS[pool.start + rng.below(pool.len() as u64) as usize];
    Agent {
        id: Some(id.into()),
        name: name.into(),
        number: Some(format!("{}", 100 + id[1..].parse::<u32>().unwrap_or(0))),
        groups: vec![group.into()],
        deleted,
    }
}

fn record(rng: &mut Rng, i: usize, start: DateTime<Utc>) -> CallRecord {
    let mut r = match i % 10 {
        0..=2 => video_call(rng, start),
        3..=5 => campaign_call(rng, start),
        6 => tracked_call(rng, start),
        _ => fcc_contact(rng, start),
    };
    r.id = format!("C{:08}", i + 1);
    if rng.chance(5) {
        r.extra
            .insert("crm_id".into(), format!("CRM-{}", rng.below(100_000)));
    }
    r
}

/// Seed 000: video/voice calls with E/F/H/I/J, ring history, surveys and the blank-field cases.
fn video_call(rng: &mut Rng, start: DateTime<Utc>) -> CallRecord {
    let mut r = CallRecord::new(
        "",
        if rng.chance(70) {
            Channel::Video
        } else {
            Channel::Voice
        },
    );
    r.call_mode = Some(if r.channel == Channel::Video {
        CallMode::Video
    } else {
        CallMode::Voice
    });
    r.direction = Some(Direction::Inbound);
    r.customer_name = Some(
        rng.pick(&[
            "山田商店",
            "株式会社ABC",
            "Café \"Mocha\", Ltd.",
            "田中 太郎",
        ])
        .to_string(),
    );
    r.brand = Some("ブランドA".into());
    r.service = Some(rng.pick(&["保険相談", "口座開設"]).to_string());
    r.menu = Some(rng.pick(&["新規", "変更", "解約"]).to_string());
    r.customer_user_agent = Some(rng.pick(USER_AGENTS).to_string());
    r.timeline.started_at = Some(start);
    let case = rng.below(100);
    let t = &mut r.timeline;
    if case < 6 {
        // case 1: rung, cancelled before an answer
        let offered = start + rng.secs(1, 5);
        t.offered_at = Some(offered);
        t.answered_or_cancelled_at = Some(offered + rng.secs(5, 60));
        t.closed_at = t.answered_or_cancelled_at;
        r.ring_history.push(RingEvent {
            at: Some(offered),
            staff_name: AGENTS[0].1.into(),
            detail: Some("キャンセル".into()),
        });
        return r;
    }
    if case < 9 {
        // case 2: nobody online, nobody rung
        t.answered_or_cancelled_at = Some(start + rng.secs(5, 90));
        t.closed_at = t.answered_or_cancelled_at;
        return r;
    }
    if case < 11 {
        // case 3: tab closed or refreshed
        return r;
    }
    let offered = start + rng.secs(1, 5);
    let answered = offered + rng.secs(2, 40);
    let ended = answered + rng.secs(30, 1_800);
    t.offered_at = Some(offered);
    t.answered_or_cancelled_at = Some(answered);
    t.talk_started_at = Some(answered);
    t.talk_ended_at = Some(ended);
    t.closed_at = Some(ended + rng.secs(0, 300));
    let first = agent(rng, 0..2);
    if rng.chance(20) {
        r.ring_history.push(RingEvent {
            at: Some(offered),
            staff_name: AGENTS[1].1.into(),
            detail: Some("応答なし".into()),
        });
    }
    r.ring_history.push(RingEvent {
        at: Some(offered),
        staff_name: first.name.clone(),
        detail: Some("応答".into()),
    });
    r.agents.push(first);
    if rng.chance(10) {
        r.agents.push(agent(rng, 0..2)); // group call: join order
    }
    r.staff_user_agent = Some(USER_AGENTS[1].into());
    r.co_browse = rng.chance(15);
    r.staff_memo = rng
        .chance(50)
        .then(|| rng.pick(MEMOS).to_string())
        .filter(|m| !m.is_empty());
    r.chat_log = rng
        .chance(20)
        .then(|| "[10:00] お客様: こんにちは\n[10:01] スタッフ: お待たせしました".to_string());
    r.extra_info = rng.chance(10).then(|| "会員番号: 12345".to_string());
    let questions = if rng.chance(1) {
        50
    } else {
        rng.below(4) as u8
    };
    for q in 1..=questions {
        r.pre_survey.push(SurveyAnswer {
            index: q,
            question: format!("質問{q}"),
            answer: Some(format!("回答{q}")),
        });
    }
    for q in 1..=rng.below(3) as u8 {
        r.post_survey.push(SurveyAnswer {
            index: q,
            question: format!("満足度{q}"),
            answer: rng.chance(90).then(|| (1 + rng.below(5)).to_string()),
        });
    }
    let processing = rng.chance(10);
    r.recording = Some(Recording {
        url: Some(format!("https://rec.example.invalid/{}", rng.next() as u32)),
        duration: if processing {
            None
        } else {
            Some(ended - answered)
        },
        processing,
        format: Some("mp4".into()),
    });
    r.end_reason = Some(rng.pick(&["スタッフが終了", "お客様が終了"]).to_string());
    r
}

/// Seed 002: campaign and softphone calls with attempt results, dial/talk, price, codes, tags.
fn campaign_call(rng: &mut Rng, start: DateTime<Utc>) -> CallRecord {
    let call_type = *rng.pick(CallType::ALL);
    let mut r = CallRecord::new("", Channel::Voice);
    r.call_type = Some(call_type);
    let inbound = call_type == CallType::Incoming;
    r.direction = Some(if inbound {
        Direction::Inbound
    } else {
        Direction::Outbound
    });
    let (customer, ours) = (phone(rng), format!("+7495{:07}", 1_000_000 + rng.below(10)));
    (r.from, r.to) = if inbound {
        (Some(customer), Some(ours))
    } else {
        (Some(ours), Some(customer))
    };
    r.queue = Some(rng.pick(QUEUES).to_string());
    if call_type != CallType::SoftphoneOutgoing && !inbound {
        r.campaign = Some(rng.pick(CAMPAIGNS).to_string());
    }
    r.scenario = Some(format!("Сценарий {}", 1 + rng.below(3)));
    r.scenario_url = Some(format!(
        "https://kit.example.invalid/scenario/{}",
        rng.below(100)
    ));
    let result = if inbound {
        *rng.pick(&[
            AttemptResult::CallAccepted,
            AttemptResult::CallAccepted,
            AttemptResult::EndedInIvr,
            AttemptResult::LostByOperator,
            AttemptResult::Abandoned,
        ])
    } else if rng.chance(55) {
        AttemptResult::CallAccepted
    } else {
        *rng.pick(AttemptResult::ALL)
    };
    r.attempt_result = Some(result);
    let t = &mut r.timeline;
    t.started_at = Some(start);
    t.dial_started_at = (!inbound).then_some(start);
    let pickup = start + rng.secs(3, 40);
    if matches!(
        result,
        AttemptResult::CallAccepted | AttemptResult::EndedInIvr | AttemptResult::Voicemail
    ) {
        let talk_end = pickup + rng.secs(10, 900);
        t.talk_started_at = Some(pickup);
        t.talk_ended_at = Some(talk_end);
        t.closed_at = Some(talk_end + rng.secs(0, 120));
    } else {
        t.answered_or_cancelled_at = Some(pickup);
        t.closed_at = Some(pickup);
    }
    if result != AttemptResult::EndedInIvr && result.is_success() {
        r.agents.push(agent(rng, 2..4));
    }
    if call_type == CallType::OperatorCampaign {
        r.attempts = Some(1 + rng.below(4) as u32);
        if result.is_success() {
            let code = *rng.pick(CODES);
            r.completion_code = Some(code.into());
            if code == "Перезвонить" {
                r.callback_at = Some(start + TimeDelta::days(1));
            }
        }
    }
    if rng.chance(30) {
        r.tags.push(rng.pick(TAGS).to_string());
    }
    if rng.chance(30) {
        r.topics.push(rng.pick(TOPICS).to_string());
    }
    if rng.chance(20) {
        r.notes.push(Note {
            author: r.agents.first().map(|a| a.name.clone()),
            at: r.timeline.closed_at,
            text: rng.pick(MEMOS).to_string(),
        });
    }
    r.price = Some(Money::new(rng.below(5_000) as i64, 2, "RUB"));
    if r.timeline.talk_started_at.is_some() {
        r.recording = Some(Recording {
            url: Some(format!(
                "https://kit.example.invalid/rec/{}",
                rng.next() as u32
            )),
            ..Default::default()
        });
    }
    r
}

/// Seed 003: tracked inbound calls with visit data, comments, categories and ratings.
fn tracked_call(rng: &mut Rng, start: DateTime<Utc>) -> CallRecord {
    let mut r = CallRecord::new("", Channel::Voice);
    r.direction = Some(Direction::Inbound);
    r.from = Some(phone(rng));
    r.to = Some("+48221234567".into());
    let answered = rng.chance(75);
    r.status = Some(if answered {
        ContactStatus::Answered
    } else {
        ContactStatus::NoAnswer
    });
    r.timeline.started_at = Some(start);
    if answered {
        let a = agent(rng, 4..7);
        let pickup = start + rng.secs(2, 30);
        r.timeline.talk_started_at = Some(pickup);
        r.timeline.talk_ended_at = Some(pickup + rng.secs(20, 1_200));
        r.agents.push(a);
        if rng.chance(30) {
            r.categories
                .push(rng.pick(&["Sprzedaż", "Reklamacja", "Pytanie"]).to_string());
            r.notes.push(Note {
                author: Some("TOP menedżer".into()),
                at: r.timeline.talk_ended_at,
                text: "Dobra rozmowa, klient zadowolony".into(),
            });
            r.manager_rating = Some(1 + rng.below(5) as u8);
            r.call_rating = Some(1 + rng.below(5) as u8);
        }
        r.recording = Some(Recording {
            url: Some(format!(
                "https://app.example.invalid/share/{}",
                rng.next() as u32
            )),
            duration: Some(r.timeline.talk_ended_at.unwrap() - pickup),
            format: Some("ogg".into()),
            ..Default::default()
        });
    } else {
        r.timeline.answered_or_cancelled_at = Some(start + rng.secs(5, 40));
    }
    r.visit = Some(Visit {
        source: Some(rng.pick(&["google", "facebook", "direct"]).to_string()),
        medium: Some(rng.pick(&["cpc", "organic", "(none)"]).to_string()),
        campaign: rng.chance(50).then(|| "wiosna_2024".to_string()),
        landing_page: Some("https://shop.example.invalid/oferta".into()),
        client_ip: Some(format!("192.0.2.{}", rng.below(255))),
        ..Default::default()
    });
    r
}

/// Seed 004: the seventeen interaction types, statuses, IVR paths, e-mail copies, classifiers.
fn fcc_contact(rng: &mut Rng, start: DateTime<Utc>) -> CallRecord {
    let kind = *rng.pick(InteractionType::ALL);
    let mut r = CallRecord::new("", kind.channel());
    r.interaction_type = Some(kind);
    r.direction = Some(kind.direction());
    r.timeline.started_at = Some(start);
    let customer = if kind.channel() == Channel::Email {
        format!("klient{}@example.invalid", rng.below(500))
    } else {
        phone(rng)
    };
    let ours = if kind.channel() == Channel::Email {
        "biuro@example.invalid".to_string()
    } else {
        "+48221112233".to_string()
    };
    (r.from, r.to) = if kind.direction() == Direction::Inbound {
        (Some(customer), Some(ours))
    } else {
        (Some(ours), Some(customer))
    };
    if kind == InteractionType::OutboundEmail && rng.chance(50) {
        r.cc.push("kierownik@example.invalid".into());
        if rng.chance(50) {
            r.bcc.push("archiwum@example.invalid".into());
        }
    }
    r.record_id = Some(format!("{}", 10_000 + rng.below(5_000)));
    r.significant_field = Some(
        rng.pick(&["Firma Kowalski Sp. z o.o.", "Jan Nowak", "ACME S.A."])
            .to_string(),
    );
    r.ticket_id = rng.chance(30).then(|| format!("ZGL-{}", rng.below(10_000)));
    if rng.chance(60) {
        r.campaign = Some(rng.pick(CAMPAIGNS).to_string());
    }
    r.classifier = rng.chance(50).then(|| rng.pick(CLASSIFIERS).to_string());
    let status = match kind.channel() {
        Channel::Email | Channel::Sms => *rng.pick(&[
            ContactStatus::Answered,
            ContactStatus::Answered,
            ContactStatus::Pending,
        ]),
        _ if rng.chance(2) => ContactStatus::Classifier,
        _ => *rng.pick(&[
            ContactStatus::Answered,
            ContactStatus::Answered,
            ContactStatus::Answered,
            ContactStatus::NoAnswer,
            ContactStatus::Busy,
            ContactStatus::Failed,
        ]),
    };
    r.status = Some(status);
    let mut at = start;
    if kind == InteractionType::InboundCampaignCall {
        // "Wszystkie połączenia przychodzące w kampanii są automatycznie odbierane przez IVR."
        for node in ["Powitanie", "Menu główne", "Wybór języka"]
            .iter()
            .take(1 + rng.below(3) as usize)
        {
            let left = at + rng.secs(3, 30);
            r.ivr_path.push(IvrStep {
                node: (*node).into(),
                entered_at: Some(at),
                left_at: Some(left),
                choice: rng.chance(60).then(|| (1 + rng.below(4)).to_string()),
                detail: None,
            });
            at = left;
        }
        r.queue = Some(rng.pick(QUEUES).to_string());
        r.timeline.enqueued_at = Some(at);
        at += rng.secs(0, 90);
        r.timeline.dequeued_at = Some(at);
    }
    if status == ContactStatus::Answered && matches!(kind.channel(), Channel::Voice | Channel::Chat)
    {
        let talk_end = at + rng.secs(15, 1_500);
        r.timeline.talk_started_at = Some(at);
        r.timeline.talk_ended_at = Some(talk_end);
        if rng.chance(40) {
            r.timeline.after_call_work_started_at = Some(talk_end);
            r.timeline.after_call_work_ended_at = Some(talk_end + rng.secs(5, 180));
            r.timeline.closed_at = r.timeline.after_call_work_ended_at;
            r.reported.hold = Some(rng.secs(0, 60));
            r.hold_count = Some(rng.below(3) as u32);
        }
        r.agents.push(agent(rng, 4..8));
        r.disconnect_side = Some(*rng.pick(&[
            DisconnectSide::Customer,
            DisconnectSide::Agent,
            DisconnectSide::System,
        ]));
    } else if matches!(
        status,
        ContactStatus::NoAnswer | ContactStatus::Busy | ContactStatus::Failed
    ) {
        r.reported.dial = Some(rng.secs(5, 45));
    } else if status == ContactStatus::Answered {
        r.agents.push(agent(rng, 4..8));
    }
    r
}
