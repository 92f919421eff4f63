"""A pledge campaign's records naming members, for erasure and ``/mydata``: one pledge per
member and round (see :mod:`storage.privacy.records`)."""

from __future__ import annotations

from storage.privacy.records import MemberTable
from storage.tables import PLEDGE

PLEDGE_RECORDS = MemberTable(PLEDGE, "pledges")
