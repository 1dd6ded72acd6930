using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Nacka.Rules;
using Nacka.Records.Writes;
using Nacka.Units.Data;

namespace Nacka.Units.Kinds;

public sealed record UnitKindDto(string? Code, string? Name);

/// <summary>Unit kinds (förskola, grundskola...): reference data registrars extend.</summary>
public static partial class UnitKindEndpoints
{
    [GeneratedRegex("^[a-z][a-z0-9-]{1,49}$")]
    private static partial Regex CodePattern();

    public static RouteGroupBuilder MapUnitKinds(this RouteGroupBuilder units)
    {
        units.MapGet("/kinds", ListAsync).WithName("ListUnitKinds").WithSummary("Unit kinds (förskola, grundskola...)");
        units.MapPost("/kinds", AddAsync).WithName("AddUnitKind").WithSummary("Add a unit kind").ProducesWriteProblems();
        return units;
    }

    private static async Task<Ok<List<UnitKindDto>>> ListAsync(UnitsDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await db.UnitKinds.OrderBy(k => k.Name).Select(k => new UnitKindDto(k.Code, k.Name)).ToListAsync(ct));

    private static Task<Results<Created<UnitKindDto>, ProblemHttpResult, IdempotentReplay>> AddAsync(UnitKindDto request, UnitsDbContext db,
        HttpContext http, CancellationToken ct) =>
        db.WriteAsync(http, token =>
        {
            var code = request.Code?.Trim().ToLowerInvariant() ?? "";
            if (!CodePattern().IsMatch(code) || string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 100)
            {
                return Task.FromResult<Outcome<UnitKindDto>>(DomainError.Invalid("code",
                    "Lower-case letters, digits and dashes, 2-50 characters; name up to 100 characters."));
            }

            // A kind that exists fails the save on its key: 409 duplicate-kind.
            db.UnitKinds.Add(new UnitKind { Code = code, Name = request.Name.Trim() });
            return Task.FromResult<Outcome<UnitKindDto>>(new UnitKindDto(code, request.Name.Trim()));
        }, kind => TypedResults.Created("/api/units/kinds", kind), ct);
}
