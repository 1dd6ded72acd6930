using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Which requests' traces are kept (<c>Telemetry:ReadTraceRatio</c>, 0–1, default 1: every one). A read that starts a trace here (a GET or
/// HEAD with no caller's trace) is kept at that ratio, decided on its trace id as OpenTelemetry's ratio sampler decides; its database calls
/// and the calls it makes to the services behind follow it (parent-based), so a trace is kept or dropped whole across the gateway and the
/// service. Every write is traced, and a caller's decision stands. Metrics and logs count every request whatever the ratio.
/// Why: recording and exporting a read's spans took 0.02–0.05 ms of CPU in each program it passed, against 0.17–0.19 ms for the read itself
/// (docs/benchmarks.md); ops look at reads in aggregate (metrics), at writes one by one.
/// </summary>
public sealed class ReadTraceSampling
{
    public const string Setting = "Telemetry:ReadTraceRatio";

    private readonly Sampler? _reads;

    public ReadTraceSampling(double ratio)
    {
        if (ratio is < 0 or > 1 || double.IsNaN(ratio))
        {
            throw new InvalidOperationException($"{Setting} must be between 0 and 1 (was {ratio.ToString(CultureInfo.InvariantCulture)}).");
        }

        _reads = ratio < 1 ? new TraceIdRatioBasedSampler(ratio) : null;
    }

    /// <summary>Whether <paramref name="context"/>'s request is traced (its server span recorded and exported).</summary>
    public bool Keeps(HttpContext context)
    {
        if (_reads is null || !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)))
        {
            return true;
        }

        // The instrumentation asks while it starts the request's activity: it is the current one (the request's activity feature is
        // not set yet).
        var activity = Activity.Current;
        if (activity is null || activity.HasRemoteParent)
        {
            return true;
        }

        var read = new SamplingParameters(default, activity.TraceId, activity.OperationName, ActivityKind.Server);
        return _reads.ShouldSample(read).Decision != SamplingDecision.Drop;
    }
}
