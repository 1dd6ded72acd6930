using Nacka.ServiceDefaults;
using Microsoft.AspNetCore.Http;
using Nacka.Records.Http;
using Nacka.Rules;

namespace Nacka.Records.Changes;

public static class Changes
{
    /// <summary>
    /// The change a request describes: from <paramref name="validFrom"/> (default today in Nacka),
    /// with its reason and decision, recorded by the caller named in the token.
    /// <paramref name="dateField"/> is what the request calls that date, for errors about it.
    /// </summary>
    public static ChangeInfo Describe(HttpContext http, TimeProvider clock, DateOnly? validFrom, IChangeRequest request, string dateField = "validFrom") =>
        new(validFrom ?? clock.Today(), string.IsNullOrWhiteSpace(request.Reason) ? null : request.Reason.Trim(),
            (request as IDecidedChangeRequest)?.Decision?.ToDomain(),
            Caller.Name(http)) { DateField = dateField };

    /// <summary>
    /// The day a new record's first version holds from: its start when that is past (a
    /// long-existing unit registered today reads as existing since then); today when it starts
    /// later, so a planned record is listed from the day it is recorded, with its future start date.
    /// </summary>
    public static DateOnly RecordedFrom(DateOnly startsOn, DateOnly today) => startsOn < today ? startsOn : today;

    /// <summary>The first revision of a record a request creates, starting on <paramref name="startsOn"/> (see <see cref="RecordedFrom"/>).</summary>
    public static Revising First(HttpContext http, TimeProvider clock, DateOnly startsOn, IChangeRequest request) =>
        First(Describe(http, clock, RecordedFrom(startsOn, clock.Today()), request), clock);

    /// <summary>The first revision of a new record described by <paramref name="change"/>, recorded now, with the service's ids.</summary>
    public static Revising First(ChangeInfo change, TimeProvider clock) => Revising.First(change, clock.GetUtcNow(), NewIds.Next);
}
