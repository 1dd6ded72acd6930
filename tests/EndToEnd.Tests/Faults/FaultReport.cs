using Nacka.Testing;

namespace Nacka.EndToEnd.Tests.Faults;

/// <summary>Each fault's figures (throughput, retries, what converged), for docs/reliability.md: artifacts/faults/&lt;test&gt;.txt.</summary>
public static class FaultReport
{
    public static void Record(string test, WriteLoadResult load, string converged)
    {
        var file = Path.Combine(Repository.Artifacts("faults"), string.Concat(test.Split(Path.GetInvalidFileNameChars())) + ".txt");
        File.WriteAllText(file, $"{test}\n{load}\n{converged}\n");
    }
}
