"""Top contributors: the members who did the most, for kinds where that means something.

Ideas and contests reward contributions (ideas submitted and upvotes given; entries and votes
for entries); a poll ballot or a pledge is one per member, so a board would rank nobody.
"""

from __future__ import annotations

from collections import Counter

from bot.reports.figures import Section, Table, counts, listed
from bot.reports.scope import TOP, Scope

#: The records each kind's board counts, in column order.
COUNTED = {"ideas": ("idea", "upvote"), "contest": ("entry", "entry_vote")}


def contributors(scope: Scope) -> Section | None:
    """The board, or None for a kind without one."""
    actions = COUNTED.get(scope.campaign.kind)
    if actions is None:
        return None
    t = scope.t
    per: dict[str, Counter[str]] = {}
    for r in scope.audience.counted:
        if r.action in actions:
            per.setdefault(scope.who(r.platform, r.user_id, r.display_name), Counter())[
                r.action
            ] += 1
    top = sorted(per.items(), key=lambda item: (-item[1].total(), item[0]))[:TOP]
    title = t("charts.contributors.title")
    table = Table(
        (t("charts.contributors.member"), *(t(f"charts.contributors.{a}") for a in actions)),
        [(name, *(t.number(done[a]) for a in actions)) for name, done in top],
    )
    privacy = t("charts.named") if scope.names else t("charts.pseudonymised")
    if not top:
        return Section("contributors", title, None, table, "", t("charts.contributors.empty"))
    labels = [name for name, _ in top]
    values = [done.total() for _, done in top]
    bars = counts(t, t("charts.contributors.axis"), labels, values)
    alt = t("charts.contributors.alt", bars=listed(t, labels, values))
    return Section("contributors", title, bars, table, alt, notes=[privacy])
