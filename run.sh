#!/usr/bin/env bash
# Runs AmiFunctions locally, without the Azure Functions host: the same API and orchestrations on the
# Durable Task engine over Azurite (started for you, data in .azurite/), mails captured at /dev/mails.
# Usage: ./run.sh [--urls http://127.0.0.1:7071] [--Setting=value ...]   (Ctrl+C stops everything)
set -euo pipefail
cd "$(dirname "$0")"

bash scripts/ensure-azurite.sh
bash scripts/ensure-clamav.sh

# Build with the repository's rules (warnings as errors, see Directory.Build.rsp), then run what was built.
dotnet build src/Ami.LocalHost -c Release -warnaserror -nologo -v quiet -clp:NoSummary
exec dotnet run --no-build --project src/Ami.LocalHost -c Release -- "$@"
