"""A pledge campaign's repositories."""
