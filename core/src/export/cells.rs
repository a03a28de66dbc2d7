//! From a record and a column to a cell value, and from a cell value to text. Shared by the
//! CSV and XLSX sinks, so both write the same thing.

use std::fmt::Write as _;

use chrono::format::Item;
use chrono::{Datelike, TimeDelta, TimeZone, Timelike};
use chrono_tz::Tz;

use super::columns::{Column, Field, RecordKind, Scope};
use super::profile::{DEFAULT_DATETIME_FORMAT, DurationFormat, EnumStyle, ExportProfile, Layout};
use crate::access::Viewer;
use crate::model::{
    Agent, CallRecord, CallbackRecord, IvrStep, Money, Note, RingEvent, SurveyAnswer, Timestamp,
};
use crate::rules::{Derived, ivr_step_duration};
use crate::vocab::{Locale, Vocabulary};

/// One cell, borrowed from its record.
#[derive(Debug, Clone, Copy)]
pub enum Cell<'a> {
    /// Blank.
    Empty,
    /// Text.
    Text(&'a str),
    /// A whole number.
    Int(i64),
    /// Money.
    Money(&'a Money),
    /// A moment.
    DateTime(Timestamp),
    /// A length of time.
    Duration(TimeDelta),
    /// Seed 000 L: the recording is still being processed: `0` in CSV, blank in XLSX.
    Processing,
    /// Yes / no.
    Flag(bool),
    /// Seed 002: success (green) or failure (red).
    Success(bool),
    /// Seed 002's attempt result, "с цветовой индикацией": green when successful, red when not.
    Graded {
        /// Machine name.
        machine: &'static str,
        /// Label in the profile's locale.
        label: &'static str,
        /// Whether it counts as a success.
        success: bool,
    },
    /// A vocabulary value.
    Enum {
        /// Machine name.
        machine: &'static str,
        /// Label in the profile's locale.
        label: &'static str,
    },
    /// Several values rendered into one text cell.
    Joined(Joined<'a>),
}

/// Values that become one text cell.
#[derive(Debug, Clone, Copy)]
pub enum Joined<'a> {
    /// Escaped list of strings, `, ` separated.
    Strings(&'a [String]),
    /// Agent names in join order, `, ` separated (seed 000 C).
    AgentNames(&'a [Agent]),
    /// Note texts, one per line.
    NoteTexts(&'a [Note]),
    /// Ring history, one entry per line: time, staff, detail.
    Ring(&'a [RingEvent]),
    /// IVR tiles joined by ` > `.
    IvrNodes(&'a [IvrStep]),
    /// JSON of agents.
    AgentsJson(&'a [Agent]),
    /// JSON of notes.
    NotesJson(&'a [Note]),
    /// JSON of the ring history.
    RingJson(&'a [RingEvent]),
    /// JSON of the IVR path.
    IvrJson(&'a [IvrStep]),
    /// JSON of a survey.
    SurveyJson(&'a [SurveyAnswer]),
    /// JSON of the visit.
    VisitJson(&'a crate::model::Visit),
    /// JSON of the extra fields.
    ExtraJson(&'a std::collections::BTreeMap<String, String>),
}

impl Joined<'_> {
    /// A list of strings holding one empty string (it renders as nothing, like no list).
    pub(crate) fn is_one_empty(&self) -> bool {
        matches!(self, Joined::Strings([s]) if s.is_empty())
    }
}

/// Which detail a row of the detailed layout shows.
#[derive(Debug, Clone, Copy)]
pub enum Detail<'a> {
    /// The contact's first (or only) row without a detail.
    None,
    /// IVR step `index` (0-based), with the next step.
    Ivr(usize, &'a IvrStep, Option<&'a IvrStep>),
    /// A ring-history entry.
    Ring(&'a RingEvent),
}

/// Records an export can write. Implemented by [`CallRecord`] and [`CallbackRecord`]; sealed.
pub trait ExportRow: sealed::Sealed {
    /// Which columns apply.
    const KIND: RecordKind;
    /// Whether `viewer` may see this row.
    fn visible_to(&self, viewer: &Viewer) -> bool;
}

pub(crate) mod sealed {
    use super::*;

    pub trait Sealed {
        fn as_call(&self) -> Option<&CallRecord>;
        fn derive_for(&self, profile: &ExportProfile) -> Option<Derived>;
        fn details(&self, ivr: bool, ring: bool) -> (usize, usize);
        fn detail(&self, i: usize, n_ivr: usize, n_ring: usize) -> Detail<'_>;
        fn cell<'a>(
            &'a self,
            col: Column,
            d: Option<&Derived>,
            detail: Detail<'a>,
            f: &Formatter,
        ) -> Cell<'a>;
    }
}

impl ExportRow for CallRecord {
    const KIND: RecordKind = RecordKind::Call;
    fn visible_to(&self, viewer: &Viewer) -> bool {
        viewer.can_see(self)
    }
}

impl ExportRow for CallbackRecord {
    const KIND: RecordKind = RecordKind::Callback;
    /// Seed 001 does not restrict callbacks by group: whoever sees everything sees them all,
    /// supervisors too; an operator sees the entries assigned to them (with the history
    /// switch on).
    fn visible_to(&self, viewer: &Viewer) -> bool {
        match viewer.role {
            crate::Role::Operator => {
                viewer.history_access
                    && viewer.user.is_some()
                    && self.assignee.as_deref() == viewer.user.as_deref()
            }
            _ => true,
        }
    }
}

fn vocab<V: Vocabulary>(v: V, f: &Formatter) -> Cell<'static> {
    Cell::Enum {
        machine: v.as_str(),
        label: v.label(f.locale),
    }
}

fn opt_vocab<V: Vocabulary>(v: Option<V>, f: &Formatter) -> Cell<'static> {
    v.map_or(Cell::Empty, |v| vocab(v, f))
}

fn text(s: &Option<String>) -> Cell<'_> {
    s.as_deref().map_or(Cell::Empty, Cell::Text)
}

fn at(t: Option<Timestamp>) -> Cell<'static> {
    t.map_or(Cell::Empty, Cell::DateTime)
}

fn dur(d: Option<TimeDelta>) -> Cell<'static> {
    d.map_or(Cell::Empty, Cell::Duration)
}

fn joined<'a, T>(v: &'a [T], j: impl FnOnce(&'a [T]) -> Joined<'a>) -> Cell<'a> {
    if v.is_empty() {
        Cell::Empty
    } else {
        Cell::Joined(j(v))
    }
}

fn survey(v: &[SurveyAnswer], n: u8, answer: bool) -> Cell<'_> {
    match v.iter().find(|a| a.index == n) {
        Some(a) if answer => text(&a.answer),
        Some(a) => Cell::Text(&a.question),
        None => Cell::Empty,
    }
}

impl sealed::Sealed for CallRecord {
    fn as_call(&self) -> Option<&CallRecord> {
        Some(self)
    }

    fn derive_for(&self, profile: &ExportProfile) -> Option<Derived> {
        Some(profile.rules.derive(self))
    }

    fn details(&self, ivr: bool, ring: bool) -> (usize, usize) {
        (
            if ivr { self.ivr_path.len() } else { 0 },
            if ring { self.ring_history.len() } else { 0 },
        )
    }

    fn detail(&self, i: usize, n_ivr: usize, n_ring: usize) -> Detail<'_> {
        if i < n_ivr {
            Detail::Ivr(i, &self.ivr_path[i], self.ivr_path.get(i + 1))
        } else if i - n_ivr < n_ring {
            Detail::Ring(&self.ring_history[i - n_ivr])
        } else {
            Detail::None
        }
    }

    fn cell<'a>(
        &'a self,
        col: Column,
        d: Option<&Derived>,
        detail: Detail<'a>,
        f: &Formatter,
    ) -> Cell<'a> {
        use Field as F;
        let r = self;
        let t = &r.timeline;
        let rep = &r.reported;
        let rec = r.recording.as_ref();
        match col.field() {
            F::Id => Cell::Text(&r.id),
            F::Channel => vocab(r.channel, f),
            F::Direction => opt_vocab(r.direction, f),
            F::InteractionType => opt_vocab(r.interaction_type, f),
            F::CallType => opt_vocab(r.call_type, f),
            F::CallMode => opt_vocab(r.call_mode, f),
            F::Status => opt_vocab(r.status, f),
            F::CustomerName => text(&r.customer_name),
            F::From => text(&r.from),
            F::To => text(&r.to),
            F::Cc => joined(&r.cc, Joined::Strings),
            F::Bcc => joined(&r.bcc, Joined::Strings),
            F::Agents => joined(&r.agents, Joined::AgentNames),
            F::AgentsData => joined(&r.agents, Joined::AgentsJson),
            F::Queue => text(&r.queue),
            F::Campaign => text(&r.campaign),
            F::Scenario => text(&r.scenario),
            F::ScenarioUrl => text(&r.scenario_url),
            F::StartedAt => at(t.started_at),
            F::DialStartedAt => at(t.dial_started_at),
            F::EnqueuedAt => at(t.enqueued_at),
            F::DequeuedAt => at(t.dequeued_at),
            F::OfferedAt => at(t.offered_at),
            F::AnsweredOrCancelledAt => at(t.answered_or_cancelled_at),
            F::TalkStartedAt => at(t.talk_started_at),
            F::TalkEndedAt => at(t.talk_ended_at),
            F::AfterCallWorkStartedAt => at(t.after_call_work_started_at),
            F::AfterCallWorkEndedAt => at(t.after_call_work_ended_at),
            F::ClosedAt => at(t.closed_at),
            F::ReportedWait => dur(rep.wait),
            F::ReportedDial => dur(rep.dial),
            F::ReportedTalk => dur(rep.talk),
            F::ReportedAgentTalk => dur(rep.agent_talk),
            F::ReportedIvr => dur(rep.ivr),
            F::ReportedHold => dur(rep.hold),
            F::ReportedAfterCallWork => dur(rep.after_call_work),
            F::ReportedTotal => dur(rep.total),
            F::EndReason => text(&r.end_reason),
            F::DisconnectSide => opt_vocab(r.disconnect_side, f),
            F::HoldCount => r.hold_count.map_or(Cell::Empty, |n| Cell::Int(n.into())),
            F::AttemptResult => r.attempt_result.map_or(Cell::Empty, |v| Cell::Graded {
                machine: v.as_str(),
                label: v.label(f.locale),
                success: v.is_success(),
            }),
            F::CompletionCode => text(&r.completion_code),
            F::CallbackAt => at(r.callback_at),
            F::Attempts => r.attempts.map_or(Cell::Empty, |n| Cell::Int(n.into())),
            F::Tags => joined(&r.tags, Joined::Strings),
            F::Topics => joined(&r.topics, Joined::Strings),
            F::Categories => joined(&r.categories, Joined::Strings),
            F::Classifier => text(&r.classifier),
            F::Notes => joined(&r.notes, Joined::NoteTexts),
            F::NotesData => joined(&r.notes, Joined::NotesJson),
            F::ManagerRating => r
                .manager_rating
                .map_or(Cell::Empty, |n| Cell::Int(n.into())),
            F::CallRating => r.call_rating.map_or(Cell::Empty, |n| Cell::Int(n.into())),
            F::RecordingUrl => rec.map_or(Cell::Empty, |x| text(&x.url)),
            F::RecordingDuration => match rec {
                Some(x) if x.processing => Cell::Processing,
                Some(x) => dur(x.duration),
                None => Cell::Empty,
            },
            F::RecordingProcessing => rec.map_or(Cell::Flag(false), |x| Cell::Flag(x.processing)),
            F::RecordingFormat => rec.map_or(Cell::Empty, |x| text(&x.format)),
            F::Price => r.price.as_ref().map_or(Cell::Empty, Cell::Money),
            F::PriceCurrency => r
                .price
                .as_ref()
                .map_or(Cell::Empty, |m| Cell::Text(&m.currency)),
            F::CoBrowse => Cell::Flag(r.co_browse),
            F::RingHistory => joined(&r.ring_history, Joined::Ring),
            F::RingHistoryData => joined(&r.ring_history, Joined::RingJson),
            F::Brand => text(&r.brand),
            F::Service => text(&r.service),
            F::Menu => text(&r.menu),
            F::StaffMemo => text(&r.staff_memo),
            F::CustomerUserAgent => text(&r.customer_user_agent),
            F::StaffUserAgent => text(&r.staff_user_agent),
            F::ExtraInfo => text(&r.extra_info),
            F::ChatLog => text(&r.chat_log),
            F::PreSurveyQuestion => survey(&r.pre_survey, col.number(), false),
            F::PreSurveyAnswer => survey(&r.pre_survey, col.number(), true),
            F::PostSurveyQuestion => survey(&r.post_survey, col.number(), false),
            F::PostSurveyAnswer => survey(&r.post_survey, col.number(), true),
            F::PreSurveyData => joined(&r.pre_survey, Joined::SurveyJson),
            F::PostSurveyData => joined(&r.post_survey, Joined::SurveyJson),
            F::VisitData => r
                .visit
                .as_ref()
                .map_or(Cell::Empty, |v| Cell::Joined(Joined::VisitJson(v))),
            F::RecordId => text(&r.record_id),
            F::SignificantField => text(&r.significant_field),
            F::TicketId => text(&r.ticket_id),
            F::RequestId => text(&r.request_id),
            F::IvrPath => joined(&r.ivr_path, Joined::IvrNodes),
            F::IvrPathData => joined(&r.ivr_path, Joined::IvrJson),
            F::ExtraData => {
                if r.extra.is_empty() {
                    Cell::Empty
                } else {
                    Cell::Joined(Joined::ExtraJson(&r.extra))
                }
            }
            F::Wait => dur(d.and_then(|d| d.wait)),
            F::Dial => dur(d.and_then(|d| d.dial)),
            F::Talk => dur(d.and_then(|d| d.talk)),
            F::AgentTalk => dur(d.and_then(|d| d.agent_talk)),
            F::IvrTime => dur(d.and_then(|d| d.ivr)),
            F::Hold => dur(d.and_then(|d| d.hold)),
            F::AfterCallWork => dur(d.and_then(|d| d.after_call_work)),
            F::Total => dur(d.and_then(|d| d.total)),
            F::Handle => dur(d.and_then(|d| d.handle)),
            F::Outcome => d.map_or(Cell::Empty, |d| vocab(d.outcome, f)),
            F::Success => d.map_or(Cell::Empty, |d| Cell::Success(d.success)),
            F::IvrStepNumber => match detail {
                Detail::Ivr(i, ..) => Cell::Int(i as i64 + 1),
                _ => Cell::Empty,
            },
            F::IvrNode => match detail {
                Detail::Ivr(_, s, _) => Cell::Text(&s.node),
                _ => Cell::Empty,
            },
            F::IvrEnteredAt => match detail {
                Detail::Ivr(_, s, _) => at(s.entered_at),
                _ => Cell::Empty,
            },
            F::IvrLeftAt => match detail {
                Detail::Ivr(_, s, _) => at(s.left_at),
                _ => Cell::Empty,
            },
            F::IvrStepDuration => match detail {
                Detail::Ivr(_, s, next) => dur(ivr_step_duration(s, next)),
                _ => Cell::Empty,
            },
            F::IvrChoice => match detail {
                Detail::Ivr(_, s, _) => text(&s.choice),
                _ => Cell::Empty,
            },
            F::IvrDetail => match detail {
                Detail::Ivr(_, s, _) => text(&s.detail),
                _ => Cell::Empty,
            },
            F::RingAt => match detail {
                Detail::Ring(e) => at(e.at),
                _ => Cell::Empty,
            },
            F::RingStaff => match detail {
                Detail::Ring(e) => Cell::Text(&e.staff_name),
                _ => Cell::Empty,
            },
            F::RingDetail => match detail {
                Detail::Ring(e) => text(&e.detail),
                _ => Cell::Empty,
            },
            _ => Cell::Empty,
        }
    }
}

impl sealed::Sealed for CallbackRecord {
    fn as_call(&self) -> Option<&CallRecord> {
        None
    }

    fn derive_for(&self, _: &ExportProfile) -> Option<Derived> {
        None
    }

    fn details(&self, _: bool, _: bool) -> (usize, usize) {
        (0, 0)
    }

    fn detail(&self, _: usize, _: usize, _: usize) -> Detail<'_> {
        Detail::None
    }

    fn cell<'a>(
        &'a self,
        col: Column,
        _: Option<&Derived>,
        _: Detail<'a>,
        f: &Formatter,
    ) -> Cell<'a> {
        use Field as F;
        let r = self;
        match col.field() {
            F::CallbackId => Cell::Text(&r.id),
            F::CallbackRegisteredAt => at(r.registered_at),
            F::CallbackIncomingAt => at(r.incoming_at),
            F::CallbackAssignee => text(&r.assignee),
            F::CallbackState => vocab(r.state, f),
            F::CallbackCallCenter => text(&r.call_center),
            F::CallbackBusinessLabel => text(&r.business_label),
            F::CallbackCallerNumber => text(&r.caller_number),
            F::CallbackOurNumber => text(&r.our_number),
            F::CallbackRequestId => text(&r.request_id),
            F::CallbackRecording => r.recording.as_ref().map_or(Cell::Empty, |x| text(&x.url)),
            F::CallbackMemo => text(&r.memo),
            _ => Cell::Empty,
        }
    }
}

