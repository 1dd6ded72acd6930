using Nacka.Contracts.Processes;
using Nacka.Rules;

namespace Nacka.Processes.Domain;

/// <summary>A new process as the registrar described it.</summary>
public sealed record ProcessDraft(string? Name, string? Kind, string? Purpose, string? Delivers, Guid? OwnerDirectorPostId, DateOnly EstablishedOn);

/// <summary>
/// A process's life as pure functions: established with its owner as chair, its details, a new
/// owner (the chair follows), its end (everything in it ends with it). Also the checks the other
/// rules of a process share.
/// </summary>
public static class ProcessLife
{
    public static Outcome<ProcessSteps> Establish(Guid id, ProcessDraft draft, ProcessNames names, Revising first)
    {
        var (name, kind, purpose, delivers, ownerPostId, establishedOn) = draft;
        var parsedKind = ParseKind(kind);
        var errors = new[] { CheckName(name), CheckText("purpose", purpose), CheckText("delivers", delivers), parsedKind.Succeeded ? null
            : parsedKind.Errors[0] }
            .OfType<DomainError>().ToList();
        if (ownerPostId is null)
        {
            errors.Add(DomainError.Invalid("ownerDirectorPostId", "Every process is owned by a director: give the owner's director post."));
        }

        if (errors.Count > 0)
        {
            return Outcome<ProcessSteps>.Failure(errors);
        }

        if (CheckOwner(ownerPostId!.Value, names, establishedOn) is { } ownerError)
        {
            return ownerError;
        }

        var chair = new Seat(first.NewId(), Seats.Director, Seats.Chair, ownerPostId, null, null, null, establishedOn, null);
        var process = new ProcessState(id, Names.Normalise(name!), parsedKind.Value, Blank(purpose), Blank(delivers),
            [new OwnerPeriod(ownerPostId.Value, establishedOn, null)],
            establishedOn, null, [], [], []);
        var steps = new ProcessSteps(process, first);
        steps.Add("established", process, v => new ProcessEstablished(first.NewId(), first.At, id, v, process.Name, process.Kind, process.Purpose,
            process.Delivers,
            names.Director(ownerPostId.Value), establishedOn));
        return ManagementGroup.AddSeat(steps, chair, names, establishedOn);
    }

    public static Outcome<ProcessSteps> ChangeDetails(ProcessState process, string? name, string? kind, string? purpose, string? delivers, Revising next)
    {
        var parsedKind = kind is null ? process.Kind : ParseKind(kind);
        var errors = new[] { CheckChangeable(process, next), CheckName(name), CheckText("purpose", purpose), CheckText("delivers", delivers),
            parsedKind.Succeeded ? null : parsedKind.Errors[0] }.OfType<DomainError>().ToList();
        if (errors.Count > 0)
        {
            return Outcome<ProcessSteps>.Failure(errors);
        }

        var changed = process with { Name = Names.Normalise(name!), Kind = parsedKind.Value, Purpose = Blank(purpose), Delivers = Blank(delivers) };
        if (changed == process)
        {
            return DomainError.Conflict("unchanged", "The process already has these details.");
        }

        return new ProcessSteps(process, next).Add("details-changed", changed, v =>
            new ProcessDetailsChanged(next.NewId(), next.At, process.Id, v, changed.Name,
            process.Name, changed.Kind, changed.Purpose, changed.Delivers, next.Change.ValidFrom));
    }

