"""The config model and its loading, read by the engine and the adapters."""
