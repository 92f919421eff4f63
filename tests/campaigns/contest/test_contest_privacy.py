"""Moderation and privacy on a photo contest: the review queue in /status, a ban hiding a
member's entry and refusing them, /mydata listing their entries, erasure deleting entry and
photo, and the entries export."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from bot.model.members import Member
from bot.reports.export import export_campaign
from storage.contest.entries import entries_by, entries_of
from storage.rounds import latest_round
from tests.campaigns.contest.kit import (
    MODERATORS,
    Community,
    StartCommunity,
    contest_config,
    person,
    photo,
    press,
    submit,
    typed,
)

MOD = person("telegram", "777", "Mona")
ANA = person("discord", "300000000000000001", "Ana")
BEN = person("telegram", "101", "Ben")


async def entered(c: Community, who: Member, n: int) -> None:
    ref = c.upload(who, f"file-{n}", photo(n))
    await c.push(submit(who, f"Photo {n}", file_ref=ref))


async def approve_all(c: Community) -> None:
    for card in c.posts(MODERATORS, "review-"):
        await c.push(press(MOD, card.message.buttons[0].action, channel=MODERATORS))


async def test_queue_in_status_and_a_ban_hides_the_entry(community: StartCommunity) -> None:
    c = await community(contest_config())
    await entered(c, ANA, 1)
    await entered(c, BEN, 2)

    await c.push(typed(MOD, "status", "summer"))
    queue = c.last_answer(MOD)
    await approve_all(c)
    await c.push(typed(MOD, "ban", f"discord:{ANA.id}", "summer", "stolen photo"))
    await entered(c, ANA, 3)

    assert "Waiting for review: 2." in queue
    round_ = await latest_round(c.runtime.db, "summer")
    assert round_ is not None
    assert [e.author.key for e in await entries_of(c.runtime.db, round_.id)] == [BEN.key]
    assert c.last_answer(ANA) == "⛔ You are banned from “Funniest summer photo”: stolen photo"


async def test_mydata_lists_entries_and_erase_deletes_entry_and_photo(
    community: StartCommunity, media_dir: Path
) -> None:
    c = await community(contest_config())
    await entered(c, ANA, 1)
    await entered(c, BEN, 2)
    photos = sorted((media_dir / "entries").rglob("*.*"))
    assert len(photos) == 2

    await c.push(typed(ANA, "mydata"))
    [direct] = [d for d in c.direct_actions(ANA) if d.message.file is not None]
    assert direct.message.file is not None
    data = json.loads(Path(direct.message.file.path).read_text(encoding="utf-8"))
    await c.push(typed(ANA, "mydata", "erase"))
    confirm = c.adapters["discord"].replies[-1].message.buttons[0].action
    await c.push(press(ANA, confirm))

    assert [e["title"] for e in data["entries"]] == ["Photo 1"]
    round_ = await latest_round(c.runtime.db, "summer")
    assert round_ is not None
    assert await entries_by(c.runtime.db, round_.id, ANA) == []
    assert len(await entries_by(c.runtime.db, round_.id, BEN)) == 1
    left = sorted((media_dir / "entries").rglob("*.*"))
    assert len(left) == 1 and left[0] in photos
    assert c.last_answer(ANA).startswith("Done: your data is erased (records removed: 1;")


async def test_contest_entries_export(
    community: StartCommunity, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    c = await community(contest_config())
    await entered(c, ANA, 1)
    await entered(c, BEN, 2)
    monkeypatch.setenv("CHORUS_DATABASE_URL", database_url)

    rows = list(
        csv.DictReader(io.StringIO(await export_campaign(contest_config(), "summer", "csv")))
    )

    assert [(r["platform"], r["title"], r["state"], r["votes"]) for r in rows] == [
        ("discord", "Photo 1", "pending", "0"),
        ("telegram", "Photo 2", "pending", "0"),
    ]
    assert all(r["member"].startswith("m-") for r in rows)


async def test_report_charts_a_contests_entries(community: StartCommunity, tmp_path: Path) -> None:
    from bot.engine.i18n import Catalogs
    from bot.reports.report import make_report

    c = await community(contest_config('moderation = "post"'))
    await entered(c, ANA, 1)
    await entered(c, BEN, 2)

    report = await make_report(
        c.runtime.db,
        c.runtime.config,
        c.runtime.config.campaigns[0],
        tmp_path / "summer.html",
        Catalogs().translator("en"),
    )

    page = report.html.read_text(encoding="utf-8")
    assert (report.members, report.records) == (2, 2)
    assert "Top entries" in page
    assert "#1 Photo 1" in page and "#2 Photo 2" in page
    assert page.count('<img src="data:image/jpeg;base64,') == 2, "each entry's thumbnail"
    assert 'alt="Picture of entry #1 Photo 1"' in page
    assert report.png.stat().st_size > 10_000
