//! Closed vocabularies: every enum has a stable snake_case machine name (used by serde, the CSV
//! round trip and the bindings), [`Display`](std::fmt::Display) and
//! [`FromStr`](std::str::FromStr) over that name, and a label in English, Japanese, Russian and
//! Polish. Labels use the seeds' own words where a seed names the value.
//!
//! ```
//! use calllog::{AttemptResult, Locale};
//!
//! let r: AttemptResult = "call_accepted".parse().unwrap();
//! assert!(r.is_success());
//! assert_eq!(r.label(Locale::Ru), "Вызов принят");
//! assert_eq!(r.to_string(), "call_accepted");
//! // labels in any locale are accepted too, so a localized CSV reads back
//! assert_eq!(AttemptResult::parse_any("Номер занят").unwrap(), AttemptResult::NumberBusy);
//! // unknown input is an error that names the value and the accepted ones
//! let err = "maybe".parse::<AttemptResult>().unwrap_err();
//! assert!(err.to_string().contains("\"maybe\""));
//! assert!(err.to_string().contains("call_accepted"));
//! ```

use crate::error::{Error, Result};

/// The languages that labels and export headers exist in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Locale {
    /// English.
    #[default]
    En,
    /// Japanese (seeds 000, 001).
    Ja,
    /// Russian (seed 002).
    Ru,
    /// Polish (seeds 003, 004).
    Pl,
}

impl Locale {
    /// Every locale.
    pub const ALL: &'static [Locale] = &[Locale::En, Locale::Ja, Locale::Ru, Locale::Pl];

    /// The ISO 639-1 code: `en`, `ja`, `ru`, `pl`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Ja => "ja",
            Locale::Ru => "ru",
            Locale::Pl => "pl",
        }
    }
}

impl std::fmt::Display for Locale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Locale {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        let lower = s.trim().to_ascii_lowercase();
        // accept "ja-JP", "pl_PL" and the like
        let code = lower.split(['-', '_']).next().unwrap_or("");
        Locale::ALL
            .iter()
            .copied()
            .find(|l| l.as_str() == code)
            .ok_or_else(|| Error::UnknownValue {
                vocabulary: "locale",
                value: s.to_string(),
                accepted: "en, ja, ru, pl".into(),
            })
    }
}

impl serde::Serialize for Locale {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Locale {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// What every vocabulary enum offers, for code generic over vocabularies (exporters, bindings).
pub trait Vocabulary:
    Copy + Eq + std::fmt::Display + std::str::FromStr<Err = Error> + 'static
{
    /// The vocabulary's own machine name, e.g. `attempt_result`.
    const NAME: &'static str;
    /// Every value, in declaration order.
    const ALL: &'static [Self];
    /// The stable machine name.
    fn as_str(self) -> &'static str;
    /// The label in `locale`.
    fn label(self, locale: Locale) -> &'static str;
}

macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        pub enum $name:ident : $vname:literal {
            $(
                $(#[$vmeta:meta])*
                $variant:ident = $machine:literal
                    { en: $en:literal, ja: $ja:literal, ru: $ru:literal, pl: $pl:literal }
                    $([aliases: $($alias:literal),*])?
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The stable machine name (snake_case).
            pub const fn as_str(self) -> &'static str {
                match self { $($name::$variant => $machine,)* }
            }

            /// The label shown to people in `locale`.
            pub const fn label(self, locale: Locale) -> &'static str {
                match (self, locale) {
                    $(
                        ($name::$variant, Locale::En) => $en,
                        ($name::$variant, Locale::Ja) => $ja,
                        ($name::$variant, Locale::Ru) => $ru,
                        ($name::$variant, Locale::Pl) => $pl,
                    )*
                }
            }

            /// Parses a machine name, a vendor code listed as an alias, or a label in any
            /// locale (what a localized export wrote). Matching ignores ASCII case and
            /// surrounding white space.
            pub fn parse_any(s: &str) -> Result<Self> {
                let t = s.trim();
                for v in Self::ALL {
                    if v.as_str().eq_ignore_ascii_case(t)
                        || Locale::ALL.iter().any(|l| v.label(*l).eq_ignore_ascii_case(t))
                    {
                        return Ok(*v);
                    }
                }
                $($(
                    if [$($alias),*].iter().any(|a: &&str| a.eq_ignore_ascii_case(t)) {
                        return Ok($name::$variant);
                    }
                )?)*
                Err(Self::unknown(s))
            }

            /// The error for an unknown value of this vocabulary.
            pub(crate) fn unknown(s: &str) -> Error {
                Error::UnknownValue {
                    vocabulary: $vname,
                    value: s.to_string(),
                    accepted: Self::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", "),
                }
            }
        }

