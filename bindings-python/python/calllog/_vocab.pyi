"""Type stubs of ``calllog._vocab``: the vocabulary enums (built at import from the Rust core)."""

import enum
from typing import Any, Optional, Type, TypeVar

_E = TypeVar("_E", bound="_StrEnum")

__all__ = [
    "Locale",
    "Channel",
    "Direction",
    "InteractionType",
    "ContactStatus",
    "AttemptResult",
    "DisconnectSide",
    "CallMode",
    "CallType",
    "CallbackState",
    "JobState",
    "Outcome",
    "Role",
]

class _StrEnum(str, enum.Enum):  # type: ignore[misc]  # member-less base
    """A ``str`` enum whose ``str()`` and format are the machine name."""

    def __new__(cls: Type[_E], value: object) -> _E: ...
    @classmethod
    def _missing_(cls, value: object) -> Optional[Any]: ...

class _Vocabulary(_StrEnum):  # type: ignore[misc]  # member-less base
    """A closed vocabulary of the core: machine names, labels in en/ja/ru/pl."""

    def label(self, locale: str = "en") -> str: ...

class _AttemptResultBase(_Vocabulary):  # type: ignore[misc]  # member-less base
    @property
    def is_success(self) -> bool: ...

class _InteractionTypeBase(_Vocabulary):  # type: ignore[misc]  # member-less base
    @property
    def channel(self) -> Channel: ...
    @property
    def direction(self) -> Direction: ...

class _JobStateBase(_Vocabulary):  # type: ignore[misc]  # member-less base
    @property
    def is_finished(self) -> bool: ...

class Locale(_StrEnum):
    """The languages of labels and export headers: en, ja, ru, pl."""

    EN = "en"
    JA = "ja"
    RU = "ru"
    PL = "pl"

class Channel(_Vocabulary):
    """The medium of a contact: voice, video, SMS, e-mail, chat."""

    VOICE = "voice"
    VIDEO = "video"
    SMS = "sms"
    EMAIL = "email"
    CHAT = "chat"

class Direction(_Vocabulary):
    """Who started the contact: inbound, outbound, internal."""

    INBOUND = "inbound"
    OUTBOUND = "outbound"
    INTERNAL = "internal"

class InteractionType(_InteractionTypeBase):
    """The seventeen interaction types of seed 004's Typ filter."""

    OUTBOUND_CALL = "outbound_call"
    INBOUND_CALL = "inbound_call"
    INBOUND_CAMPAIGN_CALL = "inbound_campaign_call"
    OUTBOUND_EMAIL = "outbound_email"
    INBOUND_EMAIL = "inbound_email"
    CONSULTATION = "consultation"
    POST_CALL_SURVEY = "post_call_survey"
    EXTERNAL_TRANSFER = "external_transfer"
    OUTBOUND_SMS = "outbound_sms"
    INBOUND_SMS = "inbound_sms"
    CHAT = "chat"
    MESSENGER_CHAT = "messenger_chat"
    VOICE_MAILING_SURVEY = "voice_mailing_survey"
    SITECALL_CUSTOMER_LEG = "sitecall_customer_leg"
    SITECALL_AGENT_LEG = "sitecall_agent_leg"
    MOBILE_OUTBOUND_CALL = "mobile_outbound_call"
    MOBILE_INBOUND_CALL = "mobile_inbound_call"

class ContactStatus(_Vocabulary):
    """Seed 004's seven contact statuses."""

    ANSWERED = "answered"
    RINGING = "ringing"
    FAILED = "failed"
    CLASSIFIER = "classifier"
    BUSY = "busy"
    PENDING = "pending"
    NO_ANSWER = "no_answer"

class AttemptResult(_AttemptResultBase):
    """Seed 002's fourteen attempt results, each a success or not."""

    DIAL_ERROR = "dial_error"
    NUMBER_UNAVAILABLE = "number_unavailable"
    REQUEST_CANCELLED = "request_cancelled"
    VOICEMAIL = "voicemail"
    WRONG_NUMBER = "wrong_number"
    NUMBER_BUSY = "number_busy"
    NO_ANSWER = "no_answer"
    CALL_ACCEPTED = "call_accepted"
    INSUFFICIENT_FUNDS = "insufficient_funds"
    LOST_BY_OPERATOR = "lost_by_operator"
    CALL_REJECTED = "call_rejected"
    BLOCKED_DNC = "blocked_dnc"
    ABANDONED = "abandoned"
    ENDED_IN_IVR = "ended_in_ivr"

class DisconnectSide(_Vocabulary):
    """Which side ended the contact (seed 004)."""

    CUSTOMER = "customer"
    AGENT = "agent"
    THIRD_PARTY = "third_party"
    SYSTEM = "system"
    NETWORK = "network"
    SUPERVISOR = "supervisor"
    API = "api"
    EXPIRED = "expired"
    IDLE = "idle"
    OTHER = "other"

class CallMode(_Vocabulary):
    """Seed 000 R 通話モード: video or voice call."""

    VIDEO = "video"
    VOICE = "voice"

class CallType(_Vocabulary):
    """Seed 002's four call types (they decide dial and talk time)."""

    AUTOMATED_CAMPAIGN = "automated_campaign"
    SOFTPHONE_OUTGOING = "softphone_outgoing"
    OPERATOR_CAMPAIGN = "operator_campaign"
    INCOMING = "incoming"

class CallbackState(_Vocabulary):
    """Seed 001 対応状況: whether a callback was handled."""

    NOT_DONE = "not_done"
    DONE = "done"

class JobState(_JobStateBase):
    """The state of a background job: pending, running, done, failed, cancelled."""

    PENDING = "pending"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"

class Outcome(_Vocabulary):
    """What became of a contact, as derived by the core's rules."""

    COMPLETED = "completed"
    IN_PROGRESS = "in_progress"
    CANCELLED_BEFORE_ANSWER = "cancelled_before_answer"
    NO_AGENT_AVAILABLE = "no_agent_available"
    BROWSER_CLOSED = "browser_closed"
    NOT_ANSWERED = "not_answered"
    BUSY = "busy"
    FAILED = "failed"
    CLASSIFIED_ONLY = "classified_only"

class Role(_Vocabulary):
    """A user's role (seed 002): owner, admin, manager, supervisor, operator."""

    OWNER = "owner"
    ADMIN = "admin"
    MANAGER = "manager"
    SUPERVISOR = "supervisor"
    OPERATOR = "operator"

