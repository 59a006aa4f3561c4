"""Texts from any channel: the intake of an `InboundMessage`, keywords, reports,
officer commands."""
