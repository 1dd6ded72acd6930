using Nacka.Units.Data;
using Nacka.Testing;
using Xunit;

[assembly: AssemblyFixture(typeof(TestInfrastructure))]

namespace Nacka.Units.Tests;

public sealed class UnitsServiceStartupTests(TestInfrastructure infrastructure)
    : ServiceStartupTests<Program, UnitsDbContext>(infrastructure, UnitsDbContext.ConnectionName);

public sealed class UnitsJunkInputTests(TestInfrastructure infrastructure)
    : JunkInputTests<Program, UnitsDbContext>(infrastructure, UnitsDbContext.ConnectionName);

[CollectionDefinition(QuietnessTests<Program, UnitsDbContext>.Name, DisableParallelization = true)]
public sealed class QuietCollection;

[Collection(QuietnessTests<Program, UnitsDbContext>.Name)]
public sealed class UnitsQuietnessTests(TestInfrastructure infrastructure)
    : QuietnessTests<Program, UnitsDbContext>(infrastructure, UnitsDbContext.ConnectionName);

public sealed class UnitsWriteAuthorizationTests(TestInfrastructure infrastructure)
    : WriteAuthorizationTests<Program>(infrastructure, UnitsDbContext.ConnectionName)
{
    protected override string WriteRole => TestTokens.Registrar;
}
