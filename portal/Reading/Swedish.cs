namespace Nacka.Portal.Reading;

/// <summary>The API's words (kinds, statuses, roles) as a reader in Nacka says them; an unknown word is shown as it is.</summary>
public static class Swedish
{
    public static string Kind(string? kind) => kind switch
    {
        "unit" => "Enhet",
        "director" => "Direktör",
        "committee" => "Nämnd",
        "process" => "Process",
        _ => kind ?? "",
    };

    /// <summary>A search hit's detail: a process's kind, a committee's kind, or the unit's kind as it is.</summary>
    public static string Detail(string? detail) => detail switch
    {
        "main" => "huvudprocess",
        "steering" => "styrprocess",
        "support" => "stödprocess",
        "ExecutiveBoard" => "kommunstyrelsen",
        "Committee" => "nämnd",
        _ => detail ?? "",
    };

    public static string Status(string? status) => status switch
    {
        "active" => "aktiv",
        "planned" => "planerad",
        "dissolved" => "avvecklad",
        "ended" => "avslutad",
        "issued" => "pågående",
        _ => status ?? "",
    };

    public static string SeatRole(string? role) => role switch
    {
        "chair" => "ordförande",
        "member" => "ledamot",
        _ => role ?? "",
    };

    /// <summary>The services whose parts of a view are missing, as the registers are called.</summary>
    public static string Service(string? service) => service switch
    {
        "units" => "enhetsregistret",
        "committees" => "nämndregistret",
        "processes" => "processregistret",
        "mandates" => "mandatregistret",
        _ => service ?? "",
    };

    /// <summary>A decision as a registrar cites it: body, date, § and case number.</summary>
    public static string Decision(System.Text.Json.Nodes.JsonNode? decision) => decision is null ? ""
        : string.Join(", ", new[] { decision["body"], decision["date"], decision["paragraph"], decision["caseNumber"] }
            .Select(part => part?.ToString()).Where(part => !string.IsNullOrEmpty(part)));
}
