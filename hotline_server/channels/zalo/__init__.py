"""Zalo Official Account: the OA webhook, its signature, the consultation-message client."""
