"""Personal data: what is held about a member, erasure and the retention purge, taking a
member out of stored texts and posts, and files only their owner can read."""
