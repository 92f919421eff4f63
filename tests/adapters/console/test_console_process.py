"""The console chat of a real ``chorus run`` process, used as a member and a moderator would:
every button has a number of its own, in private replies and review cards too and after a
restart; text is taken as typed; a missing ``@file`` is explained."""

from __future__ import annotations

from pathlib import Path

from tests.adapters.console.process import console_run
from tests.adapters.console.test_console_adapter import CONFIG as POLL_CONFIG
from tests.campaigns.contest.kit import photo

CONFIG = (
    POLL_CONFIG
    + """
[[campaigns]]
id = "box"
kind = "ideas"
title = "Idea box"
channels = ["console:main"]
duration = "30d"

[[campaigns]]
id = "cones"
kind = "contest"
title = "Best cone photo"
channels = ["console:main"]
duration = "7d"

[campaigns.contest]
prizes = ["A cone a day"]
claim_instructions = "Come to the shop."
"""
)
OPEN = "  [3] Lemon\n"
ERASE = "Yes, erase my data"


async def test_mydata_erase_is_confirmed_by_pressing_its_number(tmp_path: Path) -> None:
    async with console_run(tmp_path, CONFIG) as console:
        await console.expect(OPEN)
        await console.type("/as bob", console.button("Vanilla"))
        await console.expect("Your vote for “Vanilla” is recorded.")

        await console.type("/mydata erase")
        said = await console.expect(f"] {ERASE}\n")
        assert "(to bob, private)\nErase your data?" in said

        await console.type("/as alice", console.button(ERASE))
        said = await console.expect("to press it as them\n")
        assert f"! button [{console.button(ERASE)}] was shown privately to bob" in said

        await console.type("/as bob", console.button(ERASE))
        said = await console.expect("Done: your data is erased (")
        assert f"] {ERASE}" not in said  # the prompt is answered in its place, without buttons

        assert await console.quit() == 0


async def test_a_button_is_pressed_after_a_restart(tmp_path: Path) -> None:
    async with console_run(tmp_path, CONFIG) as console:
        await console.expect(OPEN)
        await console.type("/as bob", console.button("Vanilla"))
        await console.expect("Your vote for “Vanilla” is recorded.")
        await console.type("/mydata erase")
        await console.expect(f"] {ERASE}\n")
        erase, pistachio = console.button(ERASE), console.button("Pistachio")
        assert await console.quit() == 0

    async with console_run(tmp_path, CONFIG) as console:
        said = await console.expect(f"[{erase}] {ERASE}\n")
        assert "Earlier messages, whose buttons can still be pressed:" in said
        assert f"[{pistachio}] Pistachio" in said

        await console.type("/as bob", erase)
        await console.expect("Done: your data is erased (")
        await console.type("/as chloe", pistachio)
        await console.expect("Your vote for “Pistachio” is recorded.")
        await console.type("/results flavour")  # live edits of the opening may come first
        await console.expect("Pistachio: 1 (100")  # bob's erased vote no longer counts

        await console.type("/mydata erase")  # a new prompt: numbers are not reused
        await console.expect(f"] {ERASE}\n")
        assert int(console.button(ERASE)) > int(erase)
        assert await console.quit() == 0


async def test_a_moderator_approves_a_review_card_by_its_number(tmp_path: Path) -> None:
    picture = tmp_path / "cone.jpg"
    picture.write_bytes(photo(3))
    async with console_run(tmp_path, CONFIG) as console:
        await console.expect(OPEN)
        await console.type("/as ana", f"/submit cones @{picture} Sunny cone")
        said = await console.expect("] ✅ Approve\n")
        assert "(private message to camille)\nNew entry #1" in said

        before = len(console.out)
        await console.type("/as camille", console.button("✅ Approve"))
        await console.expect("Entry #1 approved by camille", since=before)
        await console.expect("] 👍 Vote\n", since=before)  # published, before or after the reply
        await console.type("/as bob", console.button("👍 Vote"))
        await console.expect("Your vote for entry #1 is recorded")
        assert await console.quit() == 0


async def test_text_keeps_its_apostrophes_and_quotes(tmp_path: Path) -> None:
    async with console_run(tmp_path, CONFIG) as console:
        await console.expect(OPEN)
        await console.type("""/idea L'été c'est trop court — des "glaces" toute l'année""")
        said = await console.expect("""des "glaces" toute l'année""")
        assert "L'été c'est trop court" in said
        assert await console.quit() == 0


async def test_a_missing_file_is_explained_and_the_chat_goes_on(tmp_path: Path) -> None:
    async with console_run(tmp_path, CONFIG) as console:
        await console.expect(OPEN)
        await console.type("/as ana", f"/submit cones @{tmp_path}/nowhere.jpg Sunny cone")
        said = await console.expect("nothing was sent\n")
        assert f"! no file at {tmp_path}/nowhere.jpg: after @, give the path" in said
        assert "Traceback" not in said

        await console.type(console.button("Lemon"))
        await console.expect("Your vote for “Lemon” is recorded.")
        assert await console.quit() == 0
    assert "Traceback" not in (tmp_path / "chorus.log").read_text(encoding="utf-8")
