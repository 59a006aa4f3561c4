"""Twilio: text, voice, delivery and callback webhooks, their signature check, the REST adapter."""
