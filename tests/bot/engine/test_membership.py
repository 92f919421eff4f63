"""Every kind takes part only from the campaign's community: ideas, upvotes and pledges sent
privately count only from members of one of the campaign's chats, when the kind accepts them.
(Polls are proven end to end on each platform in the adapters' tests.)"""

from __future__ import annotations

from adapters.memory import MemoryAdapter
from bot.engine.i18n import Catalogs
from bot.engine.places import place_of_chat
from bot.model.events import Chat
from bot.model.members import Member
from tests.conftest import Running, StartApp
from tests.factories import TELEGRAM_CHAT, command, ideas_config, member, pledge_config, press

EN = Catalogs().translator("en")
GROUP = Chat("telegram", "-100200300")


class CommunityAdapter(MemoryAdapter):
    """A memory adapter that can tell who belongs to which chat, as platform adapters do."""

    def __init__(self, platform: str, members: set[tuple[str, str]]) -> None:
        super().__init__(platform)
        self.members = members

    async def is_member(self, chat: Chat, user: Member) -> bool:
        return (chat.id, user.id) in self.members


def in_private(user: Member) -> Chat:
    return Chat(user.platform, user.id, private=True)


def upvote_shown(running: Running, chat: Chat, user: Member) -> str:
    """The first idea card's upvote button as ``user`` sees it in ``chat`` (signed there)."""
    signer = running.runtime.signer
    return signer.bind(signer.sign("iu", 1), place_of_chat(chat, user))


async def test_private_pledge_from_outsider_is_refused(start_app: StartApp) -> None:
    outsider = member("501", "en", platform="telegram")
    backer = member("502", "en", platform="telegram")
    telegram = CommunityAdapter("telegram", {(GROUP.id, backer.id)})
    config = pledge_config(channels=(GROUP.key,), extra="accept_private = true")
    await start_app(config, adapters={"telegram": telegram})

    await telegram.push(command(outsider, "pledge", "10", chat=in_private(outsider)))
    await telegram.push(command(backer, "pledge", "10", chat=in_private(backer)))

    assert telegram.replies_to("501") == [EN("error.not_a_member", campaign="Ice-cream truck tour")]
    assert telegram.replies_to("502")[0].startswith("✅ Thank you! Your pledge is recorded")


async def test_private_pledge_is_accepted_where_the_platform_cannot_tell(
    start_app: StartApp,
) -> None:
    backer = member("502", "en", platform="telegram")
    telegram = MemoryAdapter("telegram")
    config = pledge_config(channels=(GROUP.key,), extra="accept_private = true")
    await start_app(config, adapters={"telegram": telegram})

    await telegram.push(command(backer, "pledge", "10", chat=in_private(backer)))

    assert telegram.replies_to("502")[0].startswith("✅ Thank you! Your pledge is recorded")


async def test_private_idea_and_upvote_need_accept_private_and_membership(
    start_app: StartApp,
) -> None:
    author = member("601", "en", platform="telegram")
    outsider = member("602", "en", platform="telegram")
    telegram = CommunityAdapter("telegram", {(TELEGRAM_CHAT.id, author.id)})
    running = await start_app(ideas_config(), adapters={"telegram": telegram})
    idea = "A honey and lavender flavour for the summer"

    await telegram.push(command(author, "idea", idea, chat=in_private(author)))
    assert telegram.replies_to("601") == [EN("error.private_not_accepted", campaign="Idea box")]

    await telegram.push(command(author, "idea", idea, chat=TELEGRAM_CHAT))
    elsewhere = Chat("telegram", "-999")
    await telegram.push(
        press(
            outsider,
            upvote_shown(running, in_private(outsider), outsider),
            chat=in_private(outsider),
        )
    )
    await telegram.push(press(outsider, upvote_shown(running, elsewhere, outsider), chat=elsewhere))

    assert telegram.replies_to("602") == [
        EN("error.private_not_accepted", campaign="Idea box"),
        EN("error.take_part_here", campaign="Idea box"),
    ]
    assert running.runtime.config.campaigns[0].accepts_private is False


async def test_private_upvote_counts_only_from_a_member(start_app: StartApp) -> None:
    author = member("601", "en", platform="telegram")
    outsider = member("602", "en", platform="telegram")
    fan = member("603", "en", platform="telegram")
    telegram = CommunityAdapter("telegram", {(TELEGRAM_CHAT.id, fan.id)})
    running = await start_app(ideas_config(accept_private=True), adapters={"telegram": telegram})
    await telegram.push(
        command(author, "idea", "A honey and lavender flavour for the summer", chat=TELEGRAM_CHAT)
    )
    for who in (outsider, fan):
        shown = upvote_shown(running, in_private(who), who)
        await telegram.push(press(who, shown, chat=in_private(who)))

    assert telegram.replies_to("602") == [EN("error.not_a_member", campaign="Idea box")]
    assert telegram.replies_to("603")[0].startswith("👍 Your upvote for #1")
