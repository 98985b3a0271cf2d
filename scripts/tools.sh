#!/usr/bin/env bash
# Installs the Python tools the checks need, pinned, into .tools/venv (git-ignored), once.
# Usage: scripts/tools.sh            installs them
#        source scripts/tools.sh     also puts .tools/venv/bin first on PATH
set -euo pipefail

HYDRATE_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
HYDRATE_VENV="$HYDRATE_ROOT/.tools/venv"
# Pins: bump deliberately, then re-run the checks.
HYDRATE_PY_TOOLS=(
  "cfn-lint==1.51.0"
  "checkov==3.3.30"
  "boto3==1.35.49" # benches/sequential.py, the baseline of benches/deploy.sh
)

hydrate_tools_install() {
  local stamp="$HYDRATE_VENV/.installed"
  local want
  want=$(printf '%s\n' "${HYDRATE_PY_TOOLS[@]}")
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return 0
  fi
  echo "installing pinned tools into $HYDRATE_VENV: ${HYDRATE_PY_TOOLS[*]}" >&2
  python3 -m venv "$HYDRATE_VENV"
  "$HYDRATE_VENV/bin/python" -m pip install --quiet --disable-pip-version-check "${HYDRATE_PY_TOOLS[@]}"
  printf '%s\n' "$want" > "$stamp"
}

hydrate_tools_install
export PATH="$HYDRATE_VENV/bin:$PATH"
