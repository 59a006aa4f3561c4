from tests.devtools.fake_twilio.support import fake, fake_url, inbox, telephony

__all__ = ["fake", "fake_url", "inbox", "telephony"]
