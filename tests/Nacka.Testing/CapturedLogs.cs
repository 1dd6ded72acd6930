using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Nacka.Testing;

/// <summary>Every log entry a host writes (after its configured filters), for tests of what operators would see.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<(DateTime At, LogLevel Level, string Category, string Message)> _entries = new();

    public IReadOnlyList<(DateTime At, LogLevel Level, string Category, string Message)> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._entries.Enqueue((DateTime.UtcNow, logLevel, category, formatter(state, exception) + (exception is null ? "" : " | " + exception.Message)));
    }
}
