#!/usr/bin/env bash
# Local Virtuoso (Debian's virtuoso-opensource 7) for the remote SPARQL backend tests.
#
#   eval "$(bash .ci/virtuoso.sh start DIR)"   install if missing, start on 127.0.0.1, print env lines
#   bash .ci/virtuoso.sh env DIR               print the env lines of a running server again
#   bash .ci/virtuoso.sh stop DIR              clean shutdown (no-op if not running)
#
# DIR holds the database, the ini and the log; a new DIR gives a fresh database, an existing
# one is started again with its data. Only the export lines go to stdout; progress and errors
# go to stderr. Everything listens on 127.0.0.1 only. Findings: docs/notes/virtuoso.md.
#
# Environment (all optional):
#   VIRTUOSO_SQL_PORT (1111), VIRTUOSO_HTTP_PORT (8890)
#   VIRTUOSO_USER (cultuurgraaf), VIRTUOSO_PASSWORD (cultuurgraaf): the account that may update
#     (the dba account keeps its default password dba: a throwaway database on loopback only)
#   VIRTUOSO_MAX_QUERY_TIME (60): [SPARQL] MaxQueryExecutionTime in seconds, for new databases
#   VIRTUOSO_MAX_ROWS (10000): [SPARQL] ResultSetMaxRows, for new databases
#   VIRTUOSO_BUFFERS (10000): [Parameters] NumberOfBuffers (8 KiB pages), for new databases
#   VIRTUOSO_START_TIMEOUT (60): seconds to wait for the endpoint to answer
set -euo pipefail

SQL_PORT=${VIRTUOSO_SQL_PORT:-1111}
HTTP_PORT=${VIRTUOSO_HTTP_PORT:-8890}
APP_USER=${VIRTUOSO_USER:-cultuurgraaf}
APP_PASSWORD=${VIRTUOSO_PASSWORD:-cultuurgraaf}
DBA_PASSWORD=dba
START_TIMEOUT=${VIRTUOSO_START_TIMEOUT:-60}
TEMPLATE_INI=/usr/share/virtuoso-opensource-7/virtuoso.ini
HOST=127.0.0.1

say() { echo "virtuoso.sh: $*" >&2; }
die() { say "error: $*"; exit 1; }

usage() {
    echo "usage: bash .ci/virtuoso.sh start|env|stop DIR" >&2
    exit 2
}

# --- installation -----------------------------------------------------------------------------

have_virtuoso() {
    command -v virtuoso-t >/dev/null && command -v isql-vt >/dev/null &&
        command -v inifile >/dev/null && [ -f "$TEMPLATE_INI" ] && command -v curl >/dev/null
}

apt_install() {
    local packages=(virtuoso-opensource)
    command -v curl >/dev/null || packages+=(curl)
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
        "${packages[@]}" >&2
}

install_virtuoso() {
    have_virtuoso && return 0
    [ "$(id -u)" = 0 ] || die "virtuoso-opensource is not installed and this is not root"
    say "installing virtuoso-opensource from Debian"
    # An empty dba password is never asked for (noninteractive) and makes the package leave
    # its own system-wide server disabled; ours runs from DIR with its own ini.
    printf '%s\n' \
        'virtuoso-opensource-7 virtuoso-opensource-7/dba-password password' \
        'virtuoso-opensource-7 virtuoso-opensource-7/dba-password-again password' |
        debconf-set-selections
    # Keep the package's postinst from starting the system-wide server (on all interfaces).
    local policy=/usr/sbin/policy-rc.d made_policy=
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && made_policy=1
        trap 'rm -f /usr/sbin/policy-rc.d' EXIT
    fi
    local rc=0
    if apt-cache show virtuoso-opensource >/dev/null 2>&1; then
        apt_install || rc=$?
    else
        rc=1
    fi
    if [ "$rc" != 0 ]; then
        say "apt-get install failed or the package is unknown: apt-get update, then again"
        apt-get update -q >&2 && apt_install && rc=0 || rc=$?
    fi
    if [ -n "$made_policy" ]; then
        rm -f "$policy"
        trap - EXIT
    fi
    [ "$rc" = 0 ] || die "could not install virtuoso-opensource (apt-get exit $rc)"
    have_virtuoso || die "virtuoso-opensource installed, but virtuoso-t/isql-vt/inifile are missing"
}

# --- helpers ----------------------------------------------------------------------------------

ini_set() { inifile +inifile "$INI" +section "$1" +key "$2" +value "$3"; }
ini_get() { inifile +inifile "$INI" +section "$1" +key "$2" 2>/dev/null | sed 's/[[:space:]]*;.*//'; }

# A process that exists and is not a zombie.
alive() {
    kill -0 "$1" 2>/dev/null && ! grep -q '^[0-9]* (.*) Z' "/proc/$1/stat" 2>/dev/null
}

