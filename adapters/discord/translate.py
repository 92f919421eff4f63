"""Pure conversions between Discord interactions and the neutral model.

Inbound: an :class:`Invocation` holds what Chorus needs from one interaction (read off
discord.py's ``Interaction`` by :func:`invocation`); :func:`command_event` and
:func:`button_event` turn it into neutral events. A moderator command arrives as the ``/chorus``
group with one sub-command; it becomes the same ``CommandInvoked`` as everywhere else.

Outbound: :func:`render` lays a :class:`~bot.model.actions.Message` out as Discord wants it — an
embed (with the image attached as a file), buttons five to a row, or plain content for short
ephemeral answers; a document (``Message.file``) travels as one more attached file. The text is
plain text (:func:`escape`): a member's ``[prize](https://…)`` or ``<@&role>`` shows as typed.
The times a message shows are Discord timestamps (:func:`timestamps`), in each reader's zone.
Nothing here performs I/O.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

import discord

from bot.engine.command_specs import Commands, CommandSpec
from bot.model.actions import File, Image, Message, Moment
from bot.model.events import Attachment, ButtonPressed, Chat, CommandInvoked
from bot.model.members import Member

PLATFORM = "discord"
#: The group holding every moderator command: ``/chorus close``.
MODERATOR_GROUP = "chorus"
#: Discord's limits on what one message may carry.
CONTENT_MAX = 2000
EMBED_MAX = 4096
LABEL_MAX = 80
BUTTONS_MAX = 25
ROW_SIZE = 5
COLOUR = 0x5865F2
#: Option types in interaction data.
SUB_COMMAND = 1
ATTACHMENT = 11
#: Permission bits that make a member a moderator of their server.
ADMINISTRATOR = 1 << 3
MANAGE_GUILD = 1 << 5
#: A web address, kept whole so it stays a link that shows where it leads; it stops before
#: brackets and parentheses, which :data:`_MARKUP` then escapes.
_ADDRESS = re.compile(r"https?://[^\s<>\[\]()]+")
#: What Discord reads as markup: emphasis, spoilers, code, masked links (``[``), mentions,
#: channels, emoji and timestamps (``<``), and at a line's start headings, quotes and lists
#: (``# ``, ``-# ``, ``> ``, ``>>> ``, ``- ``; ``#1`` or ``-5`` are left alone).
_MARKUP = re.compile(r"[\\*_~|`\[\]<]|^[ \t]*[#>\-](?=[ \t#>])", re.MULTILINE)
_MASS_MENTION = re.compile(r"@(everyone|here)")


def account_created(user_id: str) -> datetime | None:
    """When a Discord account was made: its id is a snowflake that encodes it (fraud
    signals, contest eligibility)."""
    if not user_id.isdigit():
        return None
    return discord.utils.snowflake_time(int(user_id))


@dataclass(frozen=True, slots=True)
class Invocation:
    """The facts of one interaction Chorus uses; ``data`` is the interaction's own data."""

    id: str
    user_id: str
    user_name: str
    locale: str | None
    channel_id: str
    guild_id: str | None
    permissions: int = 0
    roles: frozenset[str] = frozenset()
    data: Mapping[str, Any] | None = None
    message_id: str | None = None

    @property
    def chat(self) -> Chat:
        return Chat(PLATFORM, self.channel_id, private=self.guild_id is None)

    @property
    def user(self) -> Member:
        return Member(
            PLATFORM, self.user_id, self.user_name, self.locale, account_created(self.user_id)
        )

    def may_moderate(self, moderator_roles: frozenset[str]) -> bool:
        """Manage Server (or Administrator) in this channel, or a moderator role."""
        if self.guild_id is None:
            return False
        return bool(self.permissions & (ADMINISTRATOR | MANAGE_GUILD)) or bool(
            self.roles & moderator_roles
        )


