"""Configuration shared by every component, read from the environment once and validated."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, Field, field_validator


def _default_cache() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "timeline"


class Settings(BaseModel):
    """Environment: KAFKA_BOOTSTRAP_SERVERS, TIMELINE_DB, TIMELINE_STATE_DIR, TIMELINE_CACHE_DIR,
    TIMELINE_ALLOW_PRIVATE_HOSTS (1 lets the fetcher reach loopback and private addresses)."""

    bootstrap_servers: str = Field(default="127.0.0.1:9092")
    db_path: Path = Field(default=Path("timeline.duckdb"))
    state_dir: Path = Field(default=Path(".state"))
    cache_dir: Path = Field(default_factory=_default_cache)
    allow_private_hosts: bool = False

    @field_validator("bootstrap_servers")
    @classmethod
    def _host_port(cls, value: str) -> str:
        first = value.split(",")[0].strip()
        host, _, port = first.rpartition(":")
        if not host or not port.isdigit():
            raise ValueError(f"expected host:port, got {value!r}")
        return value

    @property
    def kafka_host(self) -> str:
        return self.bootstrap_servers.split(",")[0].rpartition(":")[0]

    @property
    def kafka_port(self) -> int:
        return int(self.bootstrap_servers.split(",")[0].rpartition(":")[2])

    @classmethod
    def from_env(cls) -> Settings:
        values: dict[str, object] = {}
        for key, env in (("bootstrap_servers", "KAFKA_BOOTSTRAP_SERVERS"), ("db_path", "TIMELINE_DB"),
                         ("state_dir", "TIMELINE_STATE_DIR"), ("cache_dir", "TIMELINE_CACHE_DIR"),
                         ("allow_private_hosts", "TIMELINE_ALLOW_PRIVATE_HOSTS")):
            if os.environ.get(env):
                values[key] = os.environ[env]
        return cls.model_validate(values)
