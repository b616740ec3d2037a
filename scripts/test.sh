#!/usr/bin/env bash
# The whole test suite: unit, integration and browser tests. Uses DATABASE_URL when set (PostgreSQL),
# the embedded SQLite otherwise. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
DJANGO_DEBUG=1 .venv/bin/python manage.py makemigrations --check --dry-run >/dev/null || {
  echo "Models and migrations disagree: run manage.py makemigrations" >&2; exit 1; }
.venv/bin/ruff check .
.venv/bin/python -m pytest -q -n 2 "$@"
