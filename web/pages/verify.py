"""The public verification page of a giveaway's draw: no sign-in, anyone may open it.

It shows what the close made public — the revealed seed, the commitment, the sorted entrant
list and its hash, the winners drawn in order (re-draws included) — read through
:func:`campaigns.contest.draw_check.check_draw`, the same reading as ``chorus verify-draw``.
The browser then recomputes every check itself (``static/verify.js``, plain JavaScript) and
shows ✓ or ✗ with the command's own words; the fields can be edited to try other data.
Whether the commitment was in the opening message as posted is only known to the server and
is shown as such. Before the close there is nothing to verify yet: the page says so and
shows the commitment.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from campaigns.contest.awards import round_seed
from campaigns.contest.common import settings
from campaigns.contest.draw_check import check_draw
from campaigns.shared.draws import commitment
from storage.rounds import latest_round
from web.pages.common import dashboard_of, language, render

#: The ``chorus verify-draw`` lines the browser writes, handed to it in the reader's language.
WORDS = ("seed", "entrants", "winner", "ok", "failed")


def routes() -> list[BaseRoute]:
    return [Route("/verify/{campaign}", verify_page)]


async def verify_page(request: Request) -> Response:
    runtime = dashboard_of(request).runtime
    campaign = runtime.campaign(request.path_params["campaign"])
    if campaign is None or campaign.kind != "contest" or not settings(campaign).giveaway:
        raise HTTPException(404, "no_campaign")
    number = request.query_params.get("round", "")
    check = await check_draw(runtime.db, campaign.id, int(number) if number.isdigit() else None)
    pending = None
    if check is None:
        round_ = await latest_round(runtime.db, campaign.id)
        if round_ is not None:
            pending = commitment(round_seed(runtime, round_))
    lang = language(request)
    words = {name: runtime.catalogs.text(lang, f"contest.verify.{name}") for name in WORDS}
    return render(
        request, "verify.html", campaign=campaign, check=check, pending=pending, words=words
    )