        impl Vocabulary for $name {
            const NAME: &'static str = $vname;
            const ALL: &'static [Self] = $name::ALL;
            fn as_str(self) -> &'static str { $name::as_str(self) }
            fn label(self, locale: Locale) -> &'static str { $name::label(self, locale) }
        }

        impl std::fmt::Display for $name {
            /// Writes the machine name; use [`label`](Self::label) for people.
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = Error;
            /// Same as [`parse_any`](Self::parse_any).
            fn from_str(s: &str) -> Result<Self> {
                Self::parse_any(s)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str() == s)
                    .ok_or_else(|| serde::de::Error::custom(Self::unknown(&s)))
            }
        }
    };
}

vocabulary! {
    /// The medium of a contact.
    pub enum Channel: "channel" {
        /// A telephone call.
        Voice = "voice" { en: "Voice", ja: "音声", ru: "Голос", pl: "Głos" },
        /// A video call (seed 000 R: ビデオ通話).
        Video = "video" { en: "Video", ja: "ビデオ", ru: "Видео", pl: "Wideo" },
        /// A text message.
        Sms = "sms" { en: "SMS", ja: "SMS", ru: "SMS", pl: "SMS" },
        /// An e-mail message.
        Email = "email" { en: "E-mail", ja: "メール", ru: "Эл. почта", pl: "E-mail" } [aliases: "e-mail", "mail"],
        /// A chat conversation (web chat, Messenger).
        Chat = "chat" { en: "Chat", ja: "チャット", ru: "Чат", pl: "Czat" },
    }
}

vocabulary! {
    /// Who started the contact, seen from the contact center (seed 002 Тип: входящий/исходящий).
    pub enum Direction: "direction" {
        /// The customer contacted us.
        Inbound = "inbound" { en: "Inbound", ja: "着信", ru: "Входящий", pl: "Przychodzące" } [aliases: "incoming", "in"],
        /// We contacted the customer.
        Outbound = "outbound" { en: "Outbound", ja: "発信", ru: "Исходящий", pl: "Wychodzące" } [aliases: "outgoing", "out"],
        /// Between agents (consultations, internal calls).
        Internal = "internal" { en: "Internal", ja: "内線", ru: "Внутренний", pl: "Wewnętrzne" },
    }
}