/// How values become text: the profile's locale, time zone and formats, resolved once.
#[derive(Debug)]
pub struct Formatter {
    pub(crate) locale: Locale,
    tz: Tz,
    utc: bool,
    fast_datetime: bool,
    items: Vec<Item<'static>>,
    pub(crate) durations: DurationFormat,
    pub(crate) enums: EnumStyle,
}

/// Yes-labels of a flag (seed 000 M: あり).
const YES: [&str; 4] = ["Yes", "あり", "Да", "Tak"];
/// Seed 002's success / failure.
const SUCCESS: [&str; 4] = ["Success", "成功", "Успешно", "Sukces"];
const FAILURE: [&str; 4] = ["Failure", "失敗", "Неуспешно", "Porażka"];

fn li(l: Locale) -> usize {
    match l {
        Locale::En => 0,
        Locale::Ja => 1,
        Locale::Ru => 2,
        Locale::Pl => 3,
    }
}

/// The label of a true flag in `locale`.
pub(crate) fn yes_label(l: Locale) -> &'static str {
    YES[li(l)]
}

/// The success and failure labels in `locale`.
pub(crate) fn success_labels(l: Locale) -> (&'static str, &'static str) {
    (SUCCESS[li(l)], FAILURE[li(l)])
}

impl Formatter {
    pub(crate) fn new(p: &ExportProfile) -> crate::Result<Self> {
        let items = chrono::format::StrftimeItems::new(&p.datetime_format)
            .parse_to_owned()
            .map_err(|e| crate::Error::ExportOption {
                option: "datetime_format".into(),
                reason: format!("{:?}: {e}", p.datetime_format),
            })?;
        Ok(Formatter {
            locale: p.locale,
            tz: p.time_zone,
            utc: p.time_zone == Tz::UTC,
            fast_datetime: p.datetime_format == DEFAULT_DATETIME_FORMAT,
            items,
            durations: p.durations,
            enums: p.enums,
        })
    }

