// WithLaunchToolArgs is marked for evaluation in Aspire 13.6; it is the one way to choose how a project is started.
#pragma warning disable ASPIREEXTENSION001
using System.Reflection;
using System.Runtime.Versioning;

namespace Nacka.AppHost;

/// <summary>
/// Starts every project as its built program (<c>dotnet exec bin/&lt;configuration&gt;/&lt;tfm&gt;/Name.dll</c>) instead of
/// Aspire's default <c>dotnet run --no-build</c>. The CLI in front of each program evaluated the project with MSBuild first and then
/// stayed resident beside it (about 2.5 CPU-seconds and 125 MB per project): on two cores, six of them were a quarter of a start's
/// CPU (docs/benchmarks.md). A production container runs the program the same way (<c>dotnet Name.dll</c>).
/// </summary>
internal static class BuiltProgramLaunch
{
    public static void RunBuiltPrograms(this IDistributedApplicationBuilder builder)
    {
        // Projects are built with the AppHost (they are its project references), in its configuration, for the same framework.
        var thisAssembly = typeof(BuiltProgramLaunch).Assembly;
        var configuration = thisAssembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration;
        var framework = thisAssembly.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName is { } name
            ? $"net{new FrameworkName(name).Version.ToString(2)}"
            : null;
        if (configuration is null || framework is null)
        {
            return;
        }

        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            var path = project.Annotations.OfType<IProjectMetadata>().Single().ProjectPath;
            var program = Path.Combine(Path.GetDirectoryName(path)!, "bin", configuration, framework, Path.GetFileNameWithoutExtension(path) + ".dll");
            // A project built elsewhere (another output path) keeps Aspire's `dotnet run`, which finds it.
            if (File.Exists(program))
            {
                builder.CreateResourceBuilder(project).WithLaunchToolArgs(context =>
                {
                    context.Args.Add("exec");
                    context.Args.Add(program);
                });
            }
        }
    }
}
