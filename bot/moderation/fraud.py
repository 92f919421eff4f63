"""Fraud signals for moderators: patterns in the votes that a person should look at.

Three signals, each a pure function over vote records:

- **young-account burst**: within one window (10 minutes), many votes come from accounts
  created shortly before (7 days), and they are most of that window's votes. Only platforms
  that tell an account's age count (Discord ids encode it); others are never flagged by it.
- **votes above views**: one option or entry receives a share of votes far above the share
  of views it got (only for kinds that count views; a poll shows every option in one message,
  so its options all have the same views and this signal does not apply to polls).
- **same-minute cohort**: many accounts created in the same minute vote the same way.

Where a campaign counts people (``one_voice = "person"``), the records are keyed by the person's
voice (:mod:`storage.identity.voices`): a person with several linked accounts is one voter to
every signal, and a ban of the account a signal names applies to the whole person.

Signals are shown in ``/status`` and posted once each in the moderators' channel; Chorus never
discounts a vote because of them — a moderator decides (``/ban``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from statistics import median
from zoneinfo import ZoneInfo

from bot.config.model import CampaignConfig
from bot.engine.i18n import Translator
from bot.engine.runtime import Runtime
from bot.model.states import LIVE_ROUND
from campaigns.poll.settings import PollSettings
from storage.participation import activity
from storage.rounds import RoundView

WINDOW = timedelta(minutes=10)
YOUNG = timedelta(days=7)
BURST_MIN_VOTES = 10
BURST_MIN_SHARE = 0.5
COHORT_MIN_ACCOUNTS = 5
COHORT_MIN_AGREEMENT = 0.8
VIEWS_FACTOR = 3.0
VIEWS_MIN_VOTES = 10
#: Activity actions that are votes (poll ballots, contest entry votes).
VOTES = ("vote", "entry_vote")


@dataclass(frozen=True, slots=True)
class VoteRecord:
    """One vote: who (``platform:id``), for what, when, and their account's creation time."""

    voter: str
    choice: str
    at: datetime
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Signal:
    """A pattern worth a look. ``id`` is stable, so the same signal is reported once;
    ``members`` (``platform:user-id``, sorted) are the accounts behind it, whom a moderator
    may ban."""

    kind: str
    id: str
    params: Mapping[str, object] = field(default_factory=dict)
    members: tuple[str, ...] = ()

    def describe(self, t: Translator, zone: ZoneInfo) -> str:
        """The signal in the moderator's language, its times in the campaign's ``zone``."""
        params = {
            name: t.datetime(value, zone) if isinstance(value, datetime) else value
            for name, value in self.params.items()
        }
        return t(f"fraud.{self.kind}", **params)


