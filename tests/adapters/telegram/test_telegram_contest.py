"""Photo contests on Telegram, end to end: ``/submit`` as a photo's caption, through the real
SDK, ``getFile`` and the file URL of the emulator, into the contest's media store."""

from __future__ import annotations

from pathlib import Path

from campaigns import parse_config
from storage.contest.entries import entries_of
from storage.rounds import latest_round
from tests.adapters.telegram import payloads as p
from tests.adapters.telegram.emulator import TelegramEmulator
from tests.adapters.telegram.harness import (
    GROUP,
    StartTelegram,
    TelegramRun,
    answer_to,
    telegram_section,
)
from tests.campaigns.contest.kit import photo

MB = 1_000_000
CONTESTS = """
[bot]
locale = "en"
timezone = "Europe/Paris"

[[campaigns]]
id = "summer"
kind = "contest"
title = "Funniest summer photo"
channels = ["{group}"]
duration = "7d"

[campaigns.contest]
moderation = "post"

[[campaigns]]
id = "winter"
kind = "contest"
title = "Coziest winter photo"
channels = ["{group}"]
duration = "7d"

[campaigns.contest]
moderation = "post"
"""


async def start_contests(emulator: TelegramEmulator, start: StartTelegram) -> TelegramRun:
    """Two photo contests (so a member must name one) in the test group."""
    text = CONTESTS.format(group=GROUP) + telegram_section(emulator)
    return await start(parse_config(text))


async def test_photo_submitted_with_its_caption_is_stored(
    emulator: TelegramEmulator, start_telegram: StartTelegram, media_dir: Path
) -> None:
    run = await start_contests(emulator, start_telegram)
    picture = photo(1, size=(320, 240))

    sent = await emulator.send_file(
        p.user(71), "/submit summer My cone at the beach", "ph-1", picture
    )
    reply = await answer_to(emulator, sent)

    assert reply.text == "Thank you! Your entry #1 to “Funniest summer photo” is published."
    round_ = await latest_round(run.runtime.db, "summer")
    assert round_ is not None
    [entry] = await entries_of(run.runtime.db, round_.id)
    assert (entry.title, entry.author.id) == ("My cone at the beach", "71")
    assert entry.media_path is not None and (media_dir / entry.media_path).is_file()
    assert [c.params["file_id"] for c in emulator.called("getFile")] == ["ph-1"]


async def test_thirty_megabyte_photo_is_refused_in_the_members_language(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    run = await start_contests(emulator, start_telegram)

    sent = await emulator.send_file(
        p.user(72, language_code="fr"), "/submit summer", "ph-big", b"", claimed_size=30 * MB
    )
    reply = await answer_to(emulator, sent)

    assert reply.text == "Ce fichier est trop lourd : 10 Mo au maximum."
    assert emulator.called("getFile") == []  # refused on the size Telegram gave
    round_ = await latest_round(run.runtime.db, "summer")
    assert round_ is not None and await entries_of(run.runtime.db, round_.id) == []


async def test_pdf_is_refused_as_not_a_picture(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    await start_contests(emulator, start_telegram)

    sent = await emulator.send_file(
        p.user(73),
        "/submit summer Our rules",
        "doc-1",
        b"%PDF-1.7 not a picture",
        document=("rules.pdf", "application/pdf"),
    )
    reply = await answer_to(emulator, sent)

    assert reply.text == "This file is not a picture we accept. Send a photo in JPEG, PNG, WEBP."


async def test_unknown_campaign_is_answered_with_the_campaigns_to_choose_from(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    await start_contests(emulator, start_telegram)

    sent = await emulator.send_file(p.user(74), "/submit autumn Leaves", "ph-2", photo(2))
    reply = await answer_to(emulator, sent)

    assert reply.text == "Please name the campaign first, one of: summer, winter"
    assert emulator.called("getFile") == []


async def test_forwarded_photo_is_not_an_entry(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    run = await start_contests(emulator, start_telegram)
    author, thief, copier = p.user(81), p.user(82), p.user(83, language_code="fr")
    refused_en = (
        "A forwarded photo, or another member’s, cannot be your entry: "
        "send a photo of your own with /submit."
    )
    refused_fr = (
        "Une photo transférée, ou celle d’un autre membre, ne peut pas être votre "
        "participation : envoyez votre propre photo avec /submit."
    )

    forwarded = await emulator.send_file(
        thief,
        "/submit summer Stolen sunset",
        "ph-fwd",
        photo(5),
        forward_origin=p.forwarded_from(author),
    )
    shown = await emulator.send_file(author, "My sunset", "ph-own", photo(6))
    replied = await emulator.say(
        copier, "/submit summer Not mine", reply_to_message=shown["message"]
    )
    own = await emulator.say(author, "/submit summer My sunset", reply_to_message=shown["message"])

    assert (await answer_to(emulator, forwarded)).text == refused_en
    assert (await answer_to(emulator, replied)).text == refused_fr
    assert (await answer_to(emulator, own)).text == (
        "Thank you! Your entry #1 to “Funniest summer photo” is published."
    )
    round_ = await latest_round(run.runtime.db, "summer")
    assert round_ is not None
    [entry] = await entries_of(run.runtime.db, round_.id)
    assert entry.author.id == "81"
    assert [c.params["file_id"] for c in emulator.called("getFile")] == ["ph-own"]


async def test_forwarded_photo_is_an_entry_where_the_contest_accepts_them(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    text = CONTESTS.format(group=GROUP).replace(
        'moderation = "post"\n', 'moderation = "post"\naccept_forwarded = true\n', 1
    )
    await start_telegram(parse_config(text + telegram_section(emulator)))

    forwarded = await emulator.send_file(
        p.user(82),
        "/submit summer Shared sunset",
        "ph-fwd",
        photo(5),
        forward_origin=p.forwarded_from(p.user(81)),
    )

    reply = await answer_to(emulator, forwarded)
    assert reply.text == "Thank you! Your entry #1 to “Funniest summer photo” is published."
