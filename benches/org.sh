#!/usr/bin/env bash
# Organization benchmark (issue 17, item 6): an organization of ACCOUNTS accounts × 3 regions in a
# fresh moto (moto-org: instances recorded, templates not run in the accounts; see
# scripts/moto_org_server.py), params/example-org's two baselines with a third region. Measured
# per phase, one process each: wall time, API calls and writes (--call-log; a write is any call
# that is not Describe/Get/List/Head):
#   org up (from scratch), org up again (nothing changed: target 0 writes), org status;
#   against `hydrate up` of the workload baseline as a plain account directory, account after
#   account, each account its own credentials (a 12-digit key id is the account id), in a fresh
#   LocalStack core (moto's CloudFormation cannot run the baseline, LocalStack's can): from
#   scratch and again, for SAMPLE accounts, extrapolated to ACCOUNTS.
# Usage: benches/org.sh [ACCOUNTS [SAMPLE]]     defaults 100 and 5
#        HYDRATE_BIN=path measures that binary (and builds nothing; default the debug build)
# Results go to target/bench-org/; the table goes to stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
accounts=${1:-100}
sample=${2:-5}
out=target/bench-org
rm -rf "$out" && mkdir -p "$out"
H=${HYDRATE_BIN:-target/debug/hydrate}
[ -n "${HYDRATE_BIN:-}" ] || cargo build --quiet --locked
python=.tools/venv/bin/python
export AWS_ACCESS_KEY_ID=123456789012 AWS_SECRET_ACCESS_KEY=bench AWS_EC2_METADATA_DISABLED=true
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
names="fresh-bench-org-moto fresh-bench-org-localstack"
trap 'bash scripts/emulator.sh stop "$names" >/dev/null 2>&1 || true' EXIT
moto=$(bash scripts/emulator.sh fresh moto-org bench-org-moto)
# moto reads a stack set's TemplateURL from its own S3 only when the URL's host is `localhost`.
moto=${moto/127.0.0.1/localhost}
localstack=$(bash scripts/emulator.sh fresh localstack bench-org-localstack)
regions='["us-east-1", "eu-west-1", "eu-central-1"]'

# The organization: 45 % Workloads, 35 % Sandbox, the rest Security (audit baseline).
w=$((accounts * 45 / 100)); s=$((accounts * 35 / 100)); a=$((accounts - w - s))
"$python" scripts/org_fixture.py --endpoint "$moto" --ou "Workloads=$w" --ou "Sandbox=$s" \
  --ou "Security=$a" --bucket hydrate-templates-123456789012-us-east-1 > "$out/org.txt"

# params/example-org with three regions and no Management: the management account's own
# baseline is one `hydrate up`, not part of what grows with the organization.
mkdir -p "$out/params"
cp -r params/example-org "$out/params/bench-org"
"$python" - "$out/params/bench-org/organization.json" "$regions" <<'PY'
import json, sys
path, regions = sys.argv[1], json.loads(sys.argv[2])
org = json.load(open(path))
org.pop("Management", None)
org["Regions"] = regions
json.dump(org, open(path, "w"), indent=2)
PY

now() { date +%s.%N; }
phase() { # name, then the command
  local name=$1 start; shift
  rm -f "$out/$name.calls"
  start=$(now)
  "$@" --call-log "$out/$name.calls" > "$out/$name.out" 2> "$out/$name.err" ||
    echo "$name: exit $? (see $out/$name.err)" >&2
  echo "$start $(now)" > "$out/$name.wall"
}
org() { "$H" --endpoint-url "$moto" --output json "$@"; }
echo "org up, $accounts accounts × 3 regions" >&2
phase org-up org org up --org "$out/params/bench-org"
phase org-up-again org org up --org "$out/params/bench-org"
phase org-status org org status --org "$out/params/bench-org"

# The same baseline per account, sequentially: the first SAMPLE workload accounts.
for id in $(awk '$1 == "Workloads" { for (i = 3; i <= NF; i++) print $i }' "$out/org.txt" | head -n "$sample"); do
  dir="$out/params/account-$id"
  mkdir -p "$dir"
  cp params/example-org/baselines/workload/*.json "$dir/"
  printf '{"AccountId": "%s", "Region": "us-east-1", "Regions": %s, "Tags": {"project": "bench"}}\n' \
    "$id" "$regions" > "$dir/account.json"
  echo "hydrate up, account $id" >&2
  up() { AWS_ACCESS_KEY_ID=$id "$H" --account "$dir" --endpoint-url "$localstack" --yes --output json "$@"; }
  phase "up-$id" up up
  phase "up-again-$id" up up
done
"$python" benches/org_table.py "$out" "$accounts" "$sample"
