"""A poll's tables' repositories: ballots and their group-committed writes."""
