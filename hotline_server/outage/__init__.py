"""Keeping the hotline answering while the database is down: spools, roster snapshot, replay."""
