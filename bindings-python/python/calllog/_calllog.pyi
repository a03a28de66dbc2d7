"""Type stubs of the extension module ``calllog._calllog`` (checked by ``mypy.stubtest``)."""

import os
from datetime import datetime, timedelta
from pathlib import Path
from decimal import Decimal
from typing import Any, Callable, Dict, Protocol, Type, TypeVar, final, Iterable, Iterator, List, Literal, Mapping, Optional, Sequence, Tuple, Union, overload

from ._vocab import (
    AttemptResult,
    CallbackState,
    CallMode,
    CallType,
    Channel,
    ContactStatus,
    Direction,
    DisconnectSide,
    InteractionType,
    JobState,
    Locale,
    Outcome,
    Role,
)

__version__: str
DERIVED_COLUMNS: List[str]

_WaitRuleName = Literal["call_start_to_talk_start", "queue_entry_to_answer"]
_TalkRuleName = Literal["answer_to_end", "incoming_from_scenario_start", "agent_talk_plus_ivr"]
_TotalRuleName = Literal["start_to_end", "start_to_close"]
_PathLike = Union[str, "os.PathLike[str]"]
_Progress = Union[Callable[[ExportProgress], object], Any]

@final
class Agent:
    """A staff member (agent, operator) who took part in a contact."""

    def __new__(
        cls,
        *,
        id: Optional[str] = ...,
        name: str = ...,
        number: Optional[str] = ...,
        groups: Sequence[str] = ...,
        deleted: bool = ...,
    ) -> Agent: ...
    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, ignore_unknown: bool = False) -> Agent: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def replace(self, **changes: Any) -> Agent: ...
    def __eq__(self, other: object, /) -> bool: ...
    @property
    def id(self) -> Optional[str]: ...
    @property
    def name(self) -> str: ...
    @property
    def number(self) -> Optional[str]: ...
    @property
    def groups(self) -> List[str]: ...
    @property
    def deleted(self) -> bool: ...

@final
class Timeline:
    """The moments of a contact, each a timezone-aware `datetime` or `None`."""

    def __new__(
        cls,
        *,
        started_at: Optional[datetime] = ...,
        dial_started_at: Optional[datetime] = ...,
        enqueued_at: Optional[datetime] = ...,
        dequeued_at: Optional[datetime] = ...,
        offered_at: Optional[datetime] = ...,
        answered_or_cancelled_at: Optional[datetime] = ...,
        talk_started_at: Optional[datetime] = ...,
        talk_ended_at: Optional[datetime] = ...,
        after_call_work_started_at: Optional[datetime] = ...,
        after_call_work_ended_at: Optional[datetime] = ...,
        closed_at: Optional[datetime] = ...,
    ) -> Timeline: ...
    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, ignore_unknown: bool = False) -> Timeline: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def replace(self, **changes: Any) -> Timeline: ...
    def __eq__(self, other: object, /) -> bool: ...
    @property
    def started_at(self) -> Optional[datetime]: ...
    @property
    def dial_started_at(self) -> Optional[datetime]: ...
    @property
    def enqueued_at(self) -> Optional[datetime]: ...
    @property
    def dequeued_at(self) -> Optional[datetime]: ...
    @property
    def offered_at(self) -> Optional[datetime]: ...
    @property
    def answered_or_cancelled_at(self) -> Optional[datetime]: ...
    @property
    def talk_started_at(self) -> Optional[datetime]: ...
    @property
    def talk_ended_at(self) -> Optional[datetime]: ...
    @property
    def after_call_work_started_at(self) -> Optional[datetime]: ...
    @property
    def after_call_work_ended_at(self) -> Optional[datetime]: ...
    @property
    def closed_at(self) -> Optional[datetime]: ...

@final
class ReportedDurations:
    """Durations a product reports as numbers (`timedelta`), used when the timeline cannot answer."""

    def __new__(
        cls,
        *,
        wait: Optional[timedelta] = ...,
        dial: Optional[timedelta] = ...,
        talk: Optional[timedelta] = ...,
        agent_talk: Optional[timedelta] = ...,
        ivr: Optional[timedelta] = ...,
        hold: Optional[timedelta] = ...,
        after_call_work: Optional[timedelta] = ...,
        total: Optional[timedelta] = ...,
    ) -> ReportedDurations: ...
    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, ignore_unknown: bool = False) -> ReportedDurations: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def replace(self, **changes: Any) -> ReportedDurations: ...
    def __eq__(self, other: object, /) -> bool: ...
    @property
    def wait(self) -> Optional[timedelta]: ...
    @property
    def dial(self) -> Optional[timedelta]: ...
    @property
    def talk(self) -> Optional[timedelta]: ...
    @property
    def agent_talk(self) -> Optional[timedelta]: ...
    @property
    def ivr(self) -> Optional[timedelta]: ...
    @property
    def hold(self) -> Optional[timedelta]: ...
    @property
    def after_call_work(self) -> Optional[timedelta]: ...
    @property
    def total(self) -> Optional[timedelta]: ...

@final
class RingEvent:
    """One entry of the ring history (seed 000 N 着信履歴): a staff member was rung."""

    def __new__(
        cls,
        *,
        at: Optional[datetime] = ...,
        staff_name: str = ...,
        detail: Optional[str] = ...,
    ) -> RingEvent: ...
    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, ignore_unknown: bool = False) -> RingEvent: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def replace(self, **changes: Any) -> RingEvent: ...
    def __eq__(self, other: object, /) -> bool: ...
    @property
    def at(self) -> Optional[datetime]: ...
    @property
    def staff_name(self) -> str: ...
    @property
    def detail(self) -> Optional[str]: ...

