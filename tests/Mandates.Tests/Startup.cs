using Nacka.Mandates.Data;
using Nacka.Testing;
using Xunit;

[assembly: AssemblyFixture(typeof(TestInfrastructure))]

namespace Nacka.Mandates.Tests;

public sealed class MandatesServiceStartupTests(TestInfrastructure infrastructure)
    : ServiceStartupTests<Program, MandatesDbContext>(infrastructure, MandatesDbContext.ConnectionName);

public sealed class MandatesJunkInputTests(TestInfrastructure infrastructure)
    : JunkInputTests<Program, MandatesDbContext>(infrastructure, MandatesDbContext.ConnectionName);

[CollectionDefinition(QuietnessTests<Program, MandatesDbContext>.Name, DisableParallelization = true)]
public sealed class QuietCollection;

[Collection(QuietnessTests<Program, MandatesDbContext>.Name)]
public sealed class MandatesQuietnessTests(TestInfrastructure infrastructure)
    : QuietnessTests<Program, MandatesDbContext>(infrastructure, MandatesDbContext.ConnectionName);

public sealed class MandatesWriteAuthorizationTests(TestInfrastructure infrastructure)
    : WriteAuthorizationTests<Program>(infrastructure, MandatesDbContext.ConnectionName)
{
    protected override string WriteRole => TestTokens.KsSecretariat;
}
