using Nacka.Committees.Data;
using Nacka.Testing;
using Xunit;

[assembly: AssemblyFixture(typeof(TestInfrastructure))]

namespace Nacka.Committees.Tests;

public sealed class CommitteesServiceStartupTests(TestInfrastructure infrastructure)
    : ServiceStartupTests<Program, CommitteesDbContext>(infrastructure, CommitteesDbContext.ConnectionName);

public sealed class CommitteesJunkInputTests(TestInfrastructure infrastructure)
    : JunkInputTests<Program, CommitteesDbContext>(infrastructure, CommitteesDbContext.ConnectionName);

[CollectionDefinition(QuietnessTests<Program, CommitteesDbContext>.Name, DisableParallelization = true)]
public sealed class QuietCollection;

[Collection(QuietnessTests<Program, CommitteesDbContext>.Name)]
public sealed class CommitteesQuietnessTests(TestInfrastructure infrastructure)
    : QuietnessTests<Program, CommitteesDbContext>(infrastructure, CommitteesDbContext.ConnectionName);

public sealed class CommitteesWriteAuthorizationTests(TestInfrastructure infrastructure)
    : WriteAuthorizationTests<Program>(infrastructure, CommitteesDbContext.ConnectionName)
{
    protected override string WriteRole => TestTokens.Registrar;
}
