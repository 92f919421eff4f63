"""Pledge campaigns end to end through the dispatcher, on two platforms, SQLite and PostgreSQL:
the goal, milestones once, the outcome told to every backer once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from adapters.memory import MemoryAdapter
from bot.model.events import Chat, Event
from bot.model.members import Member
from storage.tables import Delivery, Pledge
from tests.conftest import Running, StartApp
from tests.factories import command, member, pledge_config, press

CHANNELS = ("console:main", "telegram:-100200300")
TELEGRAM = Chat("telegram", "-100200300")


def fan(user_id: str, locale: str | None = None) -> Member:
    """A member on the second platform."""
    return member(user_id, locale, platform="telegram")


async def two_platforms(start_app: StartApp, **options: object) -> Running:
    adapters = {"console": MemoryAdapter("console"), "telegram": MemoryAdapter("telegram")}
    return await start_app(pledge_config(channels=CHANNELS, **options), adapters=adapters)


def tiers(running: Running, platform: str = "console") -> list[str]:
    """Action ids of the opening message's buttons: 5 €, 10 €, 25 €, withdraw."""
    opening = next(p for p in running.adapters[platform].posts if ":opening:" in p.key)
    return [b.action for b in opening.message.buttons]


def keys(running: Running, kind: str) -> list[str]:
    """Keys of the posts of one kind (``milestone-100``…) on every platform."""
    return [p.key for a in running.adapters.values() for p in a.posts if f":{kind}:" in p.key]


async def push(running: Running, event: Event) -> None:
    await running.adapters[event.platform].push(event)
    await running.postman_delivered()


def on_telegram(user: Member, action: str) -> Event:
    return press(user, action, chat=TELEGRAM)


async def count(running: Running, table: type) -> int:
    async with running.runtime.db.reading() as conn:
        return int((await conn.execute(select(func.count()).select_from(table))).scalar_one())


async def reach_the_goal(running: Running) -> None:
    """25 + 25 (console) + 50 (telegram, typed) = 100 €, the goal."""
    patron = tiers(running)[2]
    await push(running, press(member("alice"), patron))
    await push(running, press(member("bob"), patron))
    await push(running, command(fan("chloe"), "pledge", "50", chat=TELEGRAM))


async def deadline(running: Running) -> None:
    running.clock.advance(timedelta(days=7, seconds=1))
    await running.tick()


# The goal, across platforms


async def test_pledges_from_two_platforms_reach_the_goal(start_app: StartApp) -> None:
    running = await two_platforms(start_app)

    await reach_the_goal(running)

    assert sorted(keys(running, "milestone-100")) == [
        f"1:milestone-100:{channel}" for channel in sorted(CHANNELS)
    ]
    goal = next(p for p in running.adapters["telegram"].posts if ":milestone-100:" in p.key)
    assert "goal reached" in goal.message.text
    assert "€100 of €100" in goal.message.text
    assert running.adapters["telegram"].replies_to("chloe") == [
        "✅ Thank you! Your pledge is recorded: €50. You can change or withdraw it until "
        "Nov 9, 2026, 10:00\u202fAM."
    ]
    assert await count(running, Pledge) == 3


async def test_tier_buttons_are_signed_and_work_on_each_platform(start_app: StartApp) -> None:
    running = await two_platforms(start_app)

    await push(running, on_telegram(fan("dan"), tiers(running, "telegram")[1]))

    assert (
        running.adapters["telegram"]
        .replies_to("dan")[-1]
        .startswith("✅ Thank you! Your pledge is recorded: €10 — Gourmand.")
    )
    await push(running, press(member("eve"), tiers(running)[1][:-3] + "AAA"))
    assert running.adapter.replies_to("eve") == [
        "This button no longer works. Use the buttons of the latest message."
    ]


async def test_a_withdrawal_below_the_goal_does_not_repeat_the_goal_announcement(
    start_app: StartApp,
) -> None:
    running = await two_platforms(start_app)
    await reach_the_goal(running)

    await push(running, command(member("alice"), "withdraw"))
    assert running.adapter.replies_to("alice")[-1] == (
        "↩️ Your pledge (€25 — Patron) is withdrawn: you owe nothing."
    )
    await push(running, command(member("frank"), "pledge", "25"))

    assert len(keys(running, "milestone-100")) == 2  # once per channel, not again
    assert await count(running, Pledge) == 3


