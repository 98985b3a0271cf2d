#!/usr/bin/env bash
# Deploy benchmark, hydrate vs benches/sequential.py (the boto3 script a careful user would write),
# on two accounts: params/example (22 stacks) and a synthetic one (60 stacks, 4 deep, written by
# benches/synthetic_account.py into target/). Each tool gets a fresh LocalStack core per run
# (scripts/emulator.sh start --demo, fallback mode) and runs three phases: up from scratch, up again
# with nothing changed, down. Per phase: wall time, API calls and writes (hydrate: --call-log, one line
# per call attempt; the script: a boto3 before-call hook). One table, medians of RUNS.
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

bench_hydrate() { # account-dir prefix
  local phase args start
  for phase in up up-again down; do
    args=(up "${jobs[@]}")
    [ "$phase" = down ] && args=(down --force "${jobs[@]}")
    start=$(now)
    "$H" --account "$1" --endpoint-url "$HYDRATE_DEMO_ENDPOINT" --yes --output json \
      --call-log "$2-$phase.calls" "${args[@]}" > "$2-$phase.jsonl" 2> "$2-$phase.err" ||
      { tail -5 "$2-$phase.err" >&2; return 1; }
    echo "$start $(now)" > "$2-$phase.wall"
  done
}

bench_sequential() { # account-dir prefix
  "$H" --account "$1" up --dry-run --offline --output json 2>/dev/null > "$2-plan.jsonl"
  "$H" --account "$1" render --out "$2-templates" > /dev/null
  python benches/sequential.py --plan "$2-plan.jsonl" --templates "$2-templates" --account "$1" \
    --endpoint-url "$HYDRATE_DEMO_ENDPOINT" up up down > "$2.jsonl" 2> "$2.err" ||
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
