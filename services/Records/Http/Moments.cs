using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Nacka.Records.Http;

public static class Moments
{
    /// <summary>
    /// A moment asked about (<c>knownAt</c>) may come with any offset (<c>…T08:00:00+01:00</c>) and is the same instant in UTC, which is how
    /// the database compares it (Npgsql refuses to send another offset as a <c>timestamptz</c>: the read failed with 500). Every moment an
    /// endpoint in the group is given goes on in UTC, whatever query reads it.
    /// </summary>
    public static RouteGroupBuilder TakeMomentsInUtc(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter((context, next) =>
        {
            for (var i = 0; i < context.Arguments.Count; i++)
            {
                if (context.Arguments[i] is DateTimeOffset { Offset.Ticks: not 0 } moment)
                {
                    context.Arguments[i] = moment.ToUniversalTime();
                }
            }

            return next(context);
        });
        return group;
    }
}
