#!/usr/bin/env bash
# Set up, migrate, load the demo data and serve the application on http://127.0.0.1:8000 (SQLite).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export DJANGO_DEBUG=${DJANGO_DEBUG:-1}
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py seed_demo
# Background tasks (exports) run in a worker beside the web server.
.venv/bin/python manage.py db_worker >/dev/null 2>&1 &
worker=$!
trap 'kill $worker 2>/dev/null' EXIT
.venv/bin/python manage.py runserver 127.0.0.1:8000
