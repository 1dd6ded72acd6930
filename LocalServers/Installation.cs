namespace Nacka.LocalServers;

/// <summary>
/// Finds the server binaries the Debian packages install, and names the package to install when
/// one is missing, so a new machine fails with an instruction instead of a stack trace.
/// </summary>
public static class Installation
{
    public const string PostgresPackage = "postgresql";
    public const string RabbitMqPackage = "rabbitmq-server";

    private static readonly string[] EpmdLocations = ["/usr/bin/epmd", "/usr/local/bin/epmd"];

    /// <summary>The newest <c>/usr/lib/postgresql/N/bin</c> holding both <c>postgres</c> and <c>initdb</c>.</summary>
    public static string? FindPostgresBinDirectory(string root = "/usr/lib/postgresql")
    {
        if (!Directory.Exists(root))
        {
            return null;
        }

        return Directory.GetDirectories(root)
            .Select(dir => (Version: int.TryParse(Path.GetFileName(dir), out var v) ? v : -1, Bin: Path.Combine(dir, "bin")))
            .Where(c => File.Exists(Path.Combine(c.Bin, "postgres")) && File.Exists(Path.Combine(c.Bin, "initdb")))
            .OrderByDescending(c => c.Version)
            .Select(c => c.Bin)
            .FirstOrDefault();
    }

    public static string? FindRabbitMqServer(string path = "/usr/lib/rabbitmq/bin/rabbitmq-server") =>
        File.Exists(path) ? path : null;

    /// <summary>epmd ships with Erlang, which <c>rabbitmq-server</c> depends on.</summary>
    public static string? FindEpmd() =>
        EpmdLocations.FirstOrDefault(File.Exists)
        ?? Directory.EnumerateDirectories("/usr/lib/erlang", "erts-*").Select(d => Path.Combine(d, "bin", "epmd")).FirstOrDefault(File.Exists);

    /// <summary>Lists what is missing for local servers, each with the command that fixes it.</summary>
    public static IReadOnlyList<string> MissingForLocalServers() =>
        MissingForLocalServers("/usr/lib/postgresql", "/usr/lib/rabbitmq/bin/rabbitmq-server");

    /// <summary>As <see cref="MissingForLocalServers()"/>, looking in the given places (tests use empty folders).</summary>
    public static IReadOnlyList<string> MissingForLocalServers(string postgresRoot, string rabbitMqServer)
    {
        var missing = new List<string>();
        if (FindPostgresBinDirectory(postgresRoot) is null)
        {
            missing.Add($"PostgreSQL server binaries (/usr/lib/postgresql/*/bin/postgres): apt-get install -y {PostgresPackage}");
        }

        if (FindRabbitMqServer(rabbitMqServer) is null || FindEpmdSafe() is null)
        {
            missing.Add($"RabbitMQ broker (/usr/lib/rabbitmq/bin/rabbitmq-server): apt-get install -y {RabbitMqPackage}");
        }

        return missing;
    }

    private static string? FindEpmdSafe()
    {
        try
        {
            return FindEpmd();
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }
}
