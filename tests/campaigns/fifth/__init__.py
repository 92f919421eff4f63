"""A fifth campaign kind that exists only in the tests: adding a kind is its own package plus
one line in the registry the composition root is given, and nothing else."""