async def test_quarters_are_announced_once_and_a_jump_announces_only_the_highest(
    start_app: StartApp,
) -> None:
    running = await start_app(pledge_config())
    await push(running, command(member("alice"), "pledge", "30"))  # 30 %
    await push(running, command(member("bob"), "pledge", "10"))  # 40 %
    await push(running, command(member("carol"), "pledge", "40"))  # 80 %: 50 % skipped

    posted = [p.key for p in running.adapter.posts if ":milestone-" in p.key]
    assert posted == ["1:milestone-25:console:main", "1:milestone-75:console:main"]
    assert "75.0% of the goal" in running.adapter.posts[-1].message.text

    await push(running, command(member("carol"), "withdraw"))  # back to 40 %
    await push(running, command(member("carol"), "pledge", "15"))  # 55 %
    posted = [p.key for p in running.adapter.posts if ":milestone-" in p.key]
    assert posted == ["1:milestone-25:console:main", "1:milestone-75:console:main"]


async def test_stretch_goals_announce_once_each(start_app: StartApp) -> None:
    running = await two_platforms(start_app)
    await push(running, command(member("alice"), "pledge", "160"))  # goal and stretch 150
    await push(running, command(member("alice"), "pledge", "100"))  # back under the stretch
    await push(running, command(member("alice"), "pledge", "210"))  # both stretch goals

    assert sorted(keys(running, "stretch-0")) == [f"1:stretch-0:{c}" for c in sorted(CHANNELS)]
    assert sorted(keys(running, "stretch-1")) == [f"1:stretch-1:{c}" for c in sorted(CHANNELS)]
    stretch = next(p for p in running.adapter.posts if ":stretch-1:" in p.key)
    assert "stretch goal €200 reached — A second truck" in stretch.message.text


# Exactly once


async def test_the_same_delivery_twice_pledges_once(start_app: StartApp) -> None:
    running = await start_app(pledge_config())
    patron = tiers(running)[2]

    await push(running, press(member("alice"), patron, delivery_id="d-1"))
    await push(running, press(member("alice"), tiers(running)[0], delivery_id="d-1"))

    assert await count(running, Pledge) == 1
    assert await count(running, Delivery) == 1
    assert len(running.adapter.replies_to("alice")) == 1


async def test_pledging_again_changes_the_one_pledge(start_app: StartApp) -> None:
    running = await start_app(pledge_config())
    await push(running, press(member("alice"), tiers(running)[0]))
    await push(running, command(member("alice"), "pledge", "12,50"))
    await push(running, command(member("alice"), "pledge", "12.50 €"))

    assert running.adapter.replies_to("alice")[1:] == [
        "🔁 Your pledge is now €12.50.",
        "You already pledged €12.50.",
    ]
    assert await count(running, Pledge) == 1


# Outcome


async def test_funded_outcome_notifies_every_backer_once_in_their_language(
    start_app: StartApp,
) -> None:
    running = await two_platforms(start_app)
    await push(running, press(member("alice", "fr"), tiers(running)[2]))
    await push(running, press(member("bob"), tiers(running)[2]))
    await push(running, command(fan("chloe"), "pledge", "50", chat=TELEGRAM))
    await push(running, command(member("dan"), "pledge", "5"))
    await push(running, command(member("dan"), "withdraw"))

    await deadline(running)
    await running.tick()
    await push(running, command(member("mod"), "close"))

    results = [p for p in running.adapter.posts if ":results:" in p.key]
    assert len(results) == 1
    assert results[0].message.text.startswith("🎉 Funded! Ice-cream truck tour")
    console, telegram = running.adapters["console"], running.adapters["telegram"]
    assert [d.user_id for d in console.directs] == ["alice", "bob"]
    assert [d.user_id for d in telegram.directs] == ["chloe"]
    alice = console.directs_to("alice")[0]
    assert alice.startswith("🎉 Ice-cream truck tour a atteint son objectif ! ")
    assert "Votre promesse : 25\u00a0€ — Patron." in alice
    assert "Votre contrepartie : A tasting for two" in alice
    assert alice.endswith("We will contact you within a week to deliver your reward.")
    assert "Your pledge: €50." in telegram.directs_to("chloe")[0]
    assert console.directs_to("dan") == []


