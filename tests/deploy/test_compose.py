"""``compose.yaml`` runs PostgreSQL and two replicas sharing one config, database and media."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_compose_runs_two_replicas_on_one_postgresql() -> None:
    services: dict[str, Any] = yaml.safe_load((ROOT / "compose.yaml").read_text())["services"]
    replicas = {name: s for name, s in services.items() if name.startswith("chorus-")}
    assert len(replicas) == 2
    assert services["postgres"]["image"].startswith("postgres:")
    urls = {s["environment"]["CHORUS_DATABASE_URL"] for s in replicas.values()}
    assert len(urls) == 1 and next(iter(urls)).startswith("postgresql+asyncpg://")
    assert all("./config.toml:/config/config.toml:ro" in s["volumes"] for s in replicas.values())
    assert all("chorus-media:/data/media" in s["volumes"] for s in replicas.values())
    published = [s["ports"][0].split(":")[0] for s in replicas.values()]
    assert len(set(published)) == 2
    assert all(s["environment"]["CHORUS_HEALTH_LISTEN_PORT"] for s in replicas.values())
