"""Pure conversions between Slack payloads and the neutral model.

Inbound: a slash command form, a ``block_actions`` or ``view_submission`` interaction, or an
Events API callback becomes one :mod:`bot.model.events` event. Outbound rendering (Block Kit
and modal forms) is :mod:`adapters.slack.blockkit`.

Slack sends member text with ``&``, ``<`` and ``>`` encoded as ``&amp;``, ``&lt;`` and
``&gt;`` (slash-command text and message events; modal inputs come as typed): :func:`unescape`
undoes exactly that on the way in, so the core stores ``MSc & MBA`` and :func:`escape` encodes
it once on the way out.

Every delivery id is stable across Slack's retries of the same delivery, so the core's inbox
counts it once: the ``trigger_id`` of a command, the message ``ts`` + ``action_ts`` + member of
a button press, the view id of a form, the ``event_id`` of an event.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from bot.engine.command_specs import Commands, CommandSpec
from bot.model.events import (
    Attachment,
    ButtonPressed,
    Chat,
    CommandInvoked,
    Event,
    MediaReceived,
    MessageReceived,
)
from bot.model.members import Member

PLATFORM = "slack"
COMMAND = "/chorus"
#: ``callback_id`` of every modal Chorus opens (the command's name is in its metadata).
FORM = "chorus-form"

Payload = Mapping[str, Any]


def escape(text: str) -> str:
    """Slack's three control characters, escaped so member text shows as typed."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unescape(text: str) -> str:
    """Member text as typed, from Slack's encoding of its three control characters.

    Only ``&lt;``, ``&gt;`` and ``&amp;`` are decoded (Slack encodes nothing else), ``&amp;``
    last, so a typed ``&lt;`` (sent as ``&amp;lt;``) stays ``&lt;``.
    """
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


#: Slack markup in member text: ``<@U1|bob>``, ``<#C1|general>``, ``<!here>``, ``<url|label>``.
#: A ``<`` the member typed arrives as ``&lt;``, so every real ``<`` opens one of these.
_MARKUP = re.compile(r"<([^<>]*)>")
_MENTION = re.compile(r"<@([UW][A-Z0-9]+)>")
_MEMBER = re.compile(r"<@([UW][A-Z0-9]+)(?:\|([^<>]*))?>")
_BROADCASTS = {"channel", "here", "everyone"}


def mentioned_users(text: str) -> set[str]:
    """Ids of the members mentioned without a name (``<@U123>``), whose names are looked up."""
    return set(_MENTION.findall(text))


def decode(text: str, names: Mapping[str, str] | None = None) -> str:
    """Member text as typed, from Slack's markup and encoding.

    A mention becomes ``@name`` (its label, else ``names[id]``, else the id), a channel
    ``#name``, ``<!here>`` ``@here``, a link its address (``label (address)`` when labelled);
    then :func:`unescape` decodes the three control characters. Rendered back through
    :func:`escape`, none of it pings anyone or hides an address behind a label.
    """

    def plain(match: re.Match[str]) -> str:
        target, _, label = match.group(1).partition("|")
        if target.startswith("@"):
            return "@" + (label or (names or {}).get(target[1:]) or target[1:])
        if target.startswith("#"):
            return "#" + (label or target[1:])
        if target.startswith("!"):
            word = target[1:].split("^", 1)[0]
            return f"@{word}" if word in _BROADCASTS else label or f"@{word}"
        address = target.removeprefix("mailto:")
        return f"{label} ({address})" if label and label != address else address

    return unescape(_MARKUP.sub(plain, text))


def spelling(command: CommandSpec) -> str:
    """How a member types ``command`` on Slack: ``/close`` is ``/chorus close``."""
    return f"{COMMAND} {command.name}"


def _private(channel_id: str) -> bool:
    return channel_id.startswith("D")


def _base(delivery_id: str, channel_id: str, user: Member, at: datetime, raw: object) -> Any:
    return {
        "platform": PLATFORM,
        "delivery_id": delivery_id,
        "chat": Chat(PLATFORM, channel_id, private=_private(channel_id)),
        "user": user,
        "received_at": at,
        "raw": raw,
    }


# --- slash commands ------------------------------------------------------------------------


