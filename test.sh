#!/usr/bin/env bash
# Runs every test of the repository: restores the pinned tools (Azurite from npm), builds with warnings
# as errors, runs all test projects. Usage: ./test.sh
set -euo pipefail
cd "$(dirname "$0")"

bash scripts/ensure-azurite.sh

dotnet build AmiFunctions.sln -c Release -warnaserror -nologo -v quiet
bash infra/check.sh
dotnet test AmiFunctions.sln -c Release --no-build -nologo --logger "console;verbosity=normal"
