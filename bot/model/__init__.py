"""The neutral vocabulary: events, actions, errors, clock, durations; no I/O."""