    /// The local wall-clock time of `t` in the profile's zone.
    #[inline]
    pub(crate) fn local(&self, t: Timestamp) -> chrono::NaiveDateTime {
        if self.utc {
            t.naive_utc()
        } else {
            self.tz.from_utc_datetime(&t.naive_utc()).naive_local()
        }
    }

    /// `t` in the default format (`YYYY-MM-DD HH:MM:SS`), when that is the format.
    #[inline]
    pub(crate) fn datetime_fast(&self, t: Timestamp) -> Option<[u8; 19]> {
        if !self.fast_datetime {
            return None;
        }
        let n = self.local(t);
        let y = n.year();
        if !(0..=9999).contains(&y) {
            return None;
        }
        let mut b = *b"0000-00-00 00:00:00";
        let y = y as u32;
        put2(&mut b[0..2], y / 100);
        put2(&mut b[2..4], y % 100);
        put2(&mut b[5..7], n.month());
        put2(&mut b[8..10], n.day());
        put2(&mut b[11..13], n.hour());
        put2(&mut b[14..16], n.minute());
        put2(&mut b[17..19], n.second());
        Some(b)
    }

    /// Whether date-times use the default format.
    #[inline]
    pub(crate) fn fast_datetime(&self) -> bool {
        self.fast_datetime
    }

