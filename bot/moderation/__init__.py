"""Moderation across kinds: verbs, bans, fraud signals, status, audit log."""
