//! Seed 001: the callback worklist and its search form.

use calllog::callbacks::{CallbackList, CallbackSearch, is_expired};
use calllog::{CallbackRecord, CallbackState, Error, Locale, TimeDelta, ts};

fn entry(
    id: &str,
    at: &str,
    center: &str,
    label: &str,
    caller: &str,
    ours: &str,
    req: &str,
) -> CallbackRecord {
    let mut e = CallbackRecord::new(id, ts(at));
    e.incoming_at = Some(ts(at) - TimeDelta::seconds(30));
    e.call_center = Some(center.into());
    e.business_label = Some(label.into());
    e.caller_number = Some(caller.into());
    e.our_number = Some(ours.into());
    e.request_id = Some(req.into());
    e
}

fn list() -> CallbackList {
    CallbackList::from_entries([
        entry(
            "1",
            "2024-07-01T01:00:00Z",
            "東京",
            "請求",
            "090-1111-2222",
            "201",
            "req-a",
        ),
        entry(
            "2",
            "2024-07-02T01:00:00Z",
            "東京",
            "解約",
            "03-5555-6666",
            "202",
            "req-b",
        ),
        entry(
            "3",
            "2024-07-03T01:00:00Z",
            "大阪",
            "請求",
            "080-1111-9999",
            "301",
            "req-c",
        ),
        entry(
            "4",
            "2024-07-10T01:00:00Z",
            "大阪",
            "新規",
            "06-7777-8888",
            "302",
            "req-d",
        ),
    ])
    .unwrap()
}

fn ids(v: &[CallbackRecord]) -> Vec<&str> {
    v.iter().map(|e| e.id.as_str()).collect()
}

#[test]
fn seed_001_search_form_fields() {
    let mut l = list();
    l.assign("1", "佐藤").unwrap();
    l.assign("3", "鈴木").unwrap();
    l.mark_done("3").unwrap();
    let s = |search: CallbackSearch| ids(&l.search(&search).unwrap()).join(",");

    // 期間
    assert_eq!(
        s(CallbackSearch {
            from: Some(ts("2024-07-02T00:00:00Z")),
            to: Some(ts("2024-07-04T00:00:00Z")),
            ..Default::default()
        }),
        "2,3"
    );
    // コールセンター名, 業務ラベル名
    assert_eq!(
        s(CallbackSearch {
            call_centers: vec!["大阪".into()],
            ..Default::default()
        }),
        "3,4"
    );
    assert_eq!(
        s(CallbackSearch {
            business_labels: vec!["請求".into()],
            ..Default::default()
        }),
        "1,3"
    );
    assert_eq!(
        s(CallbackSearch {
            call_centers: vec!["東京".into()],
            business_labels: vec!["請求".into()],
            ..Default::default()
        }),
        "1"
    );
    // 担当者
    assert_eq!(
        s(CallbackSearch {
            assignees: vec!["鈴木".into()],
            ..Default::default()
        }),
        "3"
    );
    assert_eq!(
        s(CallbackSearch {
            unassigned_only: true,
            ..Default::default()
        }),
        "2,4"
    );
    // 対応状況
    assert_eq!(
        s(CallbackSearch {
            state: Some(CallbackState::Done),
            ..Default::default()
        }),
        "3"
    );
    assert_eq!(
        s(CallbackSearch {
            state: Some(CallbackState::NotDone),
            ..Default::default()
        }),
        "1,2,4"
    );
    // 相手の番号 (digits, whatever the separators), こちらの番号
    assert_eq!(
        s(CallbackSearch {
            caller_number: Some("1111".into()),
            ..Default::default()
        }),
        "1,3"
    );
    assert_eq!(
        s(CallbackSearch {
            caller_number: Some("0901111".into()),
            ..Default::default()
        }),
        "1"
    );
    assert_eq!(
        s(CallbackSearch {
            our_number: Some("30".into()),
            ..Default::default()
        }),
        "3,4"
    );
    // リクエストID: exact
    assert_eq!(
        s(CallbackSearch {
            request_id: Some("req-b".into()),
            ..Default::default()
        }),
        "2"
    );
    assert_eq!(
        s(CallbackSearch {
            request_id: Some("req".into()),
            ..Default::default()
        }),
        ""
    );
    // an inverted period is an error
    let e = l
        .search(&CallbackSearch {
            from: Some(ts("2024-07-05T00:00:00Z")),
            to: Some(ts("2024-07-01T00:00:00Z")),
            ..Default::default()
        })
        .unwrap_err();
    assert!(
        matches!(e, Error::Filter { ref field, .. } if field == "period"),
        "{e}"
    );
}