def parse_command_text(text: str, commands: Commands) -> tuple[str, tuple[str, ...]]:
    """``results flavour`` → ``("results", ("flavour",))``; empty text means ``help``.

    Words are split on spaces, except a command's free-text parameter (``idea <text>``,
    ``close [reason]``), which keeps the rest of the line as typed, line breaks included.
    """
    head, _, rest = text.strip().partition(" ")
    if not head:
        return "help", ()
    name, rest = head.lower(), rest.strip()
    if not rest:
        return name, ()
    command = commands.spec(name)
    texts = [p for p in command.params if p.kind == "text"] if command else []
    free = next((i for i, p in enumerate(texts) if p.rest), None)
    if free is None:
        return name, tuple(rest.split())
    return name, tuple(part.strip() for part in rest.split(maxsplit=free))


def needs_form(command: CommandSpec, args: Sequence[str]) -> bool:
    """Whether ``/chorus <command>`` opens its form: always for a command whose form says so
    (``submit`` takes a photo), else when it comes without words (``idea``)."""
    form = command.form
    return form is not None and (form.always or not args)


def command_user_id(form: Payload) -> str:
    return str(form["user_id"])


def command_event(
    form: Payload,
    user: Member,
    at: datetime,
    commands: Commands,
    names: Mapping[str, str] | None = None,
) -> CommandInvoked:
    """A ``/chorus …`` slash command (form fields as Slack posts them, text decoded), read
    with the parameters of ``commands``.

    A word that is a mention alone stays one (``<@U123|ana>``, named from ``names`` when Slack
    gave no name), so ``/chorus ban @ana`` names a member; text around it is decoded.
    """
    name, args = parse_command_text(str(form.get("text", "")), commands)
    args = tuple(_argument(arg, names or {}) for arg in args)
    base = _base(f"cmd:{form['trigger_id']}", str(form["channel_id"]), user, at, dict(form))
    return CommandInvoked(**base, name=name, args=args)


def _argument(text: str, names: Mapping[str, str]) -> str:
    if mention := _MEMBER.fullmatch(text):
        user_id, label = mention.group(1), mention.group(2) or names.get(mention.group(1))
        return f"<@{user_id}|{unescape(label)}>" if label else f"<@{user_id}>"
    return decode(text, names)


def delivery_kind(envelope: str, payload: Payload) -> str | None:
    """What a Socket Mode envelope (``slash_commands``, ``interactive``, ``events_api``)
    brings Chorus: ``command``, ``action``, ``form`` or ``event``; None for anything else."""
    if envelope == "slash_commands":
        return "command" if payload.get("command") == COMMAND else None
    if envelope == "interactive":
        if payload.get("type") == "block_actions":
            return "action"
        view = payload.get("view") or {}
        if payload.get("type") == "view_submission" and view.get("callback_id") == FORM:
            return "form"
        return None
    event = payload.get("event") or {}
    listened = event.get("type") in ("message", "app_mention")
    return "event" if envelope == "events_api" and listened else None


def command_key(form: Payload) -> str:
    return f"cmd:{form.get('trigger_id', '')}"


# --- interactions --------------------------------------------------------------------------


def interaction_user_id(payload: Payload) -> str:
    return str(payload["user"]["id"])


def button_key(payload: Payload) -> str:
    """``act:<message ts>:<action ts>:<member>``: the same for a retried delivery."""
    container = payload.get("container") or {}
    message_ts = container.get("message_ts") or (payload.get("message") or {}).get("ts", "")
    actions = payload.get("actions") or [{}]
    return f"act:{message_ts}:{actions[0].get('action_ts', '')}:{payload['user']['id']}"


def button_event(payload: Payload, user: Member, at: datetime) -> ButtonPressed | None:
    """A ``block_actions`` press on one of our buttons; None when it carries no action."""
    actions = payload.get("actions") or []
    if not actions:
        return None
    action = actions[0]
    value = action.get("value") or action.get("action_id") or ""
    container = payload.get("container") or {}
    channel = container.get("channel_id") or (payload.get("channel") or {}).get("id")
    if not channel:
        return None
    message_ts = container.get("message_ts") or (payload.get("message") or {}).get("ts")
    base = _base(button_key(payload), str(channel), user, at, dict(payload))
    return ButtonPressed(**base, action=str(value), message_id=message_ts)


def thread_of(payload: Mapping[str, Any]) -> str | None:
    """The thread a press happened in (the ``ts`` of its parent message), None outside one:
    an answer to it belongs in that thread."""
    container = payload.get("container") or {}
    thread = container.get("thread_ts") or (payload.get("message") or {}).get("thread_ts")
    return str(thread) if thread else None


def form_key(payload: Payload) -> str:
    return f"view:{payload['view']['id']}"


def form_metadata(payload: Payload) -> tuple[str, str]:
    """The command name and channel a modal was opened for (kept in ``private_metadata``)."""
    try:
        meta = json.loads(payload["view"].get("private_metadata") or "{}")
    except ValueError:
        meta = {}
    return str(meta.get("name", "")), str(meta.get("channel", ""))


