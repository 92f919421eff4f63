"""Linked accounts: one person, one voice across platforms (``/link``, ``/unlink``)."""
