"""The terminal adapter: a chat in your shell, the embedded default when no platform is set."""
