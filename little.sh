#!/usr/bin/env bash
# The bash kit's account commands, kept for the people who know them: each maps onto hydrate.
# `little.sh` with an unknown command prints the mapping.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

hydrate_bin() {
  if [ -n "${HYDRATE_BIN:-}" ]; then echo "$HYDRATE_BIN"; return; fi
  for candidate in "$here/target/debug/hydrate" "$here/target/release/hydrate"; do
    if [ -x "$candidate" ]; then echo "$candidate"; return; fi
  done
  if command -v hydrate >/dev/null 2>&1; then command -v hydrate; return; fi
  echo "little.sh: building hydrate (once)" >&2
  (cd "$here" && cargo build --quiet --locked) >&2
  echo "$here/target/debug/hydrate"
}

mapping() {
  cat <<'TABLE'
little.sh command                          hydrate command
  accountBootstrap                           hydrate bootstrap
  stack create [--dryRun] PATH               hydrate stack create PATH      (--dryRun: hydrate stack diff PATH)
  stack update [--dryRun] PATH               hydrate stack update PATH      (--dryRun: hydrate stack diff PATH)
  stack make-change PATH                     hydrate stack diff PATH        (the change set, shown, not kept)
  stack events PATH                          hydrate stack events PATH
  stack describe PATH                        hydrate stack status PATH
  stack delete PATH                          hydrate stack delete PATH      (asks for the stack name)
  stack filter PATH                          hydrate stack template PATH
  stack list                                 hydrate status
PATH is a stack file, e.g. db/cloudformation/acme/accountSetup/iamSetup/stackParams.json; the account
is the nearest folder above it holding account.json (AccountId, Region, Tags).
TABLE
}

command=${1:-}
case "$command" in
  accountBootstrap)
    shift
    exec "$(hydrate_bin)" bootstrap "$@"
    ;;
  stack)
    sub=${2:-}
    shift 2 || true
    dry=false
    args=()
    for arg in "$@"; do
      if [ "$arg" = "--dryRun" ]; then dry=true; else args+=("$arg"); fi
    done
    case "$sub" in
      create|update)
        if $dry; then exec "$(hydrate_bin)" stack diff "${args[@]}"; fi
        exec "$(hydrate_bin)" stack "$sub" "${args[@]}"
        ;;
      make-change) exec "$(hydrate_bin)" stack diff "${args[@]}" ;;
      events|delete) exec "$(hydrate_bin)" stack "$sub" "${args[@]}" ;;
      describe) exec "$(hydrate_bin)" stack status "${args[@]}" ;;
      filter) exec "$(hydrate_bin)" stack template "${args[@]}" ;;
      list) exec "$(hydrate_bin)" status "${args[@]}" ;;
      *)
        echo "little.sh: unknown stack command '${sub}'" >&2
        mapping
        exit 2
        ;;
    esac
    ;;
  *)
    [ -n "$command" ] && echo "little.sh: unknown command '${command}'" >&2
    mapping
    exit 2
    ;;
esac
