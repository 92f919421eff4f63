"""Chorus core: the platform-neutral engine (events, dispatcher, config, i18n, app runner)."""
