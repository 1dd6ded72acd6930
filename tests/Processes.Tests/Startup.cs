using Nacka.Processes.Data;
using Nacka.Testing;
using Xunit;

[assembly: AssemblyFixture(typeof(TestInfrastructure))]

namespace Nacka.Processes.Tests;

public sealed class ProcessesServiceStartupTests(TestInfrastructure infrastructure)
    : ServiceStartupTests<Program, ProcessesDbContext>(infrastructure, ProcessesDbContext.ConnectionName);

public sealed class ProcessesJunkInputTests(TestInfrastructure infrastructure)
    : JunkInputTests<Program, ProcessesDbContext>(infrastructure, ProcessesDbContext.ConnectionName);

[CollectionDefinition(QuietnessTests<Program, ProcessesDbContext>.Name, DisableParallelization = true)]
public sealed class QuietCollection;

[Collection(QuietnessTests<Program, ProcessesDbContext>.Name)]
public sealed class ProcessesQuietnessTests(TestInfrastructure infrastructure)
    : QuietnessTests<Program, ProcessesDbContext>(infrastructure, ProcessesDbContext.ConnectionName);

public sealed class ProcessesWriteAuthorizationTests(TestInfrastructure infrastructure)
    : WriteAuthorizationTests<Program>(infrastructure, ProcessesDbContext.ConnectionName)
{
    protected override string WriteRole => TestTokens.Registrar;
}
