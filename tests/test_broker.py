"""The local broker's fetching and configuration, without starting Java."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import pytest

from broker import kafka_broker
from timeline.settings import Settings


def test_jars_are_checked_against_the_lock(tmp_path: Path) -> None:
    (tmp_path / "a.jar").write_bytes(b"alpha")
    (tmp_path / "b.jar").write_bytes(b"beta")
    expected = {"a.jar": hashlib.sha256(b"alpha").hexdigest(), "b.jar": hashlib.sha256(b"beta").hexdigest()}
    assert kafka_broker.verify_jars(tmp_path, expected) == []
    (tmp_path / "b.jar").write_bytes(b"tampered")
    (tmp_path / "c.jar").write_bytes(b"extra")
    problems = kafka_broker.verify_jars(tmp_path, {**expected, "d.jar": "0" * 64})
    assert problems == ["missing d.jar", "unexpected c.jar", "checksum mismatch for b.jar"]


def test_the_lock_pins_the_broker_of_the_pom() -> None:
    pinned = kafka_broker.pinned_checksums()
    version = kafka_broker.kafka_version()
    assert f"kafka_2.13-{version}.jar" in pinned and f"kafka-clients-{version}.jar" in pinned
    assert all(len(digest) == 64 for digest in pinned.values())


def test_missing_java_points_to_docker_compose(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kafka_broker.shutil, "which", lambda name: None)
    with pytest.raises(kafka_broker.BrokerError, match="docker compose up"):
        kafka_broker.require_java()


def test_old_java_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kafka_broker.shutil, "which", lambda name: "/usr/bin/java")
    monkeypatch.setattr(kafka_broker.subprocess, "run", lambda *a, **k: subprocess.CompletedProcess(
        a, 0, "", 'openjdk version "11.0.2" 2019-01-15'))
    with pytest.raises(kafka_broker.BrokerError, match=r"Java 11 found.*needs Java 17"):
        kafka_broker.require_java()


def test_server_properties_follow_the_bootstrap_setting(tmp_path: Path) -> None:
    settings = Settings(bootstrap_servers="127.0.0.1:19092", state_dir=tmp_path)
    properties = kafka_broker.server_properties(settings, tmp_path / "data")
    assert "listeners=PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093" in properties
    assert "process.roles=broker,controller" in properties
    assert f"log.dirs={tmp_path / 'data'}" in properties
    assert "auto.create.topics.enable=false" in properties


def test_settings_reject_a_bootstrap_without_port() -> None:
    with pytest.raises(ValueError, match="host:port"):
        Settings(bootstrap_servers="localhost")


def test_a_cluster_id_never_reads_as_an_option() -> None:
    from broker.kafka_broker import _cluster_id

    ids = [_cluster_id() for _ in range(2000)]  # about 31 of 2,000 random ids would start with "-"
    assert all(not cluster_id.startswith("-") and len(cluster_id) == 22 for cluster_id in ids)
    assert len(set(ids)) == len(ids)
