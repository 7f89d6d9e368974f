using Ami.LocalHost;

// Runs AmiFunctions without the Functions host: see AmiLocalHost. Ctrl+C stops it cleanly.
await using var host = await AmiLocalHost.StartAsync(args);
host.WriteBanner(Console.Out);
await host.App.WaitForShutdownAsync();
