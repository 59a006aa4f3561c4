"""Citizen-facing texts, Vietnamese first."""

from .sms import SmsText, sms_text

__all__ = ["SmsText", "sms_text"]