#[test]
fn refine_keywords_all_must_appear() {
    let mut l = list();
    l.assign("1", "佐藤").unwrap();
    l.set_memo("2", Some("Customer asked about invoice".into()))
        .unwrap();
    let r = |q: &str| {
        ids(&l
            .search(&CallbackSearch {
                refine: Some(q.into()),
                locale: Locale::Ja,
                ..Default::default()
            })
            .unwrap())
        .join(",")
    };
    assert_eq!(r("東京 請求"), "1"); // both keywords, different columns
    assert_eq!(r("東京　佐藤"), "1"); // full-width space separates too
    assert_eq!(r("INVOICE"), "2"); // memo, case-insensitive
    assert_eq!(r("未完了 大阪"), "3,4"); // the state's Japanese label
    assert_eq!(r("東京 大阪"), "");
    assert_eq!(r("2024-07-10"), "4"); // registration date
}

#[test]
fn assign_done_memo_and_errors() {
    let mut l = list();
    l.assign("2", "田中").unwrap();
    assert_eq!(l.get("2").unwrap().assignee.as_deref(), Some("田中"));
    l.unassign("2").unwrap();
    assert_eq!(l.get("2").unwrap().assignee, None);
    l.mark_done("2").unwrap();
    assert_eq!(l.get("2").unwrap().state, CallbackState::Done);
    l.mark_not_done("2").unwrap();
    assert_eq!(l.get("2").unwrap().state, CallbackState::NotDone);

    // memo: 1,000 characters (not bytes) is fine, 1,001 is not and changes nothing
    l.set_memo("2", Some("あ".repeat(1000))).unwrap();
    let e = l.set_memo("2", Some("い".repeat(1001))).unwrap_err();
    assert!(
        matches!(e, Error::Invalid { ref record_id, ref field, .. } if record_id == "2" && field == "memo"),
        "{e}"
    );
    assert_eq!(
        l.get("2").unwrap().memo.as_ref().unwrap().chars().count(),
        1000
    );
    l.set_memo("2", None).unwrap();
    assert_eq!(l.get("2").unwrap().memo, None);

    for e in [
        l.assign("nope", "x").unwrap_err(),
        l.mark_done("nope").unwrap_err(),
        l.set_memo("nope", None).unwrap_err(),
    ] {
        assert!(
            matches!(e, Error::Invalid { ref record_id, .. } if record_id == "nope"),
            "{e}"
        );
    }
    assert!(l.assign("1", "  ").is_err());
    let dup = l.register(CallbackRecord::new("1", ts("2024-07-01T00:00:00Z")));
    assert!(dup.is_err());
    let bad = l.register(CallbackRecord {
        memo: Some("x".repeat(1001)),
        ..CallbackRecord::new("9", ts("2024-07-01T00:00:00Z"))
    });
    assert!(bad.is_err());
    assert_eq!(l.len(), 4);
    assert_eq!(l.remove("4").unwrap().id, "4");
    assert_eq!(l.len(), 3);
}

#[test]
fn retention_purge() {
    let mut l = list();
    l.register(CallbackRecord {
        id: "no-date".into(),
        ..Default::default()
    })
    .unwrap();
    let now = ts("2024-07-31T01:00:00Z");
    // 30 days: everything registered before 2024-07-01T01:00Z goes; exactly 30 days stays
    assert!(!is_expired(l.get("1").unwrap(), 30, now));
    assert!(is_expired(l.get("1").unwrap(), 29, now));
    let removed = l.purge_older_than(25, now);
    assert_eq!(removed, ["1", "2", "3"]);
    assert_eq!(
        l.entries()
            .iter()
            .map(|e| e.id.as_str())
            .collect::<Vec<_>>(),
        ["4", "no-date"]
    );
    assert!(l.purge_older_than(25, now).is_empty());
}

#[test]
fn search_streams_over_any_iterator() {
    let search = CallbackSearch {
        call_centers: vec!["大阪".into()],
        ..Default::default()
    };
    let n = search.filter_iter(list()).count();
    assert_eq!(n, 2);
    // and the list serializes for the bindings
    let json = list().to_json();
    assert!(json.starts_with('['), "a plain list: {json}");
    let back = CallbackList::from_json(&json).unwrap();
    assert_eq!(back, list());
    // reading back validates: a duplicate id or a too-long memo is refused
    let dup = format!(
        "[{0},{0}]",
        serde_json::to_string(&list().entries()[0]).unwrap()
    );
    assert!(CallbackList::from_json(&dup).is_err());
    let mut long = list().entries()[0].clone();
    long.memo = Some("x".repeat(1001));
    let bad = format!("[{}]", serde_json::to_string(&long).unwrap());
    let e = CallbackList::from_json(&bad).unwrap_err();
    assert!(e.to_string().contains("memo"), "{e}");
}
