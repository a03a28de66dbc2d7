"""Vocabularies as :class:`enum.Enum` classes whose values are the core's machine names.

Each class is built from the Rust core's list of values, so Python and Rust cannot drift.
Members are also ``str`` (``Channel.VIDEO == "video"``), print as their machine name, and
the constructor accepts machine names, labels in any locale and vendor aliases
(``AttemptResult("Номер занят") is AttemptResult.NUMBER_BUSY``).
"""

from __future__ import annotations

import enum
from typing import Any, Optional, Tuple

from . import _calllog

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


class _StrEnum(str, enum.Enum):
    """A ``str`` enum whose ``str()`` and format are the machine name."""

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)

    def __repr__(self) -> str:
        return f"{type(self).__name__}.{self.name}"

    @classmethod
    def _missing_(cls, value: object) -> Optional[Any]:
        if isinstance(value, str):
            try:
                return cls(_calllog._vocabulary_parse(cls.__name__, value))
            except ValueError:
                return None
        return None


class _Vocabulary(_StrEnum):
    """A closed vocabulary of the core: machine names, labels in en/ja/ru/pl."""

    def label(self, locale: str = "en") -> str:
        """The label shown to people in ``locale`` (``"en"``, ``"ja"``, ``"ru"``, ``"pl"`` or a ``Locale``)."""
        return _calllog._vocabulary_label(type(self).__name__, self.value, str(locale))


class _AttemptResultBase(_Vocabulary):
    @property
    def is_success(self) -> bool:
        """Seed 002: only ``CALL_ACCEPTED`` counts as a successful attempt (green)."""
        return _calllog._attempt_result_is_success(self.value)


class _InteractionTypeBase(_Vocabulary):
    @property
    def channel(self) -> "Channel":
        """The channel an interaction of this type uses."""
        return Channel(_calllog._interaction_type_parts(self.value)[0])

    @property
    def direction(self) -> "Direction":
        """The direction an interaction of this type has."""
        return Direction(_calllog._interaction_type_parts(self.value)[1])


class _JobStateBase(_Vocabulary):
    @property
    def is_finished(self) -> bool:
        """Whether the job has ended (done, failed or cancelled)."""
        return _calllog._job_state_is_finished(self.value)


def _build(name: str, base: Any, doc: str) -> Any:
    members: list[Tuple[str, str]] = [
        (value.upper(), value) for value in _calllog._vocabulary_members(name)
    ]
    cls = base(name, members, module=__name__.rsplit(".", 1)[0], qualname=name)
    cls.__doc__ = doc
    return cls


Locale = _build("Locale", _StrEnum, "The languages of labels and export headers: en, ja, ru, pl.")
Channel = _build("Channel", _Vocabulary, "The medium of a contact: voice, video, SMS, e-mail, chat.")
Direction = _build("Direction", _Vocabulary, "Who started the contact: inbound, outbound, internal.")
InteractionType = _build(
    "InteractionType", _InteractionTypeBase, "The seventeen interaction types of seed 004's Typ filter."
)
ContactStatus = _build("ContactStatus", _Vocabulary, "Seed 004's seven contact statuses.")
AttemptResult = _build(
    "AttemptResult", _AttemptResultBase, "Seed 002's fourteen attempt results, each a success or not."
)
DisconnectSide = _build("DisconnectSide", _Vocabulary, "Which side ended the contact (seed 004).")
CallMode = _build("CallMode", _Vocabulary, "Seed 000 R 通話モード: video or voice call.")
CallType = _build("CallType", _Vocabulary, "Seed 002's four call types (they decide dial and talk time).")
CallbackState = _build("CallbackState", _Vocabulary, "Seed 001 対応状況: whether a callback was handled.")
JobState = _build("JobState", _JobStateBase, "The state of a background job: pending, running, done, failed, cancelled.")
Outcome = _build("Outcome", _Vocabulary, "What became of a contact, as derived by the core's rules.")
Role = _build("Role", _Vocabulary, "A user's role (seed 002): owner, admin, manager, supervisor, operator.")
