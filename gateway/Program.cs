using Nacka.Gateway;
using Nacka.Gateway.ApiReference;
using Nacka.Gateway.Composition;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddEdgeProtection();
builder.AddApiReference();
builder.Services.AddReverseProxy()
    .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
    .AddServiceDiscoveryDestinationResolver();
ServiceReads.AddTo(builder.Services);

var app = builder.Build();
app.UseServiceDefaults();
app.UseEdgeProtection();
app.UseEdgeAuthorization();
app.MapDefaultEndpoints();
app.MapOrgViews();
app.MapApiReference();
app.MapPortalRedirect();
app.MapReverseProxy();
await app.RunAsync();

/// <summary>Entry point, visible to the gateway's tests through WebApplicationFactory.</summary>
public partial class Program;
