"""Twilio's error responses: ``{"code", "message", "more_info", "status"}``."""

from __future__ import annotations

from starlette.responses import JSONResponse

ERROR_MESSAGES: dict[int, str] = {
    20001: "Invalid parameter: {value}",
    20003: "Authenticate",
    20404: "The requested resource {path} was not found",
    20500: "Internal Server Error",
    21201: "No 'To' number is specified",
    21205: "Url is not a valid URL: {value}",
    21211: "Invalid 'To' Phone Number: {value}",
    21213: "No 'From' number is specified",
    21220: "Call is not in-progress. Cannot redirect.",
    21408: "Permission to send an SMS has not been enabled for the region of the 'To' number",
    21602: "Message body is required.",
    21603: "A 'From' phone number is required.",
    21604: "A 'To' phone number is required.",
    21610: "Attempt to send to unsubscribed recipient",
    21612: "The 'To' phone number is not currently reachable via SMS",
    21614: "'To' number is not a valid mobile number",
    21617: "The concatenated message body exceeds the 1600 character limit.",
    63016: "Failed to send freeform message because you are outside the allowed window.",
}

# Messages for errors that arrive in status callbacks (ErrorCode), not in REST responses.
DELIVERY_ERRORS: dict[int, str] = {
    30003: "Unreachable destination handset",
    30004: "Message blocked",
    30005: "Unknown destination handset",
    30006: "Landline or unreachable carrier",
    30007: "Message filtered",
    30008: "Unknown error",
}


def is_delivery_error(code: int) -> bool:
    return 30000 <= code < 31000


def error_message(code: int, *, path: str = "", value: str = "") -> str:
    template = ERROR_MESSAGES.get(code, DELIVERY_ERRORS.get(code, f"Error {code}"))
    return template.format(path=path, value=value)


def twilio_error(code: int, status: int = 400, *, path: str = "", value: str = "") -> JSONResponse:
    return JSONResponse(
        {
            "code": code,
            "message": error_message(code, path=path, value=value),
            "more_info": f"https://www.twilio.com/docs/errors/{code}",
            "status": status,
        },
        status_code=status,
    )
