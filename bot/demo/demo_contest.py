"""``chorus demo --kind contest``: a whole photo contest with a simulated community, through the
real core, shown as the console would show it.

The config's first contest runs on a scratch SQLite file with a short window, in the console
channel. Simulated members submit generated photos (one sends a copy of another's, one a file
that is too big); a moderator approves most entries and rejects two with a reason; members vote
(some try to vote for themselves or twice); the scheduler closes the round on time and the
outbox posts the results, each winner's photo, and the winners' private notes.
"""

from __future__ import annotations

import asyncio
import io
import random
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from adapters.console.translate import render
from adapters.memory import MemoryAdapter
from bot.app import App
from bot.config.model import CampaignConfig, Config
from bot.demo.community import NAMES
from bot.demo.progress import Progress
from bot.engine.i18n import Translator
from bot.model.events import Attachment, ButtonPressed, Chat, CommandInvoked, Event
from bot.model.members import Member
from campaigns.contest.settings import ContestSettings

CHANNEL = "main"
MODERATOR = "demo-moderator"
ENTRIES = 12


def _demo_config(config: Config, campaign: CampaignConfig, database: Path, window: float) -> Config:
    contest = (campaign.section_as(ContestSettings) or ContestSettings()).model_copy(
        update={
            "moderators_channel": None,
            "moderation": "pre",
            "giveaway": False,
            "jury": [],
            "banned": [],
            "required_roles": [],
            "min_account_age": None,
        }
    )
    demo = campaign.model_copy(
        update={
            "opens_at": None,
            "closes_at": None,
            "submissions_close_at": None,
            "submissions_duration": None,
            "duration": timedelta(seconds=window),
            "repeat": None,
            "reminders": [],
            "channels": [f"console:{CHANNEL}"],
            "moderators": [f"console:{MODERATOR}"],
            "contest": contest,
        }
    )
    storage = config.storage.model_copy(
        update={
            "database_url": f"sqlite+aiosqlite:///{database}",
            "media_dir": str(database.parent / "media"),
        }
    )
    bot = config.bot.model_copy(update={"moderators": [], "owners": []})
    return config.model_copy(update={"campaigns": [demo], "storage": storage, "bot": bot})


