//! Every seed's search form, built as a filter and run over the built-in sample: the rows
//! returned are exactly those a hand-written predicate over the record's fields selects, and
//! each form is discriminating (it returns some rows, not all).

use calllog::callbacks::{CallbackList, CallbackSearch};
use calllog::card::CardQuery;
use calllog::query::{AnswerState, DatePreset, Filter, MatchingExt, Query, ScenarioKind};
use calllog::{
    AttemptResult, CallRecord, CallType, CallbackState, Channel, ContactStatus, Direction, Error,
    InteractionType, Locale, Rules, TimeDelta, Viewer, sample, ts,
};
use chrono::{NaiveTime, Timelike};

const N: usize = 3_000;

fn log() -> Vec<CallRecord> {
    sample::generate(N, 42).collect()
}

fn ids(v: impl IntoIterator<Item = CallRecord>) -> Vec<String> {
    v.into_iter().map(|r| r.id).collect()
}

/// Runs `filter` and compares with `expected` (ids of the records `pred` selects).
fn check(filter: Filter, pred: impl Fn(&CallRecord) -> bool) -> usize {
    let data = log();
    let m = filter.compile().expect("valid filter");
    let got = ids(data.clone().into_iter().matching(&m));
    let want = ids(data.into_iter().filter(|r| pred(r)));
    assert_eq!(got, want);
    assert!(!got.is_empty(), "the form selects nothing in the sample");
    assert!(got.len() < N, "the form selects everything");
    got.len()
}

