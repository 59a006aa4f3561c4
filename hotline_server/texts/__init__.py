"""Texts from any medium: the intake of an `InboundMessage`, keywords, reports,
officer commands."""