    /// <summary>Another director owns the process from the change's date; the chair seat moves to them (a member seat they had becomes the chair).</summary>
    public static Outcome<ProcessSteps> ChangeOwner(ProcessState process, Guid? ownerPostId, ProcessNames names, Revising next)
    {
        var on = next.Change.ValidFrom;
        if (CheckChangeable(process, next) is { } error)
        {
            return error;
        }

        if (ownerPostId is not { } postId)
        {
            return DomainError.Invalid("directorPostId", "Give the new owner's director post.");
        }

        if (CheckOwner(postId, names, on) is { } ownerError)
        {
            return ownerError;
        }

        var previous = process.CurrentOwner;
        if (previous.DirectorPostId == postId)
        {
            return DomainError.Conflict("unchanged", "That director already owns the process.");
        }

        var steps = new ProcessSteps(process, next);
        var owners = process.Owners.Take(process.Owners.Count - 1).Append(previous with { To = on }).Append(new OwnerPeriod(postId, on, null)).ToList();
        steps.Add("owner-changed", process with { Owners = owners }, v => new ProcessOwnerChanged(next.NewId(), next.At, process.Id, v, process.Name,
            names.Director(previous.DirectorPostId), names.Director(postId), on));
        foreach (var seat in steps.State.Group.Where(s => s.To is null
            && (s.Role == Seats.Chair || (s.Kind == Seats.Director && s.DirectorPostId == postId))).ToList())
        {
            ManagementGroup.EndSeat(steps, seat, on, SeatEndReasons.OwnerChanged, names);
        }

        return ManagementGroup.AddSeat(steps, new Seat(next.NewId(), Seats.Director, Seats.Chair, postId, null, null, null, on, null), names, on);
    }

    /// <summary>The process ends; everything in it ends with it (announced by ProcessEnded alone).</summary>
    public static Outcome<ProcessSteps> End(ProcessState process, Revising next)
    {
        var on = next.Change.ValidFrom;
        var notWhy = next.Change.SaysWhy ? null : DomainError.Invalid("reason", "Say why: a reason or a decision reference.");
        if ((CheckChangeable(process, next) ?? notWhy) is { } error)
        {
            return error;
        }

        if (on <= process.EstablishedOn)
        {
            return DomainError.Invalid("endedOn", $"Must be after the process was established ({process.EstablishedOn:yyyy-MM-dd}).");
        }

        var ended = process with
        {
            EndedOn = on,
            Owners = [.. process.Owners.Select(o => o with { To = Periods.EndedBy(o.From, o.To, on) })],
            Units = [.. process.Units.Select(u => u with { To = Periods.EndedBy(u.From, u.To, on) })],
            Actors = [.. process.Actors.Select(a => a with { To = Periods.EndedBy(a.From, a.To, on) })],
            Group = [.. process.Group.Select(s => s with { To = Periods.EndedBy(s.From, s.To, on) })],
        };
        return new ProcessSteps(process, next).Add("ended", ended, v =>
            new ProcessEnded(next.NewId(), next.At, process.Id, v, process.Name, on, next.Change.Reason));
    }

    public static DomainError? CheckChangeable(ProcessState process, Revising next)
    {
        if (process.IsEndRecorded)
        {
            return DomainError.Conflict("process-ended", $"'{process.Name}' ended on {process.EndedOn:yyyy-MM-dd}; it can only be read.");
        }

        return null;
    }

    public static Outcome<ProcessKind> ParseKind(string? kind) =>
        Enum.TryParse<ProcessKind>(kind?.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(kind, out _)
            ? parsed
            : DomainError.Invalid("kind", "main (huvudprocess), steering (styrprocess) or support (stödprocess).");

    private static DomainError? CheckOwner(Guid postId, ProcessNames names, DateOnly on)
    {
        if (!names.Directors.TryGetValue(postId, out var post))
        {
            return DomainError.Invalid("ownerDirectorPostId", $"No director post with id {postId} is known.");
        }

        return post.CreatedOn > on || post.HolderOn is null
            ? DomainError.Conflict("owner-not-held", $"The post '{post.Title}' is not held on {on:yyyy-MM-dd}: a process is owned by a director in post.")
            : null;
    }

    internal static DomainError? CheckName(string? name) =>
        string.IsNullOrWhiteSpace(name) || name.Trim().Length > ProcessLimits.MaxNameLength
            ? DomainError.Invalid("name", $"A name of at most {ProcessLimits.MaxNameLength} characters is required, e.g. Utbildningsprocessen.") : null;

    internal static DomainError? CheckText(string field, string? text) => text is { Length: > ProcessLimits.MaxTextLength }
        ? DomainError.Invalid(field, $"At most {ProcessLimits.MaxTextLength} characters.") : null;
    internal static DateOnly Later(DateOnly a, DateOnly b) => a > b ? a : b;

    internal static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
