"""The phone simulator: plays Twilio against a running server, signed like Twilio."""