@final
class IvrStep:
    """One step of the IVR path (seed 004)."""

    def __new__(
        cls,
        *,
        node: str = ...,
        entered_at: Optional[datetime] = ...,
        left_at: Optional[datetime] = ...,
        choice: Optional[str] = ...,
        detail: Optional[str] = ...,
    ) -> IvrStep: ...
    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, ignore_unknown: bool = False) -> IvrStep: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def replace(self, **changes: Any) -> IvrStep: ...
    def __eq__(self, other: object, /) -> bool: ...
    @property
    def node(self) -> str: ...
    @property
    def entered_at(self) -> Optional[datetime]: ...
    @property
    def left_at(self) -> Optional[datetime]: ...
    @property
    def choice(self) -> Optional[str]: ...
    @property
    def detail(self) -> Optional[str]: ...

@final
class SurveyAnswer:
    """One survey question and its answer (seed 000: up to 50 before and 50 after the call)."""

    def __new__(
        cls,
        *,
        index: int = ...,
        question: str = ...,
        answer: Optional[str] = ...,
    ) -> SurveyAnswer: ...
    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, ignore_unknown: bool = False) -> SurveyAnswer: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def replace(self, **changes: Any) -> SurveyAnswer: ...
    def __eq__(self, other: object, /) -> bool: ...
    @property
    def index(self) -> int: ...
    @property
    def question(self) -> str: ...
    @property
    def answer(self) -> Optional[str]: ...

@final
class Note:
    """A comment attached to a contact."""

    def __new__(
        cls,
        *,
        author: Optional[str] = ...,
        at: Optional[datetime] = ...,
        text: str = ...,
    ) -> Note: ...
    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, ignore_unknown: bool = False) -> Note: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def replace(self, **changes: Any) -> Note: ...
    def __eq__(self, other: object, /) -> bool: ...
    @property
    def author(self) -> Optional[str]: ...
    @property
    def at(self) -> Optional[datetime]: ...
    @property
    def text(self) -> str: ...

@final
class Recording:
    """A recording of the conversation."""

    def __new__(
        cls,
        *,
        url: Optional[str] = ...,
        duration: Optional[timedelta] = ...,
        processing: bool = ...,
        format: Optional[str] = ...,
    ) -> Recording: ...
    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, ignore_unknown: bool = False) -> Recording: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def replace(self, **changes: Any) -> Recording: ...
    def __eq__(self, other: object, /) -> bool: ...
    @property
    def url(self) -> Optional[str]: ...
    @property
    def duration(self) -> Optional[timedelta]: ...
    @property
    def processing(self) -> bool: ...
    @property
    def format(self) -> Optional[str]: ...

@final
class Visit:
    """Where the caller came from (seed 003 visit and client data)."""

    def __new__(
        cls,
        *,
        source: Optional[str] = ...,
        medium: Optional[str] = ...,
        campaign: Optional[str] = ...,
        content: Optional[str] = ...,
        term: Optional[str] = ...,
        landing_page: Optional[str] = ...,
        client_ip: Optional[str] = ...,
    ) -> Visit: ...
    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, ignore_unknown: bool = False) -> Visit: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def replace(self, **changes: Any) -> Visit: ...
    def __eq__(self, other: object, /) -> bool: ...
    @property
    def source(self) -> Optional[str]: ...
    @property
    def medium(self) -> Optional[str]: ...
    @property
    def campaign(self) -> Optional[str]: ...
    @property
    def content(self) -> Optional[str]: ...
    @property
    def term(self) -> Optional[str]: ...
    @property
    def landing_page(self) -> Optional[str]: ...
    @property
    def client_ip(self) -> Optional[str]: ...

@final
class PageView:
    """One page seen during a web session (seed 003)."""

    def __new__(
        cls,
        *,
        url: str = ...,
        title: Optional[str] = ...,
        viewed_at: Optional[datetime] = ...,
        time_on_page: Optional[timedelta] = ...,
    ) -> PageView: ...
    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, ignore_unknown: bool = False) -> PageView: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def replace(self, **changes: Any) -> PageView: ...
    def __eq__(self, other: object, /) -> bool: ...
    @property
    def url(self) -> str: ...
    @property
    def title(self) -> Optional[str]: ...
    @property
    def viewed_at(self) -> Optional[datetime]: ...
    @property
    def time_on_page(self) -> Optional[timedelta]: ...

@final
class WebSession:
    """One visit of the customer to the site (seed 003 "User sessions history")."""

    def __new__(
        cls,
        *,
        id: str = ...,
        customer: Optional[str] = ...,
        started_at: Optional[datetime] = ...,
        ended_at: Optional[datetime] = ...,
        visit: Union[Visit, Mapping[str, Any]] = ...,
        device: Optional[str] = ...,
        os: Optional[str] = ...,
        geolocation: Optional[str] = ...,
        pages: Sequence[Union[PageView, Mapping[str, Any]]] = ...,
        contact_ids: Sequence[str] = ...,
    ) -> WebSession: ...
    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, ignore_unknown: bool = False) -> WebSession: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def replace(self, **changes: Any) -> WebSession: ...
    def validate(self) -> None: ...
    def __eq__(self, other: object, /) -> bool: ...
    @property
    def id(self) -> str: ...
    @property
    def customer(self) -> Optional[str]: ...
    @property
    def started_at(self) -> Optional[datetime]: ...
    @property
    def ended_at(self) -> Optional[datetime]: ...
    @property
    def visit(self) -> Visit: ...
    @property
    def device(self) -> Optional[str]: ...
    @property
    def os(self) -> Optional[str]: ...
    @property
    def geolocation(self) -> Optional[str]: ...
    @property
    def pages(self) -> List[PageView]: ...
    @property
    def contact_ids(self) -> List[str]: ...

