"""``chorus check`` warns about a token that does not begin as its platform's do (two Slack
tokens swapped, a Telegram token cut short), without refusing: the platform has the last
word when ``chorus run`` starts."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from tests.factories import poll_text

N = "\u00a0"


@pytest.fixture(autouse=True)
def _neutral_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("CHORUS_LANG", "LANG", "CHORUS_DATABASE_URL", "CHORUS_MEDIA_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def warned(channel: str, locale: str, **tokens: str) -> list[str]:
    Path("config.toml").write_text(poll_text(locale=locale, channels=(channel,)), "utf-8")
    done = CliRunner().invoke(app, ["check"], env=tokens)
    assert done.exit_code == 0, done.output
    return [line for line in done.stderr.splitlines() if line.startswith("  ⚠")]


def test_swapped_slack_tokens_are_pointed_out() -> None:
    lines = warned(
        "slack:C0123ABCD", "en", CHORUS_SLACK_BOT_TOKEN="xapp-1-A", CHORUS_SLACK_APP_TOKEN="xoxb-2"
    )

    assert lines == [
        "  ⚠ CHORUS_SLACK_BOT_TOKEN: it does not start with xoxb-, as Slack bot tokens do (a token "
        "starting with xapp- is the app-level one, for CHORUS_SLACK_APP_TOKEN)",
        "  ⚠ CHORUS_SLACK_APP_TOKEN: it does not start with xapp-, as Slack app-level tokens do (a "
        "token starting with xoxb- is the bot one, for CHORUS_SLACK_BOT_TOKEN)",
    ]


def test_a_telegram_token_cut_short_is_pointed_out_in_french() -> None:
    [line] = warned("telegram:-1001234567890", "fr", CHORUS_TELEGRAM_TOKEN="123456:abc")

    assert line.startswith(
        f"  ⚠ CHORUS_TELEGRAM_TOKEN{N}: il ne ressemble pas à un jeton de bot Telegram"
    )


def test_tokens_shaped_as_the_platforms_issue_them_pass_quietly() -> None:
    token = "123456789:AAH-abcdefghijklmnopqrstuvwxyz012345"

    assert warned("telegram:-1001234567890", "en", CHORUS_TELEGRAM_TOKEN=token) == []
    assert (
        warned(
            "slack:C0123ABCD",
            "en",
            CHORUS_SLACK_BOT_TOKEN="xoxb-1-2",
            CHORUS_SLACK_APP_TOKEN="xapp-1",
        )
        == []
    )
