"""A whole photo contest across Telegram and Discord: submissions, moderation, voting with a
jury, a tie broken by the rule, the winners announced with their photos and told privately."""

from __future__ import annotations

from datetime import timedelta

from storage.contest.entries import entries_of
from storage.rounds import audit_log
from tests.campaigns.contest.kit import (
    DISCORD,
    MODERATORS,
    START,
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

SETTINGS = """
winners = 3
prizes = ["A year of ice cream", "A workshop", "A tasting box"]
jury = ["telegram:555"]
jury_weight = 0.5
tie_rule = "earliest"
claim_instructions = "Write to prizes@example.org with your entry number."
"""
MOD = person("telegram", TELEGRAM_MOD, "Mona")
JUROR = person("telegram", "555", "Jules")
AUTHORS = [
    person("telegram", str(100 + n), f"Tg{n}", "fr")
    if n % 2
    else person("discord", f"3000000000000000{n:02d}", f"Dc{n}", "en")
    for n in range(1, 13)
]


def vote_button(c: Community, entry: int, channel: str) -> str:
    [post] = c.posts(channel, f"entry-{entry}:")
    assert post.message.buttons[0].label.endswith(("Vote", "Voter"))
    return post.message.buttons[0].action


def review_button(c: Community, entry: int, index: int) -> str:
    [card] = c.posts(MODERATORS, f"review-{entry}:")
    return card.message.buttons[index].action


async def test_full_photo_contest_across_two_platforms(community: StartCommunity) -> None:
    c = await community(contest_config(SETTINGS))

    # 12 entries from both platforms, plus a duplicate and an oversize photo refused
    for n, author in enumerate(AUTHORS, start=1):
        ref = c.upload(author, f"file-{n}", photo(n))
        await c.push(submit(author, f"Photo {n}", file_ref=ref))
        c.clock.advance(timedelta(minutes=1))
    copycat = person("discord", "399999999999999999", "Copycat")
    await c.push(submit(copycat, "Mine", file_ref=c.upload(copycat, "dup", photo(4, exif=True))))
    assert c.last_answer(copycat) == "This picture has already been submitted."
    heavy = person("telegram", "198", "Heavy")
    await c.push(submit(heavy, "Big", file_ref="huge", size=50_000_000))
    assert c.last_answer(heavy) == "This file is too large: 10 MB at most."
    assert len(await entries_of(c.runtime.db, 1, ("pending",))) == 12
    assert len(c.posts(MODERATORS, "review-")) == 12

    # the moderator approves ten with the buttons and rejects two, with a reason each
    for entry in range(1, 11):
        await c.push(press(MOD, review_button(c, entry, 0), channel=MODERATORS))
    await c.push(press(MOD, review_button(c, 11, 1), channel=MODERATORS))
    reasons = c.adapters["telegram"].replies[-1].message.buttons
    assert [b.label for b in reasons][:2] == ["Off topic", "Inappropriate content"]
    await c.push(press(MOD, reasons[0].action, channel=MODERATORS))
    await c.push(typed(MOD, "reject", "12", "Blurry", "picture", channel=MODERATORS))
    assert c.directs(AUTHORS[10]) == [
        "Votre participation n°\u00a011 à «\u00a0Funniest summer photo\u00a0» n’a pas été retenue. "
        "Motif : Hors sujet"
    ]
    assert c.directs(AUTHORS[11]) == [
        "Your entry #12 to “Funniest summer photo” was not accepted. Reason: Blurry picture"
    ]
    assert c.directs(AUTHORS[0])[0].startswith("Votre participation n°\u00a01 à")
    # every approved entry is published on both platforms with its photo
    for channel in (TELEGRAM, DISCORD):
        published = c.posts(channel, "entry-")
        assert len(published) == 10
        assert all(p.message.image is not None for p in published)

    # votes from both platforms land in one tally; A=#3 gets 4, B=#2 gets 2, C=#5 gets 1
    voters = [
        person("telegram" if n % 2 else "discord", f"2000000000000000{n:02d}") for n in range(8)
    ]
    plan = {3: voters[:4], 2: voters[4:6], 5: voters[6:7], 7: voters[7:8]}
    for entry, members in plan.items():
        for member in members:
            channel = TELEGRAM if member.platform == "telegram" else DISCORD
            await c.push(press(member, vote_button(c, entry, channel)))
            assert "is recorded" in c.last_answer(member)
    author_of_3 = AUTHORS[2]
    await c.push(press(author_of_3, vote_button(c, 3, TELEGRAM)))
    assert c.last_answer(author_of_3) == "Vous ne pouvez pas voter pour votre propre participation."
    await c.push(press(voters[0], vote_button(c, 3, TELEGRAM), channel=TELEGRAM))
    assert c.last_answer(voters[0]) == "You have already voted for entry #3."
    await c.push(press(voters[0], vote_button(c, 9, TELEGRAM), channel=TELEGRAM))
    assert c.last_answer(voters[0]) == "You have used all your votes (1)."

    # the juror scores privately: C 10/10, B 5/10
    dm = f"telegram:{JUROR.id}"
    await c.push(typed(JUROR, "score", "5", "10", channel=dm))
    await c.push(typed(JUROR, "score", "2", "5", channel=dm))
    assert c.last_answer(JUROR).startswith("Your score for entry #2: 5/10")

    # close: C = .5×1/4 + .5×1 = .625; A = .5×4/4 = .5; B = .5×2/4 + .5×.5 = .5 (tie, B earlier)
    c.clock.set(START + timedelta(days=7))
    await c.tick()
    [results] = c.posts(TELEGRAM, "results")
    lines = results.message.text.splitlines()
    assert lines[1].startswith("🥇 #5 “Photo 5” — Tg5 — prize: A year of ice cream")
    assert lines[2].startswith("🥈 #2 “Photo 2” — Dc2 — prize: A workshop")
    assert lines[3].startswith("🥉 #3 “Photo 3” — Tg3 — prize: A tasting box")
    assert results.message.image is not None
    for channel in (TELEGRAM, DISCORD):
        cards = [c.posts(channel, f"winner-{n}:") for n in (1, 2, 3)]
        assert all(len(card) == 1 and card[0].message.image is not None for card in cards)
        assert (
            "Tg5" in cards[0][0].message.text and "A year of ice cream" in cards[0][0].message.text
        )
    assert c.directs(AUTHORS[4])[-1] == (
        "Félicitations ! Vous gagnez le lot n°\u00a01 de «\u00a0Funniest summer photo\u00a0» : "
        "A year of ice cream.\n"
        "Pour le recevoir : Write to prizes@example.org with your entry number."
    )
    assert c.directs(AUTHORS[1])[-1].startswith("Congratulations! You won prize #2")
    assert not any("Congratulations" in t or "Félicitations" in t for t in c.directs(AUTHORS[6]))

    # every decision is in the audit log with who made it
    audit = await audit_log(c.runtime.db, "summer")
    decisions = [(a.action, a.actor) for a in audit if a.action in ("approve", "reject")]
    assert decisions.count(("approve", f"telegram:{TELEGRAM_MOD}")) == 10
    assert decisions.count(("reject", f"telegram:{TELEGRAM_MOD}")) == 2
