"""Which of Telegram's limits each request spends once the deployment shares a throttle."""

from __future__ import annotations

from typing import Any

from adapters.telegram.pacing import TelegramLimiter
from bot.model.pacing import Limit


class Recording:
    def __init__(self) -> None:
        self.turns: list[Limit] = []

    async def turn(self, limit: Limit) -> None:
        self.turns.append(limit)


async def spend(data: dict[str, Any]) -> list[tuple[str, int, float, bool]]:
    throttle = Recording()
    limiter = TelegramLimiter("123")
    limiter.share(throttle)

    async def call() -> bool:
        return True

    assert await limiter.process_request(call, (), {}, "sendMessage", data, None) is True
    return [(t.key, t.count, t.seconds, t.spread) for t in throttle.turns]


async def test_a_message_to_a_group_waits_for_the_group_then_for_the_bot() -> None:
    assert await spend({"chat_id": -100}) == [
        ("telegram:123:-100", 20, 60.0, False),  # 20 at once, then one as each leaves
        ("telegram:123", 30, 1.0, True),  # about 33 ms apart
    ]


async def test_a_private_message_waits_for_the_bot_only() -> None:
    assert await spend({"chat_id": 42}) == [("telegram:123", 30, 1.0, True)]


async def test_an_answer_to_a_press_takes_no_turn() -> None:
    assert await spend({"callback_query_id": "7", "text": "ok"}) == []
