#!/usr/bin/env bash
# Load test (issue 10): the locust scenario of benchmarks/locustfile.py against gunicorn with 4 workers on
# PostgreSQL (its own database, jinan_load, migrated and filled with the demo data), on 127.0.0.1 only, for a
# bounded time, headless. Prints requests per second, p95 and the error count; stops gunicorn at the end.
# Never run in CI (too slow). Options through the environment:
#   LOAD_USERS (50), LOAD_SPAWN_RATE (2 per second: 50 users arrive over 25 s, see docs/performance.md "Load"),
#   LOAD_RUN_TIME (60s), LOAD_PORT (8765), LOAD_WORKERS (4),
#   LOAD_RESET_STATS=1 to count only what follows the ramp (every user started; sign-ins mostly not counted),
#   LOAD_DB (jinan_load) another database, e.g. the province data of `seed_scale` (jinan_bench, README), which has the
#   demo users too; the clerks' drafts are saved into it
set -euo pipefail
cd "$(dirname "$0")/.."
USERS=${LOAD_USERS:-50}
SPAWN_RATE=${LOAD_SPAWN_RATE:-2}
RUN_TIME=${LOAD_RUN_TIME:-60s}
PORT=${LOAD_PORT:-8765}
WORKERS=${LOAD_WORKERS:-4}
DB=${LOAD_DB:-jinan_load}

if ! .venv/bin/python -c "import locust" 2>/dev/null; then
  .venv/bin/python -m pip install -q --disable-pip-version-check "$(grep -E '^locust==' requirements.txt)"
fi
DATABASE_URL=$(PG_DB="$DB" bash scripts/postgres.sh | tail -n 1)
export DATABASE_URL
export DJANGO_DEBUG=0 DJANGO_STATIC_MANIFEST=0 DJANGO_ALLOWED_HOSTS=127.0.0.1
DJANGO_SECRET_KEY=$(.venv/bin/python -c "import secrets; print(secrets.token_urlsafe(50))")
export DJANGO_SECRET_KEY
work=$(mktemp -d /tmp/jinan-load.XXXXXX)
export DJANGO_MEDIA_ROOT="$work/media"

.venv/bin/python manage.py migrate --noinput >/dev/null
.venv/bin/python manage.py seed_demo >/dev/null

.venv/bin/gunicorn jinan_union.wsgi --workers "$WORKERS" --bind "127.0.0.1:$PORT" \
  --access-logfile /dev/null --error-logfile "$work/gunicorn.log" 2>>"$work/gunicorn.log" &
gunicorn_pid=$!
stop() { kill "$gunicorn_pid" 2>/dev/null || true; wait "$gunicorn_pid" 2>/dev/null || true; }
trap stop EXIT
for _ in $(seq 1 60); do
  if curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; then break; fi
  sleep 1
done

echo "load: $USERS users for $RUN_TIME against gunicorn ($WORKERS workers) on http://127.0.0.1:$PORT, PostgreSQL $DB"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
extra=()
[ "${LOAD_RESET_STATS:-0}" = "1" ] && extra+=(--reset-stats)
set +e
.venv/bin/locust -f benchmarks/locustfile.py --headless --users "$USERS" --spawn-rate "$SPAWN_RATE" \
  --run-time "$RUN_TIME" --host "http://127.0.0.1:$PORT" --csv "$work/load" --only-summary \
  --loglevel WARNING "${extra[@]}" >"$work/locust.log" 2>&1
status=$?
set -e
echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"
.venv/bin/python - "$work/load_stats.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
print(f"{'request':<45} {'count':>7} {'errors':>6} {'median ms':>9} {'p95 ms':>7}")
for row in rows:
    print(f"{(row['Type'] + ' ' + row['Name'])[:45]:<45} {row['Request Count']:>7} {row['Failure Count']:>6} "
          f"{float(row['Median Response Time'] or 0):>9.0f} {float(row['95%'] or 0):>7.0f}")
total = next(row for row in rows if row["Name"] == "Aggregated")
print(f"\nrequests/s: {float(total['Requests/s']):.1f}   p95: {total['95%']} ms   "
      f"errors: {total['Failure Count']} of {total['Request Count']} requests")
PY
if [ -s "$work/load_failures.csv" ] && [ "$(wc -l <"$work/load_failures.csv")" -gt 1 ]; then
  echo "errors:"; cat "$work/load_failures.csv"
fi
echo "(locust log, CSV files and gunicorn's error log: $work)"
exit $status
