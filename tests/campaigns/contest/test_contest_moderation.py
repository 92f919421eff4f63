"""The moderation queue: only moderators decide, each decision once, authors told in their
language; post-moderation publishes first and hides on reports."""

from __future__ import annotations

from dataclasses import replace

from storage.contest.entries import get_entry
from storage.delivery.outbox import posted
from storage.rounds import audit_log, latest_round
from tests.campaigns.contest.kit import (
    DISCORD,
    MODERATORS,
    TELEGRAM,
    TELEGRAM_MOD,
    Community,
    StartCommunity,
    contest_config,
    person,
    photo,
    press,
    submit,
    typed,
)

MOD = person("telegram", TELEGRAM_MOD, "Mona")
ANA = person("telegram", "101", "Ana", "fr")
BOB = person("discord", "300000000000000002", "Bob", "en")
REPORTERS = [person("discord", f"31000000000000000{n}", f"R{n}") for n in range(3)]


async def entered(c: Community, who: object = ANA, seed: int = 1) -> None:
    ref = c.upload(who, f"f{seed}", photo(seed))  # type: ignore[arg-type]
    await c.push(submit(who, "My photo", file_ref=ref))  # type: ignore[arg-type]


def card_button(c: Community, entry: int, index: int) -> str:
    [card] = c.posts(MODERATORS, f"review-{entry}:")
    return card.message.buttons[index].action


async def test_members_cannot_moderate(community: StartCommunity) -> None:
    c = await community(contest_config())
    await entered(c)

    await c.push(press(ANA, card_button(c, 1, 0), channel=MODERATORS))
    await c.push(typed(BOB, "approve", "1"))

    assert c.last_answer(ANA) == "Seuls les modérateurs de la campagne peuvent faire cela."
    assert c.answers(BOB) == ["Only the campaign’s moderators can do that."]
    entry = await get_entry(c.runtime.db, 1)
    assert entry is not None and entry.state == "pending"
    assert c.posts(TELEGRAM, "entry-") == []


async def test_two_moderators_pressing_decide_once(community: StartCommunity) -> None:
    c = await community(contest_config())
    await entered(c)
    approve = card_button(c, 1, 0)

    await c.push(press(MOD, approve, channel=MODERATORS))
    await c.push(typed(MOD, "approve", "#1", channel=MODERATORS))

    assert c.last_answer(MOD) == "Entry #1 was already decided (approved)."
    assert len(c.directs(ANA)) == 1
    assert len(c.posts(TELEGRAM, "entry-1:")) == 1
    actions = [a.action for a in await audit_log(c.runtime.db, "summer")]
    assert actions.count("approve") == 1


async def test_pressed_review_card_shows_the_decision(community: StartCommunity) -> None:
    c = await community(contest_config())
    await entered(c)
    event = replace(press(MOD, card_button(c, 1, 0), channel=MODERATORS), message_id="m1")

    await c.push(event)

    [edit] = c.adapters["telegram"].edits
    assert edit.message_id == await posted_card(c, 1)  # the card the outbox posted
    assert edit.message.buttons == () and edit.message.image is not None  # photo kept
    assert "approved by Mona" in edit.message.text


async def test_reject_command_closes_the_review_card_too(community: StartCommunity) -> None:
    c = await community(contest_config())
    await entered(c)

    await c.push(typed(MOD, "reject", "1", "blurry", channel=MODERATORS))

    [edit] = c.adapters["telegram"].edits
    assert (edit.channel, edit.message_id) == (MODERATORS.split(":")[1], await posted_card(c, 1))
    assert edit.message.buttons == () and "rejected by Mona" in edit.message.text


async def posted_card(c: Community, entry: int) -> str:
    """The message id the outbox recorded for the review card of ``entry``."""
    round_ = await latest_round(c.runtime.db, "summer")
    assert round_ is not None
    [(channel, message_id)] = await posted(c.runtime.db, round_.id, f"review-{entry}")
    assert channel == MODERATORS
    return message_id