    /// Writes `t` as text.
    pub(crate) fn datetime(&self, t: Timestamp, out: &mut String) {
        if let Some(b) = self.datetime_fast(t) {
            out.push_str(std::str::from_utf8(&b).expect("ascii digits"));
            return;
        }
        let local = self.tz.from_utc_datetime(&t.naive_utc());
        let _ = write!(out, "{}", local.format_with_items(self.items.iter()));
    }

    /// Writes a duration as text: seconds (`42`, `1.5`) or clock (`0:00:42`).
    pub(crate) fn duration(&self, d: TimeDelta, out: &mut String) {
        let mut b = DurationText::default();
        out.push_str(self.duration_text(d, &mut b));
    }

    /// A duration as ASCII text in `buf`.
    #[inline]
    pub(crate) fn duration_text<'b>(&self, d: TimeDelta, buf: &'b mut DurationText) -> &'b str {
        let ms = d.num_milliseconds();
        let b = &mut buf.0;
        let mut n = 0;
        let mut push = |bytes: &[u8]| {
            b[n..n + bytes.len()].copy_from_slice(bytes);
            n += bytes.len();
        };
        if ms < 0 {
            push(b"-");
        }
        let ms = ms.unsigned_abs();
        let (secs, frac) = (ms / 1000, ms % 1000);
        let mut ib = itoa::Buffer::new();
        match self.durations {
            DurationFormat::Seconds => push(ib.format(secs).as_bytes()),
            DurationFormat::Clock => {
                push(ib.format(secs / 3600).as_bytes());
                let mut mmss = *b":00:00";
                put2(&mut mmss[1..3], ((secs / 60) % 60) as u32);
                put2(&mut mmss[4..6], (secs % 60) as u32);
                push(&mmss);
            }
        }
        if frac != 0 {
            let f = [
                b'.',
                b'0' + (frac / 100) as u8,
                b'0' + (frac / 10 % 10) as u8,
                b'0' + (frac % 10) as u8,
            ];
            let mut len = 4;
            while f[len - 1] == b'0' {
                len -= 1;
            }
            push(&f[..len]);
        }
        std::str::from_utf8(&buf.0[..n]).expect("ascii digits")
    }

    /// Writes an enum's label or machine name.
    #[inline]
    pub(crate) fn enum_text(&self, machine: &'static str, label: &'static str) -> &'static str {
        match self.enums {
            EnumStyle::Label => label,
            EnumStyle::MachineName => machine,
        }
    }

    /// Writes a flag: the yes-label or blank; `true` / `false` with machine names.
    pub(crate) fn flag_text(&self, v: bool) -> &'static str {
        match (self.enums, v) {
            (EnumStyle::Label, true) => yes_label(self.locale),
            (EnumStyle::Label, false) => "",
            (EnumStyle::MachineName, true) => "true",
            (EnumStyle::MachineName, false) => "false",
        }
    }

    /// Writes success / failure.
    pub(crate) fn success_text(&self, v: bool) -> &'static str {
        match (self.enums, v) {
            (EnumStyle::Label, true) => success_labels(self.locale).0,
            (EnumStyle::Label, false) => success_labels(self.locale).1,
            (EnumStyle::MachineName, true) => "success",
            (EnumStyle::MachineName, false) => "failure",
        }
    }

    /// Writes a joined cell.
    pub(crate) fn joined(&self, j: Joined<'_>, out: &mut String) {
        match j {
            Joined::Strings(v) => {
                for (i, s) in v.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    for c in s.chars() {
                        if c == '\\' || c == ',' {
                            out.push('\\');
                        }
                        out.push(c);
                    }
                }
            }
            Joined::AgentNames(v) => {
                for (i, a) in v.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(&a.name);
                }
            }
            Joined::NoteTexts(v) => {
                for (i, n) in v.iter().enumerate() {
                    if i > 0 {
                        out.push('\n');
                    }
                    out.push_str(&n.text);
                }
            }
            Joined::Ring(v) => {
                for (i, e) in v.iter().enumerate() {
                    if i > 0 {
                        out.push('\n');
                    }
                    if let Some(t) = e.at {
                        self.datetime(t, out);
                        out.push(' ');
                    }
                    out.push_str(&e.staff_name);
                    if let Some(d) = &e.detail {
                        out.push_str(" (");
                        out.push_str(d);
                        out.push(')');
                    }
                }
            }
            Joined::IvrNodes(v) => {
                for (i, s) in v.iter().enumerate() {
                    if i > 0 {
                        out.push_str(" > ");
                    }
                    out.push_str(&s.node);
                }
            }
            Joined::AgentsJson(v) => self.json(v, out),
            Joined::NotesJson(v) => self.json(v, out),
            Joined::RingJson(v) => self.json(v, out),
            Joined::IvrJson(v) => self.json(v, out),
            Joined::SurveyJson(v) => self.json(v, out),
            Joined::VisitJson(v) => self.json(v, out),
            Joined::ExtraJson(v) => self.json(v, out),
        }
    }

    /// Appends `v` as JSON to `out`, writing into `out`'s own buffer (no scratch, so the
    /// formatter is shared by the threads of a CSV export).
    fn json<T: serde::Serialize + ?Sized>(&self, v: &T, out: &mut String) {
        let mut buf = std::mem::take(out).into_bytes();
        let len = buf.len();
        // Serializing plain data into a Vec cannot fail; if it did, the cell stays as it was.
        if serde_json::to_writer(&mut buf, v).is_err() {
            buf.truncate(len);
        }
        *out = String::from_utf8(buf).unwrap_or_else(|e| {
            // serde_json writes UTF-8; keep the valid prefix rather than panic.
            let valid = e.utf8_error().valid_up_to();
            let mut b = e.into_bytes();
            b.truncate(valid);
            String::from_utf8(b).unwrap_or_default()
        });
    }
}