async def test_not_funded_outcome_tells_every_backer_nothing_is_owed(
    start_app: StartApp,
) -> None:
    running = await two_platforms(start_app, extra='not_funded_text = "See you next summer!"')
    await push(running, command(member("alice"), "pledge", "20"))
    await push(running, command(fan("chloe", "fr"), "pledge", "12,50 €", chat=TELEGRAM))

    await deadline(running)
    await deadline(running)

    results = [p for p in running.adapters["telegram"].posts if ":results:" in p.key]
    assert len(results) == 1
    assert results[0].message.text.startswith("Not funded — Ice-cream truck tour")
    assert "nobody owes anything" in results[0].message.text
    assert running.adapter.directs_to("alice") == [
        "Ice-cream truck tour did not reach its goal. Your pledge (€20) is cancelled: you owe "
        "nothing. Thank you for your support!\n\nSee you next summer!"
    ]
    chloe = running.adapters["telegram"].directs_to("chloe")
    assert len(chloe) == 1
    assert "Votre promesse (12,50\u00a0€) est annulée : vous ne devez rien." in chloe[0]


async def test_a_backer_without_private_chat_does_not_block_the_others(
    start_app: StartApp,
) -> None:
    running = await start_app(pledge_config())
    running.adapter.unreachable.add("alice")
    await push(running, command(member("alice"), "pledge", "60"))
    await push(running, command(member("bob"), "pledge", "60"))

    await deadline(running)

    assert [d.user_id for d in running.adapter.directs] == ["bob"]


# Bad input changes nothing


async def test_bad_amounts_get_clear_answers_and_change_nothing(start_app: StartApp) -> None:
    running = await start_app(pledge_config())
    await push(running, command(member("alice"), "pledge", "10"))
    alice = member("alice")
    for typed in ("$20", "20 USD", "lots", "1", "501", "12.5055"):
        await push(running, command(alice, "pledge", typed))

    assert running.adapter.replies_to("alice")[1:] == [
        "This campaign counts in EUR: type the amount in EUR, e.g. /pledge 12.50",
        "This campaign counts in EUR: type the amount in EUR, e.g. /pledge 12.50",
        "“lots” is not an amount. Type a number, e.g. /pledge 12.50",
        "Pledges go from €2 to €500. Nothing was changed.",
        "Pledges go from €2 to €500. Nothing was changed.",
        "EUR amounts have at most 2 decimals.",
    ]
    await push(running, command(alice, "withdraw"))
    assert running.adapter.replies_to("alice")[-1] == (
        "↩️ Your pledge (€10 — Gourmand) is withdrawn: you owe nothing."
    )


async def test_bad_amounts_are_answered_in_the_members_language(start_app: StartApp) -> None:
    running = await start_app(pledge_config())
    await push(running, command(member("lea", "fr"), "pledge", "$20"))
    await push(running, command(member("lea", "fr"), "pledge", "1000"))

    assert running.adapter.replies_to("lea") == [
        "Cette campagne compte en EUR : indiquez le montant en EUR, par ex. /pledge 12,50",
        "Les promesses vont de 2\u00a0€ à 500\u00a0€. Rien n’a été modifié.",
    ]
    assert await count(running, Pledge) == 0


async def test_pledges_after_the_deadline_are_refused(start_app: StartApp) -> None:
    running = await start_app(pledge_config())
    patron = tiers(running)[2]
    await push(running, press(member("alice"), patron))
    running.clock.advance(timedelta(days=7, seconds=1))  # the close has not run yet

    await push(running, press(member("bob"), patron))
    await push(running, command(member("alice"), "withdraw"))
    await running.tick()
    await push(running, command(member("lea", "fr"), "pledge", "20"))

    assert running.adapter.replies_to("bob") == [
        "Pledges are closed: the deadline has passed. Nothing was changed."
    ]
    assert running.adapter.replies_to("alice")[-1] == running.adapter.replies_to("bob")[0]
    assert running.adapter.replies_to("lea") == [
        "Les promesses sont closes : la date limite est passée. Rien n’a été modifié."
    ]
    assert [d.user_id for d in running.adapter.directs] == ["alice"]


