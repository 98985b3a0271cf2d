#!/usr/bin/env bash
# Deploy benchmark, hydrate vs benches/sequential.py (the boto3 script a careful user would write),
# on two accounts: params/example (22 stacks) and a synthetic one (60 stacks, 4 deep, written by
# benches/synthetic_account.py into target/). Each tool gets a fresh LocalStack core per run
# (scripts/emulator.sh start --demo, fallback mode) and runs three phases: up from scratch, up again
# with nothing changed, down. Per phase: wall time, API calls and writes (hydrate: --call-log, one line
# per call attempt; the script: a boto3 before-call hook) and the CPU time the emulator spent on it
# (its processes' user + system time, from /proc). One table, medians of RUNS.
# Usage: benches/deploy.sh [RUNS [JOBS]]     RUNS default 3; JOBS is passed to up/down as --jobs
#        BENCH_ACCOUNTS="example synthetic" BENCH_TOOLS="hydrate sequential" pick a subset;
#        HYDRATE_BIN=path measures that binary (and builds nothing)
# Results go to target/bench-deploy/; the table goes to stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
jobs=(${2:+--jobs "$2"})
out=target/bench-deploy
rm -rf "$out" && mkdir -p "$out"
# HYDRATE_BIN: measure another build instead of this checkout's release build.
H=${HYDRATE_BIN:-target/release/hydrate}
[ -n "${HYDRATE_BIN:-}" ] || cargo build --quiet --locked --release
source scripts/tools.sh # boto3, pinned
export AWS_ACCESS_KEY_ID=123456789012 AWS_SECRET_ACCESS_KEY=bench AWS_EC2_METADATA_DISABLED=true
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
python3 benches/synthetic_account.py "$out/synthetic"
now() { date +%s.%N; }

trap 'bash scripts/emulator.sh stop localstack-demo >/dev/null 2>&1 || true' EXIT
fresh_emulator() {
  bash scripts/emulator.sh stop localstack-demo >/dev/null 2>&1 || true
  eval "$(bash scripts/emulator.sh start --demo)"
}

# The emulator's CPU seconds so far: LocalStack is one Python process (with its children), so on
# this machine its CPU, not the tool, can be what bounds a phase.
emulator_cpu() {
  local main pid ticks=0 stat
  main=$(cat .tools/run/localstack-demo.pid)
  for pid in "$main" $(pgrep -P "$main"); do
    stat=($(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null)) || continue
    ticks=$((ticks + ${stat[11]:-0} + ${stat[12]:-0}))
  done
  echo "$ticks $(getconf CLK_TCK)" | awk '{printf "%.2f", $1 / $2}'
}
# Runs "$@" for one phase, leaving the emulator's CPU seconds spent on it in FILE.
emulator_time() { # file command...
  local file=$1 before
  shift
  before=$(emulator_cpu)
  "$@"
  echo "$before $(emulator_cpu)" | awk '{printf "%.2f\n", $2 - $1}' > "$file"
}

hydrate_phase() { # account-dir prefix phase args...
  local start
  start=$(now)
  "$H" --account "$1" --endpoint-url "$HYDRATE_DEMO_ENDPOINT" --yes --output json \
    --call-log "$2-$3.calls" "${@:4}" > "$2-$3.jsonl" 2> "$2-$3.err" ||
    { tail -5 "$2-$3.err" >&2; return 1; }
  echo "$start $(now)" > "$2-$3.wall"
}

bench_hydrate() { # account-dir prefix
  local phase args
  for phase in up up-again down; do
    args=(up "${jobs[@]}")
    [ "$phase" = down ] && args=(down --force "${jobs[@]}")
    emulator_time "$2-$phase.cpu" hydrate_phase "$1" "$2" "$phase" "${args[@]}"
  done
}

bench_sequential() { # account-dir prefix
  "$H" --account "$1" up --dry-run --offline --output json 2>/dev/null > "$2-plan.jsonl"
  "$H" --account "$1" render --out "$2-templates" > /dev/null
  local phase
  # One process per phase, like hydrate: each phase's emulator CPU is then its own. The second
  # `up` starts knowing nothing, as a re-run of the script would.
  for phase in up up-again down; do
    emulator_time "$2-$phase.cpu" sequential_phase "$1" "$2" "${phase%-again}"
  done
}

sequential_phase() { # account-dir prefix phase
  python benches/sequential.py --plan "$2-plan.jsonl" --templates "$2-templates" --account "$1" \
    --endpoint-url "$HYDRATE_DEMO_ENDPOINT" "$3" >> "$2.jsonl" 2>> "$2.err" ||
    { tail -5 "$2.err" >&2; return 1; }
}

for account in ${BENCH_ACCOUNTS:-example synthetic}; do
  dir=params/$account
  [ "$account" = synthetic ] && dir=$out/synthetic
  # The account is valid before any emulator starts.
  "$H" --account "$dir" up --dry-run --offline > /dev/null 2> "$out/$account-plan.err" ||
    { cat "$out/$account-plan.err" >&2; exit 1; }
  for run in $(seq 1 "$runs"); do
    for tool in ${BENCH_TOOLS:-hydrate sequential}; do
      echo "$account run $run: $tool" >&2
      fresh_emulator
      "bench_$tool" "$dir" "$out/$account-$tool-$run"
    done
  done
done
python3 benches/deploy_table.py "$out" "$runs"
