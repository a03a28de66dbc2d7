//! The closed vocabularies as Swift enums (`Channel.video`, `AttemptResult.callAccepted`).
//!
//! Each mirrors a `calllog` enum one to one (the conversions are exhaustive matches, so a
//! variant added in the core fails this crate's build until it is added here) and offers
//! `machineName()` (the stable snake_case name used in CSV files and by every binding) and
//! `label(locale:)` (the people's word in en, ja, ru or pl). Parsing a name or a label back is
//! a throwing free function per vocabulary, e.g. `parseAttemptResult(value: "Номер занят")`,
//! and `allAttemptResults()` lists every value in the core's order.

use crate::errors::Result;

/// The languages that labels and export headers exist in (the core's `Locale`; named
/// `Language` here so it never clashes with Foundation's `Locale` in Swift).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, uniffi::Enum)]
pub enum Language {
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

impl From<Language> for calllog::Locale {
    fn from(v: Language) -> Self {
        match v {
            Language::En => calllog::Locale::En,
            Language::Ja => calllog::Locale::Ja,
            Language::Ru => calllog::Locale::Ru,
            Language::Pl => calllog::Locale::Pl,
        }
    }
}

impl From<calllog::Locale> for Language {
    fn from(v: calllog::Locale) -> Self {
        match v {
            calllog::Locale::En => Language::En,
            calllog::Locale::Ja => Language::Ja,
            calllog::Locale::Ru => Language::Ru,
            calllog::Locale::Pl => Language::Pl,
        }
    }
}

/// Parses a language or locale code such as `ja`, `ja-JP` or `pl_PL`.
#[uniffi::export]
pub fn parse_language(value: String) -> Result<Language> {
    Ok(value.parse::<calllog::Locale>()?.into())
}

#[uniffi::export]
impl Language {
    /// The ISO 639-1 code: `en`, `ja`, `ru`, `pl`.
    pub fn code(&self) -> String {
        calllog::Locale::from(*self).as_str().to_string()
    }
}

macro_rules! mirror_vocabulary {
    (
        $(#[$meta:meta])*
        $name:ident, parse = $parse:ident, all = $all:ident {
            $( $(#[$vmeta:meta])* $variant:ident ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
        }

        impl From<$name> for calllog::$name {
            fn from(v: $name) -> Self {
                match v { $( $name::$variant => calllog::$name::$variant, )* }
            }
        }

        impl From<calllog::$name> for $name {
            fn from(v: calllog::$name) -> Self {
                match v { $( calllog::$name::$variant => $name::$variant, )* }
            }
        }

        #[uniffi::export]
        impl $name {
            /// The stable machine name (snake_case), as written in CSV files.
            pub fn machine_name(&self) -> String {
                calllog::$name::from(*self).as_str().to_string()
            }

            /// The label shown to people in `locale`.
            pub fn label(&self, locale: Language) -> String {
                calllog::$name::from(*self).label(locale.into()).to_string()
            }
        }

        /// Parses a machine name, a vendor code or a label in any locale (what a localized
        /// export wrote); throws `UnknownValue` naming the accepted values.
        #[uniffi::export]
        pub fn $parse(value: String) -> Result<$name> {
            Ok(calllog::$name::parse_any(&value)?.into())
        }

        /// Every value, in the core's order.
        #[uniffi::export]
        pub fn $all() -> Vec<$name> {
            <calllog::$name as calllog::Vocabulary>::ALL.iter().map(|v| (*v).into()).collect()
        }
    };
}

mirror_vocabulary! {
    /// The medium of a contact.
    Channel, parse = parse_channel, all = all_channels {
        /// A telephone call.
        Voice,
        /// A video call (seed 000 R: ビデオ通話).
        Video,
        /// A text message.
        Sms,
        /// An e-mail message.
        Email,
        /// A chat conversation (web chat, Messenger).
        Chat,
    }
}

mirror_vocabulary! {
    /// Who started the contact, seen from the contact center (seed 002 Тип).
    Direction, parse = parse_direction, all = all_directions {
        /// The customer contacted us.
        Inbound,
        /// We contacted the customer.
        Outbound,
        /// Between agents (consultations, internal calls).
        Internal,
    }
}

mirror_vocabulary! {
    /// The seventeen interaction types of seed 004's "Typ" filter.
    InteractionType, parse = parse_interaction_type, all = all_interaction_types {
        /// Outgoing calls by users, internal or in a campaign.
        OutboundCall,
        /// Incoming calls to an agent's own number, outside campaigns.
        InboundCall,
        /// Incoming calls to a campaign number (always answered by IVR).
        InboundCampaignCall,
        /// Outgoing e-mail.
        OutboundEmail,
        /// Incoming e-mail.
        InboundEmail,
        /// A call between agents during a customer call.
        Consultation,
        /// Automatic post-call survey (PCS).
        PostCallSurvey,
        /// An agent transfers the call to an outside number.
        ExternalTransfer,
        /// Outgoing SMS.
        OutboundSms,
        /// Incoming SMS.
        InboundSms,
        /// Chat conversation.
        Chat,
        /// Chat conversation (FB Messenger).
        MessengerChat,
        /// Voice Mailing: a campaign dialling an automatic phone survey.
        VoiceMailingSurvey,
        /// SiteCall: the leg to the number the customer left in the form.
        SiteCallCustomerLeg,
        /// SiteCall: the system rings the agent for the ordered call.
        SiteCallAgentLeg,
        /// Outgoing call (mobile app).
        MobileOutboundCall,
        /// Incoming call (mobile app).
        MobileInboundCall,
    }
}

#[uniffi::export]
impl InteractionType {
    /// The channel an interaction of this type uses.
    pub fn channel(&self) -> Channel {
        calllog::InteractionType::from(*self).channel().into()
    }

    /// The direction an interaction of this type has.
    pub fn direction(&self) -> Direction {
        calllog::InteractionType::from(*self).direction().into()
    }
}

mirror_vocabulary! {
    /// Seed 004's seven contact statuses.
    ContactStatus, parse = parse_contact_status, all = all_contact_statuses {
        /// ANSWERED.
        Answered,
        /// RINGING: being rung right now.
        Ringing,
        /// FAILED: not answered, ended in an error.
        Failed,
        /// CLASSIFIER: a classifier was set without a call.
        Classifier,
        /// BUSY: the other side rejected or was busy.
        Busy,
        /// PENDING: an SMS or e-mail queued for sending.
        Pending,
        /// NO ANSWER.
        NoAnswer,
    }
}

#[uniffi::export]
impl ContactStatus {
    /// Whether the contact reached the other side.
    pub fn is_answered(&self) -> bool {
        calllog::ContactStatus::from(*self).is_answered()
    }
}

/// Maps a Twilio call status (`queued`, `ringing`, `in-progress`, `completed`, `busy`, ...).
#[uniffi::export]
pub fn contact_status_from_twilio(status: String) -> Result<ContactStatus> {
    Ok(calllog::ContactStatus::from_twilio(&status)?.into())
}

/// Maps an Asterisk CDR disposition (`ANSWERED`, `NO ANSWER`, `BUSY`, `FAILED`, `CONGESTION`).
#[uniffi::export]
pub fn contact_status_from_asterisk(disposition: String) -> Result<ContactStatus> {
    Ok(calllog::ContactStatus::from_asterisk(&disposition)?.into())
}

mirror_vocabulary! {
    /// Seed 002's fourteen attempt results, each a success (green) or not (red).
    AttemptResult, parse = parse_attempt_result, all = all_attempt_results {
        /// Ошибка дозвона.
        DialError,
        /// Номер недоступен.
        NumberUnavailable,
        /// Запрос отменен.
        RequestCancelled,
        /// Автоответчик.
        Voicemail,
        /// Неправильный номер.
        WrongNumber,
        /// Номер занят.
        NumberBusy,
        /// Абонент не отвечает.
        NoAnswer,
        /// Вызов принят: the only success.
        CallAccepted,
        /// Недостаточно средств.
        InsufficientFunds,
        /// Потерян оператором.
        LostByOperator,
        /// Вызов отклонен.
        CallRejected,
        /// Заблокирован DNC.
        BlockedDnc,
        /// Брошенный: picked up, but no operator was free.
        Abandoned,
        /// Завершен в IVR.
        EndedInIvr,
    }
}

#[uniffi::export]
impl AttemptResult {
    /// Whether seed 002 shows this result in green: only `callAccepted`.
    pub fn is_success(&self) -> bool {
        calllog::AttemptResult::from(*self).is_success()
    }
}

/// Maps an Asterisk CDR disposition to an attempt result.
#[uniffi::export]
pub fn attempt_result_from_asterisk(disposition: String) -> Result<AttemptResult> {
    Ok(calllog::AttemptResult::from_asterisk(&disposition)?.into())
}

/// Maps a Twilio status of a finished call; `nil` while the call has no result yet.
#[uniffi::export]
pub fn attempt_result_from_twilio(status: String) -> Result<Option<AttemptResult>> {
    Ok(calllog::AttemptResult::from_twilio(&status)?.map(Into::into))
}

mirror_vocabulary! {
    /// Which side ended the contact (seed 004 Strona rozłączenia).
    DisconnectSide, parse = parse_disconnect_side, all = all_disconnect_sides {
        /// The customer.
        Customer,
        /// The agent.
        Agent,
        /// A third party in a conference or transfer.
        ThirdParty,
        /// The IVR scenario or contact flow.
        System,
        /// A network or carrier problem.
        Network,
        /// A supervisor barged in.
        Supervisor,
        /// Ended through an API call.
        Api,
        /// Expired.
        Expired,
        /// Ended for inactivity (chat).
        Idle,
        /// Any other reason.
        Other,
    }
}

/// Maps an Amazon Connect `DisconnectReason`.
#[uniffi::export]
pub fn disconnect_side_from_amazon_connect(reason: String) -> Result<DisconnectSide> {
    Ok(calllog::DisconnectSide::from_amazon_connect(&reason)?.into())
}

mirror_vocabulary! {
    /// Seed 000 R 通話モード: video or voice.
    CallMode, parse = parse_call_mode, all = all_call_modes {
        /// ビデオ通話.
        Video,
        /// 音声通話.
        Voice,
    }
}

mirror_vocabulary! {
    /// Seed 002's four call types, which decide how dial and talk time are measured.
    CallType, parse = parse_call_type, all = all_call_types {
        /// Automated campaign.
        AutomatedCampaign,
        /// Outgoing call from the softphone.
        SoftphoneOutgoing,
        /// Operator campaign.
        OperatorCampaign,
        /// Incoming call.
        Incoming,
    }
}

mirror_vocabulary! {
    /// Seed 001 対応状況: whether a callback was handled.
    CallbackState, parse = parse_callback_state, all = all_callback_states {
        /// 未完了.
        NotDone,
        /// 完了.
        Done,
    }
}

mirror_vocabulary! {
    /// The state of a background export (seed 001: pending → running → done | failed).
    JobState, parse = parse_job_state, all = all_job_states {
        /// Queued, not started.
        Pending,
        /// Running.
        Running,
        /// Finished; the file is there.
        Done,
        /// Failed; run it again.
        Failed,
        /// Cancelled; no file was left.
        Cancelled,
    }
}

#[uniffi::export]
impl JobState {
    /// Whether the job has ended (done, failed or cancelled).
    pub fn is_finished(&self) -> bool {
        calllog::JobState::from(*self).is_finished()
    }
}

mirror_vocabulary! {
    /// What became of a contact (derived by the rules).
    Outcome, parse = parse_outcome, all = all_outcomes {
        /// The conversation took place and ended.
        Completed,
        /// Still going on.
        InProgress,
        /// Seed 000 case 1: the customer cancelled before a staff member answered.
        CancelledBeforeAnswer,
        /// Seed 000 case 2: every staff member was offline.
        NoAgentAvailable,
        /// Seed 000 case 3: the customer closed or refreshed the browser.
        BrowserClosed,
        /// Rung but not answered.
        NotAnswered,
        /// The other side was busy or rejected the call.
        Busy,
        /// Failed for a technical reason.
        Failed,
        /// Only a classifier was set (seed 004 CLASSIFIER).
        ClassifiedOnly,
    }
}

#[uniffi::export]
impl Outcome {
    /// Whether the customer and the contact center actually talked (or wrote).
    pub fn is_answered(&self) -> bool {
        calllog::Outcome::from(*self).is_answered()
    }
}

mirror_vocabulary! {
    /// A user's role (seed 002).
    Role, parse = parse_role, all = all_roles {
        /// Владелец: sees everything.
        Owner,
        /// Администратор: sees everything.
        Admin,
        /// Менеджер: sees everything.
        Manager,
        /// Супервизор: calls of operators in their groups; never the price.
        Supervisor,
        /// Оператор: only their own calls, and only with the history switch on.
        Operator,
    }
}
