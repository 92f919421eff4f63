"""What a member or a moderator typed wrong gets an answer that helps (the real SDK against
the emulator): a mistyped campaign id is refused, not taken for the campaign of the chat
(``/withdraw typo`` keeps the pledge, ``/pause typo`` leaves the round open); a French member's
decimal comma is a decimal comma; ``/vote`` in an idea box says how to take part there."""

from __future__ import annotations

from bot.engine.i18n import Catalogs
from campaigns import parse_config
from storage.pledge.pledges import backers
from storage.rounds import latest_round
from tests.adapters.telegram import payloads as p
from tests.adapters.telegram.emulator import TelegramEmulator
from tests.adapters.telegram.harness import (
    GROUP,
    StartTelegram,
    answer_to,
    poll_on_telegram,
    telegram_section,
)
from tests.adapters.telegram.test_rounds_look_ended import moderator_says
from tests.factories import AMOUNT_GOAL, IDEAS_TOML, pledge_text, poll_text

EN = Catalogs().translator("en")
FR = Catalogs().translator("fr")
MEMBER = p.user(41)


async def test_withdraw_with_a_word_that_is_no_campaign_keeps_the_pledge(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    run = await start_telegram(
        parse_config(pledge_text(channels=(GROUP,)) + telegram_section(emulator))
    )
    await answer_to(emulator, await emulator.say(MEMBER, "/pledge 10"))

    refused = await answer_to(emulator, await emulator.say(MEMBER, "/withdraw tuor"))

    assert refused.text == EN("error.unknown_campaign", campaign="tuor")
    round_ = await latest_round(run.runtime.db, "tour")
    assert round_ is not None
    [held] = await backers(run.runtime.db, round_.id)
    assert held.amount == 1000  # 10 € in cents, still pledged
    withdrawn = await answer_to(emulator, await emulator.say(MEMBER, "/withdraw tour"))
    assert withdrawn.text is not None and withdrawn.text.startswith("↩️")
    assert await backers(run.runtime.db, round_.id) == []


async def test_pause_with_a_word_that_is_no_campaign_leaves_the_round_open(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    run = await start_telegram(poll_on_telegram(emulator))

    answer = await moderator_says(run, emulator, "/pause flavor")

    assert answer == EN("error.unknown_campaign", campaign="flavor")
    round_ = await latest_round(run.runtime.db, "flavour")
    assert round_ is not None and round_.state == "open"
    assert (await moderator_says(run, emulator, "/pause flavour")).startswith("“Next flavour”")
    round_ = await latest_round(run.runtime.db, "flavour")
    assert round_ is not None and round_.state == "paused"


async def test_a_french_members_decimal_comma_is_never_read_as_thousands(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    goal = AMOUNT_GOAL.replace("max_amount = 500", "max_amount = 5000")
    text = pledge_text(channels=(GROUP,), goal=goal)
    run = await start_telegram(parse_config(text + telegram_section(emulator)))
    french, english = p.user(43, language_code="fr"), p.user(44, language_code="en")

    refused = await answer_to(emulator, await emulator.say(french, "/pledge 1,234"))
    taken = await answer_to(emulator, await emulator.say(french, "/pledge 12,34"))
    thousands = await answer_to(emulator, await emulator.say(english, "/pledge 1,234"))

    assert refused.text == FR("pledge.amount.decimals", currency="EUR", digits=2)
    assert taken.text is not None and "12,34\u00a0€" in taken.text
    assert thousands.text is not None and "€1,234" in thousands.text
    round_ = await latest_round(run.runtime.db, "tour")
    assert round_ is not None
    held = {b.backer.id: b.amount for b in await backers(run.runtime.db, round_.id)}
    assert held == {"43": 1234, "44": 123400}


async def test_vote_in_an_idea_box_says_how_to_take_part(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    text = IDEAS_TOML.format(locale="fr", settings="").replace(
        '["telegram:-1001", "discord:123456789012345678"]', f'["{GROUP}"]'
    )
    await start_telegram(parse_config(text + telegram_section(emulator)))

    answer = await answer_to(emulator, await emulator.say(MEMBER, "/vote 1"))

    assert answer.text == FR("error.no_vote_here", title="Idea box")
    assert answer.text.startswith("«\u00a0Idea box\u00a0» ne se vote pas avec /vote")


async def test_a_mistyped_campaign_before_a_good_choice_is_named_as_such(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    pledge = pledge_text(channels=(GROUP,))
    poll = poll_text(channels=(GROUP,)).split("[[campaigns]]", 1)[1]
    await start_telegram(
        parse_config(pledge + "\n[[campaigns]]" + poll + telegram_section(emulator))
    )

    pledged = await answer_to(emulator, await emulator.say(MEMBER, "/pledge tuor 15"))
    voted = await answer_to(emulator, await emulator.say(MEMBER, "/vote flavor 2"))
    not_an_option = await answer_to(emulator, await emulator.say(MEMBER, "/vote flavour 9"))

    assert pledged.text == EN("error.unknown_campaign", campaign="tuor")
    assert voted.text == EN("error.unknown_campaign", campaign="flavor")
    assert not_an_option.text is not None and "“flavour”" not in not_an_option.text
