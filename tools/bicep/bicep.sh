#!/usr/bin/env bash
# Runs the pinned Bicep CLI, restoring it from NuGet first when it is not in the NuGet cache yet.
# Usage: tools/bicep/bicep.sh <bicep arguments>   e.g. tools/bicep/bicep.sh build infra/bicep/main.bicep --stdout
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
proj="$here/bicep.proj"
version="$(sed -n 's:.*<BicepVersion>\(.*\)</BicepVersion>.*:\1:p' "$proj")"
package="azure.bicep.commandline.linux-x64"

packages_dir() {
  if [ -n "${NUGET_PACKAGES:-}" ]; then
    echo "${NUGET_PACKAGES%/}"
  else
    dotnet nuget locals global-packages --list | sed -n 's/^global-packages: *//p' | sed 's:/*$::'
  fi
}

cache="$(packages_dir)"
bin="$cache/$package/$version/tools/bicep"
if [ ! -f "$bin" ]; then
  # -noAutoResponse: the root Directory.Build.rsp carries build-only switches.
  dotnet restore "$proj" -noAutoResponse -nologo -v quiet >&2
fi
if [ ! -f "$bin" ]; then
  echo "bicep.sh: $bin not found after restoring $proj" >&2
  exit 1
fi
# The nupkg does not always keep the executable bit.
[ -x "$bin" ] || chmod +x "$bin"
# No telemetry from CI or tests; the CLI runs offline for local modules.
export BICEP_TELEMETRY_ENABLED="${BICEP_TELEMETRY_ENABLED:-false}"
exec "$bin" "$@"
