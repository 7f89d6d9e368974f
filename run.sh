#!/usr/bin/env bash
# Runs AmiFunctions locally, without the Azure Functions host: the same API and orchestrations on the
# Durable Task engine over Azurite (started for you, data in .azurite/), mails captured at /dev/mails.
# Usage: ./run.sh [--urls http://127.0.0.1:7071] [--Setting=value ...]   (Ctrl+C stops everything)
set -euo pipefail
cd "$(dirname "$0")"

for tool in dotnet node npm; do
  if ! command -v "$tool" >/dev/null; then
    echo "$tool est introuvable : il faut le SDK .NET 10, Node.js 20 et npm." >&2
    exit 1
  fi
done

# Azurite comes from npm, pinned by package-lock.json: install it when it is missing or not the pinned version.
locked=$(node -p "require('./package-lock.json').packages['node_modules/azurite'].version")
installed=$(node -p "try { require('./node_modules/azurite/package.json').version } catch { '' }")
if [ ! -x node_modules/.bin/azurite ] || [ "$locked" != "$installed" ]; then
  if [ -L node_modules ]; then
    echo "node_modules is a link shared with another checkout: not reinstalling it (Azurite $installed, pinned $locked)." >&2
  else
    npm ci --no-audit --no-fund --loglevel=error
  fi
fi

# Build with the repository's rules (warnings as errors, see Directory.Build.rsp), then run what was built.
dotnet build src/Ami.LocalHost -c Release -warnaserror -nologo -v quiet -clp:NoSummary
exec dotnet run --no-build --project src/Ami.LocalHost -c Release -- "$@"
