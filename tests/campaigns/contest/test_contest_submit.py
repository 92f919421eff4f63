"""Submitting to a contest: photos checked, stored once by hash, entries counted exactly once,
every refusal answered in the member's language."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.config.model import Config
from campaigns.contest.common import discard_entry
from storage.contest.entries import entries_by, get_entry
from tests.campaigns.contest.kit import (
    MODERATORS,
    Community,
    StartCommunity,
    contest_config,
    person,
    photo,
    submit,
)

LEA = person("telegram", "101", "Léa", "fr")
SAM = person("discord", "300000000000000001", "Sam", "en")


async def started(community: StartCommunity, config: Config | None = None) -> Community:
    return await community(config or contest_config())


async def test_photo_entry_waits_for_review_and_is_stored_clean(
    community: StartCommunity, media_dir: Path
) -> None:
    c = await started(community)
    ref = c.upload(LEA, "tg-file-1", photo(1, exif=True))

    await c.push(submit(LEA, "Sunset", "cone", file_ref=ref))

    assert "n°\u00a01" in c.last_answer(LEA)
    assert "attend un modérateur" in c.last_answer(LEA)
    entry = await get_entry(c.runtime.db, 1)
    assert entry is not None and entry.state == "pending" and entry.title == "Sunset cone"
    assert entry.media_path is not None
    stored = media_dir / entry.media_path
    assert stored.is_file() and entry.media_sha256 in stored.name
    assert b"PhoneMaker" not in stored.read_bytes()
    review = c.posts(MODERATORS, "review-1")
    assert len(review) == 1 and review[0].message.image is not None
    assert review[0].message.image.path == str(stored)


async def test_same_photo_twice_is_refused_as_duplicate(community: StartCommunity) -> None:
    c = await started(community)
    await c.push(submit(LEA, "First", file_ref=c.upload(LEA, "a", photo(2))))

    await c.push(submit(SAM, "Copy", file_ref=c.upload(SAM, "b", photo(2, exif=True))))

    assert c.last_answer(SAM) == "This picture has already been submitted."
    assert await entries_by(c.runtime.db, 1, SAM) == []


async def test_redelivered_submission_counts_once(community: StartCommunity) -> None:
    c = await started(community, contest_config("entries_per_member = 3"))
    ref = c.upload(LEA, "x", photo(3))

    await c.push(submit(LEA, "Once", file_ref=ref, delivery_id="u-1"))
    await c.push(submit(LEA, "Once", file_ref=ref, delivery_id="u-1"))

    assert len(await entries_by(c.runtime.db, 1, LEA)) == 1
    assert len(c.answers(LEA)) == 1
    assert len(c.posts(MODERATORS, "review-")) == 1


async def test_entries_per_member_are_enforced(community: StartCommunity) -> None:
    c = await started(community, contest_config("entries_per_member = 2"))
    for n in range(3):
        await c.push(submit(SAM, f"Photo {n}", file_ref=c.upload(SAM, f"s{n}", photo(10 + n))))

    assert "at most" in c.last_answer(SAM)
    assert len(await entries_by(c.runtime.db, 1, SAM)) == 2


async def test_oversize_claimed_by_platform_is_refused_before_download(
    community: StartCommunity,
) -> None:
    c = await started(community, contest_config("max_size_mb = 1"))

    await c.push(submit(SAM, "Big", file_ref="never-uploaded", size=5_000_000))

    assert c.last_answer(SAM) == "This file is too large: 1 MB at most."


async def test_oversize_found_while_downloading_is_refused(community: StartCommunity) -> None:
    c = await started(community, contest_config("max_size_mb = 0.01"))
    ref = c.upload(LEA, "big", photo(4, size=(1500, 1500), kind="PNG"))

    await c.push(submit(LEA, "Big", file_ref=ref, size=None))

    assert c.last_answer(LEA) == "Ce fichier est trop lourd : 1 Mo au maximum."
    assert await entries_by(c.runtime.db, 1, LEA) == []


async def test_non_image_and_unreadable_files_are_refused(community: StartCommunity) -> None:
    c = await started(community)
    text = c.upload(SAM, "doc", b"just some words, not a picture")
    broken = photo(5, size=(300, 300))
    half = c.upload(SAM, "half", broken[: len(broken) // 2])

    await c.push(submit(SAM, "Doc", file_ref=text))
    not_image = c.last_answer(SAM)
    await c.push(submit(SAM, "Half", file_ref=half))

    assert not_image.startswith("This file is not a picture we accept")
    assert c.last_answer(SAM).startswith("This picture could not be read")
    assert await entries_by(c.runtime.db, 1, SAM) == []


async def test_missing_photo_and_long_title_are_explained(community: StartCommunity) -> None:
    c = await started(community, contest_config("title_max = 10"))

    await c.push(submit(SAM, "No photo"))
    missing = c.last_answer(SAM)
    await c.push(submit(SAM, "A title that is far too long", file_ref=c.upload(SAM, "p", photo(6))))

    assert missing == "Add your photo in the command’s “photo” option."  # Sam is on Discord
    assert c.last_answer(SAM) == "This title is too long: 10 characters at most."


async def test_text_contest_takes_the_text_as_entry(community: StartCommunity) -> None:
    c = await started(community, contest_config('entry_type = "text"\ntext_max = 30'))

    await c.push(submit(SAM, "Cool", "as", "a", "cone"))
    await c.push(submit(LEA))

    entry = await get_entry(c.runtime.db, 1)
    assert entry is not None and entry.text == "Cool as a cone" and entry.media_sha256 is None
    assert c.last_answer(LEA).startswith("Écrivez votre proposition")


async def test_deleting_an_entry_deletes_its_media(
    community: StartCommunity, media_dir: Path
) -> None:
    c = await started(community)
    await c.push(submit(LEA, "Gone soon", file_ref=c.upload(LEA, "g", photo(8))))
    entry = await get_entry(c.runtime.db, 1)
    assert entry is not None and entry.media_path is not None
    assert (media_dir / entry.media_path).is_file()

    assert await discard_entry(c.runtime, entry.id)

    assert await get_entry(c.runtime.db, 1) is None
    assert not (media_dir / entry.media_path).exists()
    await c.push(submit(SAM, "Same photo, now free", file_ref=c.upload(SAM, "g2", photo(8))))
    assert "waiting for a moderator" in c.last_answer(SAM)


async def test_racing_submissions_of_one_member_keep_the_allowance(
    community: StartCommunity,
) -> None:
    c = await community(contest_config())
    events = [
        submit(SAM, f"Race {n}", file_ref=c.upload(SAM, f"r{n}", photo(20 + n))) for n in range(4)
    ]

    await asyncio.gather(*(c.adapters["discord"].push(e) for e in events))

    assert len(await entries_by(c.runtime.db, 1, SAM)) == 1
    answers = c.answers(SAM)
    assert len(answers) == 4
    assert sum("waiting for a moderator" in a for a in answers) == 1
    assert all("Sorry" not in a for a in answers)
