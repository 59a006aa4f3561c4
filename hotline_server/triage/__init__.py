"""Triage of inbound citizen texts: kind, report category and urgency."""

from hotline_server.triage.classify import classify
from hotline_server.triage.model import Category, Classification, Kind
from hotline_server.triage.rules import Rules, default_rules, load_rules

__all__ = ["Category", "Classification", "Kind", "Rules", "classify", "default_rules", "load_rules"]