/// Writes the money amount exactly (`0.0125`, `-3`).
pub(crate) fn money_text(m: &Money, out: &mut String) {
    if m.units < 0 {
        out.push('-');
    }
    let mut b = itoa::Buffer::new();
    let digits = b.format(m.units.unsigned_abs());
    let scale = m.scale as usize;
    if scale == 0 {
        out.push_str(digits);
    } else if digits.len() > scale {
        out.push_str(&digits[..digits.len() - scale]);
        out.push('.');
        out.push_str(&digits[digits.len() - scale..]);
    } else {
        out.push_str("0.");
        for _ in 0..scale - digits.len() {
            out.push('0');
        }
        out.push_str(digits);
    }
}

/// Room for the text of any duration.
#[derive(Debug)]
pub struct DurationText([u8; 48]);

impl Default for DurationText {
    fn default() -> Self {
        DurationText([0; 48])
    }
}

#[inline]
fn put2(b: &mut [u8], v: u32) {
    b[0] = b'0' + (v / 10 % 10) as u8;
    b[1] = b'0' + (v % 10) as u8;
}

/// The columns of a profile, resolved for one export: what the viewer may see, whether
/// derived fields and details are needed.
#[derive(Debug)]
pub(crate) struct Plan {
    pub(crate) columns: Vec<Column>,
    pub(crate) dropped: Vec<String>,
    pub(crate) needs_derived: bool,
    pub(crate) ivr_details: bool,
    pub(crate) ring_details: bool,
    pub(crate) repeat_contact: bool,
    pub(crate) viewer: Viewer,
}

