#!/usr/bin/env bash
# Local AWS emulators for tests and the demo, on 127.0.0.1 only:
#   LocalStack core 2026.3.0 on the host (CloudFormation; needs Python >= 3.12) and moto server
#   (plain API calls). Installed pinned into .tools/ (git-ignored); no Docker, no account, no token.
#
#   scripts/emulator.sh install         install both, once
#   scripts/emulator.sh start           start them on free ports (reusing running ones), print their env
#   scripts/emulator.sh env             print HYDRATE_TEST_{CFN,STRICT,API}_ENDPOINT
#   scripts/emulator.sh stop [NAMES]    stop them (or the named instances)
#   scripts/emulator.sh start --demo    start only a fresh instance for scripts/demo
#   scripts/emulator.sh fresh moto|moto-org|localstack NAME
#                                       start a new, empty instance `fresh-NAME` (stopping one of
#                                       that name first) and print its URL; `stop fresh-NAME` ends
#                                       it and removes its files (not its log)
#
# Two LocalStack instances run: `localstack` in its default fallback mode (types it cannot create
# are marked CREATE_COMPLETE "deployed as a fallback"; hydrate shows those as warnings), and
# `localstack-strict`, where only the types it really creates are allowed and any other fails the
# stack, for tests that assert creation.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOOLS="$ROOT/.tools"
RUN="$TOOLS/run"
LS_VENV="$TOOLS/localstack-venv"
# The types LocalStack core really creates (reference/local-emulator.md, section 4; KMS verified here).
STRICT_TYPES="AWS::IAM::Group,AWS::IAM::Role,AWS::IAM::ManagedPolicy,AWS::IAM::Policy,AWS::S3::Bucket,AWS::S3::BucketPolicy,AWS::Logs::LogGroup,AWS::CloudWatch::Alarm,AWS::SNS::Topic,AWS::SNS::Subscription,AWS::SNS::TopicPolicy,AWS::Events::Rule,AWS::KMS::Key,AWS::KMS::Alias"
MOTO_VENV="$TOOLS/venv"
MOTO_PIN="moto[server]==5.2.5"

python_312() {
  for candidate in python3.13 python3.12; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; assert sys.version_info >= (3, 12)' 2>/dev/null; then
      command -v "$candidate"; return 0
    fi
  done
  if command -v pyenv >/dev/null 2>&1; then
    for v in $(pyenv versions --bare 2>/dev/null | grep -E '^3\.1[2-9]' | sort -rV); do
      echo "$(pyenv root)/versions/$v/bin/python"; return 0
    done
  fi
  echo "LocalStack core needs Python >= 3.12 and none was found (tried python3.13, python3.12, pyenv)" >&2
  return 1
}

