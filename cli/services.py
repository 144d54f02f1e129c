"""Starting and stopping the pipeline's processes (consumers, Streamlit) as children of a command."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from timeline.settings import Settings

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Service:
    name: str
    process: subprocess.Popen[bytes]
    log_path: Path


@dataclass
class Services:
    """Processes this command started, stopped in reverse order on exit."""

    settings: Settings
    running: list[Service] = field(default_factory=list)

    def environment(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update({
            "KAFKA_BOOTSTRAP_SERVERS": self.settings.bootstrap_servers,
            "TIMELINE_DB": str(self.settings.db_path.resolve()),
            "TIMELINE_STATE_DIR": str(self.settings.state_dir.resolve()),
            "TIMELINE_CACHE_DIR": str(self.settings.cache_dir.resolve()),
            "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")])),
            "PYTHONUNBUFFERED": "1",
        })
        return env

    def start(self, name: str, args: list[str]) -> Service:
        logs = self.settings.state_dir / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        log_path = logs / f"{name}.log"
        handle = log_path.open("ab")
        process = subprocess.Popen(args, stdout=handle, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   env=self.environment(), cwd=PROJECT_ROOT, start_new_session=True)
        service = Service(name, process, log_path)
        self.running.append(service)
        return service

    def start_analysis(self, member: str = "analysis-1") -> Service:
        return self.start(member, [sys.executable, "-m", "consumers.analysis_consumer", "--member", member])

    def start_writer(self) -> Service:
        return self.start("writer", [sys.executable, "-m", "consumers.db_writer"])

    def start_app(self, port: int, address: str = "127.0.0.1") -> Service:
        return self.start("app", streamlit_command(port, address))

    def check_alive(self) -> None:
        for service in self.running:
            code = service.process.poll()
            if code is not None:
                tail = service.log_path.read_text(errors="replace")[-2000:]
                raise RuntimeError(f"{service.name} exited with code {code}; log {service.log_path}:\n{tail}")

    def stop(self, service: Service, timeout_s: float = 20.0) -> None:
        if service.process.poll() is None:
            os.killpg(service.process.pid, signal.SIGTERM)
            try:
                service.process.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                os.killpg(service.process.pid, signal.SIGKILL)
                service.process.wait()
        if service in self.running:
            self.running.remove(service)

    def stop_all(self) -> None:
        for service in reversed(list(self.running)):
            self.stop(service)

    def wait(self) -> None:
        while True:
            self.check_alive()
            time.sleep(1)


def streamlit_command(port: int, address: str = "127.0.0.1") -> list[str]:
    return [sys.executable, "-m", "streamlit", "run", str(PROJECT_ROOT / "app" / "streamlit_app.py"),
            "--server.port", str(port), "--server.address", address, "--server.headless", "true",
            "--browser.gatherUsageStats", "false", "--global.developmentMode", "false"]