async def test_reject_command_needs_a_reason(community: StartCommunity) -> None:
    c = await community(contest_config())
    await entered(c)

    await c.push(typed(MOD, "reject", "1", channel=MODERATORS))
    await c.push(typed(MOD, "reject", "one", "reason", channel=MODERATORS))
    await c.push(typed(MOD, "remove", "1", channel=MODERATORS))

    assert c.answers(MOD) == [
        "Write the entry number and the reason: /reject 12 reason",
        "“one” is not an entry number (write it like 12).",
        "Write the entry number and the reason: /remove 12 reason",  # its own name
    ]


async def test_post_moderation_publishes_at_once_and_hides_after_reports(
    community: StartCommunity,
) -> None:
    c = await community(contest_config('moderation = "post"\nreports_to_hide = 2'))
    await entered(c, BOB, 2)
    assert "is published" in c.last_answer(BOB)
    [post] = c.posts(DISCORD, "entry-1:")  # the reporters are on Discord
    report = post.message.buttons[1].action

    await c.push(press(REPORTERS[0], report, channel=DISCORD))
    await c.push(press(REPORTERS[0], report, channel=DISCORD))
    await c.push(typed(REPORTERS[1], "report", "1"))

    assert c.answers(REPORTERS[0]) == [
        "Thank you: the moderators will look at this entry.",
        "You have already reported this entry.",
    ]
    alerts = c.posts(MODERATORS, "reported-1")
    assert len(alerts) == 2 and "(2 reports)" in alerts[1].message.text
    entry = await get_entry(c.runtime.db, 1)
    assert entry is not None and entry.state == "hidden"
    await c.push(press(REPORTERS[2], post.message.buttons[0].action, channel=DISCORD))
    assert c.last_answer(REPORTERS[2]) == "There is no entry #1 in a running contest."

    await c.push(typed(MOD, "remove", "1", "Not", "a", "cone", channel=MODERATORS))
    assert c.directs(BOB) == [
        "Your entry #1 to “Funniest summer photo” was removed. Reason: Not a cone"
    ]
    hide = next(a for a in await audit_log(c.runtime.db, "summer") if a.action == "hide")
    assert hide.actor == "system"
    remove = next(a for a in await audit_log(c.runtime.db, "summer") if a.action == "remove")
    assert (remove.actor, remove.before, remove.after) == (MOD.key, "hidden", "removed")


async def test_banned_member_cannot_report_an_entry(community: StartCommunity) -> None:
    c = await community(contest_config('moderation = "post"\nreports_to_hide = 1'))
    await entered(c, BOB, 2)
    [post] = c.posts(DISCORD, "entry-1:")  # the reporter is on Discord
    report = post.message.buttons[1].action
    banned = REPORTERS[0]
    await c.push(typed(MOD, "ban", "summer", banned.key, "spam", channel=MODERATORS))

    await c.push(press(banned, report, channel=DISCORD))
    await c.push(typed(banned, "report", "1"))

    assert c.answers(banned) == ["⛔ You are banned from “Funniest summer photo”: spam"] * 2
    assert c.posts(MODERATORS, "reported-1") == []
    entry = await get_entry(c.runtime.db, 1)
    assert entry is not None and entry.state == "approved", "one counted report would hide it"


async def test_rejected_entry_frees_the_members_slot(community: StartCommunity) -> None:
    c = await community(contest_config())
    await entered(c, ANA, 1)
    await c.push(typed(MOD, "reject", "1", "blurry", channel=MODERATORS))

    await entered(c, ANA, 2)

    assert "n°\u00a02" in c.last_answer(ANA)


async def test_review_cards_go_privately_to_moderators_without_a_channel(
    community: StartCommunity,
) -> None:
    config = contest_config()
    contest = config.campaigns[0].contest
    assert contest is not None
    campaign = config.campaigns[0].model_copy(
        update={"contest": contest.model_copy(update={"moderators_channel": None})}
    )
    c = await community(config.model_copy(update={"campaigns": [campaign]}))

    await entered(c)

    [card] = c.direct_actions(MOD)
    assert card.message.image is not None and len(card.message.buttons) == 2