def form_event(
    payload: Payload, user: Member, at: datetime, commands: Commands
) -> CommandInvoked | None:
    """A submitted Chorus modal, as the command among ``commands`` it stands for.

    Text fields become ``args`` in the command's parameter order (an empty optional one is
    left out); ``file_input`` files become ``attachments``. Slack does not encode
    ``plain_text_input`` values, so they are taken as typed (decoding them would turn a typed
    ``&amp;`` into ``&``).
    """
    name, channel = form_metadata(payload)
    command = commands.spec(name)
    if command is None or not channel:
        return None
    values: Mapping[str, Mapping[str, Any]] = payload["view"].get("state", {}).get("values", {})
    args: list[str] = []
    attachments: list[Attachment] = []
    for param in command.params:
        field = values.get(param.name, {}).get(param.name, {})
        if param.kind == "attachment":
            attachments.extend(_attachment(f) for f in field.get("files") or [])
            continue
        selected = field.get("selected_option") or {}
        text = str(selected.get("value") or field.get("value") or "").strip()
        if text:
            args.append(text)
    base = _base(form_key(payload), channel, user, at, dict(payload))
    return CommandInvoked(**base, name=name, args=tuple(args), attachments=tuple(attachments))


def _attachment(file: Payload) -> Attachment:
    size = file.get("size")
    return Attachment(
        file_ref=str(file["id"]),
        name=str(file.get("name") or ""),
        mime_type=file.get("mimetype"),
        size=int(size) if size is not None else None,
    )


# --- events --------------------------------------------------------------------------------


def event_key(body: Payload) -> str:
    return f"evt:{body.get('event_id', '')}"


def event_user_id(body: Payload) -> str | None:
    user = (body.get("event") or {}).get("user")
    return str(user) if user else None


def event_text(body: Payload) -> str:
    """The raw (encoded) text of an Events API callback."""
    return str((body.get("event") or {}).get("text") or "")


def message_event(
    body: Payload, user: Member, at: datetime, names: Mapping[str, str] | None = None
) -> Event | None:
    """A member's message to the bot (a direct message or a mention), its text decoded; a file
    makes it media. A mention of the bot in a channel (``app_mention``) asks for ``help``."""
    event = body.get("event") or {}
    if event.get("bot_id") or event.get("subtype") not in (None, "file_share"):
        return None
    channel = event.get("channel")
    if not channel:
        return None
    base = _base(event_key(body), str(channel), user, at, dict(body))
    if event.get("type") == "app_mention":
        return CommandInvoked(**base, name="help")
    files = event.get("files") or []
    text = decode(event_text(body), names)
    if files:
        return MediaReceived(**base, attachment=_attachment(files[0]), caption=text)
    return MessageReceived(**base, text=text)


# --- the journal ---------------------------------------------------------------------------


#: What a press's journal entry keeps of the message pressed: where it is, not what it shows.
PRESSED_MESSAGE_KEYS = ("ts", "thread_ts")


def journal_entry(kind: str, body: Payload) -> str:
    """What the core's journal keeps of a delivery before its ack: which listener received it
    (``command``, ``action``, ``form``, ``event``) and the body as received, without Slack's
    legacy verification ``token`` (a secret Chorus never reads) and, of a pressed message,
    only where it is (its blocks, often most of the payload, are never read again)."""
    kept = {key: value for key, value in body.items() if key != "token"}
    pressed = kept.get("message")
    if isinstance(pressed, dict):
        kept["message"] = {k: pressed[k] for k in PRESSED_MESSAGE_KEYS if k in pressed}
    return json.dumps({"kind": kind, "body": kept}, separators=(",", ":"))


def journaled(entry: str) -> tuple[str, dict[str, Any]]:
    """A journal entry back into ``(kind, body)``, for a replay after a restart."""
    data = json.loads(entry)
    return str(data["kind"]), dict(data["body"])


# --- members -------------------------------------------------------------------------------


def member_facts(info: Payload) -> tuple[str, str | None, bool]:
    """``users.info``'s ``user`` → display name, locale (``fr-FR``) and admin/owner flag."""
    profile = info.get("profile") or {}
    name = (
        profile.get("display_name")
        or profile.get("real_name")
        or info.get("real_name")
        or info.get("name")
        or str(info.get("id", ""))
    )
    admin = bool(info.get("is_admin") or info.get("is_owner") or info.get("is_primary_owner"))
    return str(name), info.get("locale"), admin
