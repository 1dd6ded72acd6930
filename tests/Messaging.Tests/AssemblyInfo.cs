using Nacka.Testing;
using Xunit;

[assembly: AssemblyFixture(typeof(TestInfrastructure))]

// One broker serves the whole assembly and one test stops it on purpose: run tests one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
