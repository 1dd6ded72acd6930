namespace Nacka.Architecture.Tests.Impure.Domain;

/// <summary>What a domain must never do, kept so <see cref="DomainPurityTests"/> can show its checks bite.</summary>
internal static class ImpureRules
{
    public static (Guid Id, DateTime At, bool Exists) Decide(string path)
        => (Guid.NewGuid(), DateTime.UtcNow, File.Exists(path) && BoundaryTests.ServiceNames.Count > 0);
}