# The pid of the server running from DIR, or nothing: from our pid file or the server's lock file.
server_pid() {
    local pid
    for pid in $(cat "$DIR/virtuoso.pid" 2>/dev/null) \
        $(sed -n 's/^VIRT_PID=//p' "$DIR/virtuoso.lck" 2>/dev/null); do
        if alive "$pid" &&
            tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "virtuoso-t .*$INI"; then
            echo "$pid"
            return 0
        fi
    done
}

# Ports of an existing DIR come from its ini, so that env/stop find the server again.
read_ports() {
    local sql http
    sql=$(ini_get Parameters ServerPort)
    http=$(ini_get HTTPServer ServerPort)
    SQL_PORT=${sql##*:}
    HTTP_PORT=${http##*:}
}

endpoint_answers() {
    curl -sf -m 5 -o /dev/null -G "http://$HOST:$HTTP_PORT/sparql" \
        --data-urlencode 'query=ASK {}' -H 'Accept: application/sparql-results+json'
}

isql() {
    # isql-vt reports SQL errors on stdout with an exit code of 0: fail on "*** Error".
    local out
    out=$(isql-vt "$HOST:$SQL_PORT" dba "$DBA_PASSWORD" "$@" 2>&1) || {
        echo "$out" >&2
        return 1
    }
    if grep -q '^\*\*\* Error' <<<"$out"; then
        echo "$out" >&2
        return 1
    fi
}

port_busy() {
    (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null
}

log_tail() {
    local log="$DIR/virtuoso.log"
    [ -s "$log" ] || log="$DIR/virtuoso.out"
    say "last lines of $log:"
    tail -n 25 "$log" >&2 2>/dev/null || true
}

print_env() {
    cat <<EOF
export VIRTUOSO_SPARQL_URL=http://$HOST:$HTTP_PORT/sparql
export VIRTUOSO_UPDATE_URL=http://$HOST:$HTTP_PORT/sparql-auth
export VIRTUOSO_GSP_URL=http://$HOST:$HTTP_PORT/sparql-graph-crud-auth
export VIRTUOSO_USER=$APP_USER
export VIRTUOSO_PASSWORD=$APP_PASSWORD
export VIRTUOSO_ISQL=$HOST:$SQL_PORT
export VIRTUOSO_DBA_PASSWORD=$DBA_PASSWORD
export VIRTUOSO_BULK_FOLDER=$DIR/bulk
EOF
}

# --- start ------------------------------------------------------------------------------------

write_ini() {
    cp "$TEMPLATE_INI" "$INI"
    ini_set Database DatabaseFile "$DIR/virtuoso.db"
    ini_set Database ErrorLogFile "$DIR/virtuoso.log"
    ini_set Database LockFile "$DIR/virtuoso.lck"
    ini_set Database TransactionFile "$DIR/virtuoso.trx"
    ini_set Database xa_persistent_file "$DIR/virtuoso.pxa"
    ini_set TempDatabase DatabaseFile "$DIR/virtuoso-temp.db"
    ini_set TempDatabase TransactionFile "$DIR/virtuoso-temp.trx"
    ini_set Parameters ServerPort "$HOST:$SQL_PORT"
    ini_set Parameters DirsAllowed "., $DIR, /usr/share/virtuoso-opensource-7/vad"
    ini_set Parameters NumberOfBuffers "${VIRTUOSO_BUFFERS:-10000}"
    ini_set Parameters MaxDirtyBuffers "$(( ${VIRTUOSO_BUFFERS:-10000} * 3 / 4 ))"
    ini_set HTTPServer ServerPort "$HOST:$HTTP_PORT"
    ini_set URIQA DefaultHost "$HOST:$HTTP_PORT"
    ini_set SPARQL MaxQueryExecutionTime "${VIRTUOSO_MAX_QUERY_TIME:-60}"
    ini_set SPARQL ResultSetMaxRows "${VIRTUOSO_MAX_ROWS:-10000}"
    # No service announcement on the network.
    ini_set 'Zero Config' - -
}

grant_update() {
    # The app account may read and update through /sparql-auth and /sparql-graph-crud-auth
    # (digest auth); the anonymous /sparql stays read-only. Both steps may run again.
    local sql="$DIR/grant.sql"
    cat >"$sql" <<EOF
create procedure DB.DBA.CG_CI_GRANT (in u varchar, in r varchar)
{
  declare st, msg varchar;
  st := '00000';
  exec (sprintf ('GRANT %s TO "%s"', r, u), st, msg);
  if (st <> '00000' and msg not like '%U0013%')  -- U0013: role already granted
    signal (st, msg);
};
create procedure DB.DBA.CG_CI_USER (in u varchar, in p varchar)
{
  if (exists (select 1 from DB.DBA.SYS_USERS where U_NAME = u))
    USER_PASSWORD_SET (u, p);
  else
    USER_CREATE (u, p);
  DB.DBA.CG_CI_GRANT (u, 'SPARQL_SELECT');
  DB.DBA.CG_CI_GRANT (u, 'SPARQL_UPDATE');
};
DB.DBA.CG_CI_USER ('$APP_USER', '$APP_PASSWORD');
drop procedure DB.DBA.CG_CI_USER;
drop procedure DB.DBA.CG_CI_GRANT;
checkpoint;
EOF
    isql "$sql" || die "could not grant SPARQL_UPDATE to $APP_USER"
    rm -f "$sql"
}

start() {
    install_virtuoso
    mkdir -p "$DIR/bulk"  # files for the bulk loader (DirsAllowed has DIR)
    DIR=$(cd "$DIR" && pwd)
    INI="$DIR/virtuoso.ini"
    if [ -f "$INI" ]; then
        read_ports
    fi
    local pid
    pid=$(server_pid)
    if [ -n "$pid" ]; then
        endpoint_answers || die "virtuoso-t (pid $pid) runs from $DIR but /sparql does not answer"
        say "already running from $DIR (pid $pid)"
        grant_update
        print_env
        return 0
    fi
    for port in "$SQL_PORT" "$HTTP_PORT"; do
        if port_busy "$port"; then
            die "$HOST:$port is already in use (another server?); set VIRTUOSO_SQL_PORT/VIRTUOSO_HTTP_PORT"
        fi
    done
    if [ ! -f "$INI" ]; then
        write_ini
        say "new database in $DIR (SQL $HOST:$SQL_PORT, HTTP $HOST:$HTTP_PORT)"
    else
        say "existing database in $DIR (SQL $HOST:$SQL_PORT, HTTP $HOST:$HTTP_PORT)"
    fi
    rm -f "$DIR/virtuoso.lck"
    # setsid + all three fds redirected: the server outlives this script and does not hold
    # the stdout of a caller doing eval "$(... start DIR)".
    (cd "$DIR" && exec setsid virtuoso-t +configfile "$INI" +foreground \
        </dev/null >>"$DIR/virtuoso.out" 2>&1) &
    pid=$!
    echo "$pid" >"$DIR/virtuoso.pid"
    local waited=0
    until endpoint_answers; do
        if ! alive "$pid"; then
            log_tail
            rm -f "$DIR/virtuoso.pid"
            die "virtuoso-t exited during start-up"
        fi
        if [ "$waited" -ge "$START_TIMEOUT" ]; then
            log_tail
            kill -TERM "$pid" 2>/dev/null || true
            rm -f "$DIR/virtuoso.pid"
            die "no answer from http://$HOST:$HTTP_PORT/sparql after ${START_TIMEOUT}s; stopped it"
        fi
        sleep 1
        waited=$((waited + 1))
    done
    pid=$(server_pid)
    [ -n "$pid" ] || die "the endpoint answers, but no virtuoso-t runs from $DIR"
    echo "$pid" >"$DIR/virtuoso.pid"
    grant_update
    say "running from $DIR (pid $pid), answered after ${waited}s"
    print_env
}

# --- stop -------------------------------------------------------------------------------------

stop() {
    [ -d "$DIR" ] || { say "no $DIR: nothing to stop"; return 0; }
    DIR=$(cd "$DIR" && pwd)
    INI="$DIR/virtuoso.ini"
    [ -f "$INI" ] || { say "no $INI: nothing to stop"; return 0; }
    read_ports
    local pid
    pid=$(server_pid)
    if [ -z "$pid" ]; then
        say "not running from $DIR"
        rm -f "$DIR/virtuoso.pid"
        return 0
    fi
    isql-vt "$HOST:$SQL_PORT" dba "$DBA_PASSWORD" 'exec=shutdown;' >/dev/null 2>&1 ||
        say "isql shutdown failed; sending SIGTERM to $pid"
    local waited=0
    while alive "$pid"; do
        if [ "$waited" -eq 60 ]; then
            say "still running after 30s; SIGTERM to $pid"
            kill -TERM "$pid" 2>/dev/null || true
        elif [ "$waited" -eq 120 ]; then
            say "still running after 60s; SIGKILL to $pid"
            kill -KILL "$pid" 2>/dev/null || true
        elif [ "$waited" -ge 140 ]; then
            die "pid $pid does not go away"
        fi
        sleep 0.5
        waited=$((waited + 1))
    done
    rm -f "$DIR/virtuoso.pid"
    say "stopped (pid $pid)"
}

print_running_env() {
    [ -d "$DIR" ] || die "no $DIR"
    DIR=$(cd "$DIR" && pwd)
    INI="$DIR/virtuoso.ini"
    [ -f "$INI" ] || die "no database in $DIR"
    read_ports
    [ -n "$(server_pid)" ] || die "not running from $DIR"
    print_env
}

[ $# -eq 2 ] || usage
DIR=$2
# They go into SQL and shell lines unquoted.
for value in "$APP_USER" "$APP_PASSWORD" "$SQL_PORT" "$HTTP_PORT"; do
    [[ "$value" =~ ^[A-Za-z0-9._-]+$ ]] || die "VIRTUOSO_USER/PASSWORD/ports: use only A-Z a-z 0-9 . _ -"
done
case "$1" in
start) start ;;
stop) stop ;;
env) print_running_env ;;
*) usage ;;
esac
