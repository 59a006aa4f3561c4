"""Every citizen-facing text fits the reply limit with the longest values filled in."""

from __future__ import annotations

import pytest

from hotline_server.i18n import SmsText, sms_text
from hotline_server.i18n.sms import STATUS_WORDS, status_words
from hotline_server.lang.segments import count_segments

LONGEST_CODE = "HT-WWWW"
LONGEST_STATUS = {lang: max(words.values(), key=len) for lang, words in STATUS_WORDS.items()}


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("key", list(SmsText))
def test_every_reply_fits_two_segments(key: SmsText, lang: str) -> None:
    body = sms_text(
        key,
        lang,
        code=LONGEST_CODE,
        status=LONGEST_STATUS[lang],
        minutes="120",
        time="07:00",
        answer="",  # an FAQ answer adds its own length: admins write it (at most 300 characters)
    )
    assert count_segments(body) <= 2, (key, len(body), body)


def test_vietnamese_is_the_default_and_unknown_languages_fall_back_to_it() -> None:
    assert sms_text(SmsText.HELP) == sms_text(SmsText.HELP, "vi") == sms_text(SmsText.HELP, "fr")
    assert status_words("assigned", "xx") == STATUS_WORDS["vi"]["assigned"]


def test_every_status_has_plain_words_in_both_languages() -> None:
    from hotline_server.models import CaseStatus

    for words in STATUS_WORDS.values():
        assert set(words) == {str(s) for s in CaseStatus}
