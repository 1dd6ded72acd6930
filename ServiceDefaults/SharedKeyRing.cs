using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// One data-protection key ring for every replica of an app that keeps state in cookies (the portal's session and
/// anti-forgery tokens): with <c>DataProtection:KeysDirectory</c> set — a volume all replicas mount, in Kubernetes a
/// ReadWriteMany claim (deploy/base/portal.yaml) — a cookie one pod wrote is read by the next, and a rolling update signs
/// nobody out. Without it (one process on a laptop) ASP.NET Core's per-user default stands.
/// </summary>
public static class SharedKeyRing
{
    public static IHostApplicationBuilder AddSharedKeyRing(this IHostApplicationBuilder builder, string applicationName)
    {
        if (builder.Configuration["DataProtection:KeysDirectory"] is { Length: > 0 } directory)
        {
            builder.Services.AddDataProtection()
                .SetApplicationName(applicationName)
                .PersistKeysToFileSystem(new DirectoryInfo(directory));
        }

        return builder;
    }
}
