#!/usr/bin/env bash
# Load test for bidding at 100,000 applications (issue 5; figures in docs/performance.md).
#
#   bench/run_lettings.sh            # refresh the benchmark data, serve, run locust, stop
#   bench/run_lettings.sh --seed     # first time: migrate and seed_demo --applications 100000
#
# Serves the app with gunicorn in production mode (DEBUG off, a random SECRET_KEY) from
# bench.settings (production settings with collected static files in var/bench-static), runs
# locust headless (bench/locustfile.py) from the tools environment .bench-venv, writes locust's
# CSV statistics to var/bench/, and stops gunicorn however the run ends.
#
# Settings (environment), with defaults:
#   BENCH_DATABASE_URL  postgres://postgres@127.0.0.1:5432/homeward_bench5
#   BENCH_PORT          8775 (not 8765, which the smoke test in .ci/run uses)
#   BENCH_USERS 50, BENCH_SPAWN_RATE 10, BENCH_SETTLE_SECONDS 10, BENCH_MEASURE_SECONDS 60
#   BENCH_WAIT_MIN 1, BENCH_WAIT_MAX 5: the simulated applicants' pause between steps (s)
#   BENCH_WORKERS 3, BENCH_WORKER_CLASS sync, BENCH_THREADS 1 (gunicorn)
#   BENCH_OUT           var/bench/lettings (locust CSV prefix)
#   BENCH_SKIP_COLLECTSTATIC=1  reuse var/bench-static from an earlier run
set -euo pipefail
cd "$(dirname "$0")/.."

DB=${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/homeward_bench5}
PORT=${BENCH_PORT:-8775}
USERS=${BENCH_USERS:-50}
SPAWN_RATE=${BENCH_SPAWN_RATE:-10}
WORKERS=${BENCH_WORKERS:-3}
WORKER_CLASS=${BENCH_WORKER_CLASS:-sync}
THREADS=${BENCH_THREADS:-1}
OUT=${BENCH_OUT:-var/bench/lettings}
mkdir -p "$(dirname "$OUT")"

if [ ! -x .bench-venv/bin/locust ]; then
  python3 -m venv .bench-venv
  .bench-venv/bin/pip install --quiet --disable-pip-version-check -r bench/requirements.txt
fi

DEBUG=1 DATABASE_URL="$DB" .venv/bin/python manage.py migrate --no-input -v 0
if [ "${1:-}" = "--seed" ]; then
  DEBUG=1 DATABASE_URL="$DB" .venv/bin/python manage.py seed_demo --applications 100000 --quiet
fi
# Tops up the data, keeps the cycle open and clears the benchmark accounts' earlier bids.
DEBUG=1 DATABASE_URL="$DB" .venv/bin/python manage.py bench_lettings_seed

export DJANGO_SETTINGS_MODULE=bench.settings DEBUG=0 DATABASE_URL="$DB"
SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')
export SECRET_KEY ALLOWED_HOSTS=127.0.0.1,localhost
# Plain HTTP on the loopback: no redirect to HTTPS, cookies without the Secure flag.
export SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0
if [ "${BENCH_SKIP_COLLECTSTATIC:-0}" != "1" ]; then
  .venv/bin/python manage.py collectstatic --no-input -v 0
fi

.venv/bin/gunicorn housing.wsgi --bind "127.0.0.1:$PORT" --workers "$WORKERS" \
  --worker-class "$WORKER_CLASS" --threads "$THREADS" --timeout 60 \
  --error-logfile "$OUT-gunicorn.log" &
GUNICORN=$!
trap 'kill "$GUNICORN" 2>/dev/null || true; wait "$GUNICORN" 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
  curl -fsS -o /dev/null "http://127.0.0.1:$PORT/healthz" && break
  sleep 0.5
done
echo "gunicorn: $WORKERS $WORKER_CLASS worker(s) x $THREADS thread(s) on port $PORT"

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
.bench-venv/bin/locust -f bench/locustfile.py --headless --only-summary \
  --users "$USERS" --spawn-rate "$SPAWN_RATE" --run-time 600s \
  --host "http://127.0.0.1:$PORT" --csv "$OUT" || echo "locust: some requests failed (exit $?)"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 bench/summarise.py "${OUT}_stats.csv"
echo "Statistics: ${OUT}_stats.csv; gunicorn errors: $OUT-gunicorn.log"
