"""Privacy across kinds: members' data requests and retention."""
