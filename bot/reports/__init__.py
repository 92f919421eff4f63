"""What brands receive: exports and the one-page report."""
