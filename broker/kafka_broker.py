"""A single-node Apache Kafka broker (KRaft: broker and controller in one JVM) run without Docker.

The broker's jars come from Maven Central through the Maven client (`mvn dependency:copy-dependencies` on
broker/pom.xml), are checked against the SHA-256 lock in broker/kafka-jars.sha256, and are cached under the
user's cache folder. Storage is formatted once; data lives in the project's state folder.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from timeline.settings import Settings

MIN_JAVA = 17
DOCKER_HINT = "Without Java 17+ and Maven, run the whole stack with Docker instead: docker compose up"


class BrokerError(RuntimeError):
    """The broker cannot be fetched, formatted or started; the message says what to do."""


def _package_file(name: str) -> Path:
    return Path(str(resources.files(__package__).joinpath(name)))


def kafka_version() -> str:
    match = re.search(r"<kafka.version>([^<]+)</kafka.version>", _package_file("pom.xml").read_text())
    if not match:
        raise BrokerError("broker/pom.xml names no kafka.version")
    return match.group(1)


def pinned_checksums() -> dict[str, str]:
    lines = _package_file("kafka-jars.sha256").read_text().splitlines()
    return {name: digest for digest, name in (line.split() for line in lines if line.strip())}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def verify_jars(folder: Path, expected: dict[str, str]) -> list[str]:
    """Problems with a folder of jars against the lock: missing, unexpected or altered files."""
    present = {p.name for p in folder.glob("*.jar")}
    problems = [f"missing {name}" for name in sorted(set(expected) - present)]
    problems += [f"unexpected {name}" for name in sorted(present - set(expected))]
    problems += [f"checksum mismatch for {name}" for name in sorted(present & set(expected))
                 if _sha256(folder / name) != expected[name]]
    return problems


def java_major_version(java: str = "java") -> int | None:
    executable = shutil.which(java)
    if executable is None:
        return None
    output = subprocess.run([executable, "-version"], capture_output=True, text=True).stderr
    match = re.search(r'version "(\d+)(?:\.(\d+))?', output)
    if not match:
        return None
    major = int(match.group(1))
    return int(match.group(2)) if major == 1 and match.group(2) else major


def require_java() -> None:
    major = java_major_version()
    if major is None:
        raise BrokerError(f"Java is not installed (Kafka {kafka_version()} needs Java {MIN_JAVA}+). {DOCKER_HINT}")
    if major < MIN_JAVA:
        raise BrokerError(f"Java {major} found; Kafka {kafka_version()} needs Java {MIN_JAVA}+. {DOCKER_HINT}")


def libs_dir(settings: Settings) -> Path:
    return settings.cache_dir / f"kafka-{kafka_version()}" / "libs"


def fetch(settings: Settings, log: bool = True) -> Path:
    """The verified jar folder, resolving it through Maven on first use."""
    target = libs_dir(settings)
    expected = pinned_checksums()
    if target.is_dir() and not verify_jars(target, expected):
        return target
    mvn = shutil.which("mvn")
    if mvn is None:
        raise BrokerError(f"Maven (mvn) is needed once to fetch Kafka {kafka_version()} from Maven Central. "
                          f"Install it (apt-get install maven) or: {DOCKER_HINT}")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="libs-", dir=target.parent))
    if log:
        print(f"fetching Apache Kafka {kafka_version()} from Maven Central into {target} …", flush=True)
    command = [mvn, "-q", "-B", "--strict-checksums", "-f", str(_package_file("pom.xml")),
               "dependency:copy-dependencies", f"-DoutputDirectory={staging}", "-DincludeScope=runtime"]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        raise BrokerError(f"Maven could not fetch Kafka: {(result.stdout + result.stderr).strip()[-2000:]}")
    problems = verify_jars(staging, expected)
    if problems:
        shutil.rmtree(staging, ignore_errors=True)
        raise BrokerError("fetched jars do not match broker/kafka-jars.sha256: " + "; ".join(problems[:10]))
    if target.exists():
        shutil.rmtree(target)
    staging.rename(target)
    return target


@dataclass(frozen=True)
class BrokerPaths:
    root: Path

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def config(self) -> Path:
        return self.root / "server.properties"

    @property
    def pid_file(self) -> Path:
        return self.root / "broker.pid"

    @property
    def log_file(self) -> Path:
        return self.root / "broker.log"


def broker_paths(settings: Settings) -> BrokerPaths:
    return BrokerPaths(settings.state_dir.resolve() / "kafka")


def server_properties(settings: Settings, data_dir: Path) -> str:
    host, port = settings.kafka_host, settings.kafka_port
    return "\n".join([
        "process.roles=broker,controller",
        "node.id=1",
        f"controller.quorum.voters=1@{host}:{port + 1}",
        f"listeners=PLAINTEXT://{host}:{port},CONTROLLER://{host}:{port + 1}",
        f"advertised.listeners=PLAINTEXT://{host}:{port}",
        "controller.listener.names=CONTROLLER",
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "inter.broker.listener.name=PLAINTEXT",
        f"log.dirs={data_dir}",
        "num.partitions=4",
        "auto.create.topics.enable=false",
        "offsets.topic.replication.factor=1",
        "offsets.topic.num.partitions=4",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "share.coordinator.state.topic.replication.factor=1",
        "share.coordinator.state.topic.min.isr=1",
        "group.initial.rebalance.delay.ms=0",
        # articles may be large: 16 MiB records
        "message.max.bytes=16777216",
        "replica.fetch.max.bytes=16777216",
        "log.retention.hours=168",
        "",
    ])


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie child of ours is not a running broker
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().split()[2] != "Z"
    except OSError:
        return True


def _read_pid(paths: BrokerPaths) -> int | None:
    try:
        return int(paths.pid_file.read_text().strip())
    except (OSError, ValueError):
        return None


def port_open(host: str, port: int, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


@dataclass(frozen=True)
class BrokerStatus:
    running: bool
    pid: int | None
    bootstrap: str
    version: str
    data_dir: Path
    managed: bool

    def describe(self) -> str:
        if self.running and self.managed:
            return f"running: Kafka {self.version} pid {self.pid} on {self.bootstrap}, data in {self.data_dir}"
        if self.running:
            return f"a Kafka broker not started by timeline answers on {self.bootstrap}"
        return f"stopped (Kafka {self.version}; data in {self.data_dir})"


def status(settings: Settings) -> BrokerStatus:
    paths = broker_paths(settings)
    pid = _read_pid(paths)
    managed = pid is not None and _pid_alive(pid)
    answering = port_open(settings.kafka_host, settings.kafka_port)
    return BrokerStatus(answering, pid if managed else None, settings.bootstrap_servers, kafka_version(),
                        paths.data, managed)


def _cluster_id() -> str:
    """A random KRaft cluster id. Like Kafka's own Uuid.randomUuid, never one that starts with "-": the storage
    tool would read it as an option ("argument --cluster-id/-t: expected one argument", 1 start in 64)."""
    while True:
        cluster_id = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
        if not cluster_id.startswith("-"):
            return cluster_id


def _java_command(libs: Path, main: str, *args: str, heap: str = "256m") -> list[str]:
    return ["java", f"-Xmx{heap}", f"-Xms{heap}", "-XX:+UseG1GC", "-Djava.awt.headless=true",
            f"-Dlog4j2.configurationFile={_package_file('log4j2.yaml')}",
            "-cp", f"{libs}/*", main, *args]


def _format_storage(libs: Path, paths: BrokerPaths) -> None:
    if (paths.data / "meta.properties").exists():
        return
    command = _java_command(libs, "kafka.tools.StorageTool", "format", "-t", _cluster_id(), "-c",
                            str(paths.config), heap="256m")
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise BrokerError(f"formatting KRaft storage failed: {(result.stdout + result.stderr)[-2000:]}")


def start(settings: Settings, timeout_s: float = 90.0) -> BrokerStatus:
    """Start the broker unless one already answers; idempotent."""
    current = status(settings)
    if current.running:
        return current
    require_java()
    libs = fetch(settings)
    paths = broker_paths(settings)
    paths.root.mkdir(parents=True, exist_ok=True)
    paths.config.write_text(server_properties(settings, paths.data))
    _format_storage(libs, paths)
    log = paths.log_file.open("ab")
    process = subprocess.Popen(_java_command(libs, "kafka.Kafka", str(paths.config)), stdout=log,
                               stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    paths.pid_file.write_text(str(process.pid))
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BrokerError(f"the broker exited with code {process.returncode}; see {paths.log_file}:\n"
                              + paths.log_file.read_text(errors="replace")[-3000:])
        if port_open(settings.kafka_host, settings.kafka_port):
            return status(settings)
        time.sleep(0.2)
    raise BrokerError(f"the broker did not open {settings.bootstrap_servers} within {timeout_s:.0f}s; "
                      f"see {paths.log_file}")


def stop(settings: Settings, timeout_s: float = 30.0) -> bool:
    """Stop the broker this project started; True when one was running."""
    paths = broker_paths(settings)
    pid = _read_pid(paths)
    if pid is None or not _pid_alive(pid):
        paths.pid_file.unlink(missing_ok=True)
        return False
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline and _pid_alive(pid):
        _reap(pid)
        time.sleep(0.2)
    if _pid_alive(pid):
        os.kill(pid, signal.SIGKILL)
    _reap(pid)
    paths.pid_file.unlink(missing_ok=True)
    return True


def kill(settings: Settings) -> None:
    """kill -9 the broker (fault tests)."""
    pid = _read_pid(broker_paths(settings))
    if pid is not None and _pid_alive(pid):
        os.kill(pid, signal.SIGKILL)
        _reap(pid)


def _reap(pid: int) -> None:
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