install() {
  mkdir -p "$TOOLS"
  local stamp="$LS_VENV/.installed" want
  want=$(sha256sum "$ROOT/scripts/localstack.lock.txt" | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "installing LocalStack core (pinned lock, ~60 s) into $LS_VENV" >&2
    "$(python_312)" -m venv "$LS_VENV"
    "$LS_VENV/bin/pip" install --quiet --disable-pip-version-check -r "$ROOT/scripts/localstack.lock.txt"
    echo "$want" > "$stamp"
  fi
  source "$ROOT/scripts/tools.sh"
  if ! "$MOTO_VENV/bin/python" -c 'import moto.server' 2>/dev/null; then
    echo "installing $MOTO_PIN into $MOTO_VENV" >&2
    "$MOTO_VENV/bin/pip" install --quiet --disable-pip-version-check "$MOTO_PIN"
  fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

running() { # name
  [ -f "$RUN/$1.pid" ] && kill -0 "$(cat "$RUN/$1.pid")" 2>/dev/null
}

wait_ready() { # name url
  # Up to 120 s: LocalStack starts in 2 s on a quiet machine, but took 55 s with the 2 cores at a
  # load of 5 (other builds), and a test that cannot start its emulator fails for nothing.
  for _ in $(seq 1 1200); do
    if curl -fsS -o /dev/null "$2" 2>/dev/null; then return 0; fi
    running "$1" || { echo "$1 exited during start; log: $RUN/$1.log" >&2; tail -20 "$RUN/$1.log" >&2; return 1; }
    sleep 0.1
  done
  echo "$1 did not answer $2 within 120 s; log: $RUN/$1.log" >&2
  return 1
}

start_localstack() { # name [extra env…]
  local name=$1; shift
  running "$name" && return 0
  local port; port=$(free_port)
  local fs="$RUN/$name-fs"
  mkdir -p "$fs/tmp" "$fs/conf" "$fs/cache" "$fs/home"
  # Loopback only (hypercorn honours the host), no DNS server, no analytics, nothing outside .tools/.
  env GATEWAY_LISTEN="127.0.0.1:$port" GATEWAY_SERVER=hypercorn DNS_ADDRESS=0 OVERRIDE_IN_DOCKER=0 \
    DISABLE_EVENTS=1 SKIP_SSL_CERT_DOWNLOAD=1 FILESYSTEM_ROOT="$fs" TMPDIR="$fs/tmp" CONFIG_DIR="$fs/conf" \
    XDG_CACHE_HOME="$fs/cache" HOME="$fs/home" LOCALSTACK_HOST="127.0.0.1:$port" "$@" \
    setsid "$LS_VENV/bin/python" -m localstack.runtime.main > "$RUN/$name.log" 2>&1 &
  echo $! > "$RUN/$name.pid"
  echo "$port" > "$RUN/$name.port"
  wait_ready "$name" "http://127.0.0.1:$port/_localstack/health"
}

start() {
  install
  mkdir -p "$RUN"
  if [ "${1:-}" = "--demo" ]; then
    # Its own instance, so the demo starts from an empty account and never touches test state.
    start_localstack localstack-demo
    echo "export HYDRATE_DEMO_ENDPOINT=http://127.0.0.1:$(cat "$RUN/localstack-demo.port")"
    return 0
  fi
  start_localstack localstack
  if true; then
    start_localstack localstack-strict CFN_IGNORE_UNSUPPORTED_RESOURCE_TYPES=0 \
      CFN_IGNORE_UNSUPPORTED_TYPE_CREATE="$STRICT_TYPES" CFN_IGNORE_UNSUPPORTED_TYPE_UPDATE="$STRICT_TYPES"
    start_moto moto
  fi
  env_lines
}

start_moto() { # name [server module or script]
  running "$1" && return 0
  local port; port=$(free_port)
  local server=(-m moto.server)
  [ -n "${2:-}" ] && server=("$2")
  setsid "$MOTO_VENV/bin/python" "${server[@]}" -H 127.0.0.1 -p "$port" > "$RUN/$1.log" 2>&1 &
  echo $! > "$RUN/$1.pid"
  echo "$port" > "$RUN/$1.port"
  wait_ready "$1" "http://127.0.0.1:$port/moto-api/"
}

# A new, empty instance for one test, demo or benchmark: emulator state outlives runs, and an
# organization or an account directory with fixed names cannot share an instance.
fresh() { # moto|localstack name
  local kind=$1 name="fresh-$2"
  install >&2
  mkdir -p "$RUN"
  stop "$name"
  case "$kind" in
    moto) start_moto "$name" ;;
    # moto that records SERVICE_MANAGED stack instances without running their templates
    # (scripts/moto_org_server.py says why): for organizations with real baselines.
    moto-org) start_moto "$name" "$ROOT/scripts/moto_org_server.py" ;;
    localstack) start_localstack "$name" ;;
    *) echo "fresh: moto, moto-org or localstack, not $kind" >&2; return 2 ;;
  esac
  echo "http://127.0.0.1:$(cat "$RUN/$name.port")"
}

env_lines() {
  local var
  for pair in localstack:CFN localstack-strict:STRICT moto:API; do
    var=${pair#*:}
    if [ -f "$RUN/${pair%%:*}.port" ]; then
      echo "export HYDRATE_TEST_${var}_ENDPOINT=http://127.0.0.1:$(cat "$RUN/${pair%%:*}.port")"
    fi
  done
}

stop() {
  local names="${1:-localstack localstack-strict moto}"
  for name in $names; do
    if running "$name"; then
      local pid; pid=$(cat "$RUN/$name.pid")
      kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL -- "-$pid" 2>/dev/null || true
    fi
    rm -f "$RUN/$name.pid" "$RUN/$name.port"
    # A fresh instance's files go with it (its log stays, for a start that failed).
    case "$name" in fresh-*) rm -rf "${RUN:?}/$name-fs" ;; esac
  done
}

case "${1:-}" in
  install) install ;;
  start) start "${2:-}" ;;
  env) env_lines ;;
  stop) stop "${2:-}" ;;
  fresh) fresh "${2:?moto, moto-org or localstack}" "${3:?a name}" ;;
  *) sed -n '2,14p' "$0"; exit 2 ;;
esac