@final
class CallRecord:
    """One contact: a call, video call, SMS, e-mail or chat."""

    def __new__(
        cls,
        *,
        id: str = ...,
        channel: Union[Channel, str] = ...,
        direction: Optional[Union[Direction, str]] = ...,
        interaction_type: Optional[Union[InteractionType, str]] = ...,
        call_type: Optional[Union[CallType, str]] = ...,
        call_mode: Optional[Union[CallMode, str]] = ...,
        status: Optional[Union[ContactStatus, str]] = ...,
        customer_name: Optional[str] = ...,
        from_: Optional[str] = ...,
        to: Optional[str] = ...,
        cc: Sequence[str] = ...,
        bcc: Sequence[str] = ...,
        agents: Sequence[Union[Agent, Mapping[str, Any]]] = ...,
        queue: Optional[str] = ...,
        campaign: Optional[str] = ...,
        scenario: Optional[str] = ...,
        scenario_url: Optional[str] = ...,
        timeline: Union[Timeline, Mapping[str, Any]] = ...,
        reported: Union[ReportedDurations, Mapping[str, Any]] = ...,
        end_reason: Optional[str] = ...,
        disconnect_side: Optional[Union[DisconnectSide, str]] = ...,
        hold_count: Optional[int] = ...,
        attempt_result: Optional[Union[AttemptResult, str]] = ...,
        completion_code: Optional[str] = ...,
        callback_at: Optional[datetime] = ...,
        attempts: Optional[int] = ...,
        tags: Sequence[str] = ...,
        topics: Sequence[str] = ...,
        categories: Sequence[str] = ...,
        classifier: Optional[str] = ...,
        notes: Sequence[Union[Note, Mapping[str, Any]]] = ...,
        manager_rating: Optional[int] = ...,
        call_rating: Optional[int] = ...,
        recording: Optional[Union[Recording, Mapping[str, Any]]] = ...,
        price: Optional[Union[Money, str, Mapping[str, Any]]] = ...,
        co_browse: bool = ...,
        ring_history: Sequence[Union[RingEvent, Mapping[str, Any]]] = ...,
        brand: Optional[str] = ...,
        service: Optional[str] = ...,
        menu: Optional[str] = ...,
        staff_memo: Optional[str] = ...,
        customer_user_agent: Optional[str] = ...,
        staff_user_agent: Optional[str] = ...,
        extra_info: Optional[str] = ...,
        chat_log: Optional[str] = ...,
        pre_survey: Sequence[Union[SurveyAnswer, Mapping[str, Any]]] = ...,
        post_survey: Sequence[Union[SurveyAnswer, Mapping[str, Any]]] = ...,
        visit: Optional[Union[Visit, Mapping[str, Any]]] = ...,
        record_id: Optional[str] = ...,
        significant_field: Optional[str] = ...,
        ticket_id: Optional[str] = ...,
        request_id: Optional[str] = ...,
        ivr_path: Sequence[Union[IvrStep, Mapping[str, Any]]] = ...,
        extra: Mapping[str, str] = ...,
    ) -> CallRecord: ...
    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, ignore_unknown: bool = False) -> CallRecord: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def replace(self, **changes: Any) -> CallRecord: ...
    def __eq__(self, other: object, /) -> bool: ...
    @property
    def id(self) -> str: ...
    @property
    def channel(self) -> Channel: ...
    @property
    def direction(self) -> Optional[Direction]: ...
    @property
    def interaction_type(self) -> Optional[InteractionType]: ...
    @property
    def call_type(self) -> Optional[CallType]: ...
    @property
    def call_mode(self) -> Optional[CallMode]: ...
    @property
    def status(self) -> Optional[ContactStatus]: ...
    @property
    def customer_name(self) -> Optional[str]: ...
    @property
    def from_(self) -> Optional[str]: ...
    @property
    def to(self) -> Optional[str]: ...
    @property
    def cc(self) -> List[str]: ...
    @property
    def bcc(self) -> List[str]: ...
    @property
    def agents(self) -> List[Agent]: ...
    @property
    def queue(self) -> Optional[str]: ...
    @property
    def campaign(self) -> Optional[str]: ...
    @property
    def scenario(self) -> Optional[str]: ...
    @property
    def scenario_url(self) -> Optional[str]: ...
    @property
    def timeline(self) -> Timeline: ...
    @property
    def reported(self) -> ReportedDurations: ...
    @property
    def end_reason(self) -> Optional[str]: ...
    @property
    def disconnect_side(self) -> Optional[DisconnectSide]: ...
    @property
    def hold_count(self) -> Optional[int]: ...
    @property
    def attempt_result(self) -> Optional[AttemptResult]: ...
    @property
    def completion_code(self) -> Optional[str]: ...
    @property
    def callback_at(self) -> Optional[datetime]: ...
    @property
    def attempts(self) -> Optional[int]: ...
    @property
    def tags(self) -> List[str]: ...
    @property
    def topics(self) -> List[str]: ...
    @property
    def categories(self) -> List[str]: ...
    @property
    def classifier(self) -> Optional[str]: ...
    @property
    def notes(self) -> List[Note]: ...
    @property
    def manager_rating(self) -> Optional[int]: ...
    @property
    def call_rating(self) -> Optional[int]: ...
    @property
    def recording(self) -> Optional[Recording]: ...
    @property
    def price(self) -> Optional[Money]: ...
    @property
    def co_browse(self) -> bool: ...
    @property
    def ring_history(self) -> List[RingEvent]: ...
    @property
    def brand(self) -> Optional[str]: ...
    @property
    def service(self) -> Optional[str]: ...
    @property
    def menu(self) -> Optional[str]: ...
    @property
    def staff_memo(self) -> Optional[str]: ...
    @property
    def customer_user_agent(self) -> Optional[str]: ...
    @property
    def staff_user_agent(self) -> Optional[str]: ...
    @property
    def extra_info(self) -> Optional[str]: ...
    @property
    def chat_log(self) -> Optional[str]: ...
    @property
    def pre_survey(self) -> List[SurveyAnswer]: ...
    @property
    def post_survey(self) -> List[SurveyAnswer]: ...
    @property
    def visit(self) -> Optional[Visit]: ...
    @property
    def record_id(self) -> Optional[str]: ...
    @property
    def significant_field(self) -> Optional[str]: ...
    @property
    def ticket_id(self) -> Optional[str]: ...
    @property
    def request_id(self) -> Optional[str]: ...
    @property
    def ivr_path(self) -> List[IvrStep]: ...
    @property
    def extra(self) -> Dict[str, str]: ...
    def validate(self) -> None: ...
    def edit(
        self,
        *,
        add_comment: Union[Note, Mapping[str, Any], str, Sequence[Union[Note, Mapping[str, Any], str]], None] = None,
        remove_comment: Union[int, Sequence[int], None] = None,
        add_category: Union[str, Sequence[str], None] = None,
        remove_category: Union[str, Sequence[str], None] = None,
        manager_rating: Optional[int] = ...,
        call_rating: Optional[int] = ...,
    ) -> CallRecord: ...
    def derive(self, rules: Union[Rules, str, None] = None) -> Derived: ...
    @property
    def wait_time(self) -> Optional[timedelta]: ...
    @property
    def dial_duration(self) -> Optional[timedelta]: ...
    @property
    def talk_time(self) -> Optional[timedelta]: ...
    @property
    def agent_talk_time(self) -> Optional[timedelta]: ...
    @property
    def ivr_time(self) -> Optional[timedelta]: ...
    @property
    def hold_time(self) -> Optional[timedelta]: ...
    @property
    def after_call_work(self) -> Optional[timedelta]: ...
    @property
    def total_duration(self) -> Optional[timedelta]: ...
    @property
    def handle_time(self) -> Optional[timedelta]: ...
    @property
    def outcome(self) -> Outcome: ...
    @property
    def is_success(self) -> bool: ...
    @property
    def agent_names(self) -> str: ...
    @property
    def customer_address(self) -> Optional[str]: ...
    @property
    def effective_direction(self) -> Optional[Direction]: ...

