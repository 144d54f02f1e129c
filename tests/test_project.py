"""The project's own wiring: the README's commands, CI, the compose file, and the core's independence."""

from __future__ import annotations

import ast
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_core_imports_neither_kafka_nor_streamlit() -> None:
    for path in (ROOT / "timeline").rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            for name in names:
                assert name.split(".")[0] not in ("kafka", "streamlit", "broker", "consumers", "producers",
                                                   "app", "cli"), f"{path} imports {name}"


def test_readme_starts_with_the_two_commands_and_ci_runs_the_second() -> None:
    lines = (ROOT / "README.md").read_text().splitlines()
    assert lines[0] == "```sh" and lines[1].startswith("make demo") and lines[2].startswith("make test")
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_compose_file_is_valid() -> None:
    if shutil.which("docker-compose"):
        command = ["docker-compose", "-f", str(ROOT / "docker-compose.yml"), "config", "-q"]
    elif shutil.which("docker") and subprocess.run(["docker", "compose", "version"],
                                                   capture_output=True).returncode == 0:
        command = ["docker", "compose", "-f", str(ROOT / "docker-compose.yml"), "config", "-q"]
    else:
        pytest.skip("neither docker-compose nor the docker compose plugin is installed")
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    text = (ROOT / "docker-compose.yml").read_text()
    for module in ("consumers.analysis_consumer", "consumers.db_writer"):
        assert module in text and (ROOT / (module.replace(".", "/") + ".py")).exists()
