using Ami.LocalHost;
using Ami.LocalHost.OpenApi;

// The build's OpenAPI generator runs this entry point: give it the routes only (no storage, no engine).
if (AmiOpenApi.IsBuildTimeGeneration)
{
    await AmiOpenApi.RunForDocumentGenerationAsync(args);
    return;
}

// Runs AmiFunctions without the Functions host: see AmiLocalHost. Ctrl+C stops it cleanly.
await using var host = await AmiLocalHost.StartAsync(args);
host.WriteBanner(Console.Out);
await host.App.WaitForShutdownAsync();