vocabulary! {
    /// The seventeen interaction types of seed 004's "Typ" filter.
    pub enum InteractionType: "interaction_type" {
        /// połączenia wychodzące: outgoing calls by users, internal or in a campaign.
        OutboundCall = "outbound_call" { en: "Outbound call", ja: "発信通話", ru: "Исходящий звонок", pl: "Połączenie wychodzące" },
        /// połączenia przychodzące: incoming calls to an agent's own number, outside campaigns.
        InboundCall = "inbound_call" { en: "Inbound call", ja: "着信通話", ru: "Входящий звонок", pl: "Połączenie przychodzące" },
        /// połączenia przychodzące w kampanii: incoming calls to a campaign number (always answered by IVR).
        InboundCampaignCall = "inbound_campaign_call" { en: "Inbound campaign call", ja: "キャンペーン着信", ru: "Входящий звонок кампании", pl: "Połączenie przychodzące w kampanii" },
        /// maile wychodzące.
        OutboundEmail = "outbound_email" { en: "Outbound e-mail", ja: "送信メール", ru: "Исходящее письмо", pl: "Mail wychodzący" },
        /// maile przychodzące.
        InboundEmail = "inbound_email" { en: "Inbound e-mail", ja: "受信メール", ru: "Входящее письмо", pl: "Mail przychodzący" },
        /// konsultacje: a call between agents during a customer call.
        Consultation = "consultation" { en: "Consultation", ja: "コンサルテーション", ru: "Консультация", pl: "Konsultacja" },
        /// ankiety PCS: automatic post-call survey.
        PostCallSurvey = "post_call_survey" { en: "Post-call survey (PCS)", ja: "通話後アンケート(PCS)", ru: "Опрос после звонка (PCS)", pl: "Ankieta PCS" },
        /// transfery zewnętrzne: an agent transfers the call to an outside number.
        ExternalTransfer = "external_transfer" { en: "External transfer", ja: "外部転送", ru: "Внешний перевод", pl: "Transfer zewnętrzny" },
        /// smsy wychodzące.
        OutboundSms = "outbound_sms" { en: "Outbound SMS", ja: "送信SMS", ru: "Исходящее SMS", pl: "SMS wychodzący" },
        /// smsy przychodzące.
        InboundSms = "inbound_sms" { en: "Inbound SMS", ja: "受信SMS", ru: "Входящее SMS", pl: "SMS przychodzący" },
        /// konwersacje chat.
        Chat = "chat" { en: "Chat conversation", ja: "チャット", ru: "Чат", pl: "Konwersacja chat" },
        /// konwersacje chat (FB Messenger).
        MessengerChat = "messenger_chat" { en: "Chat conversation (FB Messenger)", ja: "チャット(FB Messenger)", ru: "Чат (FB Messenger)", pl: "Konwersacja chat (FB Messenger)" },
        /// ankiety VM: Voice Mailing, a campaign dialling an automatic phone survey.
        VoiceMailingSurvey = "voice_mailing_survey" { en: "Voice mailing survey (VM)", ja: "自動音声アンケート(VM)", ru: "Автоматический опрос (VM)", pl: "Ankieta VM" },
        /// Połączenie do klienta (SiteCall): the leg to the number the customer left in the form.
        SiteCallCustomerLeg = "sitecall_customer_leg" { en: "Call to customer (SiteCall)", ja: "お客様への発信(SiteCall)", ru: "Звонок клиенту (SiteCall)", pl: "Połączenie do klienta (SiteCall)" },
        /// Połączenie do agenta (SiteCall): the system rings the agent for the ordered call.
        SiteCallAgentLeg = "sitecall_agent_leg" { en: "Call to agent (SiteCall)", ja: "スタッフへの発信(SiteCall)", ru: "Звонок оператору (SiteCall)", pl: "Połączenie do agenta (SiteCall)" },
        /// Połączenie wychodzące (aplikacja mobilna).
        MobileOutboundCall = "mobile_outbound_call" { en: "Outbound call (mobile app)", ja: "発信通話(モバイルアプリ)", ru: "Исходящий звонок (мобильное приложение)", pl: "Połączenie wychodzące (aplikacja mobilna)" },
        /// Połączenie przychodzące (aplikacja mobilna).
        MobileInboundCall = "mobile_inbound_call" { en: "Inbound call (mobile app)", ja: "着信通話(モバイルアプリ)", ru: "Входящий звонок (мобильное приложение)", pl: "Połączenie przychodzące (aplikacja mobilna)" },
    }
}

impl InteractionType {
    /// The channel an interaction of this type uses.
    pub const fn channel(self) -> Channel {
        use InteractionType::*;
        match self {
            OutboundEmail | InboundEmail => Channel::Email,
            OutboundSms | InboundSms => Channel::Sms,
            Chat | MessengerChat => Channel::Chat,
            _ => Channel::Voice,
        }
    }

    /// The direction an interaction of this type has.
    pub const fn direction(self) -> Direction {
        use InteractionType::*;
        match self {
            InboundCall | InboundCampaignCall | InboundEmail | InboundSms | Chat
            | MessengerChat | MobileInboundCall => Direction::Inbound,
            Consultation => Direction::Internal,
            _ => Direction::Outbound,
        }
    }
}

