var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/", () => "AmiFunctions local host");
await app.RunAsync();
