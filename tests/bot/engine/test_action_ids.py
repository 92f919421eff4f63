"""Signed button ids: bound to the place their message is shown, and forgeries refused."""

from __future__ import annotations

import pytest

from bot.engine.action_ids import MAX_LENGTH, ActionSigner
from bot.engine.places import bound, places_of_press
from bot.model.actions import Button, Direct, Message, Post, Reply
from bot.model.errors import BadInput
from bot.model.events import Chat
from tests.factories import member, press

SIGNER = ActionSigner(b"k" * 32)
GROUP_A = Chat("telegram", "-100111")
GROUP_B = Chat("telegram", "-100222")


def test_a_button_works_in_the_chat_it_was_posted_in() -> None:
    action = SIGNER.bind(SIGNER.sign("pv", 12, 2), GROUP_B.key)
    alice = member("7", platform="telegram")

    assert SIGNER.verify(action, places_of_press(GROUP_B, alice)) == ("pv", ("12", "2"))


def test_a_button_copied_into_another_chat_is_stale() -> None:
    action = SIGNER.bind(SIGNER.sign("pv", 12, 2), GROUP_B.key)
    alice = member("7", platform="telegram")

    with pytest.raises(BadInput) as refused:
        SIGNER.verify(action, places_of_press(GROUP_A, alice))
    assert refused.value.key == "error.stale_button"


def test_an_unbound_id_is_never_pressable() -> None:
    """Ids signed before binding existed (already posted buttons) answer as stale."""
    unbound = SIGNER.sign("pv", 12, 2)

    with pytest.raises(BadInput):
        SIGNER.verify(unbound, places_of_press(GROUP_B, member("7", platform="telegram")))


def test_binding_keeps_the_id_as_short_as_before() -> None:
    unbound = SIGNER.sign("pv", 1234567, 24)
    placed = SIGNER.bind(unbound, "discord:123456789012345678")

    assert len(placed) == len(unbound) <= MAX_LENGTH
    assert placed.rpartition(":")[0] == unbound.rpartition(":")[0]


@pytest.mark.parametrize("mac", ["é" * 8, "AAAA😀AA", "\udcff" * 8, "", "AAAAAAAAAAAA"])
def test_a_forged_signature_of_any_text_is_stale_not_an_error(mac: str) -> None:
    with pytest.raises(BadInput) as refused:
        SIGNER.verify(f"pv:12:2:{mac}", [GROUP_A.key])
    assert refused.value.key == "error.stale_button"


def test_a_direct_message_button_works_only_in_that_members_private_chat() -> None:
    alice, bob = member("7", platform="discord"), member("8", platform="discord")
    direct = Direct("7", Message("card", (Button("Approve", SIGNER.sign("ca", 3)),)))
    action = bound(SIGNER, "discord", direct).message.buttons[0].action
    dm_alice, dm_bob = Chat("discord", "9001", private=True), Chat("discord", "9002", True)

    assert SIGNER.verify(action, places_of_press(dm_alice, alice)) == ("ca", ("3",))
    with pytest.raises(BadInput):
        SIGNER.verify(action, places_of_press(dm_bob, bob))
    with pytest.raises(BadInput):
        SIGNER.verify(action, places_of_press(Chat("discord", "555"), alice))


def test_a_post_and_an_answer_bind_their_buttons_where_they_are_shown() -> None:
    vote = Message("poll", (Button("Vanilla", SIGNER.sign("pv", 1, 0)),))
    alice = member("7", platform="telegram")
    posted = bound(SIGNER, "telegram", Post(GROUP_B.id, vote)).message.buttons[0].action
    answer = Reply(press(alice, "x", chat=GROUP_A), vote)
    answered = bound(SIGNER, "telegram", answer).message.buttons[0].action

    assert SIGNER.verify(posted, places_of_press(GROUP_B, alice))[0] == "pv"
    assert SIGNER.verify(answered, places_of_press(GROUP_A, alice))[0] == "pv"
    with pytest.raises(BadInput):
        SIGNER.verify(posted, places_of_press(GROUP_A, alice))