vocabulary! {
    /// Seed 004's seven contact statuses (the "Status" column).
    pub enum ContactStatus: "status" {
        /// ANSWERED – połączenie odebrane.
        Answered = "answered" { en: "Answered", ja: "応答", ru: "Отвечен", pl: "Odebrane" } [aliases: "ANSWERED"],
        /// RINGING – being rung right now, e.g. the caller is still listening to the IVR.
        Ringing = "ringing" { en: "Ringing", ja: "呼出中", ru: "Вызов", pl: "Wydzwaniane" } [aliases: "RINGING"],
        /// FAILED – not answered, ended in an error (wrong number, blocked, unreachable, trunk failure).
        Failed = "failed" { en: "Failed", ja: "失敗", ru: "Ошибка", pl: "Błędne" } [aliases: "FAILED"],
        /// CLASSIFIER – a classifier was set without a call (callback rule, agent on a record).
        Classifier = "classifier" { en: "Classifier", ja: "分類のみ", ru: "Классификатор", pl: "Klasyfikator" } [aliases: "CLASSIFIER"],
        /// BUSY – the other side rejected or was busy.
        Busy = "busy" { en: "Busy", ja: "話中", ru: "Занято", pl: "Zajęte" } [aliases: "BUSY"],
        /// PENDING – an SMS or e-mail queued for sending.
        Pending = "pending" { en: "Pending", ja: "送信待ち", ru: "В очереди", pl: "Oczekujące" } [aliases: "PENDING"],
        /// NO ANSWER – not answered (the seed spells it "NO ANSWEAR"; both are accepted).
        NoAnswer = "no_answer" { en: "No answer", ja: "応答なし", ru: "Нет ответа", pl: "Nieodebrane" } [aliases: "NO ANSWER", "NO ANSWEAR", "NOANSWER", "no-answer"],
    }
}

impl ContactStatus {
    /// Maps a Twilio call status (`queued`, `initiated`, `ringing`, `in-progress`, `completed`,
    /// `busy`, `failed`, `no-answer`, `canceled`).
    ///
    /// Lossy where Twilio is finer: `queued` → `Pending`; `initiated` and `ringing` → `Ringing`;
    /// `in-progress` and `completed` → `Answered` (whether the call has ended is kept by
    /// `timeline.talk_ended_at`); `canceled` (hung up while queued or ringing) → `NoAnswer`.
    pub fn from_twilio(status: &str) -> Result<Self> {
        Ok(match status.trim().to_ascii_lowercase().as_str() {
            "queued" => ContactStatus::Pending,
            "initiated" | "ringing" => ContactStatus::Ringing,
            "in-progress" | "completed" => ContactStatus::Answered,
            "busy" => ContactStatus::Busy,
            "failed" => ContactStatus::Failed,
            "no-answer" | "canceled" => ContactStatus::NoAnswer,
            _ => {
                return Err(Error::UnknownValue {
                    vocabulary: "twilio call status",
                    value: status.to_string(),
                    accepted: "queued, initiated, ringing, in-progress, completed, busy, failed, no-answer, canceled".into(),
                });
            }
        })
    }

    /// Maps an Asterisk CDR disposition (`ANSWERED`, `NO ANSWER`, `BUSY`, `FAILED`, `CONGESTION`).
    ///
    /// Lossless but for `CONGESTION` (all circuits busy), which becomes `Failed`.
    pub fn from_asterisk(disposition: &str) -> Result<Self> {
        Ok(match disposition.trim().to_ascii_uppercase().as_str() {
            "ANSWERED" => ContactStatus::Answered,
            "NO ANSWER" => ContactStatus::NoAnswer,
            "BUSY" => ContactStatus::Busy,
            "FAILED" | "CONGESTION" => ContactStatus::Failed,
            _ => {
                return Err(Error::UnknownValue {
                    vocabulary: "asterisk disposition",
                    value: disposition.to_string(),
                    accepted: "ANSWERED, NO ANSWER, BUSY, FAILED, CONGESTION".into(),
                });
            }
        })
    }

