using Microsoft.Extensions.Configuration;

namespace Nacka.AppHost;

/// <summary>
/// Lets each program listen on its own address instead of behind the orchestrator's proxy. Aspire puts a proxy (the <c>dcp</c>
/// process) in front of every project endpoint by default, so that replicas can share one address; with one process per program
/// it is a hop no deployment has (Kubernetes forwards a Service's address in the kernel), and it cost about 0.1 ms of CPU per
/// request and hop on this machine: a read through the gateway crossed it twice (docs/benchmarks.md).
/// </summary>
internal static class DirectEndpoints
{
    /// <summary>Every project with one process listens directly; one run as replicas (<c>Services:Replicas</c>) keeps the proxy that
    /// spreads requests over its processes. Call it after the replicas are set.</summary>
    public static void ServeProgramsDirectly(this IDistributedApplicationBuilder builder)
    {
        // Under Aspire's testing builder (tests, the bench) the proxies' ports are randomised so that a run beside `./build.sh run`
        // does not clash; a program without a proxy listens on its endpoint's port itself, so it gets a free one here instead.
        var freePorts = builder.Configuration.GetValue("DcpPublisher:RandomizePorts", defaultValue: false);
        foreach (var project in builder.Resources.OfType<ProjectResource>().Where(p => p.GetReplicaCount() == 1))
        {
            var resource = builder.CreateResourceBuilder(project).WithEndpointProxySupport(false);
            foreach (var endpoint in freePorts ? project.Annotations.OfType<EndpointAnnotation>().ToList() : [])
            {
                resource.WithEndpoint(endpoint.Name, e => e.Port = e.TargetPort = Nacka.LocalServers.FreePort.Next());
            }
        }
    }
}
