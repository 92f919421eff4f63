"""A poll's records naming members, for erasure and ``/mydata``: one ballot per member and
round (see :mod:`storage.privacy.records`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from storage.privacy.records import MemberTable
from storage.tables import BALLOT


def ballot_records(
    present: Callable[[dict[str, Any]], dict[str, Any]] = lambda record: record,
) -> MemberTable:
    """The ballots' hook; ``present`` names a ballot's options for people."""
    return MemberTable(BALLOT, "ballots", present)
