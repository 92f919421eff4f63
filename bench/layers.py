"""Where a vote's time goes: the Chorus side of a platform benchmark, stopped short of a layer.

``--stop-at`` in ``bench/slack.py`` and ``bench/discord.py`` (passed to the bot's process as
``CHORUS_BENCH_STOP_AT``) measures Chorus without what lies past a layer:

* ``adapter`` — every event is answered at the core's door with the benchmark's
  confirmation: the platform SDK and Chorus's adapter (Slack's journal included), no core;
* ``core`` — the whole core runs (routing, the signed button, rights, the member's
  language), but a vote is taken as recorded without being written.

The figures beside a full run show what each layer costs a vote. This module changes the
running app from the outside, for measurement only; Chorus itself has no such switch.
"""

from __future__ import annotations

import os

from bot.app import App
from bot.model.actions import Message, Reply
from bot.model.events import Event
from storage.poll.vote_requests import VoteRequest
from storage.poll.votes import VoteOutcome, VoteResult

STOP_AT = "CHORUS_BENCH_STOP_AT"
LAYERS = ("adapter", "core")


def stop_short(app: App, confirmation: str) -> None:
    """Stop the started ``app`` short of the layer named in :data:`STOP_AT`, if any."""
    layer = os.environ.get(STOP_AT, "")
    runtime, dispatcher = app.runtime, app.dispatcher
    assert runtime is not None and dispatcher is not None, "the app must be started"
    if layer == "adapter":

        async def answer_at_the_door(event: Event) -> None:
            adapter = runtime.adapters[event.platform]
            await adapter.send(Reply(event, Message(confirmation)))

        dispatcher.dispatch = answer_at_the_door  # type: ignore[method-assign]
    elif layer == "core":

        async def taken_as_recorded(request: VoteRequest) -> VoteResult:
            return VoteResult(VoteOutcome.RECORDED, (request.option,))

        runtime.ballots.cast = taken_as_recorded  # type: ignore[method-assign]
    elif layer:
        raise SystemExit(f"{STOP_AT} must be one of {', '.join(LAYERS)}, not {layer!r}")