@final
class CallbackRecord:
    """One entry of a callback worklist (seed 001 折り返し呼)."""

    def __new__(
        cls,
        *,
        id: str = ...,
        registered_at: Optional[datetime] = ...,
        incoming_at: Optional[datetime] = ...,
        assignee: Optional[str] = ...,
        state: Union[CallbackState, str] = ...,
        call_center: Optional[str] = ...,
        business_label: Optional[str] = ...,
        caller_number: Optional[str] = ...,
        our_number: Optional[str] = ...,
        request_id: Optional[str] = ...,
        recording: Optional[Union[Recording, Mapping[str, Any]]] = ...,
        memo: Optional[str] = ...,
    ) -> CallbackRecord: ...
    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, ignore_unknown: bool = False) -> CallbackRecord: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def replace(self, **changes: Any) -> CallbackRecord: ...
    def __eq__(self, other: object, /) -> bool: ...
    @property
    def id(self) -> str: ...
    @property
    def registered_at(self) -> Optional[datetime]: ...
    @property
    def incoming_at(self) -> Optional[datetime]: ...
    @property
    def assignee(self) -> Optional[str]: ...
    @property
    def state(self) -> CallbackState: ...
    @property
    def call_center(self) -> Optional[str]: ...
    @property
    def business_label(self) -> Optional[str]: ...
    @property
    def caller_number(self) -> Optional[str]: ...
    @property
    def our_number(self) -> Optional[str]: ...
    @property
    def request_id(self) -> Optional[str]: ...
    @property
    def recording(self) -> Optional[Recording]: ...
    @property
    def memo(self) -> Optional[str]: ...
    def validate(self) -> None: ...

@final
class Viewer:
    """The person looking at the history (seed 002): role, own name or id, groups, and the"""

    def __new__(
        cls,
        *,
        role: Union[Role, str] = ...,
        user: Optional[str] = ...,
        groups: Sequence[str] = ...,
        history_access: bool = ...,
    ) -> Viewer: ...
    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, ignore_unknown: bool = False) -> Viewer: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def replace(self, **changes: Any) -> Viewer: ...
    def __eq__(self, other: object, /) -> bool: ...
    @property
    def role(self) -> Role: ...
    @property
    def user(self) -> Optional[str]: ...
    @property
    def groups(self) -> List[str]: ...
    @property
    def history_access(self) -> bool: ...
    @staticmethod
    def supervisor(user: str, groups: Sequence[str], *, history_access: bool = False) -> Viewer: ...
    @staticmethod
    def operator(user: str, *, history_access: bool = False) -> Viewer: ...
    @property
    def sees_everything(self) -> bool: ...
    def can_see(self, record: Union[CallRecord, Mapping[str, Any]]) -> bool: ...
    def may_see(self, part: Literal["price", "scenario_link", "call_details"]) -> bool: ...
    def redact(self, record: Union[CallRecord, Mapping[str, Any]]) -> CallRecord: ...

