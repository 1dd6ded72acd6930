// Events used only to test the catalogue generator and naming rules ("samples" service).
namespace Nacka.Contracts.Tests.Samples;

public sealed record SampleRecorded(Guid EventId, DateTimeOffset OccurredAt, Guid SampleId, int Version, string Label) : IIntegrationEvent
{
    Guid IIntegrationEvent.SubjectId => SampleId;
}

public sealed record SampleRecordedV2(Guid EventId, DateTimeOffset OccurredAt, Guid SampleId, int Version, string Label, string Category) : IIntegrationEvent
{
    Guid IIntegrationEvent.SubjectId => SampleId;
}
