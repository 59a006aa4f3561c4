"""Citizen-facing texts, Vietnamese first."""

from hotline_server.i18n.sms import SmsText, sms_text

__all__ = ["SmsText", "sms_text"]