@final
class Money:
    """An exact amount of money with its currency (``Money("0.0125", "USD")``); never a float."""

    def __new__(cls, amount: Union[Decimal, int, str], currency: str) -> Money: ...
    @staticmethod
    def parse(text: str) -> Money: ...
    @property
    def amount(self) -> Decimal: ...
    @property
    def currency(self) -> str: ...
    @property
    def units(self) -> int: ...
    @property
    def scale(self) -> int: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class Rules:
    """The rule set where vendors disagree: how wait, talk and total time are measured."""

    def __new__(
        cls,
        *,
        wait: Optional[_WaitRuleName] = None,
        talk: Optional[_TalkRuleName] = None,
        total: Optional[_TotalRuleName] = None,
    ) -> Rules: ...
    @staticmethod
    def preset(name: str) -> Rules: ...
    @staticmethod
    def preset_names() -> List[str]: ...
    @property
    def wait(self) -> _WaitRuleName: ...
    @property
    def talk(self) -> _TalkRuleName: ...
    @property
    def total(self) -> _TotalRuleName: ...
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class Derived:
    """Every derived field of one record, as computed by ``CallRecord.derive(rules=...)``."""

    @property
    def wait(self) -> Optional[timedelta]: ...
    @property
    def dial(self) -> Optional[timedelta]: ...
    @property
    def talk(self) -> Optional[timedelta]: ...
    @property
    def agent_talk(self) -> Optional[timedelta]: ...
    @property
    def ivr(self) -> Optional[timedelta]: ...
    @property
    def hold(self) -> Optional[timedelta]: ...
    @property
    def after_call_work(self) -> Optional[timedelta]: ...
    @property
    def total(self) -> Optional[timedelta]: ...
    @property
    def handle(self) -> Optional[timedelta]: ...
    @property
    def outcome(self) -> Outcome: ...
    @property
    def success(self) -> bool: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def __eq__(self, other: object, /) -> bool: ...

_RecordLike = Union[CallRecord, Mapping[str, Any]]

class _ArrowStream(Protocol):
    """Anything exposing the Arrow PyCapsule stream interface (pyarrow, polars, DuckDB...)."""

    def __arrow_c_stream__(self, requested_schema: Any = None) -> Any: ...

def _arrow_schema(derived: bool = False) -> Any: ...

