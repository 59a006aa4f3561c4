"""TwiML responses, built with the twilio library (it escapes text and attributes)."""

from __future__ import annotations

from starlette.responses import Response
from twilio.twiml.messaging_response import MessagingResponse

TWIML_TYPE = "application/xml"


def message_twiml(text: str | None) -> str:
    response = MessagingResponse()
    if text:
        response.message(text)
    return str(response)


def twiml_response(xml: str, status_code: int = 200) -> Response:
    return Response(xml, status_code=status_code, media_type=TWIML_TYPE)
