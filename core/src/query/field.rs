//! The fields of a record that a query can sort by and that the free-text refine searches.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use chrono::TimeDelta;
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::access::Restricted;
use crate::error::{Error, Result};
use crate::model::{CallRecord, Timestamp};
use crate::rules::{self, Rules};
use crate::vocab::Locale;

macro_rules! fields {
    ($($(#[$m:meta])* $v:ident = $name:literal),* $(,)?) => {
        /// A field (column) of a [`CallRecord`], by a stable snake_case name.
        ///
        /// Sorting compares numbers and times as such, vocabulary values in declaration
        /// order, text by Unicode code points; a blank sorts after every value in either
        /// direction.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Field {
            $($(#[$m])* $v,)*
        }

        impl Field {
            /// Every field, in declaration order.
            pub const ALL: &'static [Field] = &[$(Field::$v),*];

            /// The stable machine name.
            pub const fn as_str(self) -> &'static str {
                match self { $(Field::$v => $name,)* }
            }
        }
    };
}

fields! {
    /// `id`.
    Id = "id",
    /// `timeline.started_at` (seed 002 Время, seed 004 Kiedy).
    StartedAt = "started_at",
    /// `channel`.
    Channel = "channel",
    /// The effective direction (seed 002 Тип).
    Direction = "direction",
    /// `interaction_type` (seed 004 Typ).
    InteractionType = "interaction_type",
    /// `call_type` (seed 002).
    CallType = "call_type",
    /// `status` (seed 004 Status).
    Status = "status",
    /// The derived outcome.
    Outcome = "outcome",
    /// `from` (seed 002 Звонок с, seed 004 Numer/adres źródłowy).
    From = "from",
    /// `to` (seed 002 Звонок к, seed 004 Numer/adres docelowy).
    To = "to",
    /// `customer_name`.
    CustomerName = "customer_name",
    /// Agent names (seed 002 Оператор, seed 004 Agent).
    Agent = "agent",
    /// The agents' groups.
    Groups = "groups",
    /// `queue`.
    Queue = "queue",
    /// `campaign`.
    Campaign = "campaign",
    /// `scenario`.
    Scenario = "scenario",
    /// `attempt_result` (seed 002 Результат попытки).
    AttemptResult = "attempt_result",
    /// `completion_code` (seed 002 Код завершения).
    CompletionCode = "completion_code",
    /// `attempts`.
    Attempts = "attempts",
    /// `tags`.
    Tags = "tags",
    /// `topics`.
    Topics = "topics",
    /// `categories` (seed 003).
    Categories = "categories",
    /// `classifier` (seed 004 Klasyfikator).
    Classifier = "classifier",
    /// The text of the notes (seed 002 Заметки, seed 003 comments).
    Notes = "notes",
    /// Derived wait time.
    Wait = "wait",
    /// Derived dial duration.
    Dial = "dial",
    /// Derived talk time.
    Talk = "talk",
    /// Derived agent talk time.
    AgentTalk = "agent_talk",
    /// Derived total duration.
    Total = "total",
    /// Derived handle time.
    Handle = "handle",
    /// `price` (restricted: [`Restricted::Price`]).
    Price = "price",
    /// `ticket_id` (seed 004 ID zgłoszenia).
    TicketId = "ticket_id",
    /// `request_id` (seed 001 リクエストID).
    RequestId = "request_id",
    /// `record_id` (seed 004 ID rekordu).
    RecordId = "record_id",
    /// `disconnect_side` (seed 004 Strona rozłączenia).
    DisconnectSide = "disconnect_side",
    /// `end_reason` (seed 000 K).
    EndReason = "end_reason",
    /// `brand` (seed 000 O).
    Brand = "brand",
    /// `service` (seed 000 P).
    Service = "service",
    /// `menu` (seed 000 Q).
    Menu = "menu",
    /// `staff_memo` (seed 000 S).
    StaffMemo = "staff_memo",
    /// `callback_at` (seed 002).
    CallbackAt = "callback_at",
    /// `manager_rating` (seed 003).
    ManagerRating = "manager_rating",
    /// `call_mode` (seed 000 R).
    CallMode = "call_mode",
    /// `timeline.talk_started_at` (seed 000 H).
    TalkStartedAt = "talk_started_at",
    /// `timeline.talk_ended_at` (seed 000 I).
    TalkEndedAt = "talk_ended_at",
    /// `timeline.closed_at` (seed 000 J).
    ClosedAt = "closed_at",
    /// Derived IVR time (seed 004).
    IvrTime = "ivr_time",
    /// Derived hold time.
    Hold = "hold",
    /// Derived after-call work.
    AfterCallWork = "after_call_work",
    /// Derived success of the attempt (seed 002's green/red), failed first.
    Success = "success",
    /// `hold_count`.
    HoldCount = "hold_count",
    /// `significant_field` (seed 004 Pole znaczące).
    SignificantField = "significant_field",
    /// `call_rating` (seed 003).
    CallRating = "call_rating",
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Field {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        let t = s.trim();
        // the export column id of the agent names
        if t.eq_ignore_ascii_case("agents") {
            return Ok(Field::Agent);
        }
        Field::ALL
            .iter()
            .copied()
            .find(|f| f.as_str().eq_ignore_ascii_case(t))
            .ok_or_else(|| Error::UnknownValue {
                vocabulary: "field",
                value: s.to_string(),
                accepted: Field::ALL
                    .iter()
                    .map(|f| f.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    }
}

/// A field's value as a sort key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortValue {
    /// Blank.
    Null,
    /// A number, a time (ms since the epoch), a duration (ms) or a vocabulary ordinal.
    Int(i64),
    /// Text.
    Text(String),
}

impl SortValue {
    /// Ascending order with blanks last.
    pub(crate) fn cmp_with(&self, other: &SortValue, descending: bool) -> Ordering {
        use SortValue::*;
        match (self, other) {
            (Null, Null) => Ordering::Equal,
            (Null, _) => Ordering::Greater,
            (_, Null) => Ordering::Less,
            (a, b) => {
                let o = match (a, b) {
                    (Int(x), Int(y)) => x.cmp(y),
                    (Text(x), Text(y)) => x.cmp(y),
                    (Int(_), Text(_)) => Ordering::Less,
                    (Text(_), Int(_)) => Ordering::Greater,
                    _ => unreachable!(),
                };
                if descending { o.reverse() } else { o }
            }
        }
    }
}

fn ord<T: Copy + Eq>(all: &[T], v: Option<T>) -> SortValue {
    match v {
        Some(v) => SortValue::Int(all.iter().position(|x| *x == v).unwrap_or(0) as i64),
        None => SortValue::Null,
    }
}

fn dur(d: Option<TimeDelta>) -> SortValue {
    d.map_or(SortValue::Null, |d| SortValue::Int(d.num_milliseconds()))
}

fn time(t: Option<Timestamp>) -> SortValue {
    t.map_or(SortValue::Null, |t| SortValue::Int(t.timestamp_millis()))
}

fn text(s: Option<&str>) -> SortValue {
    s.map_or(SortValue::Null, |s| SortValue::Text(s.to_string()))
}

fn joined(v: &[String]) -> SortValue {
    if v.is_empty() {
        SortValue::Null
    } else {
        SortValue::Text(v.join(", "))
    }
}

impl Field {
    /// The part of a record a viewer may be denied, if this field is one.
    pub const fn restricted(self) -> Option<Restricted> {
        match self {
            Field::Price => Some(Restricted::Price),
            _ => None,
        }
    }

    /// The text fields the free-text refine searches when no field list is given: every
    /// field.
    pub const DEFAULT_SEARCHABLE: &'static [Field] = Field::ALL;

    /// The sort key of this field of `r`.
    pub fn sort_value(self, r: &CallRecord, rules: &Rules) -> SortValue {
        use crate::vocab as v;
        match self {
            Field::Id => SortValue::Text(r.id.clone()),
            Field::StartedAt => time(r.timeline.started_at),
            Field::Channel => ord(v::Channel::ALL, Some(r.channel)),
            Field::Direction => ord(v::Direction::ALL, r.effective_direction()),
            Field::InteractionType => ord(v::InteractionType::ALL, r.interaction_type),
            Field::CallType => ord(v::CallType::ALL, r.call_type),
            Field::Status => ord(v::ContactStatus::ALL, r.status),
            Field::Outcome => ord(v::Outcome::ALL, Some(rules::outcome(r))),
            Field::From => text(r.from.as_deref()),
            Field::To => text(r.to.as_deref()),
            Field::CustomerName => text(r.customer_name.as_deref()),
            Field::Agent => {
                if r.agents.is_empty() {
                    SortValue::Null
                } else {
                    SortValue::Text(r.agent_names())
                }
            }
            Field::Groups => {
                let g: Vec<String> = r.agents.iter().flat_map(|a| a.groups.clone()).collect();
                joined(&g)
            }
            Field::Queue => text(r.queue.as_deref()),
            Field::Campaign => text(r.campaign.as_deref()),
            Field::Scenario => text(r.scenario.as_deref()),
            Field::AttemptResult => ord(v::AttemptResult::ALL, r.attempt_result),
            Field::CompletionCode => text(r.completion_code.as_deref()),
            Field::Attempts => r
                .attempts
                .map_or(SortValue::Null, |n| SortValue::Int(n.into())),
            Field::Tags => joined(&r.tags),
            Field::Topics => joined(&r.topics),
            Field::Categories => joined(&r.categories),
            Field::Classifier => text(r.classifier.as_deref()),
            Field::Notes => {
                let n: Vec<String> = r.notes.iter().map(|n| n.text.clone()).collect();
                joined(&n)
            }
            Field::Wait => dur(rules::wait_time(r, rules)),
            Field::Dial => dur(rules::dial_duration(r)),
            Field::Talk => dur(rules::talk_time(r, rules)),
            Field::AgentTalk => dur(rules::agent_talk_time(r)),
            Field::Total => dur(rules::total_duration(r, rules)),
            Field::Handle => dur(rules::handle_time(r)),
            Field::Price => match &r.price {
                // compare in a common scale of 18 digits would overflow; use the f64 in
                // micro-units, exact for any realistic call price
                Some(m) => SortValue::Int((m.to_f64() * 1_000_000.0).round() as i64),
                None => SortValue::Null,
            },
            Field::TicketId => text(r.ticket_id.as_deref()),
            Field::RequestId => text(r.request_id.as_deref()),
            Field::RecordId => text(r.record_id.as_deref()),
            Field::DisconnectSide => ord(v::DisconnectSide::ALL, r.disconnect_side),
            Field::EndReason => text(r.end_reason.as_deref()),
            Field::Brand => text(r.brand.as_deref()),
            Field::Service => text(r.service.as_deref()),
            Field::Menu => text(r.menu.as_deref()),
            Field::StaffMemo => text(r.staff_memo.as_deref()),
            Field::CallbackAt => time(r.callback_at),
            Field::ManagerRating => r
                .manager_rating
                .map_or(SortValue::Null, |n| SortValue::Int(n.into())),
            Field::CallRating => r
                .call_rating
                .map_or(SortValue::Null, |n| SortValue::Int(n.into())),
            Field::CallMode => ord(v::CallMode::ALL, r.call_mode),
            Field::TalkStartedAt => time(r.timeline.talk_started_at),
            Field::TalkEndedAt => time(r.timeline.talk_ended_at),
            Field::ClosedAt => time(r.timeline.closed_at),
            Field::IvrTime => dur(rules::ivr_time(r)),
            Field::Hold => dur(rules::hold_time(r)),
            Field::AfterCallWork => dur(rules::after_call_work(r)),
            Field::Success => SortValue::Int(i64::from(rules::is_success(r))),
            Field::HoldCount => r
                .hold_count
                .map_or(SortValue::Null, |n| SortValue::Int(n.into())),
            Field::SignificantField => text(r.significant_field.as_deref()),
        }
    }

    /// Appends the text a person sees in this field of `r` (vocabulary values as their
    /// machine name and their label in `locale`; times as `YYYY-MM-DD HH:MM:SS` in `tz`;
    /// durations in whole seconds), for the free-text refine. Appends nothing for a blank.
    pub(crate) fn push_text(
        self,
        r: &CallRecord,
        rules: &Rules,
        tz: Tz,
        locale: Locale,
        out: &mut String,
    ) {
        use crate::vocab as v;
        fn voc<T: v::Vocabulary>(x: Option<T>, locale: Locale, out: &mut String) {
            if let Some(x) = x {
                out.push_str(x.as_str());
                out.push('\u{1f}');
                out.push_str(x.label(locale));
            }
        }
        let sep = |out: &mut String| out.push('\u{1f}');
        match self {
            Field::Channel => voc(Some(r.channel), locale, out),
            Field::Direction => voc(r.effective_direction(), locale, out),
            Field::InteractionType => voc(r.interaction_type, locale, out),
            Field::CallType => voc(r.call_type, locale, out),
            Field::Status => voc(r.status, locale, out),
            Field::Outcome => voc(Some(rules::outcome(r)), locale, out),
            Field::AttemptResult => voc(r.attempt_result, locale, out),
            Field::DisconnectSide => voc(r.disconnect_side, locale, out),
            Field::CallMode => voc(r.call_mode, locale, out),
            Field::StartedAt
            | Field::CallbackAt
            | Field::TalkStartedAt
            | Field::TalkEndedAt
            | Field::ClosedAt => {
                let t = match self {
                    Field::StartedAt => r.timeline.started_at,
                    Field::TalkStartedAt => r.timeline.talk_started_at,
                    Field::TalkEndedAt => r.timeline.talk_ended_at,
                    Field::ClosedAt => r.timeline.closed_at,
                    _ => r.callback_at,
                };
                if let Some(t) = t {
                    out.push_str(&t.with_timezone(&tz).format("%Y-%m-%d %H:%M:%S").to_string());
                }
            }
            Field::Price => {
                if let Some(m) = &r.price {
                    out.push_str(&m.to_string());
                }
            }
            Field::Groups => {
                for a in &r.agents {
                    for g in &a.groups {
                        out.push_str(g);
                        sep(out);
                    }
                }
            }
            Field::Agent => {
                for a in &r.agents {
                    out.push_str(&a.name);
                    sep(out);
                    if let Some(id) = &a.id {
                        out.push_str(id);
                        sep(out);
                    }
                }
            }
            Field::Notes => {
                for n in &r.notes {
                    out.push_str(&n.text);
                    sep(out);
                }
            }
            _ => match self.sort_value(r, rules) {
                SortValue::Null => {}
                SortValue::Text(s) => out.push_str(&s),
                SortValue::Int(n) => match self {
                    Field::Wait
                    | Field::Dial
                    | Field::Talk
                    | Field::AgentTalk
                    | Field::Total
                    | Field::Handle
                    | Field::IvrTime
                    | Field::Hold
                    | Field::AfterCallWork => out.push_str(&(n / 1000).to_string()),
                    _ => out.push_str(&n.to_string()),
                },
            },
        }
        sep(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for f in Field::ALL {
            assert_eq!(f.as_str().parse::<Field>().unwrap(), *f);
            let json = serde_json::to_string(f).unwrap();
            assert_eq!(json, format!("\"{}\"", f.as_str()));
        }
        assert!("nope".parse::<Field>().is_err());
        assert_eq!("agents".parse::<Field>().unwrap(), Field::Agent);
    }

    #[test]
    fn blanks_sort_last_both_ways() {
        let a = SortValue::Int(1);
        let n = SortValue::Null;
        assert_eq!(a.cmp_with(&n, false), Ordering::Less);
        assert_eq!(a.cmp_with(&n, true), Ordering::Less);
        assert_eq!(
            SortValue::Int(1).cmp_with(&SortValue::Int(2), true),
            Ordering::Greater
        );
    }
}
