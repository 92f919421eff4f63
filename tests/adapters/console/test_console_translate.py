"""The console's pure conversions: typed lines → directives, presses, commands or text; neutral
messages → terminal text."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from adapters.console.translate import Command, Directive, Press, parse_line, render, to_event
from bot.model.actions import Button, File, Image, Message
from bot.model.events import ButtonPressed, Chat, CommandInvoked, MessageReceived
from bot.model.members import Member

ALICE = Member("console", "alice", "Alice", "fr")
MAIN = Chat("console", "main")
AT = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


# parse_line


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("2", Press(2)),
        ("  12\n", Press(12)),
        ("/press 2", Press(2)),
        ("/PRESS 31", Press(31)),
    ],
)
def test_parse_line_numbers_are_button_presses(line: str, expected: Press) -> None:
    assert parse_line(line) == expected


@pytest.mark.parametrize("line", ["/press", "/press two", "/press 3 2", "/press ²"])
def test_parse_line_press_without_one_number_is_a_usage_directive(line: str) -> None:
    assert parse_line(line) == Directive("press")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("/as alice", Directive("as", "alice")),
        ("/lang en", Directive("lang", "en")),
        ("/lang", Directive("lang", "")),
        ("/quit", Directive("quit")),
        ("/exit", Directive("exit")),
        ("/QUIT", Directive("quit")),
    ],
)
def test_parse_line_local_directives(line: str, expected: Directive) -> None:
    assert parse_line(line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("/vote flavour Pistachio", Command("vote", ("flavour", "Pistachio"))),
        ("/help", Command("help")),
        ("/Results", Command("results")),
        ("/vote  flavour   Pistachio ", Command("vote", ("flavour", "Pistachio"))),
    ],
)
def test_parse_line_other_slash_lines_are_commands(line: str, expected: Command) -> None:
    assert parse_line(line) == expected


@pytest.mark.parametrize(
    ("line", "args"),
    [
        ("/idea L'été c'est trop court", ("L'été", "c'est", "trop", "court")),
        ('/vote flavour "Pistache de Sicile"', ("flavour", '"Pistache', "de", 'Sicile"')),
        ('/cancel "prize withdrawn', ('"prize', "withdrawn")),
        ("/idea un \\ et un $HOME", ("un", "\\", "et", "un", "$HOME")),
    ],
)
def test_parse_line_keeps_quotes_and_apostrophes_as_typed(line: str, args: tuple[str, ...]) -> None:
    parsed = parse_line(line)

    assert isinstance(parsed, Command)
    assert parsed.args == args


def test_command_names_its_files() -> None:
    parsed = parse_line("/submit @photos/chat.jpg Le chat @ la fenêtre")

    assert isinstance(parsed, Command)
    assert parsed.files() == ("photos/chat.jpg",)


@pytest.mark.parametrize("line", ["hello there", "  hello there \n", "3.", ".2", "1.2", "²"])
def test_parse_line_plain_text_is_returned_stripped(line: str) -> None:
    assert parse_line(line) == line.strip()


@pytest.mark.parametrize("line", ["", "   ", "\n", "/", "/  "])
def test_parse_line_empty_is_none(line: str) -> None:
    assert parse_line(line) is None


# to_event


def test_to_event_command() -> None:
    event = to_event(
        Command("vote", ("flavour", "2")), user=ALICE, chat=MAIN, delivery_id="d-1", at=AT
    )

    assert event == CommandInvoked(
        platform="console",
        delivery_id="d-1",
        chat=MAIN,
        user=ALICE,
        received_at=AT,
        name="vote",
        args=("flavour", "2"),
    )


def test_to_event_button_press() -> None:
    event = to_event((3, "pv.signed"), user=ALICE, chat=MAIN, delivery_id="d-2", at=AT)

    assert event == ButtonPressed(
        platform="console",
        delivery_id="d-2",
        chat=MAIN,
        user=ALICE,
        received_at=AT,
        action="pv.signed",
        message_id="3",
    )


def test_to_event_text() -> None:
    event = to_event("bonjour", user=ALICE, chat=MAIN, delivery_id="d-3", at=AT)

    assert event == MessageReceived(
        platform="console", delivery_id="d-3", chat=MAIN, user=ALICE, received_at=AT, text="bonjour"
    )
    assert type(event) is MessageReceived


# render


def test_render_numbers_buttons_from_one() -> None:
    message = Message("Pick one", (Button("Vanilla", "a"), Button("Lemon", "b")))

    assert render(message).splitlines() == ["Pick one", "  [1] Vanilla", "  [2] Lemon"]


def test_render_shows_the_buttons_own_numbers() -> None:
    message = Message("Erase?", (Button("Yes", "a"), Button("No", "b")))

    assert render(message, number=9, buttons=(14, 15)).splitlines() == [
        "── #9",
        "Erase?",
        "  [14] Yes",
        "  [15] No",
    ]


def test_render_header_with_message_number() -> None:
    text = render(Message("Hi"), number=4, header="#main")

    assert text.splitlines() == ["── #4 #main", "Hi"]


def test_render_header_without_number() -> None:
    assert render(Message("Hi"), header="(to Alice)").splitlines() == ["── (to Alice)", "Hi"]


def test_render_shows_image_alt_text_before_buttons() -> None:
    message = Message("Results", (Button("Again", "x"),), Image("/tmp/chart.png", "Bar chart"))

    assert render(message).splitlines() == ["Results", "[image: Bar chart]", "  [1] Again"]
    assert "/tmp/chart.png" not in render(message)


def test_render_names_a_file_and_where_it_is() -> None:
    text = render(
        Message("Your data", file=File("/tmp/x.json", "my-chorus-data.json", "application/json"))
    )

    assert text == "Your data\n[file: my-chorus-data.json → /tmp/x.json]"