@final
class CallLog:
    """A collection of call records held on the Rust side."""

    def __new__(cls, records: Optional[Iterable[_RecordLike]] = None, *, validate: bool = True) -> CallLog: ...
    @staticmethod
    def from_records(
        records: Iterable[_RecordLike], *, validate: bool = True, ignore_unknown: bool = False
    ) -> CallLog: ...
    @staticmethod
    def from_pandas(df: Any, *, validate: bool = True, ignore_unknown: bool = False) -> CallLog: ...
    @staticmethod
    def from_arrow(data: _ArrowStream, *, validate: bool = True, ignore_unknown: bool = False) -> CallLog: ...
    @staticmethod
    def from_polars(df: Any, *, validate: bool = True, ignore_unknown: bool = False) -> CallLog: ...
    @staticmethod
    def sample(n: int, *, seed: int = 1) -> CallLog: ...
    def to_arrow(self, *, rules: Union[Rules, str, None] = None, derived: bool = True) -> Any: ...
    def to_polars(self, *, rules: Union[Rules, str, None] = None, derived: bool = True) -> Any: ...
    def to_pandas(self, *, rules: Union[Rules, str, None] = None, derived: bool = True) -> Any: ...
    @overload
    def export_csv(
        self,
        path: _PathLike,
        *,
        columns: Optional[Sequence[str]] = None,
        preset: Optional[str] = None,
        locale: Union[Locale, str, None] = None,
        time_zone: Any = None,
        datetime_format: Optional[str] = None,
        durations: Optional[Literal["seconds", "clock"]] = None,
        enums: Optional[Literal["label", "machine_name"]] = None,
        rules: Union[Rules, str, None] = None,
        layout: Optional[Literal["simple", "detailed"]] = None,
        repeat_contact_fields: bool = True,
        viewer: Union[Viewer, Mapping[str, Any], None] = None,
        export_policy: Union[Literal["anyone", "video_call_saas", "voximplant"], str, Sequence[Union[Role, str]], None] = None,
        delimiter: Optional[str] = None,
        encoding: Optional[str] = None,
        unencodable: Optional[Literal["error", "replace"]] = None,
        threads: Optional[int] = None,
        progress: Optional[_Progress] = None,
        row_cap: Optional[int] = None,
        callbacks: bool = False,
        validate: bool = True,
        ignore_unknown: bool = False,
        background: Literal[False] = False,
    ) -> ExportSummary: ...
    @overload
    def export_csv(
        self,
        path: _PathLike,
        *,
        columns: Optional[Sequence[str]] = None,
        preset: Optional[str] = None,
        locale: Union[Locale, str, None] = None,
        time_zone: Any = None,
        datetime_format: Optional[str] = None,
        durations: Optional[Literal["seconds", "clock"]] = None,
        enums: Optional[Literal["label", "machine_name"]] = None,
        rules: Union[Rules, str, None] = None,
        layout: Optional[Literal["simple", "detailed"]] = None,
        repeat_contact_fields: bool = True,
        viewer: Union[Viewer, Mapping[str, Any], None] = None,
        export_policy: Union[Literal["anyone", "video_call_saas", "voximplant"], str, Sequence[Union[Role, str]], None] = None,
        delimiter: Optional[str] = None,
        encoding: Optional[str] = None,
        unencodable: Optional[Literal["error", "replace"]] = None,
        threads: Optional[int] = None,
        progress: Optional[_Progress] = None,
        row_cap: Optional[int] = None,
        callbacks: bool = False,
        validate: bool = True,
        ignore_unknown: bool = False,
        background: Literal[True],
    ) -> ExportJob: ...
    @overload
    def export_xlsx(
        self,
        path: _PathLike,
        *,
        columns: Optional[Sequence[str]] = None,
        preset: Optional[str] = None,
        locale: Union[Locale, str, None] = None,
        time_zone: Any = None,
        datetime_format: Optional[str] = None,
        durations: Optional[Literal["seconds", "clock"]] = None,
        enums: Optional[Literal["label", "machine_name"]] = None,
        rules: Union[Rules, str, None] = None,
        layout: Optional[Literal["simple", "detailed"]] = None,
        repeat_contact_fields: bool = True,
        viewer: Union[Viewer, Mapping[str, Any], None] = None,
        export_policy: Union[Literal["anyone", "video_call_saas", "voximplant"], str, Sequence[Union[Role, str]], None] = None,
        sheet_name: Optional[str] = None,
        compression_level: Optional[int] = None,
        summary_sheet: bool = False,
        progress: Optional[_Progress] = None,
        row_cap: Optional[int] = None,
        callbacks: bool = False,
        validate: bool = True,
        ignore_unknown: bool = False,
        background: Literal[False] = False,
    ) -> ExportSummary: ...
    @overload
    def export_xlsx(
        self,
        path: _PathLike,
        *,
        columns: Optional[Sequence[str]] = None,
        preset: Optional[str] = None,
        locale: Union[Locale, str, None] = None,
        time_zone: Any = None,
        datetime_format: Optional[str] = None,
        durations: Optional[Literal["seconds", "clock"]] = None,
        enums: Optional[Literal["label", "machine_name"]] = None,
        rules: Union[Rules, str, None] = None,
        layout: Optional[Literal["simple", "detailed"]] = None,
        repeat_contact_fields: bool = True,
        viewer: Union[Viewer, Mapping[str, Any], None] = None,
        export_policy: Union[Literal["anyone", "video_call_saas", "voximplant"], str, Sequence[Union[Role, str]], None] = None,
        sheet_name: Optional[str] = None,
        compression_level: Optional[int] = None,
        summary_sheet: bool = False,
        progress: Optional[_Progress] = None,
        row_cap: Optional[int] = None,
        callbacks: bool = False,
        validate: bool = True,
        ignore_unknown: bool = False,
        background: Literal[True],
    ) -> ExportJob: ...
    def export_summary_xlsx(
        self,
        path: _PathLike,
        *,
        locale: Union[Locale, str, None] = None,
        time_zone: Any = None,
        service_level: Optional[timedelta] = None,
        short_abandon: Optional[timedelta] = None,
        rules: Union[Rules, str, None] = None,
        viewer: Union[Viewer, Mapping[str, Any], None] = None,
        validate: bool = True,
        ignore_unknown: bool = False,
    ) -> ExportSummary: ...
    def filter(self, **criteria: Any) -> CallLog: ...
    def for_viewer(self, viewer: Union[Viewer, Mapping[str, Any]]) -> CallLog: ...
    def query(
        self,
        *,
        viewer: Union[Viewer, Mapping[str, Any], None] = None,
        sort: Union[str, Sequence[str], None] = None,
        offset: int = 0,
        limit: Optional[int] = None,
        cursor: Optional[str] = None,
        **criteria: Any,
    ) -> QueryPage: ...
    def customer_card(
        self,
        number: str,
        *,
        region: Optional[str] = None,
        viewer: Union[Viewer, Mapping[str, Any], None] = None,
        now: Optional[datetime] = None,
        rules: Union[Rules, str, None] = None,
        sessions: Optional[Iterable[Union[WebSession, Mapping[str, Any]]]] = None,
    ) -> CustomerCard: ...
    def metrics(
        self,
        *,
        by: Optional[Literal["agent", "queue", "channel", "hour", "day"]] = None,
        short_abandon: Optional[timedelta] = None,
        service_level: Optional[timedelta] = None,
        time_zone: Optional[str] = None,
        rules: Union[Rules, str, None] = None,
    ) -> MetricsReport: ...
    def to_records(self) -> List[CallRecord]: ...
    def to_dicts(self) -> List[Dict[str, Any]]: ...
    def validate(self) -> None: ...
    def __len__(self) -> int: ...
    @overload
    def __getitem__(self, key: int, /) -> CallRecord: ...
    @overload
    def __getitem__(self, key: slice, /) -> CallLog: ...
    def __iter__(self) -> CallLogIterator: ...
    def __eq__(self, other: object, /) -> bool: ...

@final
class CallLogIterator:
    """Iterator over the records of a ``CallLog``."""

    def __iter__(self) -> CallLogIterator: ...
    def __next__(self) -> CallRecord: ...

@final
class ExportSummary:
    """What an export did."""

    @property
    def path(self) -> Path: ...
    @property
    def records(self) -> int: ...
    @property
    def rows(self) -> int: ...
    @property
    def skipped_records(self) -> int: ...
    @property
    def sheets(self) -> int: ...
    @property
    def truncated_cells(self) -> int: ...
    @property
    def replaced_characters(self) -> int: ...
    @property
    def bytes(self) -> int: ...
    @property
    def elapsed(self) -> timedelta: ...
    @property
    def dropped_columns(self) -> List[str]: ...

@final
class ExportProgress:
    """Where an export stands, as passed to a ``progress=`` callable."""

    @property
    def rows(self) -> int: ...
    @property
    def total(self) -> Optional[int]: ...
    @property
    def bytes(self) -> int: ...
    @property
    def done(self) -> bool: ...

_Records = Union[CallLog, _ArrowStream, Iterable[Union[CallRecord, CallbackRecord, Mapping[str, Any]]]]