    /// Whether the contact reached the other side.
    pub const fn is_answered(self) -> bool {
        matches!(self, ContactStatus::Answered)
    }
}

vocabulary! {
    /// Seed 002's fourteen system attempt results ("Результат попытки"), each knowing whether
    /// it counts as a successful attempt (green) or not (red).
    pub enum AttemptResult: "attempt_result" {
        /// Ошибка дозвона – a dialling error not covered by the other cases.
        DialError = "dial_error" { en: "Dial error", ja: "発信エラー", ru: "Ошибка дозвона", pl: "Błąd wybierania" },
        /// Номер недоступен – switched off or out of coverage.
        NumberUnavailable = "number_unavailable" { en: "Number unavailable", ja: "番号利用不可", ru: "Номер недоступен", pl: "Numer niedostępny" },
        /// Запрос отменен – request cancelled (SIP) or the callee did not answer in time.
        RequestCancelled = "request_cancelled" { en: "Request cancelled", ja: "リクエスト取消", ru: "Запрос отменен", pl: "Żądanie anulowane" },
        /// Автоответчик – taken by voicemail.
        Voicemail = "voicemail" { en: "Voicemail", ja: "留守番電話", ru: "Автоответчик", pl: "Poczta głosowa" },
        /// Неправильный номер – a wrong number was dialled.
        WrongNumber = "wrong_number" { en: "Wrong number", ja: "誤った番号", ru: "Неправильный номер", pl: "Nieprawidłowy numer" },
        /// Номер занят – the callee is on the phone or dropped the call.
        NumberBusy = "number_busy" { en: "Number busy", ja: "話中", ru: "Номер занят", pl: "Numer zajęty" },
        /// Абонент не отвечает – no answer within the dial timeout.
        NoAnswer = "no_answer" { en: "No answer", ja: "応答なし", ru: "Абонент не отвечает", pl: "Brak odpowiedzi" },
        /// Вызов принят – the callee answered. The only success.
        CallAccepted = "call_accepted" { en: "Call accepted", ja: "応答済み", ru: "Вызов принят", pl: "Połączenie odebrane" },
        /// Недостаточно средств – not enough funds to place the call.
        InsufficientFunds = "insufficient_funds" { en: "Insufficient funds", ja: "残高不足", ru: "Недостаточно средств", pl: "Brak środków" },
        /// Потерян оператором – routed to an operator (or extension, queue, group) who did not pick up.
        LostByOperator = "lost_by_operator" { en: "Lost by operator", ja: "オペレーター不応答", ru: "Потерян оператором", pl: "Utracone przez operatora" },
        /// Вызов отклонен – the callee rejected the call or the number was busy.
        CallRejected = "call_rejected" { en: "Call rejected", ja: "着信拒否", ru: "Вызов отклонен", pl: "Połączenie odrzucone" },
        /// Заблокирован DNC – the number is on the do-not-call list.
        BlockedDnc = "blocked_dnc" { en: "Blocked (DNC)", ja: "DNCによりブロック", ru: "Заблокирован DNC", pl: "Zablokowane (DNC)" },
        /// Брошенный – the customer picked up but no operator was free.
        Abandoned = "abandoned" { en: "Abandoned", ja: "放棄呼", ru: "Брошенный", pl: "Porzucone" },
        /// Завершен в IVR – an incoming call ended in the scenario without a transfer attempt.
        EndedInIvr = "ended_in_ivr" { en: "Ended in IVR", ja: "IVRで終了", ru: "Завершен в IVR", pl: "Zakończone w IVR" },
    }
}

impl AttemptResult {
    /// Whether seed 002 shows this result in green ("успешный дозвон"). Only
    /// [`CallAccepted`](Self::CallAccepted) is: voicemail, an IVR-only call and an abandoned
    /// call did not reach a person, so the attempt failed (red).
    pub const fn is_success(self) -> bool {
        matches!(self, AttemptResult::CallAccepted)
    }

