using System.Globalization;

namespace Nacka.LocalServers;

/// <summary>
/// A RabbitMQ broker run as a plain process from the Debian package, with everything private to
/// one folder: node name, Erlang cookie (HOME), database, logs, config and plugins. Its own epmd
/// (Erlang port mapper) runs on a private port as a separate process we own, so stopping the
/// broker and that epmd leaves nothing behind and never touches another broker's epmd.
/// </summary>
public sealed class LocalRabbitMq
{
    public const string Username = "nacka";

    public LocalRabbitMq(string rootDirectory, int amqpPort, int managementPort, int distributionPort, int epmdPort, string nodeName)
    {
        RootDirectory = Path.GetFullPath(rootDirectory);
        AmqpPort = amqpPort;
        ManagementPort = managementPort;
        DistributionPort = distributionPort;
        EpmdPort = epmdPort;
        NodeName = nodeName;
        ServerScript = Installation.FindRabbitMqServer()
            ?? throw new InvalidOperationException(
                $"RabbitMQ was not found at /usr/lib/rabbitmq/bin/rabbitmq-server. Install it: apt-get install -y {Installation.RabbitMqPackage}");
        EpmdExecutable = Installation.FindEpmd()
            ?? throw new InvalidOperationException($"epmd (Erlang) was not found. Install RabbitMQ: apt-get install -y {Installation.RabbitMqPackage}");
    }

    public string RootDirectory { get; }
    public int AmqpPort { get; }
    public int ManagementPort { get; }
    public int DistributionPort { get; }
    public int EpmdPort { get; }
    public string NodeName { get; }
    public string ServerScript { get; }
    public string EpmdExecutable { get; }

    /// <summary>Read (or generated) once: the file only changes when the data folder is reset.</summary>
    public string Password => _password ??= Secrets.ReadOrCreate(Path.Combine(RootDirectory, "rabbitmq.password"));

    private string? _password;

    public string ConnectionString => $"amqp://{Username}:{Password}@127.0.0.1:{AmqpPort}/";

    public string ManagementUrl => $"http://127.0.0.1:{ManagementPort}/";

    /// <summary>A client for this broker's management API, signed in as the administrator.</summary>
    public HttpClient ManagementClient()
    {
        var http = new HttpClient { BaseAddress = new Uri(ManagementUrl) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{Username}:{Password}")));
        return http;
    }

    /// <summary>
    /// True once the broker on <see cref="AmqpPort"/> accepts an AMQP login with this broker's own password: stricter than an open
    /// port, which RabbitMQ shows before its boot has finished, and which another program may hold (a port picked free can be taken
    /// before the broker binds it, and then the broker never starts). The broker opens its client listeners last, after its
    /// plugins, so the management API answers by then too. The AppHost's health check and the test fixtures both ask this.
    /// </summary>
    public async Task<bool> AcceptsLoginAsync(CancellationToken cancellationToken) => await LoginFailureAsync(cancellationToken) is null;

    /// <summary>Why the broker does not accept this broker's login yet, or null once it does.</summary>
    public async Task<Exception?> LoginFailureAsync(CancellationToken cancellationToken)
    {
        // The client's own timeouts do not cover a listener that accepts and never speaks: it would wait for ever.
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        giveUp.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            var factory = new RabbitMQ.Client.ConnectionFactory
            {
                Uri = new Uri(ConnectionString),
                RequestedConnectionTimeout = TimeSpan.FromSeconds(3),
                AutomaticRecoveryEnabled = false,
            };
            await using var connection = await factory.CreateConnectionAsync("nacka-readiness", giveUp.Token);
            return connection.IsOpen ? null : new InvalidOperationException("The connection closed as it opened.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Not up yet, or not this broker on the port.
            return ex;
        }
    }

    /// <summary>Every queue of the default virtual host with its type (<c>quorum</c> or <c>classic</c>).</summary>
    public async Task<IReadOnlyDictionary<string, string>> QueueTypesAsync(CancellationToken cancellationToken)
    {
        using var http = ManagementClient();
        using var queues = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("api/queues/%2F", cancellationToken));
        return queues.RootElement.EnumerateArray().ToDictionary(q => q.GetProperty("name").GetString()!, q => q.GetProperty("type").GetString()!);
    }