@final
class CallbackList:
    """Seed 001's callback worklist (折り返し呼管理): register, assign, done/not done, memo,
    search, retention purge, export."""

    def __new__(
        cls, entries: Optional[Iterable[Union[CallbackRecord, Mapping[str, Any]]]] = None
    ) -> CallbackList: ...
    def __len__(self) -> int: ...
    def __contains__(self, id: object, /) -> bool: ...
    def __iter__(self) -> Iterator[CallbackRecord]: ...
    def __getitem__(self, id: str, /) -> CallbackRecord: ...
    def register(self, entry: Union[CallbackRecord, Mapping[str, Any]]) -> None: ...
    def get(self, id: str) -> Optional[CallbackRecord]: ...
    def remove(self, id: str) -> CallbackRecord: ...
    def assign(self, id: str, agent: str) -> None: ...
    def unassign(self, id: str) -> None: ...
    def mark_done(self, id: str) -> None: ...
    def mark_not_done(self, id: str) -> None: ...
    def set_memo(self, id: str, memo: Optional[str]) -> None: ...
    def search(self, **criteria: Any) -> List[CallbackRecord]: ...
    def purge_older_than(self, days: int, now: Optional[datetime] = None) -> List[str]: ...
    def to_list(self) -> List[CallbackRecord]: ...
    def export_csv(self, path: _PathLike, **options: Any) -> Any: ...
    def export_xlsx(self, path: _PathLike, **options: Any) -> Any: ...

@overload
def export_csv(
    records: _Records,
    path: _PathLike,
    *,
    columns: Optional[Sequence[str]] = None,
    preset: Optional[str] = None,
    locale: Union[Locale, str, None] = None,
    time_zone: Any = None,
    datetime_format: Optional[str] = None,
    durations: Optional[Literal["seconds", "clock"]] = None,
    enums: Optional[Literal["label", "machine_name"]] = None,
    rules: Union[Rules, str, None] = None,
    layout: Optional[Literal["simple", "detailed"]] = None,
    repeat_contact_fields: bool = True,
    viewer: Union[Viewer, Mapping[str, Any], None] = None,
    export_policy: Union[Literal["anyone", "video_call_saas", "voximplant"], str, Sequence[Union[Role, str]], None] = None,
    delimiter: Optional[str] = None,
    encoding: Optional[str] = None,
    unencodable: Optional[Literal["error", "replace"]] = None,
    threads: Optional[int] = None,
    progress: Optional[_Progress] = None,
    row_cap: Optional[int] = None,
    callbacks: bool = False,
    validate: bool = True,
    ignore_unknown: bool = False,
    background: Literal[False] = False,
) -> ExportSummary: ...
@overload
def export_csv(
    records: _Records,
    path: _PathLike,
    *,
    columns: Optional[Sequence[str]] = None,
    preset: Optional[str] = None,
    locale: Union[Locale, str, None] = None,
    time_zone: Any = None,
    datetime_format: Optional[str] = None,
    durations: Optional[Literal["seconds", "clock"]] = None,
    enums: Optional[Literal["label", "machine_name"]] = None,
    rules: Union[Rules, str, None] = None,
    layout: Optional[Literal["simple", "detailed"]] = None,
    repeat_contact_fields: bool = True,
    viewer: Union[Viewer, Mapping[str, Any], None] = None,
    export_policy: Union[Literal["anyone", "video_call_saas", "voximplant"], str, Sequence[Union[Role, str]], None] = None,
    delimiter: Optional[str] = None,
    encoding: Optional[str] = None,
    unencodable: Optional[Literal["error", "replace"]] = None,
    threads: Optional[int] = None,
    progress: Optional[_Progress] = None,
    row_cap: Optional[int] = None,
    callbacks: bool = False,
    validate: bool = True,
    ignore_unknown: bool = False,
    background: Literal[True],
) -> ExportJob: ...
@overload
def export_xlsx(
    records: _Records,
    path: _PathLike,
    *,
    columns: Optional[Sequence[str]] = None,
    preset: Optional[str] = None,
    locale: Union[Locale, str, None] = None,
    time_zone: Any = None,
    datetime_format: Optional[str] = None,
    durations: Optional[Literal["seconds", "clock"]] = None,
    enums: Optional[Literal["label", "machine_name"]] = None,
    rules: Union[Rules, str, None] = None,
    layout: Optional[Literal["simple", "detailed"]] = None,
    repeat_contact_fields: bool = True,
    viewer: Union[Viewer, Mapping[str, Any], None] = None,
    export_policy: Union[Literal["anyone", "video_call_saas", "voximplant"], str, Sequence[Union[Role, str]], None] = None,
    sheet_name: Optional[str] = None,
    compression_level: Optional[int] = None,
    summary_sheet: bool = False,
    progress: Optional[_Progress] = None,
    row_cap: Optional[int] = None,
    callbacks: bool = False,
    validate: bool = True,
    ignore_unknown: bool = False,
    background: Literal[False] = False,
) -> ExportSummary: ...
@overload
def export_xlsx(
    records: _Records,
    path: _PathLike,
    *,
    columns: Optional[Sequence[str]] = None,
    preset: Optional[str] = None,
    locale: Union[Locale, str, None] = None,
    time_zone: Any = None,
    datetime_format: Optional[str] = None,
    durations: Optional[Literal["seconds", "clock"]] = None,
    enums: Optional[Literal["label", "machine_name"]] = None,
    rules: Union[Rules, str, None] = None,
    layout: Optional[Literal["simple", "detailed"]] = None,
    repeat_contact_fields: bool = True,
    viewer: Union[Viewer, Mapping[str, Any], None] = None,
    export_policy: Union[Literal["anyone", "video_call_saas", "voximplant"], str, Sequence[Union[Role, str]], None] = None,
    sheet_name: Optional[str] = None,
    compression_level: Optional[int] = None,
    summary_sheet: bool = False,
    progress: Optional[_Progress] = None,
    row_cap: Optional[int] = None,
    callbacks: bool = False,
    validate: bool = True,
    ignore_unknown: bool = False,
    background: Literal[True],
) -> ExportJob: ...
def read_csv(
    path: _PathLike,
    *,
    columns: Optional[Sequence[str]] = None,
    preset: Optional[str] = None,
    locale: Union[Locale, str, None] = None,
    time_zone: Any = None,
    datetime_format: Optional[str] = None,
    durations: Optional[Literal["seconds", "clock"]] = None,
    delimiter: Optional[str] = None,
    validate: bool = True,
) -> CallLog: ...
def read_source(
    path: _PathLike,
    source: Literal[
        "asterisk_csv", "freeswitch_csv", "freeswitch_json", "twilio_json", "connect_ctr"
    ],
    *,
    time_zone: Any = None,
    validate: bool = True,
) -> CallLog: ...
def export_columns(kind: Literal["call", "callback"] = "call") -> List[str]: ...
def export_presets() -> List[str]: ...

