# The two commands of the README. Both set up what is missing first (scripts/setup.sh is idempotent).
.PHONY: demo test setup lint unit

demo:
	./scripts/setup.sh
	.venv/bin/timeline demo

test:
	./scripts/setup.sh --with-browser
	.venv/bin/ruff check .
	.venv/bin/pytest

setup:
	./scripts/setup.sh --with-browser

lint:
	.venv/bin/ruff check .

unit:
	.venv/bin/pytest -m "not integration and not browser and not fault"
