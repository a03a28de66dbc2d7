//! Seed 003: the customer card groups contacts by exact phone match after E.164 normalisation.

use calllog::card::CardQuery;
use calllog::{Agent, CallRecord, Channel, Direction, Error, Money, Note, Role, Viewer, ts};

fn inbound(id: &str, from: &str, at: &str) -> CallRecord {
    CallRecord::new(id, Channel::Voice)
        .direction(Direction::Inbound)
        .from(from)
        .to("+81 3-0000-0000")
        .started_at(ts(at))
}

fn answered(r: CallRecord, wait_s: i64, talk_s: i64) -> CallRecord {
    let start = r.timeline.started_at.unwrap();
    let talk = start + calllog::TimeDelta::seconds(wait_s);
    r.talk_started_at(talk)
        .talk_ended_at(talk + calllog::TimeDelta::seconds(talk_s))
}

fn missed(r: CallRecord, ring_s: i64) -> CallRecord {
    let start = r.timeline.started_at.unwrap();
    r.offered_at(start)
        .answered_or_cancelled_at(start + calllog::TimeDelta::seconds(ring_s))
}

fn history() -> Vec<CallRecord> {
    let mut a = answered(
        inbound("a", "+81 3-1234-5678", "2024-04-01T01:00:00Z"),
        20,
        300,
    );
    a.notes.push(Note {
        author: Some("Sato".into()),
        at: None,
        text: "asked for a quote".into(),
    });
    a.categories = vec!["sales".into()];
    a.manager_rating = Some(5);
    a.call_rating = Some(4);
    let mut b = answered(
        CallRecord::new("b", Channel::Voice)
            .direction(Direction::Outbound)
            .from("+81 3-0000-0000")
            .to("03-1234-5678")
            .started_at(ts("2024-05-10T02:00:00Z")),
        10,
        120,
    );
    b.categories = vec!["sales".into(), "follow-up".into()];
    b.manager_rating = Some(3);
    let c = missed(inbound("c", "+81312345678", "2024-05-20T03:00:00Z"), 15);
    let mut d = inbound("d", "０３－１２３４－５６７８", "2024-05-25T04:00:00Z"); // full-width input
    d.status = Some(calllog::ContactStatus::Busy);
    d.price = Some(Money::new(30, 0, "JPY"));
    d.agents.push(Agent::named("Suzuki").in_group("Osaka"));
    // different customers
    let e = answered(inbound("e", "03-1234-5679", "2024-05-26T00:00:00Z"), 5, 60);
    let f = answered(
        inbound("f", "+82 3-1234-5678", "2024-05-26T00:00:00Z"),
        5,
        60,
    );
    let g = inbound("g", "06-1234-5678", "2024-05-26T00:00:00Z");
    let h = CallRecord::new("h", Channel::Email)
        .direction(Direction::Inbound)
        .from("yamada@example.jp");
    // our number is +81300000000: an internal call mentions the customer only as `to`
    let i = CallRecord::new("i", Channel::Voice)
        .direction(Direction::Internal)
        .from("101")
        .to("+81312345678");
    vec![d, h, c, e, a, f, g, b, i]
}

#[test]
fn three_spellings_are_one_customer_and_others_are_not() {
    let now = ts("2024-05-31T00:00:00Z");
    for number in ["+81 3-1234-5678", "03-1234-5678", "+81312345678"] {
        let card = CardQuery::new(number, now)
            .default_region("JP")
            .run(history())
            .unwrap();
        assert_eq!(card.number, "+81312345678", "{number}");
        let ids: Vec<&str> = card.contacts.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "c", "d"], "{number}: oldest first");
    }
    let other = CardQuery::new("03-1234-5679", now)
        .default_region("JP")
        .run(history())
        .unwrap();
    assert_eq!(
        other
            .contacts
            .iter()
            .map(|r| r.id.as_str())
            .collect::<Vec<_>>(),
        ["e"]
    );
    let korea = CardQuery::new("+82 3-1234-5678", now)
        .run(history())
        .unwrap();
    assert_eq!(korea.contacts.len(), 1);
    assert_eq!(korea.contacts[0].id, "f");
}

#[test]
fn summary_by_hand() {
    let now = ts("2024-05-31T00:00:00Z");
    let card = CardQuery::new("03-1234-5678", now)
        .default_region("JP")
        .run(history())
        .unwrap();
    let s = &card.summary;
    assert_eq!(s.total, 4);
    assert_eq!(s.answered, 2); // a, b
    assert_eq!(s.missed, 1); // c (d is busy: neither)
    assert_eq!(s.first_contact, Some(ts("2024-04-01T01:00:00Z")));
    assert_eq!(s.last_contact, Some(ts("2024-05-25T04:00:00Z")));
    // (2024-05-01T00:00Z, 2024-05-31T00:00Z]: b, c, d
    assert_eq!(s.contacts_last_30_days, 3);
    assert_eq!(s.total_talk_time.num_seconds(), 300 + 120);
    assert_eq!(s.average_wait.unwrap().num_seconds(), (20 + 10) / 2);
    assert_eq!(s.comments.len(), 1);
    assert_eq!(s.comments[0].record_id, "a");
    assert_eq!(s.comments[0].note.text, "asked for a quote");
    let cats: Vec<(&str, u64)> = s
        .categories
        .iter()
        .map(|c| (c.category.as_str(), c.count))
        .collect();
    assert_eq!(cats, [("sales", 2), ("follow-up", 1)]);
    assert_eq!(s.ratings.len(), 2);
    assert_eq!(s.average_manager_rating, Some(4.0));
    assert_eq!(s.average_call_rating, Some(4.0));
    // serializes for the bindings
    let json = serde_json::to_value(&card).unwrap();
    assert_eq!(json["summary"]["total_talk_time"], 420.0);
}

#[test]
fn the_card_respects_the_viewer() {
    let now = ts("2024-05-31T00:00:00Z");
    let card = CardQuery::new("03-1234-5678", now)
        .default_region("JP")
        .viewer(Viewer::supervisor("Kato", ["Osaka"]))
        .run(history())
        .unwrap();
    assert_eq!(card.contacts.len(), 1);
    assert_eq!(card.contacts[0].id, "d");
    assert_eq!(card.contacts[0].price, None);
    let mgr = CardQuery::new("03-1234-5678", now)
        .default_region("JP")
        .viewer(Viewer::new(Role::Manager))
        .run(history())
        .unwrap();
    assert!(mgr.contacts.iter().any(|r| r.price.is_some()));
}

#[test]
fn empty_card_and_bad_numbers() {
    let now = ts("2024-05-31T00:00:00Z");
    let card = CardQuery::new("+48 789 789 789", now)
        .run(history())
        .unwrap();
    assert_eq!(card.summary.total, 0);
    assert_eq!(card.summary.first_contact, None);
    assert_eq!(card.summary.average_wait, None);
    assert_eq!(card.summary.average_call_rating, None);
    // a national number needs a region
    let e = CardQuery::new("03-1234-5678", now)
        .run(history())
        .unwrap_err();
    assert!(
        matches!(e, Error::Filter { ref field, .. } if field == "number"),
        "{e}"
    );
    let e = CardQuery::new("not a number", now)
        .default_region("JP")
        .run(history())
        .unwrap_err();
    assert!(
        matches!(e, Error::Filter { ref field, .. } if field == "number"),
        "{e}"
    );
}
