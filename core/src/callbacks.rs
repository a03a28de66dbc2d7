//! The callback worklist (seed 001 "折り返し呼管理", BIZTEL).
//!
//! > 発生した折り返し呼の情報を一覧から確認し、担当者の割り当てや対応状況の記録を行います。
//!
//! [`CallbackList`] holds the entries and does what the screen does: register, assign and
//! unassign (担当者), mark done / not done (対応状況), write the memo (メモ, at most 1,000
//! characters), search by the seed's fields ([`CallbackSearch`]), refine (絞り込み) and purge
//! what is older than the retention period (履歴保持期間). [`CallbackSearch`] also works on
//! its own over any iterator of [`CallbackRecord`]s.
//!
//! ```
//! use calllog::callbacks::{CallbackList, CallbackSearch};
//! use calllog::{CallbackRecord, CallbackState, ts};
//!
//! let mut list = CallbackList::new();
//! let mut cb = CallbackRecord::new("cb-1", ts("2024-07-16T08:59:14Z"));
//! cb.caller_number = Some("090-1234-5678".into());
//! cb.call_center = Some("東京センター".into());
//! list.register(cb)?;
//! list.assign("cb-1", "佐藤")?;
//! list.set_memo("cb-1", Some("明日10時に折り返し".into()))?;
//! list.mark_done("cb-1")?;
//!
//! let search = CallbackSearch { state: Some(CallbackState::Done), caller_number: Some("1234".into()), ..Default::default() };
//! assert_eq!(list.search(&search)?.len(), 1);
//! assert!(list.set_memo("cb-1", Some("あ".repeat(1001))).is_err());
//! # Ok::<(), calllog::Error>(())
//! ```

use chrono::TimeDelta;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::{CallbackRecord, Timestamp};
use crate::query::{digits, is_phone_like};
use crate::vocab::{CallbackState, Locale};

fn not_found(id: &str) -> Error {
    Error::invalid(id, "id", "no callback with this id in the list")
}

/// Seed 001's search form (検索条件) and refine (絞り込み) over callback entries. Blank
/// criteria do not narrow; list criteria match any listed value.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CallbackSearch {
    /// 期間: registered at or after (inclusive).
    pub from: Option<Timestamp>,
    /// 期間: registered before (exclusive).
    pub to: Option<Timestamp>,
    /// コールセンター名.
    pub call_centers: Vec<String>,
    /// 業務ラベル名.
    pub business_labels: Vec<String>,
    /// 担当者: assigned to one of these agents.
    pub assignees: Vec<String>,
    /// Only entries nobody is assigned to (担当者 blank).
    pub unassigned_only: bool,
    /// 対応状況: 未完了 / 完了.
    pub state: Option<CallbackState>,
    /// 相手の番号: the caller's number contains this (compared on digits when it is a number).
    pub caller_number: Option<String>,
    /// こちらの番号: our number contains this.
    pub our_number: Option<String>,
    /// リクエストID: exact.
    pub request_id: Option<String>,
    /// 絞り込み: "キーワード キーワード": every keyword appears (ignoring case) in some column.
    pub refine: Option<String>,
    /// The locale of the state label the refine matches (the machine name always matches).
    pub locale: Locale,
}

fn contains_number(have: Option<&str>, want: &str) -> bool {
    let Some(have) = have else { return false };
    if is_phone_like(want) {
        digits(have).contains(&digits(want))
    } else {
        have.to_lowercase().contains(&want.trim().to_lowercase())
    }
}

impl CallbackSearch {
    /// Checks the search: `from` not after `to`.
    pub fn validate(&self) -> Result<()> {
        if let (Some(a), Some(b)) = (self.from, self.to)
            && a > b
        {
            return Err(Error::Filter {
                field: "period".into(),
                reason: format!("from ({a}) is after to ({b})"),
            });
        }
        Ok(())
    }

