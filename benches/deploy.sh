#!/usr/bin/env bash
# Deploy benchmark against a fresh local emulator (LocalStack core on 127.0.0.1, fallback mode):
#   1. `hydrate up` of params/example from scratch, 2. `hydrate up` again with nothing changed,
#   3. `hydrate stack delete` of every stack. For each phase: wall time and the AWS API calls made
#   (counted by hydrate's SDK interceptor, --call-log), and for phase 1 how long after a stack
#   reached its final status hydrate noticed it.
# Usage: benches/deploy.sh [runs]   (results go to target/bench-deploy/; summary on stdout)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
out=target/bench-deploy
rm -rf "$out" && mkdir -p "$out"
cargo build --quiet --locked --release
H=target/release/hydrate
export AWS_ACCESS_KEY_ID=123456789012 AWS_SECRET_ACCESS_KEY=bench AWS_EC2_METADATA_DISABLED=true
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
stamp() { while IFS= read -r line; do printf '%s %s\n' "$(date +%s.%N)" "$line"; done; }

for run in $(seq 1 "$runs"); do
  bash scripts/emulator.sh stop localstack-demo >/dev/null 2>&1 || true
  eval "$(bash scripts/emulator.sh start --demo)"
  hy() { "$H" --account params/example --endpoint-url "$HYDRATE_DEMO_ENDPOINT" --yes "$@"; }
  for phase in up-first up-again; do
    start=$(date +%s.%N)
    hy --call-log "$out/$run-$phase.calls" --output json up | stamp > "$out/$run-$phase.jsonl"
    echo "$start $(date +%s.%N)" > "$out/$run-$phase.wall"
  done
  start=$(date +%s.%N)
  for stack in $("$H" --account params/example up --dry-run --endpoint-url "$HYDRATE_DEMO_ENDPOINT" --output json | python3 -c 'import json,sys; print(" ".join(reversed([json.loads(l)["stack"] for l in sys.stdin])))'); do
    hy --call-log "$out/$run-delete.calls" stack delete "$stack" --force > /dev/null
  done
  echo "$start $(date +%s.%N)" > "$out/$run-delete.wall"
  bash scripts/emulator.sh stop localstack-demo >/dev/null
done

python3 - "$out" "$runs" <<'PY'
import json, sys, statistics, collections, datetime
out, runs = sys.argv[1], int(sys.argv[2])
def wall(run, phase):
    a, b = open(f"{out}/{run}-{phase}.wall").read().split()
    return float(b) - float(a)
def calls(run, phase):
    try: return collections.Counter(l.split()[1] for l in open(f"{out}/{run}-{phase}.calls"))
    except FileNotFoundError: return collections.Counter()
writes = ("CreateStack", "UpdateStack", "CreateChangeSet", "ExecuteChangeSet", "DeleteStack")
print(f"{'phase':<10} {'wall s (median of %d)' % runs:>24} {'API calls':>10} {'create/update/change-set calls':>32}")
for phase in ("up-first", "up-again", "delete"):
    w = statistics.median(wall(r, phase) for r in range(1, runs + 1))
    c = calls(1, phase)
    print(f"{phase:<10} {w:>24.2f} {sum(c.values()):>10} {sum(c[k] for k in writes):>32}")
print("calls by operation, up-again:", dict(sorted(calls(1, 'up-again').items())))
lat = []
for r in range(1, runs + 1):
    for line in open(f"{out}/{r}-up-first.jsonl"):
        seen, _, body = line.partition(" ")
        try: e = json.loads(body)
        except ValueError: continue
        ev = e.get("event") or {}
        if e.get("kind") == "event" and ev.get("resource_type") == "AWS::CloudFormation::Stack" and ev.get("status") == "CREATE_COMPLETE":
            t = datetime.datetime.fromisoformat(ev["time"].replace("Z", "+00:00")).timestamp()
            lat.append(float(seen) - t)
if lat:
    print(f"notice latency after CREATE_COMPLETE: median {statistics.median(lat):.2f} s, mean {statistics.mean(lat):.2f} s, max {max(lat):.2f} s over {len(lat)} stacks")
PY