def invocation(interaction: discord.Interaction[Any]) -> Invocation:
    """Read an :class:`Invocation` off discord.py's interaction (attributes only, no I/O)."""
    user = interaction.user
    roles = frozenset(str(r.id) for r in getattr(user, "roles", ()) if not r.is_default())
    data = interaction.data
    return Invocation(
        id=str(interaction.id),
        user_id=str(user.id),
        user_name=user.display_name,
        locale=interaction.locale.value if interaction.locale else None,
        channel_id=str(interaction.channel_id),
        guild_id=None if interaction.guild_id is None else str(interaction.guild_id),
        permissions=interaction.permissions.value,
        roles=roles,
        data=dict(data) if data is not None else None,
        message_id=None if interaction.message is None else str(interaction.message.id),
    )


def command_event(inv: Invocation, at: datetime, commands: Commands) -> CommandInvoked:
    """A slash command (``/vote``, ``/chorus close``…) as a neutral command.

    Text options become ``args`` in the order of the command's spec among ``commands``
    (omitted ones are left out); attachment options become ``attachments`` with the file's
    URL as its reference.
    """
    data = inv.data or {}
    name, options = command_options(data)
    values = {str(o["name"]): o.get("value") for o in options}
    resolved = (data.get("resolved") or {}).get("attachments") or {}
    args: list[str] = []
    attachments: list[Attachment] = []
    command = commands.spec(name)
    for param in command.params if command else ():
        value = values.get(param.name)
        if value is None or value == "":
            continue
        if param.kind == "attachment":
            found = resolved.get(str(value))
            if found is not None:
                attachments.append(attachment(found))
        else:
            args.append(str(value))
    return CommandInvoked(
        platform=PLATFORM,
        delivery_id=inv.id,
        chat=inv.chat,
        user=inv.user,
        received_at=at,
        raw=data,
        name=name,
        args=tuple(args),
        attachments=tuple(attachments),
    )


def command_options(data: Mapping[str, Any]) -> tuple[str, list[Mapping[str, Any]]]:
    """A command's name and its options, a moderator's sub-command (``/chorus close``)
    taken as the command itself."""
    name = str(data.get("name", ""))
    options: list[Mapping[str, Any]] = list(data.get("options") or ())
    if name == MODERATOR_GROUP and options and options[0].get("type") == SUB_COMMAND:
        name = str(options[0]["name"])
        options = list(options[0].get("options") or ())
    return name, options


def attachment(data: Mapping[str, Any]) -> Attachment:
    """A resolved Discord attachment: the URL is the reference the adapter downloads."""
    size = data.get("size")
    return Attachment(
        file_ref=str(data["url"]),
        name=str(data.get("filename", "")),
        mime_type=data.get("content_type"),
        size=int(size) if size is not None else None,
    )


def button_event(inv: Invocation, custom_id: str, at: datetime) -> ButtonPressed:
    """A button press: the ``custom_id`` is the core's signed action id, carried verbatim."""
    return ButtonPressed(
        platform=PLATFORM,
        delivery_id=inv.id,
        chat=inv.chat,
        user=inv.user,
        received_at=at,
        raw=inv.data,
        action=custom_id,
        message_id=inv.message_id,
    )


@dataclass(frozen=True, slots=True)
class Journaled:
    """An interaction as the core's journal keeps it while it is deferred: the facts to
    translate it again (``custom_id`` for a press, None for a command) and the token that
    lets a later process answer it (follow-ups, valid 15 minutes after the interaction)."""

    inv: Invocation
    custom_id: str | None
    application_id: str
    token: str


def journal_entry(entry: Journaled) -> str:
    """``entry`` as JSON for the journal."""
    facts = asdict(entry.inv)
    facts["roles"] = sorted(entry.inv.roles)
    return json.dumps(
        {
            "inv": facts,
            "custom_id": entry.custom_id,
            "application_id": entry.application_id,
            "token": entry.token,
        },
        separators=(",", ":"),
    )


