"""Where a button is shown and pressed: the place its signed action id is bound to.

A place is ``platform:channel-id`` for a channel or group, and ``platform:dm:user-id`` for one
member's private chat with the bot (platforms give a private chat an id of its own, unknown
before the first message is sent; the member is what identifies it). A message's buttons are
bound to its place right before it leaves for the platform (:func:`bound`), and a press is
verified against :func:`places_of_press`; see :mod:`bot.engine.action_ids`.

Every adapter shows an answer (:class:`~bot.model.actions.Reply`) in the chat of the event it
answers — ephemerally where the platform can — so a button in an answer is bound there.
"""

from __future__ import annotations

from dataclasses import replace

from bot.engine.action_ids import ActionSigner
from bot.model.actions import Action, Button, Delete, Direct, Reply
from bot.model.events import Chat
from bot.model.members import Member

DIRECT = "dm"


def place_of_chat(chat: Chat, user: Member) -> str:
    """The place of ``chat`` as ``user`` sees it (their own private chat, or the channel):
    where an answer to ``user`` is shown."""
    if chat.private:
        return f"{chat.platform}:{DIRECT}:{user.id}"
    return chat.key


def places_of_press(chat: Chat, user: Member) -> tuple[str, ...]:
    """The names of the place a press by ``user`` in ``chat`` came from: a private chat is
    the member's (``dm:user-id``) and also has its own id, which a post may have named."""
    if chat.private:
        return (place_of_chat(chat, user), chat.key)
    return (chat.key,)


def place_of(platform: str, action: Action) -> str:
    """Where ``action`` shows its message on ``platform``."""
    if isinstance(action, Reply):
        return place_of_chat(action.to.chat, action.to.user)
    if isinstance(action, Direct):
        return f"{platform}:{DIRECT}:{action.user_id}"
    return f"{platform}:{action.channel}"


def bound(signer: ActionSigner, platform: str, action: Action) -> Action:
    """``action`` with every button of its message bound to the place it is shown in (a
    deletion's fallback text carries no button)."""
    if isinstance(action, Delete):
        return action
    message = action.message
    if not message.buttons:
        return action
    place = place_of(platform, action)
    buttons = tuple(Button(b.label, signer.bind(b.action, place)) for b in message.buttons)
    return replace(action, message=replace(message, buttons=buttons))
