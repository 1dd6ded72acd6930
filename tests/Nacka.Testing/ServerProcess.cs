using System.Diagnostics;
using Nacka.LocalServers;

namespace Nacka.Testing;

/// <summary>
/// One server process we started, known by its PID, with its output in a log file. Stopped by
/// signalling that PID (never by name), so a developer's own servers are never touched.
/// </summary>
public sealed class ServerProcess
{
    private readonly Process _process;

    private ServerProcess(string name, Process process, string logFile)
    {
        Name = name;
        _process = process;
        LogFile = logFile;
    }

    public string Name { get; }
    public string LogFile { get; }
    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;

    public static ServerProcess Start(string name, (string FileName, IReadOnlyList<string> Arguments) command, string workingDirectory,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var logFile = Path.Combine(workingDirectory, name + ".log");
        // `exec` keeps the PID ours: the shell only redirects output to the log, then becomes the server.
        var start = new ProcessStartInfo("/bin/sh") { WorkingDirectory = workingDirectory, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$@\" >>\"$LOG_FILE\" 2>&1");
        start.ArgumentList.Add(name);
        start.ArgumentList.Add(command.FileName);
        foreach (var argument in command.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["LOG_FILE"] = logFile;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {name}.");
        return new ServerProcess(name, process, logFile);
    }

    public string ReadLog() => File.Exists(LogFile) ? File.ReadAllText(LogFile) : "(no log)";

    /// <summary>Asks the server to stop with <paramref name="signal"/>, then forces it after the grace period.</summary>
    public async Task StopAsync(int signal, TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return;
        }

        PosixUser.Signal(_process.Id, signal);
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }
}
