using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Nacka.Testing;

/// <summary>
/// Faults injected into a service's own database traffic, armed by a test right before the
/// request it concerns: a transient error on a matching command (the execution strategy retries
/// the whole write), a failure just before commit, or a crash just after it. Only traffic of an
/// HTTP request is hit: the outbox dispatcher and sequencer share the DbContext and would
/// otherwise take the fault first.
/// </summary>
public sealed class DatabaseFaults : IDbCommandInterceptor, IDbTransactionInterceptor
{
    private Func<DbCommand, bool>? _transientOn;
    private int _failCommit;
    private int _crashAfterCommit;

    public int Injected { get; private set; }

    /// <summary>The next command matching <paramref name="match"/> fails once as a lost connection would (transient).</summary>
    public void FailOnceTransiently(Func<DbCommand, bool> match) => _transientOn = match;

    /// <summary>The next commit fails (not transient): nothing of that write may remain.</summary>
    public void FailNextCommit() => _failCommit = 1;

    /// <summary>The next commit succeeds, then the process "dies" before answering.</summary>
    public void CrashAfterNextCommit() => _crashAfterCommit = 1;

    public static bool Inserts(DbCommand command, string table) =>
        command.CommandText.Contains("INSERT INTO", StringComparison.Ordinal)
        && (command.CommandText.Contains($".{table} ", StringComparison.Ordinal) || command.CommandText.Contains($"\"{table}\"", StringComparison.Ordinal));

    private static bool InRequest()
    {
        for (var activity = System.Diagnostics.Activity.Current; activity is not null; activity = activity.Parent)
        {
            if (activity.OperationName == "Microsoft.AspNetCore.Hosting.HttpRequestIn")
            {
                return true;
            }
        }

        return false;
    }

    private void MaybeFail(DbCommand command)
    {
        if (_transientOn is { } match && InRequest() && match(command))
        {
            _transientOn = null;
            Injected++;
            throw new NpgsqlException("Injected: connection lost mid-write", new TimeoutException());
        }
    }

    public InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        MaybeFail(command);
        return result;
    }

    public ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result,
        CancellationToken cancellationToken = default)
    {
        MaybeFail(command);
        return ValueTask.FromResult(result);
    }

    public ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        MaybeFail(command);
        return ValueTask.FromResult(result);
    }

    public ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result,
        CancellationToken cancellationToken = default)
    {
        if (InRequest() && Interlocked.Exchange(ref _failCommit, 0) == 1)
        {
            Injected++;
            throw new InvalidOperationException("Injected: the commit failed");
        }

        return ValueTask.FromResult(result);
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (InRequest() && Interlocked.Exchange(ref _crashAfterCommit, 0) == 1)
        {
            Injected++;
            throw new InvalidOperationException("Injected: the process died after commit, before answering");
        }

        return Task.CompletedTask;
    }
}
