using System.Diagnostics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// A trace starts only where work starts: a request served (Server), an event received (Consumer)
/// or published (Producer). A database call or HTTP call with no parent — the outbox dispatcher's
/// and sequencer's polling, health checks' queries, the gateway's health probes — would otherwise
/// be a root trace of its own every few seconds (300 <c>postgresql</c> traces in a first minute),
/// pushing the request traces ops look for out of the dashboard's list. Children of a kept trace
/// are kept as before (parent-based).
/// </summary>
public sealed class RequestRootedSampler : Sampler
{
    private readonly Sampler _parentBased = new ParentBasedSampler(new AlwaysOnSampler());

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        var isRoot = samplingParameters.ParentContext.TraceId == default;
        return isRoot && samplingParameters.Kind is ActivityKind.Client or ActivityKind.Internal
            ? new SamplingResult(SamplingDecision.Drop)
            : _parentBased.ShouldSample(samplingParameters);
    }
}
