#!/usr/bin/env bash
# Runs AmiFunctions locally, without the Azure Functions host: the same API and orchestrations on the
# Durable Task engine over Azurite (started for you, data in .azurite/), mails captured at /dev/mails.
# Usage: ./run.sh [--urls http://127.0.0.1:7071] [--Setting=value ...]   (Ctrl+C stops everything)
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v dotnet >/dev/null; then
  echo "dotnet (SDK .NET 10) est introuvable : installez-le (https://dot.net)." >&2
  exit 1
fi

# Azurite comes from npm (package-lock.json pins it); reinstall when missing or when the lock file changed.
if [ ! -x node_modules/.bin/azurite ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  if ! command -v npm >/dev/null; then
    echo "npm (Node 20) est introuvable : il faut Node.js et npm pour installer Azurite." >&2
    exit 1
  fi
  npm ci --no-audit --no-fund --loglevel=error
fi

exec dotnet run --project src/Ami.LocalHost -c Release -- "$@"
