# Starts a private PostgreSQL from the local server binaries (initdb, pg_ctl), for ops/run and ops/test.
# Sourced, not run. The server refuses to run as root, so as root it runs as the `postgres` user.

pg_find_bin() {
  local name=$1
  if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return 0; fi
  local candidate
  for candidate in /usr/lib/postgresql/*/bin/"$name"; do
    [ -x "$candidate" ] && { echo "$candidate"; return 0; }
  done
  return 1
}

pg_have_binaries() { pg_find_bin initdb >/dev/null && pg_find_bin pg_ctl >/dev/null; }

# Runs a command as the user that owns the data directory.
pg_as_owner() {
  if [ "$(id -u)" = 0 ]; then
    if command -v runuser >/dev/null 2>&1; then runuser -u postgres -- "$@"; else su postgres -s /bin/sh -c "$(printf '%q ' "$@")"; fi
  else
    "$@"
  fi
}

pg_free_port() {
  local port
  for port in $(seq "${1:-55432}" 65000); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  return 1
}

# pg_start DIR: initialises DIR/data when empty, starts the server on a free loopback port (reusing a
# server already running there), and sets PG_PORT and PG_CONNECTION (an Npgsql connection string).
pg_start() {
  local dir=$1 initdb pg_ctl
  initdb=$(pg_find_bin initdb) || { echo "ops: PostgreSQL server binaries (initdb, pg_ctl) not found" >&2; return 1; }
  pg_ctl=$(pg_find_bin pg_ctl)
  mkdir -p "$dir"
  if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; chmod 700 "$dir"; fi
  if [ ! -s "$dir/data/PG_VERSION" ]; then
    pg_as_owner "$initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; return 1; }
  fi
  if pg_as_owner "$pg_ctl" -D "$dir/data" status >/dev/null 2>&1 && [ -s "$dir/port" ]; then
    PG_PORT=$(cat "$dir/port")
  else
    PG_PORT=$(pg_free_port) || { echo "ops: no free port for PostgreSQL" >&2; return 1; }
    echo "$PG_PORT" | pg_as_owner tee "$dir/port" >/dev/null
    pg_as_owner "$pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $PG_PORT -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=${PG_FSYNC:-on} -c synchronous_commit=${PG_SYNC_COMMIT:-on}" start >/dev/null \
      || { tail -n 30 "$dir/server.log" >&2; return 1; }
  fi
  PG_CONNECTION="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"
  export PG_PORT PG_CONNECTION
}

pg_stop() {
  local dir=$1 pg_ctl
  pg_ctl=$(pg_find_bin pg_ctl) || return 0
  [ -d "$dir/data" ] && pg_as_owner "$pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
}

# pg_ensure_database NAME: creates the database on the private server when missing.
pg_ensure_database() {
  local name=$1 psql
  psql=$(pg_find_bin psql) || { echo "ops: psql not found" >&2; return 1; }
  if ! "$psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -tAc "select 1 from pg_database where datname = '$name'" | grep -q 1; then
    "$psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -qc "create database \"$name\"" >/dev/null
  fi
}
