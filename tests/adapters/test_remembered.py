"""Answers remembered for a while: one request per question, shared, forgotten on failure."""

from __future__ import annotations

import asyncio

import pytest

from adapters.remembered import Remembered


async def test_concurrent_questions_share_one_request_until_the_ttl_passes() -> None:
    asked: list[str] = []
    release = asyncio.Event()
    now = [0.0]

    async def lookup(key: str) -> int:
        asked.append(key)
        await release.wait()
        return len(asked)

    answers = Remembered(lookup, ttl=60, monotonic=lambda: now[0])
    waiting = [asyncio.create_task(answers.get("C1")) for _ in range(5)]
    release.set()
    assert await asyncio.gather(*waiting) == [1] * 5
    assert await answers.get("C1") == 1
    assert asked == ["C1"]

    now[0] = 61
    assert await answers.get("C1") == 2


async def test_a_failed_question_is_asked_again() -> None:
    calls = 0

    async def lookup(key: str) -> str:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise ConnectionError("unreachable")
        return "member"

    answers = Remembered(lookup, ttl=60, monotonic=lambda: 0.0)
    with pytest.raises(ConnectionError):
        await answers.get("U1")
    assert await answers.get("U1") == "member"


async def test_only_the_newest_answers_are_kept() -> None:
    asked: list[int] = []

    async def lookup(key: int) -> int:
        asked.append(key)
        return key * 10

    answers = Remembered(lookup, ttl=60, monotonic=lambda: 0.0, limit=2)
    for key in (1, 2, 3):
        await answers.get(key)
    await answers.get(3)
    await answers.get(1)  # the oldest was let go: asked again

    assert asked == [1, 2, 3, 1]
