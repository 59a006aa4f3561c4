"""TwiML responses. Voice TwiML is built with the twilio library; the text answer, on
every SMS webhook's path, is one fixed shape written here with the same escaping
(``&``, ``<`` and ``>`` in text; a property test holds it to the library's output)."""

from __future__ import annotations

from xml.sax.saxutils import escape

from starlette.responses import Response

TWIML_TYPE = "application/xml"
_HEAD = '<?xml version="1.0" encoding="UTF-8"?>'
_EMPTY = _HEAD + "<Response />"


def message_twiml(text: str | None) -> str:
    """``<Response>`` with one ``<Message>`` of ``text``, or empty without a text."""
    if not text:
        return _EMPTY
    return f"{_HEAD}<Response><Message>{escape(text)}</Message></Response>"


def twiml_response(xml: str, status_code: int = 200) -> Response:
    return Response(xml, status_code=status_code, media_type=TWIML_TYPE)
