"""The deployment tests' fixtures: replicas on a fresh PostgreSQL database."""

from tests.deploy.replicas import deployment

__all__ = ["deployment"]
