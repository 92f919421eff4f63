"""A contest's repositories: entries, votes, awards, reports, erasure."""