def journaled(text: str) -> Journaled:
    """A journal entry back into :class:`Journaled`, for a replay after a restart."""
    data = json.loads(text)
    facts = dict(data["inv"])
    facts["roles"] = frozenset(facts.get("roles") or ())
    custom_id = data.get("custom_id")
    return Journaled(
        Invocation(**facts),
        None if custom_id is None else str(custom_id),
        str(data["application_id"]),
        str(data["token"]),
    )


def replayed_event(
    entry: Journaled, at: datetime, commands: Commands
) -> CommandInvoked | ButtonPressed:
    """The event of a journaled interaction, as when it first came."""
    if entry.custom_id is None:
        return command_event(entry.inv, at, commands)
    return button_event(entry.inv, entry.custom_id, at)


@dataclass(frozen=True, slots=True)
class Rendering:
    """A message laid out for Discord: ``content`` or ``embed``, buttons, an image file shown
    in the embed, and a document (an export, a member's data) attached below."""

    content: str | None
    embed: discord.Embed | None
    buttons: tuple[tuple[str, str, int], ...]
    image: Image | None
    image_name: str | None
    document: File | None = None


def render(message: Message, *, plain: bool = False) -> Rendering:
    """Lay out ``message``; ``plain`` prefers content (short answers) over an embed.

    Buttons keep their action id as ``custom_id`` and fill rows of five; an image becomes an
    attached file shown inside the embed, its alt text as the file's description; a document
    is attached as a file of its own name under the text. Command mentions are spelt before
    (:func:`adapters.spelling.respelled` with :func:`spelling`).
    """
    image_name = None
    embed = None
    content = None
    text = timestamps(escape(message.text), message.moments)
    if plain and message.image is None and len(text) <= CONTENT_MAX:
        content = text
    else:
        embed = discord.Embed(description=_cut(text, EMBED_MAX), colour=COLOUR)
        if message.image is not None:
            image_name = _file_name(message.image)
            embed.set_image(url=f"attachment://{image_name}")
    buttons = tuple(
        (_cut(button.label, LABEL_MAX), button.action, index // ROW_SIZE)
        for index, button in enumerate(message.buttons[:BUTTONS_MAX])
    )
    return Rendering(content, embed, buttons, message.image, image_name, message.file)


def timestamps(text: str, moments: Sequence[Moment]) -> str:
    """``text`` (escaped) with each moment as Discord timestamps, which every member reads in
    their own time zone and language: the date and time, then how far it is
    (``<t:…:f> (<t:…:R>)``)."""
    for moment in moments:
        text = text.replace(escape(moment.shown), f"<t:{moment.unix}:f> (<t:{moment.unix}:R>)")
    return text


def escape(text: str) -> str:
    """``text`` as Discord shows it literally: every markup character backslash-escaped,
    ``@everyone``/``@here`` broken by a zero-width space, web addresses left whole.

    Chorus's own texts carry no markup, so the whole message is escaped: member text inside it
    (idea titles, entry titles, names, reasons) cannot disguise a link, ping or hide words.
    """
    parts: list[str] = []
    start = 0
    for address in _ADDRESS.finditer(text):
        parts.append(_escape_markup(text[start : address.start()]))
        parts.append(address.group())
        start = address.end()
    parts.append(_escape_markup(text[start:]))
    return "".join(parts)


def _escape_markup(text: str) -> str:
    text = _MARKUP.sub(lambda found: f"{found.group()[:-1]}\\{found.group()[-1]}", text)
    return _MASS_MENTION.sub("@\u200b\\1", text)


def spelling(command: CommandSpec) -> str:
    """How a member types ``command`` on Discord: moderators' under ``/chorus``."""
    return f"/{MODERATOR_GROUP} {command.name}" if command.moderator else f"/{command.name}"


def _file_name(image: Image) -> str:
    suffix = image.path.rsplit(".", 1)[-1].lower() if "." in image.path else "png"
    return f"image.{suffix if suffix in ('png', 'jpg', 'jpeg', 'gif', 'webp') else 'png'}"


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
