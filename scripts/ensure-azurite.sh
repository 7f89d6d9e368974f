#!/usr/bin/env bash
# Installs Azurite from npm (pinned by package-lock.json) when it is missing or not the pinned version.
# Used by run.sh and test.sh; nothing installed by hand is needed.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in dotnet node npm; do
  if ! command -v "$tool" >/dev/null; then
    echo "$tool est introuvable : il faut le SDK .NET 10, Node.js 20 et npm." >&2
    exit 1
  fi
done

locked=$(node -p "require('./package-lock.json').packages['node_modules/azurite'].version")
installed=$(node -p "try { require('./node_modules/azurite/package.json').version } catch { '' }")
if [ ! -x node_modules/.bin/azurite ] || [ "$locked" != "$installed" ]; then
  if [ -L node_modules ]; then
    echo "node_modules is a link shared with another checkout: not reinstalling it (Azurite $installed, pinned $locked)." >&2
  else
    npm ci --no-audit --no-fund --loglevel=error
  fi
fi
