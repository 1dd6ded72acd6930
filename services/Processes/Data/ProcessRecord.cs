using System.Text.Json;
using Nacka.Contracts;
using Nacka.Contracts.Processes;
using Nacka.Processes.Domain;
using Nacka.Records.Revisions;

namespace Nacka.Processes.Data;

/// <summary>A process's columns, shared by its revisions and its current row; its collections are jsonb (a process has tens of them, not thousands).</summary>
public abstract class ProcessRecord : Revision
{
    public string Name { get; set; } = "";
    public string Kind { get; set; } = "";
    public string? Purpose { get; set; }
    public string? Delivers { get; set; }

    /// <summary>The latest owner (queries by owner of today read it).</summary>
    public Guid OwnerDirectorPostId { get; set; }

    public string Owners { get; set; } = "[]";
    public DateOnly EstablishedOn { get; set; }
    [RecordEnd(ClosesItems = true)]
    public DateOnly? EndedOn { get; set; }
    public string Units { get; set; } = "[]";
    public string Actors { get; set; } = "[]";
    public string ManagementGroup { get; set; } = "[]";

    protected void Write(ProcessState state)
    {
        Name = state.Name;
        Kind = state.Kind.ToString();
        Purpose = state.Purpose;
        Delivers = state.Delivers;
        OwnerDirectorPostId = state.CurrentOwner.DirectorPostId;
        Owners = Json(state.Owners);
        EstablishedOn = state.EstablishedOn;
        EndedOn = state.EndedOn;
        Units = Json(state.Units);
        Actors = Json(state.Actors);
        ManagementGroup = Json(state.Group);
    }

    public ProcessState ToState() => new(EntityId, Name, Enum.Parse<ProcessKind>(Kind), Purpose, Delivers, Read<OwnerPeriod>(Owners), EstablishedOn, EndedOn,
        Read<Participation>(Units), Read<Engagement>(Actors), Read<Seat>(ManagementGroup));

    private static string Json<T>(IReadOnlyList<T> items) => JsonSerializer.Serialize(items, ContractJson.Options);

    private static List<T> Read<T>(string json) => JsonSerializer.Deserialize<List<T>>(json, ContractJson.Options) ?? [];
}

/// <summary>One version of a process, appended, never updated.</summary>
public sealed class ProcessRevision : ProcessRecord
{
    public static ProcessRevision From(ProcessState state)
    {
        var revision = new ProcessRevision();
        revision.Write(state);
        return revision;
    }
}

/// <summary>A process's latest version (names are kept unique on every day by <see cref="ProcessesDbContext.NameDays"/>).</summary>
public sealed class CurrentProcess : ProcessRecord;