impl Plan {
    pub(crate) fn new(p: &ExportProfile, kind: RecordKind) -> crate::Result<Plan> {
        p.check(kind)?;
        p.policy.check(&p.viewer)?;
        let (columns, dropped) = p.visible_columns();
        if columns.is_empty() {
            return Err(crate::Error::ExportOption {
                option: "columns".into(),
                reason: "the viewer may see none of the chosen columns".into(),
            });
        }
        let has = |s: Scope| columns.iter().any(|c| c.field().scope() == s);
        let (detailed, repeat_contact) = match p.layout {
            Layout::Simple => (false, true),
            Layout::Detailed {
                repeat_contact_fields,
            } => (true, repeat_contact_fields),
        };
        Ok(Plan {
            needs_derived: has(Scope::Derived),
            ivr_details: detailed && has(Scope::IvrStep),
            ring_details: detailed && has(Scope::RingEvent),
            repeat_contact,
            columns,
            dropped,
            viewer: p.viewer.clone(),
        })
    }

    /// The number of sheet rows of `r` and how many of them are IVR steps.
    #[inline]
    pub(crate) fn row_count<R: ExportRow>(&self, r: &R) -> (usize, (usize, usize)) {
        let (n_ivr, n_ring) = r.details(self.ivr_details, self.ring_details);
        ((n_ivr + n_ring).max(1), (n_ivr, n_ring))
    }

    /// The detail shown on sheet row `i` of `r`.
    #[inline]
    pub(crate) fn detail<'a, R: ExportRow>(
        &self,
        r: &'a R,
        i: usize,
        (n_ivr, n_ring): (usize, usize),
    ) -> Detail<'a> {
        r.detail(i, n_ivr, n_ring)
    }

    /// Whether `col` is left blank on a detail row after the first.
    #[inline]
    pub(crate) fn blank_on_later_rows(&self, col: Column) -> bool {
        !self.repeat_contact && matches!(col.field().scope(), Scope::Contact | Scope::Derived)
    }
}

pub(crate) use sealed::Sealed as RowImpl;
