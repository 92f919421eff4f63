"""Linked accounts: one person behind several platform accounts (tables, links, voices)."""