    /// Maps an Asterisk CDR disposition: `ANSWERED` → `CallAccepted`, `NO ANSWER` → `NoAnswer`,
    /// `BUSY` → `NumberBusy`, `FAILED` → `DialError`, `CONGESTION` → `NumberUnavailable`.
    pub fn from_asterisk(disposition: &str) -> Result<Self> {
        Ok(match ContactStatus::from_asterisk(disposition)? {
            ContactStatus::Answered => AttemptResult::CallAccepted,
            ContactStatus::NoAnswer => AttemptResult::NoAnswer,
            ContactStatus::Busy => AttemptResult::NumberBusy,
            _ if disposition.trim().eq_ignore_ascii_case("CONGESTION") => {
                AttemptResult::NumberUnavailable
            }
            _ => AttemptResult::DialError,
        })
    }

    /// Maps a Twilio call status of a finished call: `completed` → `CallAccepted`, `busy` →
    /// `NumberBusy`, `no-answer` → `NoAnswer`, `failed` → `DialError`, `canceled` →
    /// `RequestCancelled`. A call still `queued`, `initiated`, `ringing` or `in-progress` has
    /// no result yet: `Ok(None)`.
    pub fn from_twilio(status: &str) -> Result<Option<Self>> {
        let lower = status.trim().to_ascii_lowercase();
        if lower == "canceled" {
            return Ok(Some(AttemptResult::RequestCancelled));
        }
        Ok(
            match (ContactStatus::from_twilio(status)?, lower.as_str()) {
                (_, "completed") => Some(AttemptResult::CallAccepted),
                (ContactStatus::Busy, _) => Some(AttemptResult::NumberBusy),
                (ContactStatus::NoAnswer, _) => Some(AttemptResult::NoAnswer),
                (ContactStatus::Failed, _) => Some(AttemptResult::DialError),
                _ => None,
            },
        )
    }
}

vocabulary! {
    /// Which side ended the contact (seed 004 "Strona rozłączenia"; Amazon Connect DisconnectReason).
    pub enum DisconnectSide: "disconnect_side" {
        /// The customer hung up or closed the conversation.
        Customer = "customer" { en: "Customer", ja: "お客様", ru: "Клиент", pl: "Klient" },
        /// The agent hung up.
        Agent = "agent" { en: "Agent", ja: "スタッフ", ru: "Оператор", pl: "Agent" },
        /// A third party in a conference or transfer.
        ThirdParty = "third_party" { en: "Third party", ja: "第三者", ru: "Третья сторона", pl: "Strona trzecia" },
        /// The system: the IVR scenario or contact flow ended it.
        System = "system" { en: "System", ja: "システム", ru: "Система", pl: "System" },
        /// A network or carrier problem.
        Network = "network" { en: "Network", ja: "回線", ru: "Сеть", pl: "Sieć" },
        /// A supervisor barged in and ended it.
        Supervisor = "supervisor" { en: "Supervisor", ja: "スーパーバイザー", ru: "Супервизор", pl: "Nadzorca" },
        /// Ended through an API call.
        Api = "api" { en: "API", ja: "API", ru: "API", pl: "API" },
        /// Expired (e.g. a callback or task that timed out).
        Expired = "expired" { en: "Expired", ja: "期限切れ", ru: "Истек срок", pl: "Wygasło" },
        /// Ended for inactivity (chat).
        Idle = "idle" { en: "Idle", ja: "無操作", ru: "Бездействие", pl: "Bezczynność" },
        /// Any other reason.
        Other = "other" { en: "Other", ja: "その他", ru: "Другое", pl: "Inne" },
    }
}

