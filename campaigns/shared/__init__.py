"""Mechanics shared by campaign kinds: the kind protocol, charts, draws."""