    /// Whether `r` matches every criterion.
    pub fn matches(&self, r: &CallbackRecord) -> bool {
        if self.from.is_some() || self.to.is_some() {
            let Some(t) = r.registered_at else {
                return false;
            };
            if self.from.is_some_and(|f| t < f) || self.to.is_some_and(|e| t >= e) {
                return false;
            }
        }
        let any = |want: &[String], have: &Option<String>| {
            want.is_empty() || have.as_ref().is_some_and(|h| want.contains(h))
        };
        if !any(&self.call_centers, &r.call_center)
            || !any(&self.business_labels, &r.business_label)
            || !any(&self.assignees, &r.assignee)
        {
            return false;
        }
        if self.unassigned_only && r.assignee.is_some() {
            return false;
        }
        if self.state.is_some_and(|s| s != r.state) {
            return false;
        }
        if let Some(n) = &self.caller_number
            && !contains_number(r.caller_number.as_deref(), n)
        {
            return false;
        }
        if let Some(n) = &self.our_number
            && !contains_number(r.our_number.as_deref(), n)
        {
            return false;
        }
        if let Some(id) = &self.request_id
            && r.request_id.as_deref().map(str::trim) != Some(id.trim())
        {
            return false;
        }
        if let Some(q) = &self.refine {
            let hay = self.refine_text(r);
            if !q
                .split(char::is_whitespace)
                .filter(|k| !k.is_empty())
                .all(|k| hay.contains(&k.to_lowercase()))
            {
                return false;
            }
        }
        true
    }

    /// The columns of the result list (seed 001 手順3), lower-cased, for the refine.
    fn refine_text(&self, r: &CallbackRecord) -> String {
        let mut s = String::new();
        let mut push = |v: &str| {
            s.push_str(v);
            s.push('\u{1f}');
        };
        push(&r.id);
        for t in [r.registered_at, r.incoming_at].into_iter().flatten() {
            push(&t.format("%Y-%m-%d %H:%M:%S").to_string());
        }
        push(r.state.as_str());
        push(r.state.label(self.locale));
        for v in [
            &r.assignee,
            &r.call_center,
            &r.business_label,
            &r.caller_number,
            &r.our_number,
            &r.request_id,
            &r.memo,
        ]
        .into_iter()
        .flatten()
        {
            push(v);
        }
        s.to_lowercase()
    }

    /// The entries of `records` that match, in their order.
    pub fn filter_iter<'a, I>(&'a self, records: I) -> impl Iterator<Item = CallbackRecord> + 'a
    where
        I: IntoIterator<Item = CallbackRecord>,
        I::IntoIter: 'a,
    {
        records.into_iter().filter(move |r| self.matches(r))
    }
}

/// Whether `r` is past a retention of `days` days at `now` (registered more than `days` days
/// before `now`). An entry without a registration time is never expired.
pub fn is_expired(r: &CallbackRecord, days: u32, now: Timestamp) -> bool {
    r.registered_at
        .is_some_and(|t| t < now - TimeDelta::days(i64::from(days)))
}

/// A callback worklist, in registration order. Serializes as the list of its entries; reading
/// one back validates every entry and the uniqueness of the ids.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<CallbackRecord>", into = "Vec<CallbackRecord>")]
pub struct CallbackList {
    entries: Vec<CallbackRecord>,
}

impl CallbackList {
    /// An empty list.
    pub fn new() -> Self {
        CallbackList::default()
    }

    /// A list of `entries`, each validated, ids unique.
    pub fn from_entries<I: IntoIterator<Item = CallbackRecord>>(entries: I) -> Result<Self> {
        let mut l = CallbackList::new();
        for e in entries {
            l.register(e)?;
        }
        Ok(l)
    }

    /// Adds an entry (validated: non-empty id, memo ≤ 1000 characters); its id must be new.
    pub fn register(&mut self, entry: CallbackRecord) -> Result<()> {
        entry.validate()?;
        if self.get(&entry.id).is_some() {
            return Err(Error::invalid(
                &entry.id,
                "id",
                "a callback with this id is already registered",
            ));
        }
        self.entries.push(entry);
        Ok(())
    }

