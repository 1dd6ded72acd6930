namespace Nacka.LocalServers;

/// <summary>
/// A PostgreSQL server run as a plain process from the installed binaries: its data folder, the
/// generated password, and the command line that starts it. Used by the AppHost (as a dashboard
/// resource) and by the test fixture (as a throwaway server), so both start it the same way.
/// </summary>
public sealed class LocalPostgres
{
    public const string SuperUser = "postgres";

    /// <summary>Where clusters go whose requested folder the postgres user cannot reach.</summary>
    public const string ReachableBase = "/var/tmp/nacka-postgres";

    private const string LocationNote = "cluster-location";

    public LocalPostgres(string rootDirectory, int port, string? binDirectory = null)
    {
        RequestedDirectory = Path.GetFullPath(rootDirectory);
        RootDirectory = RequestedDirectory;
        Port = port;
        BinDirectory = binDirectory ?? Installation.FindPostgresBinDirectory()
            ?? throw new InvalidOperationException(
                $"PostgreSQL server binaries were not found under /usr/lib/postgresql/*/bin. Install them: apt-get install -y {Installation.PostgresPackage}");
    }

    /// <summary>The folder the caller asked for (e.g. <c>.local/postgres</c> in the checkout).</summary>
    public string RequestedDirectory { get; }

    /// <summary>
    /// Where the cluster actually lives: the requested folder, or — when we are root and the
    /// postgres user cannot enter it (a clone under /root, a <c>mktemp -d</c> folder) — a folder
    /// under <see cref="ReachableBase"/> named after it. Decided by <see cref="EnsureInitialised"/>.
    /// </summary>
    public string RootDirectory { get; private set; }
    public int Port { get; }
    public string BinDirectory { get; }
    public string DataDirectory => Path.Combine(RootDirectory, "data");

    /// <summary>The Unix socket folder, kept inside our own folder so no system path is needed.</summary>
    public string SocketDirectory => Path.Combine(RootDirectory, "run");

    private string PasswordFile => Path.Combine(RootDirectory, "postgres.password");

    /// <summary>Read (or generated) once: the file only changes when the data folder is reset.</summary>
    public string Password => _password ??= Secrets.ReadOrCreate(PasswordFile);

    private string? _password;

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username={SuperUser};Password={Password};Database={database}";

    /// <summary>
    /// Runs <c>initdb</c> once, with scram-sha-256 authentication and the generated password.
    /// A folder already initialised is left as it is, so data survives restarts.
    /// </summary>
    public void EnsureInitialised()
    {
        Directory.CreateDirectory(RequestedDirectory);
        RootDirectory = PlaceCluster();
        Directory.CreateDirectory(RootDirectory);
        Directory.CreateDirectory(SocketDirectory);
        var password = Password;
        if (File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
        {
            PosixUser.GiveToPostgres(SocketDirectory);
            return;
        }

        // initdb reads the password from a file the server user can read; it is removed right after.
        var passwordFile = Path.Combine(RootDirectory, "initdb.pw");
        File.WriteAllText(passwordFile, password);
        Directory.CreateDirectory(DataDirectory);
        PosixUser.GiveToPostgres(RootDirectory);
        try
        {
            var (fileName, arguments) = PosixUser.AsPostgresUser(Path.Combine(BinDirectory, "initdb"),
            [
                "-D", DataDirectory, "-U", SuperUser, "--auth=scram-sha-256", "--pwfile=" + passwordFile,
                "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync",
            ]);
            PosixUser.Run(fileName, arguments);
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    /// <summary>
    /// The folder for the cluster outside the requested one, named by a hash of the requested path so
    /// each checkout keeps its own. The requested folder notes where it went; when that note is gone
    /// (the user deleted <c>.local</c> to start from scratch), the old cluster is removed with it.
    /// </summary>
    public static string ReachableDirectoryFor(string requestedDirectory)
    {
        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Path.GetFullPath(requestedDirectory))));
        return Path.Combine(ReachableBase, hash[..16].ToLowerInvariant());
    }

    private string PlaceCluster()
    {
        if (!PosixUser.IsRoot || PosixUser.PostgresCanEnter(RequestedDirectory))
        {
            return RequestedDirectory;
        }

        var reachable = ReachableDirectoryFor(RequestedDirectory);
        var note = Path.Combine(RequestedDirectory, LocationNote);
        if (!File.Exists(note) && Directory.Exists(reachable))
        {
            Directory.Delete(reachable, recursive: true);
        }

        Directory.CreateDirectory(ReachableBase);
        File.SetUnixFileMode(ReachableBase, (UnixFileMode)0b111_101_101);
        File.WriteAllText(note, $"The postgres user cannot enter this folder, so the cluster lives in {reachable}.\n");
        return reachable;
    }

    /// <summary>Where the cluster asked for at <paramref name="requestedDirectory"/> lives, once initialised.</summary>
    public static string Locate(string requestedDirectory) =>
        File.Exists(Path.Combine(requestedDirectory, LocationNote)) ? ReachableDirectoryFor(requestedDirectory) : Path.GetFullPath(requestedDirectory);

    /// <summary>Removes the cluster and, when it was placed elsewhere, that folder too (tests clean up with this).</summary>
    public static void Delete(string requestedDirectory)
    {
        var reachable = ReachableDirectoryFor(requestedDirectory);
        if (Directory.Exists(reachable))
        {
            Directory.Delete(reachable, recursive: true);
        }

        if (Directory.Exists(requestedDirectory))
        {
            Directory.Delete(requestedDirectory, recursive: true);
        }
    }

    /// <summary>
    /// The server in the foreground, listening on loopback only, with <paramref name="maxConnections"/> connections; with
    /// <paramref name="statementStatistics"/>, <c>pg_stat_statements</c> loaded (what each statement costs, for the bench and for
    /// anyone looking into a local run: <c>CREATE EXTENSION pg_stat_statements</c> in a database shows every database's).
    /// </summary>
    public (string FileName, IReadOnlyList<string> Arguments) ServerCommand(int maxConnections = 100, bool statementStatistics = false) =>
        PosixUser.AsPostgresUser(Path.Combine(BinDirectory, "postgres"),
        [
            "-D", DataDirectory, "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-k", SocketDirectory, "-c", "listen_addresses=127.0.0.1",
            "-c", "max_connections=" + maxConnections.ToString(System.Globalization.CultureInfo.InvariantCulture),
            .. statementStatistics ? (string[])["-c", "shared_preload_libraries=pg_stat_statements", "-c", "pg_stat_statements.track=all"] : [],
        ]);
}
