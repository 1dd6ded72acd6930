using Nacka.LocalServers;
using Xunit;

namespace Nacka.EndToEnd.Tests;

public sealed class InstallationTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("nacka-install-").FullName;

    [Fact]
    public void The_newest_installed_PostgreSQL_with_server_and_initdb_is_used()
    {
        foreach (var (version, complete) in new[] { ("13", true), ("15", true), ("16", false) })
        {
            var bin = Directory.CreateDirectory(Path.Combine(_root, version, "bin")).FullName;
            File.WriteAllText(Path.Combine(bin, "postgres"), "");
            if (complete)
            {
                File.WriteAllText(Path.Combine(bin, "initdb"), "");
            }
        }

        Assert.Equal(Path.Combine(_root, "15", "bin"), Installation.FindPostgresBinDirectory(_root));
    }

    [Fact]
    public void Missing_servers_are_named_with_the_package_that_installs_them()
    {
        var missing = Installation.MissingForLocalServers(Path.Combine(_root, "no-postgresql"), Path.Combine(_root, "no-rabbitmq-server"));

        Assert.Equal(2, missing.Count);
        Assert.Contains("apt-get install -y postgresql", missing[0], StringComparison.Ordinal);
        Assert.Contains("apt-get install -y rabbitmq-server", missing[1], StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
