using Ami.Pages;
using Ami.Workflow;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddAmiWorkflow(builder.Configuration);
builder.Services.AddAmiPages();
await builder.Build().RunAsync();
