"""Outbound delivery: the postman, live updates of posts, moderators' alerts."""