@final
class ExportJob:
    """A background export: ``state``, ``progress``, ``wait(timeout)``, ``result(timeout)``, ``cancel()``."""

    @property
    def id(self) -> int: ...
    @property
    def path(self) -> Path: ...
    @property
    def state(self) -> JobState: ...
    @property
    def progress(self) -> ExportProgress: ...
    def cancel(self) -> None: ...
    def wait(self, timeout: Optional[float] = None) -> bool: ...
    def result(self, timeout: Optional[float] = None) -> ExportSummary: ...

@final
class QueryPage:
    """One page of a query."""

    @property
    def records(self) -> CallLog: ...
    @property
    def total(self) -> int: ...
    @property
    def next_cursor(self) -> Optional[str]: ...

@final
class Metrics:
    """The metrics of one set of contacts."""

    @property
    def offered(self) -> int: ...
    @property
    def answered(self) -> int: ...
    @property
    def abandoned(self) -> int: ...
    @property
    def short_abandoned(self) -> int: ...
    @property
    def answered_within_service_level(self) -> int: ...
    @property
    def answer_rate(self) -> Optional[float]: ...
    @property
    def abandon_rate(self) -> Optional[float]: ...
    @property
    def service_level(self) -> Optional[float]: ...
    @property
    def average_speed_of_answer(self) -> Optional[timedelta]: ...
    @property
    def average_handle_time(self) -> Optional[timedelta]: ...
    @property
    def total_handle_time(self) -> timedelta: ...
    @property
    def total_talk_time(self) -> timedelta: ...
    def to_dict(self) -> Dict[str, Any]: ...

@final
class MetricsReport:
    """Metrics over a whole log, and per group when grouped."""

    @property
    def total(self) -> Metrics: ...
    @property
    def groups(self) -> Dict[str, Metrics]: ...
    def to_pandas(self) -> Any: ...

@final
class CustomerCard:
    """A customer's card (seed 003): their contacts by exact number and a summary."""

    @property
    def number(self) -> str: ...
    @property
    def contacts(self) -> CallLog: ...
    @property
    def total(self) -> int: ...
    @property
    def answered(self) -> int: ...
    @property
    def missed(self) -> int: ...
    @property
    def first_contact(self) -> Optional[datetime]: ...
    @property
    def last_contact(self) -> Optional[datetime]: ...
    @property
    def contacts_last_30_days(self) -> int: ...
    @property
    def total_talk_time(self) -> timedelta: ...
    @property
    def average_wait(self) -> Optional[timedelta]: ...
    @property
    def comments(self) -> List[Tuple[str, Note]]: ...
    @property
    def categories(self) -> Dict[str, int]: ...
    @property
    def ratings(self) -> List[Tuple[str, Optional[int], Optional[int]]]: ...
    @property
    def average_manager_rating(self) -> Optional[float]: ...
    @property
    def average_call_rating(self) -> Optional[float]: ...
    @property
    def incoming(self) -> int: ...
    @property
    def outgoing(self) -> int: ...
    @property
    def days_since_first_visit(self) -> Optional[int]: ...
    @property
    def days_since_last_visit(self) -> Optional[int]: ...
    @property
    def total_sessions(self) -> int: ...
    @property
    def page_views_last_30_days(self) -> int: ...
    @property
    def last_visit(self) -> Optional[WebSession]: ...
    @property
    def top_pages(self) -> List[Tuple[str, int, timedelta]]: ...
    @property
    def sessions(self) -> List[WebSession]: ...

def export_summary_xlsx(
    records: Iterable[Union[CallRecord, Mapping[str, Any]]],
    path: _PathLike,
    *,
    locale: Union[Locale, str, None] = None,
    time_zone: Any = None,
    service_level: Optional[timedelta] = None,
    short_abandon: Optional[timedelta] = None,
    rules: Union[Rules, str, None] = None,
    viewer: Union[Viewer, Mapping[str, Any], None] = None,
    validate: bool = True,
    ignore_unknown: bool = False,
) -> ExportSummary: ...
def search_callbacks(
    records: Iterable[Union[CallbackRecord, Mapping[str, Any]]], **criteria: Any
) -> List[CallbackRecord]: ...

def _vocabulary_members(name: str) -> List[str]: ...
def _vocabulary_label(name: str, value: str, locale_code: str) -> str: ...
def _vocabulary_parse(name: str, value: str) -> str: ...
def _attempt_result_is_success(value: str) -> bool: ...
def _interaction_type_parts(value: str) -> Tuple[str, str]: ...
def _job_state_is_finished(value: str) -> bool: ...
