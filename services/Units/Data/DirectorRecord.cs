using System.Text.Json;
using Nacka.Contracts;
using Nacka.Records.Revisions;
using Nacka.Units.Domain;

namespace Nacka.Units.Data;

/// <summary>A director post's columns, shared by its revisions and its current row.</summary>
public abstract class DirectorRecord : Revision
{
    public string Title { get; set; } = "";
    public DateOnly CreatedOn { get; set; }
    [RecordEnd]
    public DateOnly? EndedOn { get; set; }
    public string Holders { get; set; } = "[]";

    protected void Write(DirectorPostState state)
    {
        Title = state.Title;
        CreatedOn = state.CreatedOn;
        EndedOn = state.EndedOn;
        Holders = JsonSerializer.Serialize(state.Holders, ContractJson.Options);
    }

    public DirectorPostState ToState() =>
        new(EntityId, Title, CreatedOn, EndedOn, JsonSerializer.Deserialize<List<DirectorHolding>>(Holders, ContractJson.Options) ?? []);
}

/// <summary>One version of a director post, with its holders over time; appended like <see cref="UnitRevision"/>.</summary>
public sealed class DirectorRevision : DirectorRecord
{
    public static DirectorRevision From(DirectorPostState state)
    {
        var revision = new DirectorRevision();
        revision.Write(state);
        return revision;
    }
}

/// <summary>A director post's latest version.</summary>
public sealed class CurrentDirectorPost : DirectorRecord;