    /// <summary>Writes config and plugin files; the broker creates its database on first start.</summary>
    public void EnsureInitialised()
    {
        foreach (var dir in new[] { "home", "mnesia", "log" })
        {
            Directory.CreateDirectory(Path.Combine(RootDirectory, dir));
        }

        File.WriteAllText(Path.Combine(RootDirectory, "enabled_plugins"), "[rabbitmq_management].\n");
        // default_user/default_pass only seed an empty database; the password file keeps them in step.
        File.WriteAllText(Path.Combine(RootDirectory, "rabbitmq.conf"), string.Join('\n',
            "listeners.tcp.1 = 127.0.0.1:" + AmqpPort.ToString(CultureInfo.InvariantCulture),
            "management.tcp.ip = 127.0.0.1",
            "management.tcp.port = " + ManagementPort.ToString(CultureInfo.InvariantCulture),
            "default_user = " + Username,
            "default_pass = " + Password,
            "default_user_tags.administrator = true",
            "loopback_users = none",
            // A developer machine or CI runner often has little free disk; the default limit
            // (50 MB) is fine, but make it explicit so a full disk blocks publishers predictably.
            "disk_free_limit.absolute = 50MB",
            ""));
    }

    /// <summary>Environment for both the broker and rabbitmqctl, pointing every path at our folder.</summary>
    public IReadOnlyDictionary<string, string> Environment() => new Dictionary<string, string>
    {
        ["HOME"] = Path.Combine(RootDirectory, "home"),
        ["RABBITMQ_NODENAME"] = NodeName,
        ["RABBITMQ_NODE_PORT"] = AmqpPort.ToString(CultureInfo.InvariantCulture),
        ["RABBITMQ_DIST_PORT"] = DistributionPort.ToString(CultureInfo.InvariantCulture),
        ["ERL_EPMD_PORT"] = EpmdPort.ToString(CultureInfo.InvariantCulture),
        // No Erlang program of ours starts a port mapper of its own: one that finds ours gone (the broker's stop script when the
        // orchestrator stopped our epmd first) would leave `epmd -daemon` on our port after everything stopped, and the next
        // start's epmd could not listen there, so the broker never started (seen on 2026-12-02).
        ["ERL_FLAGS"] = "-start_epmd false",
        ["RABBITMQ_MNESIA_BASE"] = Path.Combine(RootDirectory, "mnesia"),
        ["RABBITMQ_LOG_BASE"] = Path.Combine(RootDirectory, "log"),
        ["RABBITMQ_CONFIG_FILE"] = Path.Combine(RootDirectory, "rabbitmq.conf"),
        ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(RootDirectory, "enabled_plugins"),
        // Logs to stdout as well, so the dashboard's console view shows them.
        ["RABBITMQ_LOGS"] = "-",
    };

    /// <summary>The port mapper in the foreground on its private port.</summary>
    public (string FileName, IReadOnlyList<string> Arguments) EpmdCommand() =>
        (EpmdExecutable, ["-port", EpmdPort.ToString(CultureInfo.InvariantCulture)]);

    /// <summary>
    /// <c>rabbitmqctl</c> against this node (run it with <see cref="Environment"/>, which holds the
    /// Erlang cookie's home): <c>stop_app</c> closes every connection and the AMQP listener while
    /// the node keeps its data, <c>start_app</c> opens them again — a broker outage and its end.
    /// </summary>
    public (string FileName, IReadOnlyList<string> Arguments) CtlCommand(params string[] arguments) =>
        (Path.Combine(Path.GetDirectoryName(ServerScript)!, "rabbitmqctl"), ["-n", NodeName, .. arguments]);

    /// <summary>Runs <see cref="CtlCommand"/> with this node's environment; throws with its output when it fails.</summary>
    public async Task CtlAsync(string command, CancellationToken cancellationToken)
    {
        var (fileName, arguments) = CtlCommand(command);
        var start = new System.Diagnostics.ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in Environment())
        {
            start.Environment[key] = value;
        }

        using var ctl = System.Diagnostics.Process.Start(start)!;
        var output = ctl.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = ctl.StandardError.ReadToEndAsync(cancellationToken);
        await ctl.WaitForExitAsync(cancellationToken);
        if (ctl.ExitCode != 0)
        {
            throw new InvalidOperationException($"rabbitmqctl {command} exited with {ctl.ExitCode}: {await output} {await error}");
        }
    }

    /// <summary>The broker in the foreground; SIGTERM makes the script stop it cleanly.</summary>
    public (string FileName, IReadOnlyList<string> Arguments) ServerCommand() => (ServerScript, []);
}
