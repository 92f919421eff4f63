"""An in-memory adapter: events pushed by code, actions kept in lists (tests, demo, benchmarks)."""

from adapters.memory.adapter import MemoryAdapter

__all__ = ["MemoryAdapter"]