async def test_only_tiers_when_custom_amounts_are_off(start_app: StartApp) -> None:
    goal = (
        'goal_amount = 50\ncurrency = "EUR"\ncustom_amounts = false\n'
        'tiers = [{ amount = 5, reward = "Thanks" }, { amount = 10, reward = "A cone" }]'
    )
    running = await start_app(pledge_config(goal=goal))
    await push(running, command(member("alice"), "pledge", "7"))
    await push(running, command(member("alice"), "pledge", "10,00"))

    assert running.adapter.replies_to("alice")[0] == "Choose one of the tiers: €5 · €10"
    assert running.adapter.replies_to("alice")[1].startswith(
        "✅ Thank you! Your pledge is recorded: €10."
    )


async def test_a_goal_of_backers_counts_people(start_app: StartApp) -> None:
    running = await start_app(pledge_config(goal="goal_backers = 2"))
    back = tiers(running)[0]
    await push(running, press(member("alice"), back))
    await push(running, command(member("bob"), "pledge", "12"))
    await push(running, command(member("bob"), "pledge"))

    assert running.adapter.replies_to("bob")[0] == (
        "This campaign counts backers, not amounts: type /pledge alone, or press the button."
    )
    assert running.adapter.replies_to("bob")[1].startswith(
        "✅ Thank you! Your pledge is recorded: your support."
    )
    goal = next(p for p in running.adapter.posts if ":milestone-100:" in p.key)
    assert "2 backers of 2" in goal.message.text


# The campaign message


async def test_the_opening_message_shows_tiers_progress_and_time_left(
    start_app: StartApp,
) -> None:
    running = await start_app(pledge_config())
    opening = next(p for p in running.adapter.posts if ":opening:" in p.key).message

    assert [b.label for b in opening.buttons] == [
        "€5",
        "€10 — Gourmand",
        "€25 — Patron",
        "↩️ Withdraw my pledge",
    ]
    assert "Goal: €100 by Nov 9, 2026" in opening.text
    assert "• €25 — Patron — A tasting for two" in opening.text
    assert "Or pledge any amount from €2 to €500: /pledge 12.50" in opening.text
    assert "• €150 — A new flavour" in opening.text
    assert "▱▱▱▱▱▱▱▱▱▱ 0.0% — €0 of €100" in opening.text
    assert "0 backers · 1 week left" in opening.text


async def test_the_live_message_is_edited_with_the_progress(start_app: StartApp) -> None:
    running = await two_platforms(start_app)
    await push(running, command(member("alice"), "pledge", "40"))
    running.clock.advance(timedelta(days=2))
    await push(running, command(fan("chloe"), "pledge", "22", chat=TELEGRAM))
    assert running.runtime.live is not None

    await running.runtime.live.flush()

    for adapter in running.adapters.values():
        assert len(adapter.edits) == 1
        text = adapter.edits[0].message.text
        assert "▰▰▰▰▰▰▱▱▱▱ 62.0% — €62 of €100" in text
        assert "2 backers · 5 days left" in text
        assert len(adapter.edits[0].message.buttons) == 4


async def test_results_command_shows_the_progress(start_app: StartApp) -> None:
    running = await start_app(pledge_config())
    await push(running, command(member("alice"), "pledge", "40"))
    await push(running, command(member("alice"), "results"))

    assert running.adapter.replies_to("alice")[-1] == (
        "📊 Progress — Ice-cream truck tour\n▰▰▰▰▱▱▱▱▱▱ 40.0% — €40 of €100\n1 backer · 1 week left"
    )


@pytest.mark.parametrize(
    ("pledges", "said"),
    [
        (1, "— 1 contributeur sur 3\n1 contributeur · encore 1\u00a0semaine"),
        (2, "— 2 contributeurs sur 3\n2 contributeurs · encore 1\u00a0semaine"),
    ],
)
async def test_backers_are_counted_as_french_writes_them(
    start_app: StartApp, pledges: int, said: str
) -> None:
    running = await start_app(pledge_config(goal="goal_backers = 3", locale="fr"))
    for name in ("alice", "bob")[:pledges]:
        await push(running, command(member(name), "pledge"))
    await push(running, command(member("carol"), "results"))

    assert said in running.adapter.replies_to("carol")[-1]
