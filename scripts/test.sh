#!/usr/bin/env bash
# Runs the whole test suite. Installs attain (and, with apt, PostgreSQL) if missing,
# starts a throwaway PostgreSQL for the database tests, then runs pytest with any
# arguments given. Exits non-zero when anything fails or when pytest collects nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! python -c "import attain, pytest" 2>/dev/null; then
  pip install -e '.[dev]'
fi

# shellcheck source=scripts/system-deps.sh
source scripts/system-deps.sh
install_system_deps || echo "warning: some Debian packages are missing; tests that need them will fail" >&2

# axe-core for the browser tests (GOV.UK Frontend's built assets are committed).
if [ ! -f node_modules/axe-core/axe.min.js ]; then
  npm ci --no-audit --no-fund >/dev/null
fi

# shellcheck source=scripts/postgres.sh
source scripts/postgres.sh
start_test_postgres || echo "warning: PostgreSQL could not be started; its tests will fail in CI" >&2

status=0
# --dist loadgroup: the Spark tests (xdist_group "spark") share one worker and one JVM.
python -m pytest -n "${ATTAIN_TEST_WORKERS:-2}" --dist loadgroup "$@" || status=$?
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: that is a failure" >&2
  exit 1
fi
exit "$status"
