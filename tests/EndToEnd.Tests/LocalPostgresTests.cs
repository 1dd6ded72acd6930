using System.Diagnostics;
using Nacka.LocalServers;
using Npgsql;
using Xunit;

namespace Nacka.EndToEnd.Tests;

/// <summary>The local PostgreSQL the AppHost starts, in the folders a new user really has.</summary>
public sealed class LocalPostgresTests : IDisposable
{
    // mktemp -d makes 0700 folders, as home folders are: the postgres user cannot enter them.
    private readonly string _private = Directory.CreateTempSubdirectory("nacka-home-").FullName;

    [Fact]
    public void A_free_port_is_handed_out_once_per_process_even_when_the_OS_offers_it_again()
    {
        // The bench picks PostgreSQL's port, then its telemetry receiver's; the OS offered the released port again and the
        // receiver held it when PostgreSQL started. Released at once, each port below is the kind the OS may offer again.
        var ports = Enumerable.Range(0, 2_000).Select(_ => FreePort.Next()).ToList();
        Assert.Equal(ports.Count, ports.Distinct().Count());
    }

    [Fact]
    public async Task A_cluster_asked_for_in_a_folder_postgres_cannot_enter_initialises_starts_accepts_its_password_and_counts_statements()
    {
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_private));
        var server = new LocalPostgres(Path.Combine(_private, "checkout", ".local", "postgres"), FreePort.Next());

        server.EnsureInitialised();
        var (command, arguments) = server.ServerCommand(statementStatistics: true); // as the AppHost starts it
        var start = new ProcessStartInfo(command) { RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = server.RootDirectory };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        try
        {
            Assert.True(await FreePort.WaitUntilListeningAsync(server.Port, TimeSpan.FromSeconds(30)), "PostgreSQL did not listen");
            await using var connection = new NpgsqlConnection(server.ConnectionString("postgres"));
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var query = new NpgsqlCommand("SELECT 1", connection);
            Assert.Equal(1, await query.ExecuteScalarAsync(TestContext.Current.CancellationToken));
            // The view answers only when the server loaded the library at start (README: pg_stat_statements in local mode).
            await using var statements = new NpgsqlCommand(
                "CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT count(*) > 0 FROM pg_stat_statements WHERE query = 'SELECT $1'", connection);
            Assert.Equal(true, await statements.ExecuteScalarAsync(TestContext.Current.CancellationToken));
        }
        finally
        {
            PosixUser.Signal(process.Id, PosixUser.SigInt);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        // A second start in the same checkout finds the same cluster and password.
        var again = new LocalPostgres(Path.Combine(_private, "checkout", ".local", "postgres"), FreePort.Next());
        again.EnsureInitialised();
        Assert.Equal(server.RootDirectory, again.RootDirectory);
        Assert.Equal(server.Password, again.Password);
    }

    public void Dispose()
    {
        LocalPostgres.Delete(Path.Combine(_private, "checkout", ".local", "postgres"));
        Directory.Delete(_private, recursive: true);
    }
}
