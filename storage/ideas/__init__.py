"""The idea box's tables and repositories."""
