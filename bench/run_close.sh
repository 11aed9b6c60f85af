#!/usr/bin/env bash
# Closing a cycle and shortlisting (issue 6; figures in docs/performance.md).
#
#   bash bench/run_close.sh          # seeds the benchmark database if needed, then measures
#
# 1. Seeds homeward_bench6 once (migrate, seed_demo --applications 100000, bench_close_seed:
#    500 live adverts in a cycle due to close, 150,000 placed bids, one advert with 5,000).
#    Later runs find it seeded and skip this. It is kept as a template and never closed.
# 2. Copies it to homeward_bench6_run (CREATE DATABASE … TEMPLATE, a file copy) and measures
#    there, in production settings (DEBUG off), each phase in its own process:
#      advert   advert_close on the 5,000-bid advert, rolled back and repeated (BENCH_REPEAT);
#      cycle    cycle_close on the whole cycle, committed, with peak RSS;
#      ranking  the Python ranking against a bare SQL ORDER BY on the closed data.
# 3. Drops the copy.
#
# Settings (environment), with defaults:
#   BENCH_PG        postgres://postgres@127.0.0.1:5432 (server; the databases are named below)
#   BENCH_DB        homeward_bench6 (the seeded template)    BENCH_RUN_DB  homeward_bench6_run
#   BENCH_REPEAT    7 (runs of the single advert after a warm-up; 21 for the ranking)
set -euo pipefail
cd "$(dirname "$0")/.."

PG=${BENCH_PG:-postgres://postgres@127.0.0.1:5432}
DB=${BENCH_DB:-homeward_bench6}
RUN_DB=${BENCH_RUN_DB:-homeward_bench6_run}
REPEAT=${BENCH_REPEAT:-7}
export PGOPTIONS="-c client_min_messages=warning"
psql_() { psql "$PG/postgres" -v ON_ERROR_STOP=1 -qAt "$@"; }

if [ -z "$(psql_ -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" ]; then
  psql_ -c "CREATE DATABASE $DB"
fi
export DEBUG=1 DATABASE_URL="$PG/$DB"
.venv/bin/python manage.py migrate --no-input -v 0
bulk=$(psql "$PG/$DB" -qAt -c "SELECT count(*) FROM applications_application WHERE reference LIKE 'HR-BULK-%'")
if [ "$bulk" -lt 100000 ]; then
  .venv/bin/python manage.py seed_demo --applications 100000 --quiet
fi
.venv/bin/python manage.py bench_close_seed      # does nothing when already seeded
psql "$PG/$DB" -qc "VACUUM ANALYZE"

psql_ -c "DROP DATABASE IF EXISTS $RUN_DB"
psql_ -c "CREATE DATABASE $RUN_DB TEMPLATE $DB"
trap 'psql_ -c "DROP DATABASE IF EXISTS $RUN_DB" || true' EXIT

# Production settings, as a Celery worker runs them: DEBUG off (Django keeps no query log).
SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')
export SECRET_KEY DEBUG=0 ALLOWED_HOSTS=localhost DATABASE_URL="$PG/$RUN_DB"
echo "machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GB; $(psql_ -c 'SHOW server_version')"
# (advert_close logs a line per advert on stderr: left out here.)
run() { .venv/bin/python manage.py bench_close_cycle "$@" 2> >(grep -v "advert closed" >&2); }
echo "== one advert with 5,000 bids (advert_close, rolled back)"
run --phase advert --repeat "$REPEAT"
echo "== the whole cycle (cycle_close, committed)"
run --phase cycle
echo "== the ranking against a bare SQL ORDER BY"
run --phase ranking --repeat $((REPEAT * 3))
