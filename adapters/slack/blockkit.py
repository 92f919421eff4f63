"""Outbound Block Kit: a :class:`~bot.model.actions.Message` becomes sections and actions
blocks whose buttons carry the core's signed action id as both ``action_id`` and ``value``;
the times it shows become Slack date tokens; its image or file becomes ``files_upload_v2``
arguments; a command that needs a form becomes a modal view built from its
:class:`~bot.engine.command_specs.CommandSpec`."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from adapters.slack.translate import FORM, escape
from bot.engine.command_specs import CommandSpec, Param
from bot.model.actions import Message

SECTION_LIMIT = 3000
BUTTON_LABEL_LIMIT = 75
BUTTONS_PER_BLOCK = 25
TEXT_LIMIT = 3000
IMAGE_TYPES = ("jpg", "jpeg", "png", "webp")

Translate = Callable[[str], str]


@dataclass(frozen=True, slots=True)
class FormCampaign:
    """A campaign a command's form can be for: its id, title and Slack channel ids."""

    id: str
    title: str
    channels: tuple[str, ...]

    def runs_in(self, channel: str, private: bool) -> bool:
        """Whether the form may open in ``channel``: one of the campaign's channels, or a
        private chat with the bot (where the campaign's own rules decide)."""
        return private or channel in self.channels


# --- rendering -----------------------------------------------------------------------------


def _chunks(text: str, limit: int = SECTION_LIMIT) -> list[str]:
    """Split on line breaks into pieces Slack accepts in one section."""
    chunks: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            if current:
                chunks.append(current)
                current = ""
            chunks.append(line[:limit])
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            chunks.append(current)
            candidate = line
        current = candidate
    if current or not chunks:
        chunks.append(current or " ")
    return chunks


def message_blocks(message: Message) -> list[dict[str, Any]]:
    """Sections for the text, then the buttons (signed action id in ``action_id`` and ``value``)."""
    blocks: list[dict[str, Any]] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": chunk}}
        for chunk in _chunks(rendered(message))
    ]
    for start in range(0, len(message.buttons), BUTTONS_PER_BLOCK):
        row = message.buttons[start : start + BUTTONS_PER_BLOCK]
        blocks.append(
            {
                "type": "actions",
                "block_id": f"chorus-buttons-{start // BUTTONS_PER_BLOCK}",
                "elements": [
                    {
                        "type": "button",
                        "text": {"type": "plain_text", "text": b.label[:BUTTON_LABEL_LIMIT]},
                        "action_id": b.action,
                        "value": b.action,
                    }
                    for b in row
                ],
            }
        )
    return blocks


def fallback_text(message: Message) -> str:
    """The notification text Slack shows where blocks are not rendered."""
    return rendered(message)[:TEXT_LIMIT]


def rendered(message: Message) -> str:
    """The message's text as Slack shows it (escaped; its command mentions were spelt
    before, see :func:`adapters.spelling.respelled`), each
    of its moments as a date token that every member reads in their own time zone, the
    campaign's local text as its fallback."""
    text = escape(message.text)
    for moment in message.moments:
        local = escape(moment.shown)
        token = f"<!date^{moment.unix}^{{date_short_pretty}} {{time}}|{local}>"
        text = text.replace(local, token)
    return text


def message_arguments(message: Message) -> dict[str, Any]:
    """``text`` + ``blocks`` for ``chat.postMessage``, ``chat.update``, ``chat.postEphemeral``."""
    return {"text": fallback_text(message), "blocks": message_blocks(message)}


def upload_arguments(message: Message, channel: str, with_text: bool) -> dict[str, Any]:
    """``files_upload_v2`` arguments for the message's image (or else its file), its text as
    initial comment."""
    arguments: dict[str, Any]
    if message.image is not None:
        image = message.image
        arguments = {
            "channel": channel,
            "file": image.path,
            "filename": image.path.rsplit("/", 1)[-1],
            "title": image.alt[:250],
            "alt_txt": image.alt[:1000],
        }
    else:
        assert message.file is not None
        document = message.file
        arguments = {
            "channel": channel,
            "file": document.path,
            "filename": document.name,
            "title": document.name[:250],
        }
    if with_text:
        arguments["initial_comment"] = rendered(message)
    return arguments


def command_form(
    command: CommandSpec,
    channel: str,
    campaigns: Sequence[tuple[str, str]],
    t: Translate,
) -> dict[str, Any]:
    """The modal that stands for ``/chorus <command>``: one input per parameter.

    The campaign is a menu when several campaigns of the right kind run (else it is left to
    the core); an attachment parameter is a ``file_input`` for one photo.
    """
    name = command.name
    blocks = [
        block
        for param in command.params
        if (block := _input_block(command, param, campaigns, t)) is not None
    ]
    return {
        "type": "modal",
        "callback_id": FORM,
        "private_metadata": json.dumps({"name": name, "channel": channel}),
        "title": {"type": "plain_text", "text": t(f"slack.form.{name}.title")[:24]},
        "submit": {"type": "plain_text", "text": t("slack.form.send")[:24]},
        "close": {"type": "plain_text", "text": t("slack.form.cancel")[:24]},
        "blocks": blocks,
    }


def _input_block(
    command: CommandSpec, param: Param, campaigns: Sequence[tuple[str, str]], t: Translate
) -> dict[str, Any] | None:
    label = {"type": "plain_text", "text": t(f"param.{param.name}")[:2000]}
    element: dict[str, Any]
    if param.kind == "attachment":
        element = {"type": "file_input", "filetypes": list(IMAGE_TYPES), "max_files": 1}
        optional = not param.required  # the campaign kind answers when a needed one is missing
    elif param.name == "campaign":
        if len(campaigns) < 2:
            return None
        element = {
            "type": "static_select",
            "options": [
                {"text": {"type": "plain_text", "text": title[:75]}, "value": cid}
                for cid, title in campaigns[:100]
            ],
        }
        optional = False
    else:
        element = {"type": "plain_text_input", "multiline": param.rest, "max_length": TEXT_LIMIT}
        optional = not param.required
    element["action_id"] = param.name
    return {
        "type": "input",
        "block_id": param.name,
        "label": label,
        "element": element,
        "optional": optional,
    }
