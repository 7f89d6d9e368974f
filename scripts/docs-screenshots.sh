#!/usr/bin/env bash
# The screenshots of docs/screenshots/ that the browser tests make (BrowserSite.DocScreenshotAsync: the top of a page,
# under screenshots/docs/ in the test output): runs those tests, then copies the images in.
#
# Usage: scripts/docs-screenshots.sh [--no-run]
#   --no-run  only copy, from the last run of the tests
# Needs the solution built in Release (dotnet build AmiFunctions.sln -c Release), Azurite and Chromium as ./test.sh.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$ROOT/tests/Ami.LocalHost.Tests/bin/Release/net10.0/screenshots/docs"
SHOTS=(jure-mes-dossiers jure-grille jury-avis commission-seance commission-import-erreurs)

if [[ "${1:-}" != "--no-run" ]]; then
  rm -rf "$OUT"
  dotnet test "$ROOT/tests/Ami.LocalHost.Tests/Ami.LocalHost.Tests.csproj" -c Release --no-build \
    --filter "FullyQualifiedName~JurorWorkspaceBrowserTests|FullyQualifiedName~PresidentOpinionsBrowserTests|FullyQualifiedName~CpSessionBrowserTests"
fi

for name in "${SHOTS[@]}"; do
  if [[ ! -f "$OUT/$name.png" ]]; then
    echo "missing $OUT/$name.png: run the browser tests first (without --no-run)" >&2
    exit 1
  fi
  cp "$OUT/$name.png" "$ROOT/docs/screenshots/$name.png"
  echo "docs/screenshots/$name.png"
done
