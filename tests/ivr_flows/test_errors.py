from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest

from ivr_flows import (
    CallConfig,
    CaseOutcome,
    OpenCase,
    RecordingReady,
    ScheduleTask,
    StoreRecording,
    TaskKind,
    error_twiml,
    fallback_recording,
    goodbye_twiml,
)
from tests.ivr_flows.scenario import CFG, URLS, shape, spoken
from tests.twiml_schema import assert_valid_twiml


@pytest.mark.parametrize("cfg", [None, CFG, replace(CFG, language="en-US", voice="")])
def test_error_twiml_apologises_and_records(cfg: CallConfig | None) -> None:
    twiml = error_twiml(cfg, URLS)
    assert_valid_twiml(twiml)
    assert shape(twiml) == ("Say", "Record", "Say", "Hangup")
    record = ET.fromstring(twiml).find("Record")  # noqa: S314
    assert record is not None
    assert record.get("action") == "https://hotline.example.vn/twilio/voice/fallback?done=1"
    assert (
        record.get("recordingStatusCallback") == "https://hotline.example.vn/twilio/voice/recorded"
    )
    assert record.get("finishOnKey") == "#"


def test_error_twiml_speaks_the_hotline_language() -> None:
    assert "Xin lỗi" in spoken(error_twiml(None, URLS))
    assert "Sorry" in spoken(error_twiml(replace(CFG, language="en-US"), URLS))


def test_goodbye() -> None:
    twiml = goodbye_twiml(None)
    assert_valid_twiml(twiml)
    assert shape(twiml) == ("Say", "Hangup")


def test_fallback_recording_opens_a_case_for_the_team() -> None:
    event = RecordingReady("RE9", "https://api.twilio.com/RE9", 12)
    assert fallback_recording(event) == (
        StoreRecording("RE9", "https://api.twilio.com/RE9", 12),
        OpenCase(CaseOutcome.VOICEMAIL),
        ScheduleTask(TaskKind.NOTIFY_TEAM),
    )
    assert fallback_recording(RecordingReady("RE9", "", 0, "absent")) == ()