def _photo(seed: int, size: int = 320) -> bytes:
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    image = Image.new("RGB", (size, size * 3 // 4), tuple(rng.randrange(256) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    for _ in range(6):
        x, y = rng.randrange(size), rng.randrange(size * 3 // 4)
        colour = tuple(rng.randrange(256) for _ in range(3))
        draw.ellipse((x, y, x + 40, y + 40), fill=colour)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


async def run_contest_demo(
    config: Config, *, members: int, seed: int, window: float, t: Translator
) -> int:
    """Run the simulation and print what the community would see; return an exit code."""
    campaign = next((c for c in config.campaigns if c.enabled and c.kind == "contest"), None)
    if campaign is None:
        print(t("demo.no_contest"))
        return 2
    with tempfile.TemporaryDirectory(prefix="chorus-contest-demo-") as scratch:
        demo = _demo_config(config, campaign, Path(scratch) / "demo.db", window)
        adapter = MemoryAdapter("console")
        app = App(
            demo,
            adapters={"console": adapter},
            sweep_seconds=1,
            database_url=demo.storage.database_url,
        )
        await app.start()
        try:
            opening = await adapter.post_of_kind("opening")
            print(render(opening.message, header=f"#console:{CHANNEL}"))
            print()
            stats = await _simulate(adapter, demo, members, seed, t)
            print(t("demo.contest.simulated", **t.numbers(**stats)))
            results = await adapter.post_of_kind("results", limit=window + 30)
            winners = (demo.campaigns[0].section_as(ContestSettings) or ContestSettings()).winners
            # channels are posted side by side: wait for the cards as well as the private notes
            await _until(
                lambda: (
                    sum(":won-" in d.key for d in adapter.directs) >= winners
                    and sum(":winner-" in p.key for p in adapter.posts) >= winners
                )
            )
            print()
            print(render(results.message, header=f"#console:{CHANNEL}"))
            for post in adapter.posts:
                if ":winner-" in post.key:
                    print(render(post.message, header=f"#console:{CHANNEL}"))
            for direct in adapter.directs:
                if direct.key.split(":")[1].startswith("won-"):
                    to = t("console.direct", user=direct.user_id)
                    print(render(direct.message, header=to))
        finally:
            await app.stop()
    return 0


def _event(
    kind: type[Event], user: Member, delivery: str, *, private: bool = False, **fields: object
) -> Event:
    chat = Chat("console", user.id, private=True) if private else Chat("console", CHANNEL)
    return kind(
        platform="console",
        delivery_id=delivery,
        chat=chat,
        user=user,
        received_at=datetime.now(UTC),
        **fields,
    )


async def _simulate(
    adapter: MemoryAdapter, config: Config, members: int, seed: int, t: Translator
) -> dict[str, int]:
    rng = random.Random(seed)
    contest = config.campaigns[0].section_as(ContestSettings) or ContestSettings()
    people = [
        Member("console", f"member-{n:04d}", f"{rng.choice(NAMES)} {n}", rng.choice(("fr", "en")))
        for n in range(1, max(members, ENTRIES + 2) + 1)
    ]
    moderator = Member("console", MODERATOR, "Modération", config.bot.locale)
    authors = people[:ENTRIES]
    for n, author in enumerate(authors, start=1):
        adapter.files[f"photo-{n}"] = _photo(seed * 1000 + n)
        await adapter.push(_submit(author, f"submit-{n}", f"photo-{n}", rng.choice(TITLES)))
    copycat, heavy = people[ENTRIES], people[ENTRIES + 1]
    adapter.files["copy"] = adapter.files["photo-1"]
    await adapter.push(_submit(copycat, "submit-copy", "copy", "Copie"))
    adapter.files["heavy"] = b"\xff" * (contest.max_bytes + 1)
    await adapter.push(_submit(heavy, "submit-heavy", "heavy", "Lourde"))
    await _until(lambda: sum(":review-" in d.key for d in adapter.directs) >= ENTRIES)
    await _moderate(adapter, moderator, rng)
    await _until(lambda: sum(":entry-" in p.key for p in adapter.posts) >= ENTRIES - 2)
    votes = refused = 0
    published = [p for p in adapter.posts if ":entry-" in p.key]
    weights = [rng.uniform(0.2, 3) for _ in published]
    with Progress(t("progress.voters"), len(people), t) as progress:
        for n, voter in enumerate(people):
            post = rng.choices(published, weights)[0]
            await adapter.push(_press(voter, f"vote-{n}", post.message.buttons[0].action))
            votes += 1
            if rng.random() < 0.05:  # a second try: refused as a double vote or over the allowance
                await adapter.push(_press(voter, f"again-{n}", post.message.buttons[0].action))
                refused += 1
            progress.advance()
    return {
        "entries": ENTRIES,
        "refused": 2,
        "rejected": 2,
        "published": len(published),
        "votes": votes,
        "double": refused,
    }


async def _until(done: Callable[[], bool], limit: float = 30) -> None:
    """Wait for the outbox sender (a background task in a running bot) to post something."""
    waited = 0.0
    while not done() and waited < limit:
        await asyncio.sleep(0.05)
        waited += 0.05


TITLES = ("Cornet au soleil", "Glace sur la plage", "Le chien gourmand", "Double boule", "Fondu")


async def _moderate(adapter: MemoryAdapter, moderator: Member, rng: random.Random) -> None:
    cards = [d for d in adapter.directs if ":review-" in d.key]
    rejected = set(rng.sample(range(len(cards)), 2))
    for n, card in enumerate(cards):
        approve, reject = card.message.buttons
        if n not in rejected:
            await adapter.push(_press(moderator, f"approve-{n}", approve.action, private=True))
            continue
        await adapter.push(_press(moderator, f"reject-{n}", reject.action, private=True))
        reasons = adapter.replies[-1].message.buttons
        await adapter.push(_press(moderator, f"reason-{n}", reasons[0].action, private=True))


def _submit(user: Member, delivery: str, ref: str, title: str) -> Event:
    attachment = Attachment(ref, f"{ref}.jpg", "image/jpeg", None)
    return _event(
        CommandInvoked,
        user,
        delivery,
        name="submit",
        args=tuple(title.split()),
        attachments=(attachment,),
    )


def _press(user: Member, delivery: str, action: str, *, private: bool = False) -> Event:
    """A press in the group, or in the member's private chat (where review cards go)."""
    return _event(ButtonPressed, user, delivery, action=action, private=private)
