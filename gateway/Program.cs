using Nacka.Gateway;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddReverseProxy()
    .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
    .AddServiceDiscoveryDestinationResolver();

var app = builder.Build();
app.UseServiceDefaults();
app.UseEdgeAuthorization();
app.MapDefaultEndpoints();
app.MapReverseProxy();
await app.RunAsync();

/// <summary>Entry point, visible to the gateway's tests through WebApplicationFactory.</summary>
public partial class Program;
