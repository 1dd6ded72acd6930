using Nacka.Contracts.Tests.Samples;
using Xunit;

namespace Nacka.Contracts.Tests;

public sealed class EventNamingTests
{
    [Fact]
    public void A_first_version_event_is_named_after_its_service_and_type_in_kebab_case()
    {
        var naming = EventNaming.For<SampleRecorded>();

        Assert.Equal("nacka.samples.sample-recorded", naming.Exchange);
        Assert.Equal("se.nacka.org.samples.sample-recorded.v1", naming.CloudEventType);
        Assert.Equal("urn:nacka:org:samples", naming.CloudEventSource);
    }

    [Fact]
    public void A_V2_event_gets_its_own_exchange_and_a_v2_CloudEvents_type()
    {
        var naming = EventNaming.For<SampleRecordedV2>();

        Assert.Equal("nacka.samples.sample-recorded-v2", naming.Exchange);
        Assert.Equal("se.nacka.org.samples.sample-recorded.v2", naming.CloudEventType);
    }

    [Fact]
    public void Every_contract_type_is_an_immutable_record_with_a_unique_exchange()
    {
        Assert.All(EventCatalog.All, type =>
        {
            Assert.NotNull(type.GetMethod("<Clone>$"));
            Assert.All(type.GetProperties(), p => Assert.True(p.SetMethod is null || p.SetMethod.ReturnParameter.GetRequiredCustomModifiers()
                .Any(m => m.Name == "IsExternalInit"),
                $"{type.Name}.{p.Name} must be init-only"));
        });
        Assert.Equal(EventCatalog.All.Count, EventCatalog.All.Select(t => EventNaming.For(t).Exchange).Distinct().Count());
    }
}
