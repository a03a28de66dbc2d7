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

/// Seed 003's web sections, on a Ringostat-like history: three visits of the customer (one
/// tied to call `b` by the tracker, one during which call `c` started), one visit of another
/// visitor, and the card at 2024-05-31.
fn sessions() -> Vec<calllog::web::WebSession> {
    use calllog::TimeDelta;
    use calllog::web::{PageView, WebSession};
    let secs = TimeDelta::seconds;
    vec![
        WebSession::new("s-old", ts("2024-03-01T09:00:00Z"))
            .customer("+81 3-1234-5678")
            .ended_at(ts("2024-03-01T09:10:00Z"))
            .device("desktop")
            .page(PageView::new("/").time_on_page(secs(30))),
        WebSession::new("s-may", ts("2024-05-10T01:50:00Z"))
            .contact("b") // tied by the tracker, no number
            .ended_at(ts("2024-05-10T01:58:00Z"))
            .visit(calllog::Visit {
                source: Some("google".into()),
                medium: Some("cpc".into()),
                landing_page: Some("/pricing".into()),
                ..Default::default()
            })
            .page(PageView::new("/pricing").time_on_page(secs(120)))
            .page(PageView::new("/contact").time_on_page(secs(20))),
        WebSession::new("s-last", ts("2024-05-20T02:55:00Z"))
            .customer("03-1234-5678")
            .ended_at(ts("2024-05-20T03:05:00Z"))
            .device("mobile")
            .os("iOS 17")
            .geolocation("Tokyo, JP")
            .page(PageView::new("/pricing").time_on_page(secs(45)))
            .page(PageView::new("/faq").time_on_page(secs(200)))
            .page(PageView::new("/blog/1"))
            .page(PageView::new("/a").time_on_page(secs(1)))
            .page(PageView::new("/b").time_on_page(secs(2)))
            .page(PageView::new("/c").time_on_page(secs(3))),
        WebSession::new("s-other", ts("2024-05-21T00:00:00Z")).customer("03-1234-5679"),
    ]
}