impl DisconnectSide {
    /// Maps an Amazon Connect `DisconnectReason`. Lossless for the side; a chat's
    /// `*_CONNECTION_NOT_ESTABLISHED` maps to the side whose connection failed.
    pub fn from_amazon_connect(reason: &str) -> Result<Self> {
        Ok(match reason.trim().to_ascii_uppercase().as_str() {
            "CUSTOMER_DISCONNECT" | "CUSTOMER_CONNECTION_NOT_ESTABLISHED" => {
                DisconnectSide::Customer
            }
            "AGENT_DISCONNECT" | "AGENT_CONNECTION_NOT_ESTABLISHED" => DisconnectSide::Agent,
            "THIRD_PARTY_DISCONNECT" => DisconnectSide::ThirdParty,
            "CONTACT_FLOW_DISCONNECT" => DisconnectSide::System,
            "TELECOM_PROBLEM" => DisconnectSide::Network,
            "BARGED" => DisconnectSide::Supervisor,
            "API" => DisconnectSide::Api,
            "EXPIRED" => DisconnectSide::Expired,
            "IDLE_DISCONNECT" => DisconnectSide::Idle,
            "OTHER" => DisconnectSide::Other,
            _ => {
                return Err(Error::UnknownValue {
                    vocabulary: "amazon connect disconnect reason",
                    value: reason.to_string(),
                    accepted: "CUSTOMER_DISCONNECT, AGENT_DISCONNECT, THIRD_PARTY_DISCONNECT, CONTACT_FLOW_DISCONNECT, TELECOM_PROBLEM, BARGED, API, EXPIRED, IDLE_DISCONNECT, OTHER, CUSTOMER_CONNECTION_NOT_ESTABLISHED, AGENT_CONNECTION_NOT_ESTABLISHED".into(),
                });
            }
        })
    }
}

vocabulary! {
    /// Seed 000 R 通話モード: video or voice.
    pub enum CallMode: "call_mode" {
        /// ビデオ通話.
        Video = "video" { en: "Video call", ja: "ビデオ通話", ru: "Видеозвонок", pl: "Rozmowa wideo" },
        /// 音声通話.
        Voice = "voice" { en: "Voice call", ja: "音声通話", ru: "Голосовой звонок", pl: "Rozmowa głosowa" },
    }
}

vocabulary! {
    /// Seed 002's four call types, which decide how dial and talk time are measured.
    pub enum CallType: "call_type" {
        /// Автоматизированные кампании.
        AutomatedCampaign = "automated_campaign" { en: "Automated campaign", ja: "自動キャンペーン", ru: "Автоматизированная кампания", pl: "Kampania automatyczna" },
        /// Исходящий звонок из софтфона.
        SoftphoneOutgoing = "softphone_outgoing" { en: "Softphone outgoing call", ja: "ソフトフォン発信", ru: "Исходящий звонок из софтфона", pl: "Połączenie wychodzące z softphone'a" },
        /// Операторские кампании.
        OperatorCampaign = "operator_campaign" { en: "Operator campaign", ja: "オペレーターキャンペーン", ru: "Операторская кампания", pl: "Kampania operatorska" },
        /// Входящий звонок.
        Incoming = "incoming" { en: "Incoming call", ja: "着信", ru: "Входящий звонок", pl: "Połączenie przychodzące" },
    }
}

vocabulary! {
    /// Seed 001 対応状況: whether a callback was handled.
    pub enum CallbackState: "callback_state" {
        /// 未完了.
        NotDone = "not_done" { en: "Not done", ja: "未完了", ru: "Не выполнен", pl: "Niewykonane" },
        /// 完了.
        Done = "done" { en: "Done", ja: "完了", ru: "Выполнен", pl: "Wykonane" },
    }
}

vocabulary! {
    /// The state of a background export (seed 001's asynchronous search: 未処理 → 処理中 → 正常終了 | 異常終了).
    pub enum JobState: "job_state" {
        /// 未処理: queued, not started.
        Pending = "pending" { en: "Pending", ja: "未処理", ru: "В ожидании", pl: "Oczekuje" },
        /// 処理中: running.
        Running = "running" { en: "Running", ja: "処理中", ru: "Выполняется", pl: "W toku" },
        /// 正常終了: finished, the file can be downloaded.
        Done = "done" { en: "Done", ja: "正常終了", ru: "Завершено", pl: "Zakończone" },
        /// 異常終了: failed; run it again.
        Failed = "failed" { en: "Failed", ja: "異常終了", ru: "Ошибка", pl: "Błąd" },
        /// Cancelled by the user; no file was left.
        Cancelled = "cancelled" { en: "Cancelled", ja: "キャンセル", ru: "Отменено", pl: "Anulowane" },
    }
}

