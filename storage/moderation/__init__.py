"""Moderation records: bans and the audit log."""
