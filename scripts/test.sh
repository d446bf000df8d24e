#!/usr/bin/env bash
# Run the whole suite on SQLite, then on PostgreSQL (the browser journeys, which test
# pages rather than the database, run once: on SQLite).
# In CI (CI=true) PostgreSQL and the browser tests are mandatory; elsewhere the
# PostgreSQL run is skipped, with a message, when no server answers.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PG_URL=${PG_URL:-${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/rapport}}
export RAPPORT_VAR_DIR=${RAPPORT_VAR_DIR:-$PWD/var/test}

# The app layering of docs/architecture.md (import-linter's contracts in pyproject.toml);
# CI runs this script, so a broken layer fails CI before any test runs.
echo "== import contracts"
"$BIN/lint-imports"

echo "== tests on SQLite"
env -u DATABASE_URL "$BIN/pytest" "$@"

if "$BIN/python" - "$PG_URL" <<'PY'
import sys, psycopg, dj_database_url
cfg = dj_database_url.parse(sys.argv[1])
try:
    psycopg.connect(host=cfg["HOST"], port=cfg["PORT"] or 5432, user=cfg["USER"],
                    password=cfg["PASSWORD"] or None, dbname="postgres", connect_timeout=3).close()
except Exception as exc:
    print(f"PostgreSQL at {cfg['HOST']}:{cfg['PORT']} does not answer: {exc}", file=sys.stderr)
    sys.exit(1)
PY
then
  echo "== tests on PostgreSQL ($PG_URL), without the browser journeys (run once, above)"
  DATABASE_URL="$PG_URL" "$BIN/pytest" -m "not browser" "$@"
elif [ "${CI:-}" = "true" ]; then
  echo "FAIL: CI=true and PostgreSQL is not reachable at $PG_URL" >&2
  exit 1
else
  echo "SKIPPED: the PostgreSQL run — no server at $PG_URL (set PG_URL, or start PostgreSQL)." >&2
fi