impl JobState {
    /// Whether the job has ended (done, failed or cancelled).
    pub const fn is_finished(self) -> bool {
        matches!(
            self,
            JobState::Done | JobState::Failed | JobState::Cancelled
        )
    }
}

vocabulary! {
    /// What became of a contact, derived by [`crate::rules::outcome`].
    pub enum Outcome: "outcome" {
        /// The conversation took place and ended.
        Completed = "completed" { en: "Completed", ja: "完了", ru: "Состоялся", pl: "Zakończone" },
        /// Still going on: ringing, queued, in conversation, or not yet closed.
        InProgress = "in_progress" { en: "In progress", ja: "進行中", ru: "В процессе", pl: "W toku" },
        /// Seed 000 case 1: the customer cancelled before a staff member answered.
        CancelledBeforeAnswer = "cancelled_before_answer" { en: "Cancelled before answer", ja: "応答前キャンセル", ru: "Отменен до ответа", pl: "Anulowane przed odebraniem" },
        /// Seed 000 case 2: every staff member was offline, nobody was rung, the customer gave up.
        NoAgentAvailable = "no_agent_available" { en: "No agent available", ja: "対応可能なスタッフなし", ru: "Нет свободных операторов", pl: "Brak dostępnych agentów" },
        /// Seed 000 case 3: the customer closed or refreshed the tab or browser.
        BrowserClosed = "browser_closed" { en: "Browser closed or refreshed", ja: "ブラウザ終了・再読み込み", ru: "Браузер закрыт или обновлен", pl: "Przeglądarka zamknięta lub odświeżona" },
        /// Rung but not answered.
        NotAnswered = "not_answered" { en: "Not answered", ja: "応答なし", ru: "Не отвечен", pl: "Nieodebrane" },
        /// The other side was busy or rejected the call.
        Busy = "busy" { en: "Busy", ja: "話中", ru: "Занято", pl: "Zajęte" },
        /// Failed for a technical reason.
        Failed = "failed" { en: "Failed", ja: "失敗", ru: "Ошибка", pl: "Błędne" },
        /// Only a classifier was set, no contact was attempted (seed 004 CLASSIFIER).
        ClassifiedOnly = "classified_only" { en: "Classified without contact", ja: "分類のみ", ru: "Только классификация", pl: "Tylko klasyfikacja" },
    }
}

impl Outcome {
    /// Whether the customer and the contact center actually talked (or wrote).
    pub const fn is_answered(self) -> bool {
        matches!(self, Outcome::Completed)
    }
}

impl Default for Channel {
    /// Voice: the channel of a record that does not say.
    fn default() -> Self {
        Channel::Voice
    }
}

impl Default for CallbackState {
    /// A new callback is not done.
    fn default() -> Self {
        CallbackState::NotDone
    }
}

vocabulary! {
    /// A user's role (seed 002: Владелец, Администратор, Менеджер, Супервизор, Оператор).
    pub enum Role: "role" {
        /// Владелец: sees everything.
        Owner = "owner" { en: "Owner", ja: "オーナー", ru: "Владелец", pl: "Właściciel" },
        /// Администратор: sees everything.
        Admin = "admin" { en: "Administrator", ja: "管理者", ru: "Администратор", pl: "Administrator" },
        /// Менеджер: sees everything.
        Manager = "manager" { en: "Manager", ja: "マネージャー", ru: "Менеджер", pl: "Menedżer" },
        /// Супервизор: calls of operators in their groups; never the price nor the extra call details.
        Supervisor = "supervisor" { en: "Supervisor", ja: "スーパーバイザー", ru: "Супервизор", pl: "Superwizor" },
        /// Оператор: only their own calls, and only when the history switch is on.
        Operator = "operator" { en: "Operator", ja: "オペレーター", ru: "Оператор", pl: "Operator" },
    }
}