#[test]
fn seed_003_statistics_last_visit_top_pages_and_sessions() {
    let card = CardQuery::new("+81 3-1234-5678", ts("2024-05-31T00:00:00Z"))
        .default_region("JP")
        .run_with_sessions(history(), sessions())
        .unwrap();
    // Call details: incoming and outgoing beside the total
    assert_eq!(card.summary.total, 4);
    assert_eq!((card.summary.incoming, card.summary.outgoing), (3, 1));
    // Statistics
    let s = &card.statistics;
    assert_eq!(s.days_since_first_visit, Some(90)); // 2024-03-01 09:00 -> 05-31 00:00: 90 days 15 h
    assert_eq!(s.days_since_last_visit, Some(10));
    assert_eq!((s.total_calls, s.total_sessions), (4, 3));
    assert_eq!(s.calls_last_30_days, 3); // b (05-10), c (05-20), d (05-25)
    assert_eq!(s.page_views_last_30_days, 8); // s-may 2 + s-last 6; s-old is older
    // Last visit
    let last = card.last_visit.as_ref().unwrap();
    assert_eq!(last.id, "s-last");
    assert_eq!(
        (
            last.device.as_deref(),
            last.os.as_deref(),
            last.geolocation.as_deref()
        ),
        (Some("mobile"), Some("iOS 17"), Some("Tokyo, JP"))
    );
    // Top 5 pages of the last 30 days, most time first; /pricing sums both visits
    let top: Vec<(&str, u64, i64)> = card
        .top_pages
        .iter()
        .map(|p| (p.url.as_str(), p.views, p.time_spent.num_seconds()))
        .collect();
    assert_eq!(
        top,
        [
            ("/faq", 1, 200),
            ("/pricing", 2, 165),
            ("/contact", 1, 20),
            ("/c", 1, 3),
            ("/b", 1, 2)
        ]
    );
    // Sessions history: newest first, the other visitor's left out, contacts per visit
    let hist: Vec<(&str, Vec<&str>)> = card
        .sessions
        .iter()
        .map(|s| {
            (
                s.id.as_str(),
                s.contact_ids.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        hist,
        [
            ("s-last", vec!["c"]),
            ("s-may", vec!["b"]),
            ("s-old", vec![])
        ]
    );
    assert_eq!(card.sessions[1].visit.source.as_deref(), Some("google"));
    // a card without sessions has empty web sections
    let plain = CardQuery::new("+81 3-1234-5678", ts("2024-05-31T00:00:00Z"))
        .default_region("JP")
        .run(history())
        .unwrap();
    assert_eq!(plain.statistics.total_sessions, 0);
    assert_eq!(plain.statistics.days_since_last_visit, None);
    assert!(plain.last_visit.is_none() && plain.top_pages.is_empty());
}

#[test]
fn sessions_are_validated_and_hidden_contacts_stay_hidden() {
    use calllog::web::WebSession;
    let q = CardQuery::new("+81 3-1234-5678", ts("2024-05-31T00:00:00Z")).default_region("JP");
    let bad = WebSession::new("s-bad", ts("2024-05-10T02:00:00Z"))
        .customer("03-1234-5678")
        .ended_at(ts("2024-05-10T01:00:00Z"));
    assert!(matches!(
        q.run_with_sessions(history(), [bad]),
        Err(Error::Invalid { record_id, field, .. }) if record_id == "s-bad" && field == "ended_at"
    ));
    // a supervisor of Osaka sees only d; a session naming b keeps no trace of b
    let sup = q
        .clone()
        .viewer(Viewer::supervisor("Kato", ["Osaka"]))
        .run_with_sessions(history(), sessions())
        .unwrap();
    assert_eq!(sup.summary.total, 1);
    assert!(
        sup.sessions
            .iter()
            .all(|s| !s.contact_ids.contains(&"b".to_string()))
    );
    assert!(sup.sessions.iter().all(|s| s.id != "s-may"));
}

#[test]
fn seed_003_comments_categories_and_ratings_are_edited_with_validation() {
    use calllog::web::ContactEdit;
    let mut a = history().into_iter().find(|r| r.id == "a").unwrap();
    a.edit([
        ContactEdit::AddCategory("vip".into()),
        ContactEdit::AddComment(Note {
            author: Some("TOP manager".into()),
            at: Some(ts("2024-06-01T00:00:00Z")),
            text: "Good call, follow up in June".into(),
        }),
        ContactEdit::CallRating(Some(5)),
        ContactEdit::ManagerRating(None),
    ])
    .unwrap();
    assert_eq!(a.categories, ["sales", "vip"]);
    assert_eq!(a.notes.len(), 2);
    assert_eq!((a.manager_rating, a.call_rating), (None, Some(5)));
    let before = a.clone();
    for (edit, field) in [
        (ContactEdit::AddCategory("vip".into()), "categories"),
        (ContactEdit::RemoveCategory("none".into()), "categories"),
        (ContactEdit::AddCategory(" ".into()), "categories"),
        (ContactEdit::RemoveComment(7), "notes[7]"),
        (ContactEdit::AddComment(Note::default()), "notes[2]"),
        (ContactEdit::ManagerRating(Some(0)), "manager_rating"),
    ] {
        let err = a
            .edit([ContactEdit::RemoveCategory("sales".into()), edit])
            .unwrap_err();
        assert!(
            matches!(&err, Error::Invalid { record_id, field: f, .. } if record_id == "a" && f == field),
            "{err}"
        );
        assert_eq!(a, before, "a failed edit changes nothing");
    }
    a.edit([
        ContactEdit::RemoveComment(0),
        ContactEdit::RemoveCategory("sales".into()),
    ])
    .unwrap();
    assert_eq!(a.notes[0].text, "Good call, follow up in June");
    assert_eq!(a.categories, ["vip"]);
    // edits are serde values, for the bindings and JSON APIs
    let e: Vec<ContactEdit> =
        serde_json::from_str(r#"[{"add_category":"lead"},{"call_rating":4},{"remove_comment":0}]"#)
            .unwrap();
    assert_eq!(e[1], ContactEdit::CallRating(Some(4)));
}
