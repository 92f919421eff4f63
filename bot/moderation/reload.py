"""A brand launches a campaign by editing ``config.toml``: a running process reloads it on SIGHUP
(``chorus reload`` sends it) without a restart.

The file is validated first, by the same rules as ``chorus check``: an invalid file changes
nothing, and each problem goes to the log and to the moderators' channels. A valid file is
applied at once: new campaigns get their first round, rounds not yet open follow their new
schedule (:func:`bot.rounds.lifecycle.sync_campaigns`), alarms are re-armed. Rule changes to a
running round are refused with check's explanation; a platform the process does not run yet
needs a restart. Several processes sharing a database all apply the same file: the one that
reloads records the file's fingerprint, and the others reload at their next sweep once their own
file has that fingerprint.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
from collections.abc import Awaitable, Callable
from pathlib import Path

from bot.config.model import Config, parse_config_bytes
from bot.config.readiness import readiness_problems
from bot.config.rules import rule_changes
from bot.delivery.alerts import alert, moderators_channel
from bot.delivery.moves import apply_moves
from bot.engine.problems import describe
from bot.engine.runtime import Runtime
from bot.model.errors import ConfigError, ConfigProblem
from bot.rounds.lifecycle import sync_campaigns
from campaigns import kind_settings
from storage.processes import applied_config, record_applied_config

log = logging.getLogger(__name__)

#: Sections read once at start: a change waits for the next restart.
AT_START = ("storage", "console", "telegram", "slack", "discord", "web")


def fingerprint(raw: bytes) -> str:
    """What identifies a config file's content across processes."""
    return hashlib.sha256(raw).hexdigest()[:32]


class ConfigReloader:
    """Reloads one process's config file into its runtime."""

    def __init__(self, runtime: Runtime, path: Path, rearm: Callable[[], Awaitable[None]]) -> None:
        self.runtime = runtime
        self.path = path
        self._rearm = rearm
        self._lock = asyncio.Lock()
        try:
            self.applied: str | None = fingerprint(path.read_bytes())
        except OSError:
            self.applied = None

    async def reload(self) -> bool:
        """Validate the file and apply it; False (and nothing changed) when it is refused."""
        async with self._lock:
            try:
                raw = self.path.read_bytes()
            except OSError as error:
                params = {"path": str(self.path), "reason": error.strerror or ""}
                message = f"cannot read {self.path}: {error.strerror}"
                await self._refuse([ConfigProblem("", message, None, "cannot_read", params)], None)
                return False
            try:
                config = await self._validated(raw)
            except ConfigError as error:
                await self._refuse(error.problems, raw)
                return False
            self._warn_about_start_sections(config)
            previous, self.runtime.config = self.runtime.config, config
            try:
                await apply_moves(self.runtime)  # chats that moved since the file was written
                await sync_campaigns(self.runtime)
                await self._rearm()
            except Exception:  # half applied is worse than not applied: keep the old file
                self.runtime.config = previous
                raise
            self.applied = fingerprint(raw)
            await record_applied_config(self.runtime.db, self.applied)
            log.warning(
                "%s reloaded: %d campaign(s) enabled", self.path, len(self.runtime.campaigns())
            )
            return True

    async def follow(self, runtime: Runtime) -> None:
        """A chore of every sweep: apply the file another process applied, once this
        process's own file is the same."""
        stored = await applied_config(runtime.db)
        if stored is None or stored == self.applied:
            return
        try:
            mine = fingerprint(self.path.read_bytes())
        except OSError:
            return
        if mine == stored and mine != self.applied:
            await self.reload()

    async def _validated(self, raw: bytes) -> Config:
        config = parse_config_bytes(raw, str(self.path), kinds=kind_settings(), environ=os.environ)
        problems = readiness_problems(config)
        running = set(self.runtime.adapters)
        for platform in sorted(config.platforms() - running - {"console"}):
            problems.append(
                ConfigProblem(
                    "",
                    f"{platform} is not running in this process: restart Chorus to add it",
                    code="reload_new_platform",
                    params={"platform": platform},
                )
            )
        problems += await rule_changes(self.runtime.db, config)
        if problems:
            raise ConfigError(problems)
        return config

    async def _refuse(self, problems: list[ConfigProblem], raw: bytes | None) -> None:
        runtime = self.runtime
        t = runtime.catalogs.translator(runtime.config.bot.locale)
        text = raw.decode("utf-8", "replace") if raw is not None else None
        lines = [describe(problem, t, text, str(self.path)) for problem in problems]
        for line in lines:
            log.error("config not reloaded, nothing changed: %s", line)
        about = f"config-refused:{fingerprint(raw or b'')}"
        one_per_channel = {moderators_channel(c): c for c in reversed(runtime.campaigns())}
        await alert(
            runtime, one_per_channel.values(), about, "reload.refused", problems="\n".join(lines)
        )

    def _warn_about_start_sections(self, config: Config) -> None:
        before = self.runtime.config
        for section in AT_START:
            if getattr(before, section) != getattr(config, section):
                log.warning("[%s] changed: it takes effect at the next restart", section)
