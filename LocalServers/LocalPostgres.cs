namespace Nacka.LocalServers;

/// <summary>
/// A PostgreSQL server run as a plain process from the installed binaries: its data folder, the
/// generated password, and the command line that starts it. Used by the AppHost (as a dashboard
/// resource) and by the test fixture (as a throwaway server), so both start it the same way.
/// </summary>
public sealed class LocalPostgres
{
    public const string SuperUser = "postgres";

    public LocalPostgres(string rootDirectory, int port, string? binDirectory = null)
    {
        RootDirectory = Path.GetFullPath(rootDirectory);
        Port = port;
        BinDirectory = binDirectory ?? Installation.FindPostgresBinDirectory()
            ?? throw new InvalidOperationException(
                $"PostgreSQL server binaries were not found under /usr/lib/postgresql/*/bin. Install them: apt-get install -y {Installation.PostgresPackage}");
    }

    public string RootDirectory { get; }
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

    /// <summary>The server in the foreground, listening on loopback only.</summary>
    public (string FileName, IReadOnlyList<string> Arguments) ServerCommand() =>
        PosixUser.AsPostgresUser(Path.Combine(BinDirectory, "postgres"),
        [
            "-D", DataDirectory, "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-k", SocketDirectory, "-c", "listen_addresses=127.0.0.1",
        ]);
}