fn t(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

// ---- seed 002 (Voximplant Kit): Тип, Номер (≥ 3), Длительность разговора 0–24 ч, Группы,
// Операторы, Очереди, Результаты попыток, Коды завершения, Теги, Сценарии, Кампании, Тематики

#[test]
fn seed_002_type_and_number() {
    let f = Filter::builder()
        .direction(Direction::Inbound)
        .number("916")
        .build()
        .unwrap();
    check(f, |r| {
        r.effective_direction() == Some(Direction::Inbound)
            && [&r.from, &r.to].iter().any(|n| {
                n.as_deref().is_some_and(|n| {
                    n.chars()
                        .filter(char::is_ascii_digit)
                        .collect::<String>()
                        .contains("916")
                })
            })
    });
    // "минимум 3 символа"
    let e = Filter::builder().number("91").build().unwrap_err();
    assert!(
        matches!(e, Error::Filter { ref field, .. } if field == "number"),
        "{e}"
    );
}

#[test]
fn seed_002_talk_duration_range() {
    let (lo, hi) = (TimeDelta::seconds(60), TimeDelta::minutes(10));
    let f = Filter::builder()
        .call_type(CallType::OperatorCampaign)
        .call_type(CallType::AutomatedCampaign)
        .talk_between(Some(lo), Some(hi))
        .rules(Rules::VOXIMPLANT)
        .build()
        .unwrap();
    check(f, |r| {
        let talk = calllog::rules::talk_time(r, &Rules::VOXIMPLANT).unwrap_or_default();
        matches!(
            r.call_type,
            Some(CallType::OperatorCampaign | CallType::AutomatedCampaign)
        ) && talk >= lo
            && talk <= hi
    });
    let e = Filter::builder()
        .talk_between(
            Some(TimeDelta::zero()),
            Some(TimeDelta::hours(24) + TimeDelta::seconds(1)),
        )
        .build()
        .unwrap_err();
    assert!(
        matches!(e, Error::Filter { ref field, .. } if field == "talk_max"),
        "{e}"
    );
}

#[test]
fn seed_002_groups_operators_queues_results() {
    let f = Filter::builder()
        .group("Продажи")
        .queue("Sales")
        .queue("VIP")
        .attempt_result(AttemptResult::CallAccepted)
        .build()
        .unwrap();
    check(f, |r| {
        r.agents
            .iter()
            .any(|a| a.groups.iter().any(|g| g == "Продажи"))
            && matches!(r.queue.as_deref(), Some("Sales" | "VIP"))
            && r.attempt_result == Some(AttemptResult::CallAccepted)
    });
    let f = Filter::builder()
        .agent("a04") // by id
        .agent("Иван Петров") // by name
        .completion_code("Продажа")
        .build()
        .unwrap();
    check(f, |r| {
        r.agents
            .iter()
            .any(|a| a.id.as_deref() == Some("a04") || a.name == "Иван Петров")
            && r.completion_code.as_deref() == Some("Продажа")
    });
}

#[test]
fn seed_002_tags_topics_campaigns_scenarios() {
    let f = Filter::builder()
        .tag("vip")
        .tag("повтор")
        .topic("Оплата")
        .build()
        .unwrap();
    check(f, |r| {
        r.tags.iter().any(|t| t == "vip" || t == "повтор") && r.topics.iter().any(|t| t == "Оплата")
    });
    let f = Filter::builder()
        .scenario_kind(ScenarioKind::Automated)
        .campaign("Spring promo")
        .scenario("Сценарий 2")
        .build()
        .unwrap();
    check(f, |r| {
        r.call_type == Some(CallType::AutomatedCampaign)
            && r.campaign.as_deref() == Some("Spring promo")
            && r.scenario.as_deref() == Some("Сценарий 2")
    });
    let f = Filter::builder()
        .scenario_kind(ScenarioKind::Operator)
        .success(false)
        .build()
        .unwrap();
    check(f, |r| {
        r.call_type == Some(CallType::OperatorCampaign)
            && !r.attempt_result.is_some_and(|a| a.is_success())
    });
}

#[test]
fn seed_002_supervisor_sees_own_groups_without_price() {
    let sup = Viewer::supervisor("Olga", ["Поддержка"]);
    let q = Query {
        filter: Filter::builder().channel(Channel::Voice).build().unwrap(),
        viewer: sup,
        ..Query::default()
    };
    let rows: Vec<CallRecord> = q.stream(log()).unwrap().collect();
    let want: Vec<String> = log()
        .into_iter()
        .filter(|r| {
            r.channel == Channel::Voice
                && r.agents
                    .iter()
                    .any(|a| a.groups.iter().any(|g| g == "Поддержка"))
        })
        .map(|r| r.id)
        .collect();
    assert!(!want.is_empty());
    assert_eq!(ids(rows.clone()), want);
    assert!(
        rows.iter()
            .all(|r| r.price.is_none() && r.scenario_url.is_none() && r.extra.is_empty())
    );
}

// ---- seed 004 (Focus Contact Center): Użytkownicy (+ usunięci), Grupy, Kampanie, Od/Do (≤ 3
// miesiące), Data (szybki wybór), Godzina od/do, Numer docelowy/źródłowy, ID zgłoszenia,
// Odebrane/Nieodebrane/Błędne/Zajęte, Typ

#[test]
fn seed_004_period_limit_and_preset() {
    // the sample spans about 90 days from 2024-04-01
    let from = ts("2024-05-01T00:00:00+02:00");
    let to = ts("2024-06-01T00:00:00+02:00");
    let f = Filter::builder()
        .time_zone("Europe/Warsaw")
        .period(from, to)
        .build()
        .unwrap();
    check(f, |r| {
        r.timeline.started_at.is_some_and(|t| t >= from && t < to)
    });
    // "maksymalna rozpiętość dat to 3 miesiące"
    let e = Filter::builder()
        .period(ts("2024-01-01T00:00:00Z"), ts("2024-06-01T00:00:00Z"))
        .build()
        .unwrap_err();
    assert!(
        matches!(e, Error::Filter { ref field, .. } if field == "period"),
        "{e}"
    );
    // "poprzedni miesiąc" seen on 2024-06-15 in Warsaw is May in Warsaw
    let f = Filter::builder()
        .time_zone("Europe/Warsaw")
        .preset(DatePreset::LastMonth, ts("2024-06-15T12:00:00Z"))
        .build()
        .unwrap();
    assert_eq!((f.from, f.to), (Some(from), Some(to)));
}

#[test]
fn seed_004_hours_after_work_this_week() {
    // "ilość połączeń po godzinach pracy kampanii w bieżącym tygodniu"
    let f = Filter::builder()
        .time_zone("Europe/Warsaw")
        .preset(DatePreset::ThisWeek, ts("2024-05-15T12:00:00Z"))
        .hours(t(18, 0), t(8, 0))
        .build()
        .unwrap();
    let (from, to) = (
        ts("2024-05-13T00:00:00+02:00"),
        ts("2024-05-20T00:00:00+02:00"),
    );
    check(f, |r| {
        r.timeline.started_at.is_some_and(|t| {
            let h = t.with_timezone(&chrono_tz::Europe::Warsaw).hour();
            t >= from && t < to && !(8..18).contains(&h)
        })
    });
}

#[test]
fn seed_004_source_destination_ticket() {
    let data = log();
    // a customer's number as it appears in the sample, typed with spaces
    let number = data
        .iter()
        .filter(|r| r.effective_direction() == Some(Direction::Inbound))
        .filter_map(|r| r.from.clone())
        .find(|n| n.starts_with("+48789"))
        .expect("a Polish caller in the sample");
    let spaced = format!(
        "{} {} {} {}",
        &number[..3],
        &number[3..6],
        &number[6..9],
        &number[9..]
    );
    let f = Filter::builder().source(spaced.clone()).build().unwrap();
    check(f, |r| r.from.as_deref() == Some(number.as_str()));
    // national form read in PL
    let f = Filter::builder()
        .source(number[3..].to_string())
        .default_region("PL")
        .build()
        .unwrap();
    check(f, |r| r.from.as_deref() == Some(number.as_str()));
    let f = Filter::builder()
        .destination("+48221112233")
        .build()
        .unwrap();
    check(f, |r| r.to.as_deref() == Some("+48221112233"));
    let ticket = data.iter().find_map(|r| r.ticket_id.clone()).unwrap();
    let f = Filter::builder().ticket_id(ticket.clone()).build().unwrap();
    check(f, |r| r.ticket_id.as_deref() == Some(ticket.as_str()));
}

#[test]
fn seed_004_answer_states_and_types() {
    let f = Filter::builder()
        .answer_state(AnswerState::Busy)
        .answer_state(AnswerState::Failed)
        .interaction_type(InteractionType::OutboundCall)
        .interaction_type(InteractionType::InboundCampaignCall)
        .build()
        .unwrap();
    check(f, |r| {
        matches!(r.status, Some(ContactStatus::Busy | ContactStatus::Failed))
            && matches!(
                r.interaction_type,
                Some(InteractionType::OutboundCall | InteractionType::InboundCampaignCall)
            )
    });
    let f = Filter::builder()
        .answer_state(AnswerState::Unanswered)
        .channel(Channel::Video)
        .build()
        .unwrap();
    check(f, |r| {
        r.channel == Channel::Video && r.timeline.talk_started_at.is_none() && r.status.is_none()
    });
}

#[test]
fn seed_004_deleted_users_groups_campaigns() {
    // Jan Wiśniewski (a07) was deleted from the platform
    let hidden = Filter::builder().agent("Jan Wiśniewski").build().unwrap();
    let data = log();
    let m = hidden.compile().unwrap();
    assert_eq!(data.iter().filter(|r| m.matches(r)).count(), 0);
    let f = Filter::builder()
        .agent("Jan Wiśniewski")
        .agent("Piotr Nowak")
        .include_deleted_agents(true)
        .build()
        .unwrap();
    let n = check(f, |r| {
        r.agents
            .iter()
            .any(|a| a.name == "Jan Wiśniewski" || a.name == "Piotr Nowak")
    });
    let without = Filter::builder()
        .agent("Jan Wiśniewski")
        .agent("Piotr Nowak")
        .build()
        .unwrap();
    let m = without.compile().unwrap();
    assert!(data.iter().filter(|r| m.matches(r)).count() < n);
    let f = Filter::builder()
        .group("Obsługa")
        .campaign("Ankieta NPS")
        .build()
        .unwrap();
    check(f, |r| {
        r.agents
            .iter()
            .any(|a| a.groups.iter().any(|g| g == "Obsługa"))
            && r.campaign.as_deref() == Some("Ankieta NPS")
    });
}

// ---- seed 001 (BIZTEL): the callback search form and 絞り込み, over generated callbacks

#[test]
fn seed_001_callback_search_form() {
    let entries: Vec<_> = sample::generate_callbacks(500, 9).collect();
    let list = CallbackList::from_entries(entries.clone()).unwrap();
    let search = CallbackSearch {
        from: Some(ts("2024-04-02T00:00:00Z")),
        to: Some(ts("2024-04-05T00:00:00Z")),
        call_centers: vec!["東京コールセンター".into()],
        state: Some(CallbackState::NotDone),
        ..Default::default()
    };
    let got: Vec<String> = list
        .search(&search)
        .unwrap()
        .into_iter()
        .map(|e| e.id)
        .collect();
    let want: Vec<String> = entries
        .iter()
        .filter(|e| {
            e.registered_at
                .is_some_and(|t| t >= ts("2024-04-02T00:00:00Z") && t < ts("2024-04-05T00:00:00Z"))
                && e.call_center.as_deref() == Some("東京コールセンター")
                && e.state == CallbackState::NotDone
        })
        .map(|e| e.id.clone())
        .collect();
    assert_eq!(got, want);
    assert!(!got.is_empty() && got.len() < 500);

    let refine = CallbackSearch {
        refine: Some("大阪 未完了 請求".into()),
        locale: Locale::Ja,
        ..Default::default()
    };
    let got: Vec<String> = list
        .search(&refine)
        .unwrap()
        .into_iter()
        .map(|e| e.id)
        .collect();
    let want: Vec<String> = entries
        .iter()
        .filter(|e| {
            e.call_center.as_deref() == Some("大阪コールセンター")
                && e.state == CallbackState::NotDone
                && e.business_label.as_deref() == Some("請求")
        })
        .map(|e| e.id.clone())
        .collect();
    assert_eq!(got, want);
    assert!(!got.is_empty());

    let req = entries[17].request_id.clone().unwrap();
    let by_req = CallbackSearch {
        request_id: Some(req),
        ..Default::default()
    };
    assert_eq!(list.search(&by_req).unwrap().len(), 1);
    let unassigned = CallbackSearch {
        unassigned_only: true,
        ..Default::default()
    };
    let n = list.search(&unassigned).unwrap().len();
    assert_eq!(n, entries.iter().filter(|e| e.assignee.is_none()).count());
}

// ---- seed 003 (Ringostat): the card of the most frequent caller in the sample

#[test]
fn seed_003_card_of_a_frequent_caller() {
    let data = log();
    let mut counts = std::collections::BTreeMap::<String, usize>::new();
    for r in &data {
        if let Some(a) = r.customer_address().filter(|a| a.starts_with("+8190")) {
            *counts.entry(a.to_string()).or_default() += 1;
        }
    }
    let (number, _) = counts.iter().max_by_key(|(_, n)| **n).unwrap();
    // typed the Japanese national way: 090-xxxx-xxxx
    let national = format!("0{}-{}-{}", &number[3..5], &number[5..9], &number[9..]);
    let card = CardQuery::new(national, ts("2024-07-01T00:00:00Z"))
        .default_region("JP")
        .run(data.clone())
        .unwrap();
    assert_eq!(&card.number, number);
    let want: Vec<&CallRecord> = data
        .iter()
        .filter(|r| r.customer_address() == Some(number.as_str()))
        .collect();
    assert!(want.len() >= 2, "a caller who called more than once");
    assert_eq!(card.summary.total as usize, want.len());
    let mut want_ids: Vec<&str> = want.iter().map(|r| r.id.as_str()).collect();
    want_ids.sort();
    let mut got_ids: Vec<&str> = card.contacts.iter().map(|r| r.id.as_str()).collect();
    got_ids.sort();
    assert_eq!(got_ids, want_ids);
    assert_eq!(
        card.summary.first_contact,
        want.iter().filter_map(|r| r.timeline.started_at).min()
    );
}
