using System.Text.Json;
using Nacka.Contracts.Units;
using Xunit;

namespace Nacka.Contracts.Tests;

/// <summary>How values travel in events (<see cref="ContractJson"/>).</summary>
public sealed class ContractJsonTests
{
    [Fact]
    public void A_manager_title_travels_as_written_and_is_read_in_any_case()
    {
        Assert.Equal("[\"Enhetschef\",\"Rektor\",\"Verksamhetschef\"]",
            JsonSerializer.Serialize(new[] { ManagerTitle.Enhetschef, ManagerTitle.Rektor, ManagerTitle.Verksamhetschef }, ContractJson.Options));

        // Events published before titles kept their case said "rektor": replayed, they still read.
        Assert.Equal([ManagerTitle.Rektor, ManagerTitle.Verksamhetschef],
            JsonSerializer.Deserialize<ManagerTitle[]>("[\"rektor\",\"VERKSAMHETSCHEF\"]", ContractJson.Options));
    }

    [Fact]
    public void Other_enum_values_stay_camelCase()
    {
        Assert.Equal("\"executiveBoard\"", JsonSerializer.Serialize(Committees.CommitteeKind.ExecutiveBoard, ContractJson.Options));
    }
}
