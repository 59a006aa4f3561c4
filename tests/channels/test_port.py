from __future__ import annotations

import pytest

from hotline_server.channels.log.adapter import ConsoleTelephony
from hotline_server.channels.port import (
    PERMANENT_ERROR_CODES,
    Telephony,
    TelephonyError,
    is_permanent_error,
)
from hotline_server.channels.twilio.adapter import TwilioTelephony, error_from_exception


@pytest.mark.parametrize(
    "code", [21211, 21610, 21612, 21614, 21408, 30003, 30004, 30005, 30006, 30007, 63016]
)
def test_permanent_codes(code: int) -> None:
    assert is_permanent_error(code)
    assert TelephonyError(code, "refused").permanent


@pytest.mark.parametrize("code", [None, 20003, 20429, 20500, 30001, 30008, 31000])
def test_other_failures_are_worth_a_retry(code: int | None) -> None:
    assert not is_permanent_error(code)
    assert not TelephonyError(code, "try later").permanent


def test_explicit_permanence_wins_over_the_table() -> None:
    assert not TelephonyError(21211, "odd", permanent=False).permanent
    assert TelephonyError(None, "bad configuration", permanent=True).permanent


def test_only_21610_means_unsubscribed() -> None:
    assert TelephonyError(21610, "stop").unsubscribed
    assert not [
        c for c in PERMANENT_ERROR_CODES if c != 21610 and TelephonyError(c, "").unsubscribed
    ]


def test_exception_message_names_the_code() -> None:
    assert str(TelephonyError(21614, "not a mobile number")) == "21614: not a mobile number"


def test_unknown_exceptions_map_to_temporary_errors() -> None:
    error = error_from_exception(RuntimeError("boom"))
    assert (error.code, error.permanent) == (None, False)


def test_both_adapters_satisfy_the_port() -> None:
    adapters: list[Telephony] = [ConsoleTelephony(), TwilioTelephony("AC" + "0" * 32, "token")]
    assert len(adapters) == 2
