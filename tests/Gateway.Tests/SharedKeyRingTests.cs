using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace Nacka.Gateway.Tests;

/// <summary>
/// The portal's replicas share one key ring through a directory (ServiceDefaults' <c>AddSharedKeyRing</c>): what one
/// process protected (a session cookie, an anti-forgery token) another reads, and another app's ring does not.
/// </summary>
public sealed class SharedKeyRingTests : IDisposable
{
    private readonly string _keys = Directory.CreateTempSubdirectory("nacka-keys-").FullName;

    private IDataProtector Replica(string application)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["DataProtection:KeysDirectory"] = _keys });
        builder.AddSharedKeyRing(application);
        return builder.Build().Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("session");
    }

    [Fact]
    public void A_cookie_one_replica_wrote_is_read_by_another_and_not_by_another_app()
    {
        var written = Replica("nacka-portal").Protect("signed in as Lena");

        Assert.Equal("signed in as Lena", Replica("nacka-portal").Unprotect(written));
        Assert.NotEmpty(Directory.GetFiles(_keys, "key-*.xml"));
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => Replica("another-app").Unprotect(written));
    }

    public void Dispose() => Directory.Delete(_keys, recursive: true);
}
