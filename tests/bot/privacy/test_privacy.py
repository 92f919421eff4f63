"""Privacy: /mydata export and erasure end to end, and the retention purge of ended campaigns
(injected clock)."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from bot.privacy.retention import purge_expired
from storage.moderation.bans import bans_of
from storage.poll.votes import named_ballots
from storage.privacy.records import PLACEHOLDER_PLATFORM
from storage.rounds import audit_log, latest_round
from storage.tables import BALLOT, PARTICIPANT
from tests.conftest import Running, StartApp
from tests.factories import command, member, poll_config, press


async def vote(running: Running, who: str, option: int) -> None:
    opening = next(p for p in running.adapter.posts if ":opening:" in p.key)
    await running.adapter.push(press(member(who), opening.message.buttons[option].action))


async def participants(running: Running) -> list[tuple[str, str]]:
    table = PARTICIPANT
    async with running.runtime.db.reading() as conn:
        rows = await conn.execute(select(table.c.platform, table.c.user_id))  # type: ignore[attr-defined]
        return sorted((str(p), str(u)) for p, u in rows.all())


async def test_mydata_sends_the_members_own_data_privately(start_app: StartApp) -> None:
    running = await start_app(poll_config())
    await vote(running, "alice", 1)
    await vote(running, "bob", 0)

    await running.adapter.push(command(member("alice"), "mydata"))
    await running.postman_delivered()

    assert running.adapter.replies_to("alice")[-1] == (
        "Your data is on its way to you in a private message."
    )
    (direct,) = [d for d in running.adapter.directs if d.user_id == "alice"]
    assert direct.message.file is not None
    data = json.loads(Path(direct.message.file.path).read_text(encoding="utf-8"))
    assert data["member"]["user_id"] == "alice"
    assert [(b["campaign"], b["round"], b["choices"]) for b in data["ballots"]] == [
        ("flavour", 1, ["Pistachio"])
    ]
    assert "bob" not in json.dumps(data).lower()


async def test_erase_needs_confirmation_then_removes_live_votes(
    start_app: StartApp, media_dir: Path
) -> None:
    running = await start_app(poll_config())
    await vote(running, "alice", 1)
    await vote(running, "bob", 0)
    await running.adapter.push(command(member("alice"), "mydata"))
    await running.postman_delivered()

    assert len(list((media_dir / "exports").glob("*mydata*"))) == 1
    await running.adapter.push(command(member("alice"), "mydata", "erase"))
    confirm = running.adapter.replies[-1].message.buttons[0].action
    await running.adapter.push(press(member("bob"), confirm))  # not bob's request
    await running.adapter.push(press(member("alice"), confirm))

    assert running.adapter.replies_to("bob")[-1].startswith("This button is for the member who")
    assert running.adapter.replies_to("alice")[-1] == (
        "Done: your data is erased (records removed: 1; anonymised in announced results: 0)."
    )
    assert await participants(running) == [("console", "bob")]
    assert list((media_dir / "exports").glob("*mydata*")) == []
    round_ = await latest_round(running.runtime.db, "flavour")
    assert round_ is not None
    assert [name for _, name in await named_ballots(running.runtime.db, round_.id)] == ["Bob"]
    erasures = [e for e in await audit_log(running.runtime.db, "flavour") if e.action == "erase"]
    assert [(e.actor, e.detail) for e in erasures] == [
        ("privacy", "a member's data erased: 1 records removed, 0 anonymised")
    ]
    assert "alice" not in json.dumps([e.detail + e.actor for e in erasures])

    await vote(running, "alice", 2)  # a new vote after erasure is a fresh start
    assert running.adapter.replies_to("alice")[-1] == "✅ Your vote for “Lemon” is recorded."


async def test_erase_keeps_announced_tallies_under_a_placeholder(start_app: StartApp) -> None:
    running = await start_app(poll_config(anonymous=False))
    await vote(running, "alice", 1)
    await vote(running, "bob", 1)
    await running.adapter.push(command(member("mod"), "ban", "console:alice", "spam"))
    await running.adapter.push(command(member("mod"), "unban", "console:alice"))
    await running.adapter.push(command(member("mod"), "close"))
    await running.tick()

    await running.adapter.push(command(member("alice"), "mydata", "erase"))
    await running.adapter.push(
        press(member("alice"), running.adapter.replies[-1].message.buttons[0].action)
    )
    await running.adapter.push(command(member("carol"), "results"))

    results = running.adapter.replies_to("carol")[-1]
    assert "Pistachio: 2 (100.0%)" in results
    assert "Alice" not in results and "Bob" in results and "#" in results
    assert [p for p, _ in await participants(running)].count(PLACEHOLDER_PLATFORM) == 1
    assert ("console", "alice") not in await participants(running)
    details = " ".join(e.detail for e in await audit_log(running.runtime.db, "flavour"))
    assert "console:alice" not in details
    ban, unban = re.findall(r"\[erased member #[0-9a-f]{8}\]", details)
    assert ban == unban, "the ban and its lifting still name one (pseudonymous) member"


async def test_retention_purges_personal_data_after_the_configured_days(
    start_app: StartApp,
) -> None:
    config = poll_config()
    flavour = config.campaigns[0].model_copy(update={"retain_days": 30})
    running = await start_app(config.model_copy(update={"campaigns": [flavour]}))
    await vote(running, "alice", 0)
    await vote(running, "bob", 1)
    running.clock.advance(timedelta(days=7, minutes=1))
    await running.tick()  # closes and announces

    running.clock.advance(timedelta(days=29))
    await running.tick()
    kept = await participants(running)
    running.clock.advance(timedelta(days=1, minutes=1))
    await running.tick()
    await running.tick()  # a second sweep purges nothing more

    assert kept == [("console", "alice"), ("console", "bob")]
    assert [p for p, _ in await participants(running)] == [PLACEHOLDER_PLATFORM] * 2
    async with running.runtime.db.reading() as conn:
        ballots = (await conn.execute(select(func.count()).select_from(BALLOT))).scalar_one()
    assert ballots == 2, "the announced tally stays true"
    purges = [e for e in await audit_log(running.runtime.db, "flavour") if e.action == "purge"]
    assert [(e.actor, e.detail) for e in purges] == [
        ("retention", "personal data purged: 2 members, 2 records anonymised, 0 removed")
    ]
    assert await purge_expired(running.runtime) == 0


async def erase(running: Running, who: str) -> None:
    await running.adapter.push(command(member(who), "mydata", "erase"))
    await running.adapter.push(
        press(member(who), running.adapter.replies[-1].message.buttons[0].action)
    )


async def test_erase_removes_exports_with_identities_that_list_the_member(
    start_app: StartApp, media_dir: Path
) -> None:
    config = poll_config()
    config = config.model_copy(
        update={"bot": config.bot.model_copy(update={"owners": ["console:boss"]})}
    )
    running = await start_app(config)
    await vote(running, "alice", 1)
    await running.adapter.push(command(member("boss"), "export", "names"))
    await running.adapter.push(command(member("boss"), "export"))  # pseudonymised
    await running.postman_delivered()
    assert len(list((media_dir / "exports").glob("*"))) == 2

    await erase(running, "alice")

    (kept,) = (media_dir / "exports").glob("*")
    assert "alice" not in kept.read_text(encoding="utf-8").lower()


async def test_a_moderator_who_erases_their_data_stays_one_pseudonym_in_the_audit_log(
    start_app: StartApp,
) -> None:
    running = await start_app(poll_config())
    await running.adapter.push(command(member("mod"), "ban", "console:bob", "spam"))
    await running.adapter.push(command(member("mod"), "unban", "console:bob"))

    await erase(running, "mod")

    entries = await audit_log(running.runtime.db, "flavour")
    actors = {e.actor for e in entries if e.action in ("ban", "unban")}
    assert len(actors) == 1 and re.fullmatch(r"\[erased member #[0-9a-f]{8}\]", actors.pop())
    assert "console:mod" not in json.dumps([(e.actor, e.detail) for e in entries])


async def test_a_ban_outlives_the_banned_members_erasure(start_app: StartApp) -> None:
    running = await start_app(poll_config())
    await vote(running, "alice", 1)
    await running.adapter.push(command(member("mod"), "ban", "console:alice", "spam"))

    await erase(running, "alice")

    bans = await bans_of(running.runtime.db, "flavour")
    assert [(b.member, b.reason) for b in bans] == [("console:alice", "spam")]
    assert ("console", "alice") in await participants(running)  # kept for the ban, nameless
    await vote(running, "alice", 0)
    assert "spam" in running.adapter.replies_to("alice")[-1]
    assert await named_ballots(running.runtime.db, 1) == []
