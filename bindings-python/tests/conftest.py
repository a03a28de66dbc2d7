"""Shared helpers for the calllog pytest suite."""

from datetime import datetime

import pytest


def ts(text: str) -> datetime:
    """An aware datetime from an RFC 3339 string such as 2024-05-01T10:00:00+09:00."""
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    assert value.tzinfo is not None
    return value


def secs(delta):
    """Whole seconds of an optional timedelta."""
    return None if delta is None else int(delta.total_seconds())


@pytest.fixture
def seed000_answered():
    """Seed 000: started 10:00:00 JST, rung at :05, answered :30, talk from :42 to 10:10, closed 10:12:30."""
    import calllog

    return calllog.CallRecord(
        id="A-1",
        channel="video",
        timeline={
            "started_at": ts("2024-05-01T10:00:00+09:00"),
            "offered_at": ts("2024-05-01T10:00:05+09:00"),
            "answered_or_cancelled_at": ts("2024-05-01T10:00:30+09:00"),
            "talk_started_at": ts("2024-05-01T10:00:42+09:00"),
            "talk_ended_at": ts("2024-05-01T10:10:00+09:00"),
            "closed_at": ts("2024-05-01T10:12:30+09:00"),
        },
    )


@pytest.fixture
def sigint_raises():
    """Ctrl-C (SIGINT) raises KeyboardInterrupt during the test, even when the test run was
    started with SIGINT ignored, as a background job of a non-interactive shell is (Python
    then installs no handler of its own)."""
    import signal

    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


@pytest.fixture
def ctrl_c_at_first_progress(sigint_raises):
    """``run(export)``: calls ``export(progress)`` and sends this process Ctrl-C (SIGINT) once
    the export has reported progress; expects ``KeyboardInterrupt`` from the export."""
    import os
    import signal
    import threading

    def run(export):
        started = threading.Event()

        def interrupt():
            started.wait(30)
            os.kill(os.getpid(), signal.SIGINT)

        t = threading.Thread(target=interrupt)
        t.start()
        with pytest.raises(KeyboardInterrupt):
            export(lambda p: started.set())
        t.join()

    return run
