using System.Diagnostics;
using Nacka.Testing;
using Xunit;

namespace Nacka.Architecture.Tests;

/// <summary>
/// deploy/ (issue 13), checked offline as <c>./build.sh deploy-check</c> checks it: every overlay
/// renders with kubectl kustomize and validates against the Kubernetes and operator schemas and
/// the deployment policy; and the check itself refuses a manifest that breaks each rule.
/// </summary>
public sealed class DeploymentTests
{
    private static readonly string[] Services = ["units", "processes", "committees", "mandates"];

    [Theory]
    [InlineData("Nacka.Units")]
    [InlineData("Nacka.Processes")]
    [InlineData("Nacka.Committees")]
    [InlineData("Nacka.Mandates")]
    [InlineData("Nacka.Gateway")]
    public async Task Every_program_carries_its_runtime_settings_in_its_runtimeconfig_so_the_images_do_too(string program)
    {
        // docs/deploy.md: the thread pool's workers sleep without spinning (Directory.Build.props); the image's runtimeconfig.json is
        // the built one, so a setting that is only an environment variable of a local run would not reach Kubernetes.
        var path = Path.Combine(AppContext.BaseDirectory, program + ".runtimeconfig.json");
        using var config = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken));
        var settings = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.Equal(0, settings.GetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit").GetInt32());
    }

    [Fact]
    public async Task The_images_are_published_for_linux_x64_and_so_compiled_ahead_while_a_build_is_not()
    {
        // docs/deploy.md: a program published for a platform is ReadyToRun (Directory.Build.props); ./build.sh images names the platform.
        var images = (await File.ReadAllTextAsync(Path.Combine(Repository.Root(), "build.sh"), TestContext.Current.CancellationToken))
            .Split('\n').Single(line => line.Contains("-t:PublishContainer", StringComparison.Ordinal));
        Assert.Contains(" -r linux-x64 ", images, StringComparison.Ordinal);

        Assert.Equal("true", await PropertyAsync("PublishReadyToRun", "-p:RuntimeIdentifier=linux-x64"));
        Assert.Equal("", await PropertyAsync("PublishReadyToRun"));
    }

    /// <summary>A property of the Units project as MSBuild evaluates it for a Release build with <paramref name="properties"/>.</summary>
    private static async Task<string> PropertyAsync(string name, params string[] properties)
    {
        var (exitCode, output) = await RunAsync("dotnet", ["msbuild", "services/Units/Nacka.Units.csproj", "-getProperty:" + name,
            "-p:Configuration=Release", .. properties]);
        Assert.True(exitCode == 0, output);
        return output.Trim();
    }

    [Fact]
    public async Task Every_overlay_renders_and_validates_against_the_Kubernetes_and_operator_schemas_and_the_policy()
    {
        var (exitCode, output) = await DeployCheckAsync();

        Assert.True(exitCode == 0, output);
        foreach (var overlay in new[] { "local-kind", "production" })
        {
            Assert.Contains($"artifacts/deploy/{overlay}.yaml: ", output, StringComparison.Ordinal);
            var rendered = await File.ReadAllTextAsync(Path.Combine(Repository.Root(), "artifacts", "deploy", overlay + ".yaml"),
                TestContext.Current.CancellationToken);
            foreach (var service in Services)
            {
                // Each service: its own CloudNativePG cluster's secret, and its migrations run once per pod start, before it serves.
                Assert.Contains($"name: {service}-db-app", rendered, StringComparison.Ordinal);
                Assert.Contains($"ConnectionStrings__{service}db", rendered, StringComparison.Ordinal);
            }

            Assert.Contains("Messaging__QuorumQueues: \"true\"", rendered, StringComparison.Ordinal);
            Assert.Contains("kind: RabbitmqCluster", rendered, StringComparison.Ordinal);
        }

        Assert.Matches(@"artifacts/deploy/local-kind\.yaml: \d+ objects valid .*; policy holds", output);
        Assert.Matches(@"artifacts/deploy/production\.yaml: \d+ objects valid .*; policy holds", output);
        var production = await File.ReadAllTextAsync(Path.Combine(Repository.Root(), "artifacts", "deploy", "production.yaml"),
            TestContext.Current.CancellationToken);
        Assert.Contains("replicas: 3", production, StringComparison.Ordinal);
        Assert.Contains("instances: 3", production, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_check_refuses_a_manifest_that_breaks_each_rule()
    {
        var folder = Directory.CreateTempSubdirectory("nacka-deploy-").FullName;
        var broken = Path.Combine(folder, "broken.yaml");
        await File.WriteAllTextAsync(broken, """
            apiVersion: apps/v1
            kind: Deployment
            metadata: { name: careless }
            spec:
              replicas: two
              selector: { matchLabels: { app: careless } }
              template:
                metadata: { labels: { app: careless } }
                spec:
                  containers:
                    - name: careless
                      image: nacka/careless:latest
                      env:
                        - { name: DB_PASSWORD, value: hunter2 }
                        - { name: ConnectionStrings__unitsdb, value: "Host=db;Password=hunter2" }
            ---
            apiVersion: v1
            kind: Secret
            metadata: { name: plain }
            stringData: { password: hunter2 }
            ---
            apiVersion: postgresql.cnpg.io/v1
            kind: Cluster
            metadata: { name: careless-db }
            spec: { instances: "3", imageName: ghcr.io/cloudnative-pg/postgresql:latest }
            ---
            apiVersion: rabbitmq.com/v1beta1
            kind: RabbitmqCluster
            metadata: { name: careless-rabbitmq }
            spec: { replicas: three, image: rabbitmq }
            ---
            apiVersion: example.org/v1
            kind: Widget
            metadata: { name: unknown }
            """, TestContext.Current.CancellationToken);

        int exitCode;
        string output;
        try
        {
            (exitCode, output) = await DeployCheckAsync(broken);
        }
        finally
        {
            Directory.Delete(folder, recursive: true); // read by the check; every run left one behind before
        }

        Assert.Equal(1, exitCode);
        string[] expected =
        [
            "Deployment/careless: data/spec/replicas must be integer",
            "Deployment/careless: readiness must be an HTTP probe on /health",
            "Deployment/careless: liveness must be an HTTP probe on /alive",
            "Deployment/careless: container careless needs cpu and memory requests",
            "Deployment/careless: container careless needs cpu and memory limits",
            "image \"nacka/careless:latest\" must be pinned to a tag",
            "env DB_PASSWORD holds a secret in plain text",
            "env ConnectionStrings__unitsdb holds a secret in plain text",
            "Deployment/careless: no PodDisruptionBudget selects its pods",
            "Deployment/careless: no HorizontalPodAutoscaler scales it",
            "Secret/plain: secrets are created by the operators or by ops",
            "Cluster/careless-db: data/spec/instances must be integer",
            "Cluster/careless-db: image \"ghcr.io/cloudnative-pg/postgresql:latest\" must be pinned",
            "RabbitmqCluster/careless-rabbitmq: /spec/replicas must be integer",
            "RabbitmqCluster/careless-rabbitmq: image \"rabbitmq\" must be pinned",
            "Widget/unknown: no schema for example.org/v1/Widget",
        ];
        Assert.All(expected, problem => Assert.Contains(problem, output, StringComparison.Ordinal));
    }

    private static Task<(int ExitCode, string Output)> DeployCheckAsync(params string[] files) => RunAsync("bash", ["build.sh", "deploy-check", .. files]);

    /// <summary>Runs <paramref name="command"/> in the repository; its exit code, and its output followed by its errors.</summary>
    private static async Task<(int ExitCode, string Output)> RunAsync(string command, string[] arguments)
    {
        var start = new ProcessStartInfo(command) { WorkingDirectory = Repository.Root(), RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var run = Process.Start(start)!;
        var output = run.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = run.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await run.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (run.ExitCode, await output + await errors);
    }
}
