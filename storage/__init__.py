"""Persistence: SQLModel tables, the async engine, migrations and small repository functions.

Campaign code calls the repository functions; it never holds a session or writes SQL.
"""
