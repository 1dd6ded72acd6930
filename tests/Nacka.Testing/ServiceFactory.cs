using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Nacka.Testing;

/// <summary>
/// A service's real HTTP pipeline (its own Program) wired to the test PostgreSQL and RabbitMQ,
/// with a fresh database of its own.
/// </summary>
/// <param name="infrastructure">The test servers.</param>
/// <param name="databaseConnectionName">The service's database connection name.</param>
/// <param name="messagingConnectionString">The broker (default: the shared test broker's default virtual host).</param>
/// <param name="configure">More settings or services, e.g. where a read model's producer feed is.</param>
public sealed class ServiceFactory<TProgram>(TestInfrastructure infrastructure, string databaseConnectionName, string? messagingConnectionString = null,
    Action<IWebHostBuilder>? configure = null) : WebApplicationFactory<TProgram>
    where TProgram : class
{
    public string DatabaseConnectionString { get; } = infrastructure.NewDatabaseConnectionString(databaseConnectionName);

    public string MessagingConnectionString { get; } = messagingConnectionString ?? infrastructure.MessagingConnectionString;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // The environment ./build.sh run starts the services in: a test that passes here passes
        // for the users trying the running system (Development throws on binding failures).
        builder.UseEnvironment("Development");
        builder.UseSetting($"ConnectionStrings:{databaseConnectionName}", DatabaseConnectionString);
        builder.UseSetting("ConnectionStrings:messaging", MessagingConnectionString);
        builder.UseTestTokenValidation();
        configure?.Invoke(builder);
    }

    /// <summary>A client whose requests carry a token for <paramref name="name"/> with <paramref name="roles"/> (default: a registrar).</summary>
    public HttpClient CreateClientAs(string name = "Test Registrar", params string[] roles) =>
        CreateClient().As(name, roles.Length > 0 ? roles : [TestTokens.Registrar]);
}

public static class ServiceFactoryExtensions
{
    /// <summary>The same service with <paramref name="faults"/> in its database traffic.</summary>
    public static Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<TProgram> WithDatabaseFaults<TProgram, TContext>(
        this ServiceFactory<TProgram> service, DatabaseFaults faults)
        where TProgram : class
        where TContext : Microsoft.EntityFrameworkCore.DbContext =>
        service.WithWebHostBuilder(web => Microsoft.AspNetCore.TestHost.WebHostBuilderExtensions.ConfigureTestServices(web, services =>
            Microsoft.Extensions.DependencyInjection.EntityFrameworkServiceCollectionExtensions.ConfigureDbContext<TContext>(services, options =>
                options.AddInterceptors(faults))));
}
