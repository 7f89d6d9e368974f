#!/usr/bin/env bash
# Runs every test of the repository: installs the pinned tools (Azurite and axe-core from npm, chromium from
# apt-get when missing, the Bicep CLI from
# NuGet), builds with warnings as errors, compiles and lints the Bicep, runs every test project, and ends
# with one plain line "N passed, N failed, N skipped". Usage: ./test.sh
set -euo pipefail
cd "$(dirname "$0")"

bash scripts/ensure-azurite.sh
bash scripts/ensure-clamav.sh
bash scripts/ensure-browser.sh

dotnet build AmiFunctions.sln -c Release -warnaserror -nologo -v quiet
bash infra/check.sh

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
status=0
dotnet test AmiFunctions.sln -c Release --no-build -nologo \
  --logger "console;verbosity=minimal" --logger "trx" --results-directory "$results" || status=$?

# The totals of every test project, from their TRX reports.
cat "$results"/*.trx 2>/dev/null | tr ' ' '\n' | awk -F'"' '
  /^passed=/ { p += $2 } /^failed=/ { f += $2 } /^notExecuted=/ { s += $2 }
  END { printf "%d passed, %d failed, %d skipped\n", p, f, s }'
exit $status
