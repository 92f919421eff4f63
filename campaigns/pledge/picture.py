"""A pledge round's progress as a picture, posted with its results and live standing."""

from __future__ import annotations

from bot.config.model import CampaignConfig
from bot.engine.i18n import Translator
from bot.engine.runtime import Runtime
from bot.model.actions import Image
from campaigns.pledge.progress import Progress, figures
from campaigns.shared.chart import progress_chart
from storage.rounds import RoundView


async def progress_image(
    runtime: Runtime,
    campaign: CampaignConfig,
    round_: RoundView,
    progress: Progress,
    t: Translator,
) -> Image | None:
    """The progress bar toward the goal, its caption the figures in words (None when it
    could not be drawn: the text says it all)."""
    caption = t(
        "charts.chat.progress", percent=t.percent(progress.ratio), figures=figures(progress, t)
    )
    name = f"pledge-{round_.id}-{progress.value}-{t.locale}.png"
    return await progress_chart(
        runtime.config.media_dir() / "charts" / name,
        campaign.title,
        progress.ratio,
        caption,
        runtime.config.bot.accent_color,
        t,
    )
