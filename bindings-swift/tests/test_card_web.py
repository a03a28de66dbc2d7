"""Seed 003 (Ringostat call card) through the C ABI: web sessions in, statistics, last visit,
top 5 pages and the sessions history out, incoming/outgoing counts, and editContact."""

import pytest

from conftest import ts


def call(cl, id, start, **kw):
    return cl.CallRecord(id=id, channel=cl.Channel.VOICE, timeline=cl.CallTimeline(started_at=ts(start)), **kw)


def log(cl):
    return cl.CallLog([
        call(cl, "R-1", "2024-05-10T09:05:00Z", direction=cl.Direction.INBOUND, _from="+48 600 100 200"),
        call(cl, "R-2", "2024-05-18T12:00:00Z", direction=cl.Direction.OUTBOUND, to="600100200"),
        call(cl, "R-3", "2024-05-18T12:00:00Z", direction=cl.Direction.INBOUND, _from="+48 600 100 201"),
    ])


def test_seed003_card_web_sections(cl):
    sessions = [
        cl.WebSession(id="s-1", started_at=ts("2024-05-10T09:00:00Z"), customer="+48600100200",
                      ended_at=ts("2024-05-10T09:20:00Z"),
                      visit=cl.Visit(source="google", medium="cpc", landing_page="/oferta"),
                      device="desktop", os="Windows 11", geolocation="Warszawa, PL",
                      pages=[cl.PageView(url="/oferta", time_on_page=80.0), cl.PageView(url="/kontakt", time_on_page=15.0)]),
        cl.WebSession(id="s-2", started_at=ts("2024-05-18T11:50:00Z"), customer="600 100 200",
                      device="mobile", os="Android 14", geolocation="Kraków, PL", contact_ids=["R-2"],
                      pages=[cl.PageView(url="/oferta", time_on_page=30.0), cl.PageView(url="/cennik")]),
        cl.WebSession(id="s-x", started_at=ts("2024-05-18T11:00:00Z"), customer="+48 600 100 201"),
    ]
    card = log(cl).customer_card("600 100 200", "PL", ts("2024-05-20T00:00:00Z"), sessions=sessions)
    s = card.summary
    assert (s.total, s.incoming, s.outgoing) == (2, 1, 1)
    st = card.statistics
    assert (st.days_since_first_visit, st.days_since_last_visit) == (9, 1)
    assert (st.total_calls, st.total_sessions, st.calls_last_30_days, st.page_views_last_30_days) == (2, 2, 2, 4)
    assert (card.last_visit.id, card.last_visit.device, card.last_visit.os) == ("s-2", "mobile", "Android 14")
    assert [(p.url, p.views, p.time_spent) for p in card.top_pages[:2]] == [("/oferta", 2, 110.0), ("/kontakt", 1, 15.0)]
    assert [(x.id, x.contact_ids) for x in card.sessions] == [("s-2", ["R-2"]), ("s-1", ["R-1"])]
    assert card.sessions[1].visit.source == "google"
    bad = cl.WebSession(id="bad", started_at=ts("2024-05-18T11:50:00Z"), customer="600100200",
                        ended_at=ts("2024-05-18T11:00:00Z"))
    with pytest.raises(cl.CallLogError.Invalid) as e:
        log(cl).customer_card("600 100 200", "PL", sessions=[bad])
    assert (e.value.record_id, e.value.field) == ("bad", "ended_at")


def test_seed003_edit_contact(cl):
    r = log(cl).records()[0]
    E = cl.ContactEdit
    e = cl.edit_contact(r, [E.ADD_CATEGORY(category="lead"), E.ADD_COMMENT(note=cl.Note(text="Oddzwonić")),
                            E.MANAGER_RATING(rating=4), E.CALL_RATING(rating=5)])
    assert (e.categories, [n.text for n in e.notes], e.manager_rating, e.call_rating) == (["lead"], ["Oddzwonić"], 4, 5)
    e2 = cl.edit_contact(e, [E.REMOVE_COMMENT(index=0), E.REMOVE_CATEGORY(category="lead"), E.MANAGER_RATING(rating=None)])
    assert (e2.categories, e2.notes, e2.manager_rating, e2.call_rating) == ([], [], None, 5)
    for edit, field in [(E.CALL_RATING(rating=6), "call_rating"), (E.REMOVE_CATEGORY(category="x"), "categories"),
                        (E.REMOVE_COMMENT(index=2), "notes[2]"), (E.ADD_COMMENT(note=cl.Note(text=" ")), "notes[0]")]:
        with pytest.raises(cl.CallLogError.Invalid) as err:
            cl.edit_contact(e2, [edit])
        assert (err.value.record_id, err.value.field) == ("R-1", field)
