"""Answers to the questions citizens ask most (passport, residence, traffic fines, ID
cards), kept by administrators in the console."""

from __future__ import annotations

from tortoise import fields

from hotline_server.models.base import Model


class FaqEntry(Model):
    # Phrases separated by commas ("hộ chiếu, passport"); a question matching any of
    # them gets the answer (the entry matching most phrases wins).
    keywords = fields.TextField()
    answer = fields.TextField()
    answer_en = fields.TextField(default="", db_default="")
    active = fields.BooleanField(default=True, db_default=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "faq_entries"
