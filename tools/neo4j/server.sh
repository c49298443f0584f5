#!/usr/bin/env bash
# A local Neo4j Community 5.26 server for obligraph's tests, CI and bench.
#
#   tools/neo4j/server.sh start STATE     build if needed, start in the background, wait for
#                                         Bolt, print the NEO4J_* lines to export
#   tools/neo4j/server.sh stop STATE      stop the server started with STATE, by its PID
#   tools/neo4j/server.sh run STATE CMD…  start (unless running), run CMD with NEO4J_* set
#                                         and OBLIGRAPH_REQUIRE_NEO4J=1, stop it again (trap)
#   tools/neo4j/server.sh build           compile the launcher, copy the jars (Maven)
#
# STATE (the Makefile passes .neo4j) holds the database (home/), the log and `env`: the
# NEO4J_URI / NEO4J_USERNAME / NEO4J_PASSWORD / NEO4J_PID assignments the launcher writes
# once Bolt listens; tests/conftest.py reads it too. Maven's repository is ~/.m2 (Maven's
# default; override with MAVEN_OPTS=-Dmaven.repo.local=…); after the first build nothing
# is downloaded again.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
PASSWORD=${NEO4J_LOCAL_PASSWORD:-obligraph-local}  # at least 8 characters (Neo4j's rule)
HEAP=${NEO4J_HEAP:-1g}
WAIT=${NEO4J_START_TIMEOUT:-240}

build() {
    class="$HERE/target/classes/obligraph/Neo4jLauncher.class"
    if [ -f "$class" ] && [ -d "$HERE/target/lib" ] &&
        [ "$class" -nt "$HERE/pom.xml" ] &&
        [ "$class" -nt "$HERE/src/main/java/obligraph/Neo4jLauncher.java" ]; then
        return 0
    fi
    echo "neo4j: building the launcher with Maven (the first time downloads ~175 MB into ~/.m2)" >&2
    # Maven's output only when it fails (quiet mode still prints colour resets).
    if ! out=$(mvn -B -q -f "$HERE/pom.xml" clean package 2>&1); then
        printf '%s\n' "$out" >&2
        echo "neo4j: the Maven build failed (above)" >&2
        return 1
    fi
}

pid_alive() {  # the PID in STATE/env is a running launcher
    [ -f "$1/env" ] || return 1
    pid=$(sed -n 's/^NEO4J_PID=//p' "$1/env")
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null &&
        grep -q Neo4jLauncher "/proc/$pid/cmdline" 2>/dev/null
}

start() {
    state=$1
    mkdir -p "$state"
    state=$(cd "$state" && pwd)
    if pid_alive "$state"; then
        echo "neo4j: already running (PID $(sed -n 's/^NEO4J_PID=//p' "$state/env"))" >&2
        show "$state"
        return 0
    fi
    build
    rm -f "$state/env"
    # setsid: the server outlives this shell and make; stopped by PID (stop).
    setsid java "-Xmx$HEAP" -cp "$HERE/target/classes:$HERE/target/lib/*" \
        obligraph.Neo4jLauncher "$state/home" "$PASSWORD" "$state/env" \
        >"$state/server.log" 2>&1 </dev/null &
    launcher=$!
    waited=0
    while [ ! -f "$state/env" ]; do
        if ! kill -0 "$launcher" 2>/dev/null; then
            echo "neo4j: the server exited while starting; last lines of $state/server.log:" >&2
            tail -n 5 "$state/server.log" >&2
            return 1
        fi
        if [ "$waited" -ge "$WAIT" ]; then
            echo "neo4j: no Bolt after ${WAIT}s; stopping PID $launcher (log: $state/server.log)" >&2
            kill "$launcher" 2>/dev/null || true
            return 1
        fi
        sleep 1
        waited=$((waited + 1))
    done
    port=$(sed -n 's/^NEO4J_URI=bolt:\/\/127.0.0.1://p' "$state/env")
    # Bolt answers: the port accepts a connection (the launcher writes env only after the
    # database is up; this checks the socket from outside too).
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        echo "neo4j: port $port does not accept connections (log: $state/server.log)" >&2
        return 1
    fi
    echo "neo4j: started in ${waited}s, PID $launcher, data in $state/home" >&2
    show "$state"
}

show() {
    sed -n 's/^\(NEO4J_URI\|NEO4J_USERNAME\|NEO4J_PASSWORD\)=/export \1=/p' "$1/env"
    echo "# (also in $1/env; stop with: make neo4j-stop)"
}

stop() {
    state=$1
    if ! pid_alive "$state"; then
        echo "neo4j: not running" >&2
        rm -f "$state/env"
        return 0
    fi
    pid=$(sed -n 's/^NEO4J_PID=//p' "$state/env")
    kill "$pid"
    waited=0
    while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt 60 ]; do
        sleep 1
        waited=$((waited + 1))
    done
    if kill -0 "$pid" 2>/dev/null; then
        echo "neo4j: PID $pid still running after 60s; killing it" >&2
        kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$state/env"
    echo "neo4j: stopped PID $pid" >&2
}

run() {
    state=$1
    shift
    started=
    if ! pid_alive "$state"; then
        start "$state" >/dev/null
        started=1
    fi
    # Stop what we started, however the command ends.
    trap '[ -z "$started" ] || stop "$state"' EXIT
    trap 'exit 130' INT TERM
    set -a
    . "$(cd "$state" && pwd)/env"
    set +a
    OBLIGRAPH_REQUIRE_NEO4J=1 "$@"
}

case "${1:-}" in
start) start "${2:?STATE folder}" ;;
stop) stop "${2:?STATE folder}" ;;
run) shift; run "$@" ;;
build) build ;;
*) sed -n '2,17p' "$0" >&2; exit 2 ;;
esac