    /// The entry with `id`.
    pub fn get(&self, id: &str) -> Option<&CallbackRecord> {
        self.entries.iter().find(|e| e.id == id)
    }

    fn get_mut(&mut self, id: &str) -> Result<&mut CallbackRecord> {
        self.entries
            .iter_mut()
            .find(|e| e.id == id)
            .ok_or_else(|| not_found(id))
    }

    /// Removes the entry with `id` (seed 001 ゴミ箱), returning it.
    pub fn remove(&mut self, id: &str) -> Result<CallbackRecord> {
        let i = self
            .entries
            .iter()
            .position(|e| e.id == id)
            .ok_or_else(|| not_found(id))?;
        Ok(self.entries.remove(i))
    }

    /// Assigns the entry to `agent` (担当者), replacing any earlier assignee.
    pub fn assign(&mut self, id: &str, agent: impl Into<String>) -> Result<()> {
        let agent = agent.into();
        if agent.trim().is_empty() {
            return Err(Error::invalid(
                id,
                "assignee",
                "the assignee is blank; use unassign",
            ));
        }
        self.get_mut(id)?.assignee = Some(agent);
        Ok(())
    }

    /// Removes the assignee (担当者 blank: "担当者の割り当てがされていません").
    pub fn unassign(&mut self, id: &str) -> Result<()> {
        self.get_mut(id)?.assignee = None;
        Ok(())
    }

    /// Marks the entry 完了.
    pub fn mark_done(&mut self, id: &str) -> Result<()> {
        self.get_mut(id)?.state = CallbackState::Done;
        Ok(())
    }

    /// Marks the entry 未完了.
    pub fn mark_not_done(&mut self, id: &str) -> Result<()> {
        self.get_mut(id)?.state = CallbackState::NotDone;
        Ok(())
    }

    /// Sets or clears the memo (メモ: "1,000文字以内"). A longer memo is an
    /// [`Error::Invalid`] on field `memo` and leaves the entry unchanged.
    pub fn set_memo(&mut self, id: &str, memo: Option<String>) -> Result<()> {
        let e = self.get_mut(id)?;
        let mut next = e.clone();
        next.memo = memo;
        next.validate()?;
        *e = next;
        Ok(())
    }

    /// The entries matching `search`, in registration order.
    pub fn search(&self, search: &CallbackSearch) -> Result<Vec<CallbackRecord>> {
        search.validate()?;
        Ok(self
            .entries
            .iter()
            .filter(|e| search.matches(e))
            .cloned()
            .collect())
    }

    /// Deletes the entries past a retention of `days` days at `now` (seed 001 1.2
    /// "指定した日数を経過すると ... 「折り返し呼履歴」も削除されます"); returns their ids.
    pub fn purge_older_than(&mut self, days: u32, now: Timestamp) -> Vec<String> {
        let mut removed = Vec::new();
        self.entries.retain(|e| {
            let expired = is_expired(e, days, now);
            if expired {
                removed.push(e.id.clone());
            }
            !expired
        });
        removed
    }

    /// Every entry, in registration order.
    pub fn entries(&self) -> &[CallbackRecord] {
        &self.entries
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl TryFrom<Vec<CallbackRecord>> for CallbackList {
    type Error = Error;
    fn try_from(entries: Vec<CallbackRecord>) -> Result<Self> {
        CallbackList::from_entries(entries)
    }
}

impl From<CallbackList> for Vec<CallbackRecord> {
    fn from(l: CallbackList) -> Self {
        l.entries
    }
}

impl IntoIterator for CallbackList {
    type Item = CallbackRecord;
    type IntoIter = std::vec::IntoIter<CallbackRecord>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

crate::query::json_io!(CallbackSearch, CallbackList);
