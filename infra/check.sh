#!/usr/bin/env bash
# Compiles and lints the Bicep of infra/bicep with the pinned Bicep CLI (restored from NuGet by
# tools/bicep/bicep.sh) and fails on any error or warning, from main.bicep or any module it uses.
# Rules raised above their defaults are in infra/bicep/bicepconfig.json. Usage: infra/check.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bicep="$root/tools/bicep/bicep.sh"
main="$root/infra/bicep/main.bicep"

# Restore first, so restore messages are not mistaken for diagnostics.
"$bicep" --version

failed=0
run() {
  local label="$1"; shift
  local out rc=0
  # Diagnostics go to stderr; the compiled template (build --stdout) is discarded.
  out="$("$bicep" "$@" 2>&1 >/dev/null)" || rc=$?
  if [ -n "$out" ]; then
    printf '%s\n' "$out"
  fi
  if [ "$rc" -ne 0 ] || printf '%s\n' "$out" | grep -Eq ' : (Error|Warning) '; then
    echo "infra/check.sh: bicep $label reported errors or warnings (exit $rc)" >&2
    failed=1
  fi
}

run build build "$main" --stdout
run lint lint "$main"

if [ "$failed" -ne 0 ]; then
  exit 1
fi
echo "infra/check.sh: bicep build and lint clean (no error, no warning)"
