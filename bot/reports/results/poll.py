"""A poll's report: the latest round's results with each option's share and the winner."""

from __future__ import annotations

from bot.reports.figures import Bars, Section, Table
from bot.reports.scope import Scope
from campaigns.poll.settings import PollSettings
from campaigns.poll.tally import PollTally, count_grouped
from storage.poll.votes import ballot_counts
from storage.rounds import latest_round


async def poll_sections(scope: Scope) -> list[Section]:
    t, campaign = scope.t, scope.campaign
    poll = campaign.section_as(PollSettings)
    assert poll is not None, "config validation guarantees a poll section"
    round_ = await latest_round(scope.db, campaign.id)
    ballots = await ballot_counts(scope.db, round_.id) if round_ is not None else []
    tally = count_grouped(poll.options, ballots)
    title = t("charts.poll.title", number=round_.number if round_ is not None else 1)
    ranked = tally.ranked()
    winners = {o.index for o in tally.winners}
    table = Table(
        (t("charts.poll.option"), t("charts.votes"), t("charts.poll.share"), t("charts.poll.won")),
        [
            (
                o.label,
                t.number(o.votes),
                t.percent(o.share),
                t("charts.poll.winner") if o.index in winners else "",
            )
            for o in ranked
        ],
    )
    if not tally.voters:
        return [Section("results", title, None, table, "", t("charts.poll.empty"))]
    bars = Bars(
        t("charts.votes"),
        [o.label for o in ranked],
        [o.votes for o in ranked],
        [
            t("charts.count_share", count=t.number(o.votes), share=t.percent(o.share))
            for o in ranked
        ],
        highlight=frozenset(i for i, o in enumerate(ranked) if o.index in winners),
    )
    outcome = _outcome(tally, scope)
    alt = t(
        "charts.poll.alt",
        options=t.listing(
            t(
                "charts.poll.alt_option",
                option=o.label,
                votes=t.number(o.votes),
                share=t.percent(o.share),
            )
            for o in ranked
        ),
        voters=t.number(tally.voters),
        outcome=outcome,
    )
    notes = [t("charts.poll.voters", voters=t.number(tally.voters)), outcome]
    return [Section("results", title, bars, table, alt, notes=notes)]


def _outcome(tally: PollTally, scope: Scope) -> str:
    t = scope.t
    names = [o.label for o in tally.winners]
    if len(names) > 1:
        return t("charts.poll.tie", options=t.conjunction(names))
    return t("charts.poll.won_by", option=names[0])
