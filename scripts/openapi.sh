#!/usr/bin/env bash
# Regenerates docs/openapi.json from the routes: the build of Ami.LocalHost writes the OpenAPI document
# (Microsoft.Extensions.ApiDescription.Server runs its routes, see src/Ami.LocalHost/OpenApi/AmiOpenApi.cs);
# this copies it to docs/, where Ami.Functions embeds it. OpenApiDocumentTests fail while the two differ.
# Usage: scripts/openapi.sh
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/Ami.LocalHost -c Release -warnaserror -nologo -v quiet -clp:NoSummary
cp src/Ami.LocalHost/bin/Release/net10.0/openapi.json docs/openapi.json
echo "docs/openapi.json regenerated"
