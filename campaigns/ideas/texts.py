"""How an idea is read from a command and shown to members.

A submission's title is its first line; on one line, the part before the first " — " (or
" - "); without either, the whole text when it is short enough to be a title, else its first
words. The rest is the idea's text. Everything shown here is built from catalog entries.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.engine.i18n import Translator, defuse
from bot.model.errors import BadInput
from campaigns.ideas.settings import IdeasSettings
from storage.ideas.reads import IdeaView

SEPARATORS = (" — ", " – ", " - ")


@dataclass(frozen=True, slots=True)
class Draft:
    """A submission's title and text, within the campaign's limits."""

    title: str
    body: str

    @property
    def text(self) -> str:
        return f"{self.title} {self.body}".strip()


def parse_idea(text: str, settings: IdeasSettings) -> Draft:
    """Split ``text`` into title and body and check the length limits.

    Raises:
        BadInput: empty, too short or too long.
    """
    text = text.strip()
    if not text:
        raise BadInput("ideas.usage")
    if len(text) < settings.min_length:
        raise BadInput("ideas.too_short", min=settings.min_length)
    if len(text) > settings.max_length:
        raise BadInput("ideas.too_long", max=settings.max_length, length=len(text))
    title, body = _split(text)
    if len(title) > settings.title_max_length:
        title, body = _first_words(title, settings.title_max_length), text
    return Draft(" ".join(title.split()), body.strip())


def _split(text: str) -> tuple[str, str]:
    first, newline, rest = text.partition("\n")
    if newline:
        return first.strip(), rest.strip()
    for separator in SEPARATORS:
        title, found, rest = text.partition(separator)
        if found and title.strip():
            return title.strip(), rest.strip()
    return text, ""


def _first_words(text: str, limit: int) -> str:
    """The first words of ``text`` within ``limit`` characters, with an ellipsis."""
    cut = text[: limit - 1].rsplit(" ", 1)[0] if " " in text[: limit - 1] else text[: limit - 1]
    return cut.rstrip(" ,;:.") + "…"


def status_label(t: Translator, status: str) -> str:
    return t(f"ideas.status.{status}")


def card(t: Translator, idea: IdeaView) -> str:
    """An idea as posted in the campaign's channels."""
    lines = [t("ideas.card.title", number=idea.id, title=defuse(idea.title))]
    if idea.body:
        lines.append(defuse(idea.body))
    lines.append(t("ideas.card.by", name=defuse(idea.author.name)))
    return "\n".join(lines)


def line(t: Translator, rank: int, idea: IdeaView) -> str:
    """One idea in a ranking."""
    return t(
        "ideas.top.line",
        rank=rank,
        number=idea.id,
        title=defuse(idea.title),
        upvotes=t.number(idea.upvotes),
        status=status_label(t, idea.status),
        name=defuse(idea.author.name),
    )
