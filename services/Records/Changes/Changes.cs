using Nacka.ServiceDefaults;
using Microsoft.AspNetCore.Http;
using Nacka.Records.Http;

namespace Nacka.Records.Changes;

public static class Changes
{
    /// <summary>
    /// The change a request describes: from <paramref name="validFrom"/> (default today in Nacka),
    /// with its reason and decision, recorded by the caller named in the token.
    /// </summary>
    public static ChangeInfo Describe(HttpContext http, TimeProvider clock, DateOnly? validFrom, IChangeRequest request) =>
        new(validFrom ?? clock.Today(), string.IsNullOrWhiteSpace(request.Reason) ? null : request.Reason.Trim(), request.Decision?.ToDomain(), Caller.Name(http));
}
