# Functions to run a throwaway PostgreSQL from Debian's packages for the tests.
# Sets ATTAIN_TEST_POSTGRES_URL when the server is up.

ATTAIN_PG_PORT="${ATTAIN_PG_PORT:-54329}"

install_postgres() {
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    if command -v apt-get >/dev/null 2>&1; then
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >/dev/null
    fi
  fi
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1
}

start_test_postgres() {
  install_postgres || return 1
  local bin dir as_pg
  bin=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")
  dir="${TMPDIR:-/tmp}/attain-test-pg-$ATTAIN_PG_PORT"
  as_pg=()
  if [ "$(id -u)" = "0" ]; then as_pg=(runuser -u postgres --); fi
  if ! "${as_pg[@]}" "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
    rm -rf "$dir" && mkdir -p "$dir"
    if [ "$(id -u)" = "0" ]; then chown postgres "$dir"; fi
    "${as_pg[@]}" "$bin/initdb" -D "$dir" -U postgres -A trust >/dev/null
    "${as_pg[@]}" "$bin/pg_ctl" -D "$dir" -l "$dir/log" -w \
      -o "-p $ATTAIN_PG_PORT -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
  fi
  export ATTAIN_TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:$ATTAIN_PG_PORT/postgres"
  export ATTAIN_TEST_PG_BIN="$bin"
}