def _floor(at: datetime, step: timedelta) -> datetime:
    epoch = datetime(2000, 1, 1, tzinfo=UTC)
    return epoch + ((at - epoch) // step) * step


def young_account_bursts(
    votes: Iterable[VoteRecord],
    *,
    window: timedelta = WINDOW,
    young: timedelta = YOUNG,
    min_votes: int = BURST_MIN_VOTES,
    min_share: float = BURST_MIN_SHARE,
) -> list[Signal]:
    """Windows where at least ``min_votes`` votes, and ``min_share`` of all, come from
    accounts younger than ``young`` when they voted."""
    total: Counter[datetime] = Counter()
    fresh: Counter[datetime] = Counter()
    voters: dict[datetime, set[str]] = defaultdict(set)
    for vote in votes:
        start = _floor(vote.at, window)
        total[start] += 1
        if vote.created_at is not None and vote.at - vote.created_at < young:
            fresh[start] += 1
            voters[start].add(vote.voter)
    return [
        Signal(
            "young_burst",
            f"young_burst:{start.isoformat()}",
            {"count": fresh[start], "total": total[start], "at": start},
            tuple(sorted(voters[start])),
        )
        for start in sorted(fresh)
        if fresh[start] >= min_votes and fresh[start] / total[start] >= min_share
    ]


def same_minute_cohorts(
    votes: Iterable[VoteRecord],
    *,
    min_accounts: int = COHORT_MIN_ACCOUNTS,
    min_agreement: float = COHORT_MIN_AGREEMENT,
) -> list[Signal]:
    """Groups of at least ``min_accounts`` accounts created in the same minute of which at
    least ``min_agreement`` made the same choice."""
    cohorts: dict[datetime, dict[str, str]] = defaultdict(dict)
    for vote in votes:
        if vote.created_at is not None:
            cohorts[_floor(vote.created_at, timedelta(minutes=1))][vote.voter] = vote.choice
    signals = []
    for minute in sorted(cohorts):
        choices = cohorts[minute]
        if len(choices) < min_accounts:
            continue
        choice, same = Counter(choices.values()).most_common(1)[0]
        if same / len(choices) >= min_agreement:
            signals.append(
                Signal(
                    "cohort",
                    f"cohort:{minute.isoformat()}:{choice}",
                    {
                        "count": same,
                        "accounts": len(choices),
                        "minute": minute,
                        "choice": choice,
                    },
                    tuple(sorted(v for v, c in choices.items() if c == choice)),
                )
            )
    return signals


def votes_above_views(
    votes: Mapping[str, int],
    views: Mapping[str, int],
    *,
    factor: float = VIEWS_FACTOR,
    min_votes: int = VIEWS_MIN_VOTES,
) -> list[Signal]:
    """Options whose votes per view are more than ``factor`` times the median of the others
    (or that have more votes than views), with at least ``min_votes`` votes."""
    rates = {k: votes.get(k, 0) / n for k, n in views.items() if n > 0}
    signals = []
    for option, count in votes.items():
        if count < min_votes:
            continue
        seen = views.get(option, 0)
        others = [r for k, r in rates.items() if k != option]
        typical = median(others) if others else 0.0
        rate = count / seen if seen else float("inf")
        if rate > 1 or (typical > 0 and rate > factor * typical):
            signals.append(
                Signal(
                    "above_views",
                    f"above_views:{option}",
                    {"choice": option, "votes": count, "views": seen},
                )
            )
    return signals


def _label(campaign: CampaignConfig, choice: str) -> str:
    """A ballot's option indexes as option labels, for polls."""
    poll = campaign.section_as(PollSettings)
    if poll is None:
        return choice
    labels = []
    for index in choice.split(","):
        if index.isdigit() and int(index) < len(poll.options):
            labels.append(poll.options[int(index)])
    return " + ".join(labels) or choice


async def signals_for(
    runtime: Runtime, campaign: CampaignConfig, round_: RoundView
) -> list[Signal]:
    """Every signal in a round's votes (banned members' votes left out: already handled)."""
    records = [
        VoteRecord(f"{r.platform}:{r.user_id}", _label(campaign, r.choice), r.at, r.created_at)
        for r in await activity(runtime.db, [round_.id])
        if r.action in VOTES and not r.banned
    ]
    return find_signals(records)


def find_signals(records: Sequence[VoteRecord]) -> list[Signal]:
    """The vote-record signals together (young-account bursts, same-minute cohorts)."""
    return [*young_account_bursts(records), *same_minute_cohorts(records)]


async def report_signals(runtime: Runtime) -> int:
    """Post every new signal of the live rounds in their moderators' channel (each once).

    Run by the scheduler's sweep; returns how many signals were found.
    """
    from bot.delivery.alerts import alert
    from storage.rounds import rounds_in

    found = 0
    for round_ in await rounds_in(runtime.db, LIVE_ROUND):
        campaign = runtime.campaign(round_.campaign_id)
        if campaign is None:
            continue
        for signal in await signals_for(runtime, campaign, round_):
            found += 1
            t = runtime.translator(campaign)
            await alert(
                runtime,
                [campaign],
                f"fraud:{round_.id}:{signal.id}",
                "moderation.alert.fraud",
                signal=signal.describe(t, campaign.zone(runtime.config.bot)),
            )
    return found
