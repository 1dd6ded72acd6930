using Nacka.Units.Data;
using Nacka.Testing;
using Xunit;

[assembly: AssemblyFixture(typeof(TestInfrastructure))]

namespace Nacka.Units.Tests;

public sealed class UnitsServiceStartupTests(TestInfrastructure infrastructure)
    : ServiceStartupTests<Program, UnitsDbContext>(infrastructure, UnitsDbContext.ConnectionName);

public sealed class UnitsJunkInputTests(TestInfrastructure infrastructure)
    : JunkInputTests<Program, UnitsDbContext>(infrastructure, UnitsDbContext.ConnectionName);
