using Microsoft.EntityFrameworkCore;

namespace Nacka.Records.Paging;

public static class NameSearch
{
    /// <summary>
    /// Name searches are case and accent tolerant ("alta" finds "Älta"): they compare
    /// <c>unaccent(name) ILIKE unaccent(pattern)</c> with PostgreSQL's unaccent extension (a trusted
    /// contrib extension: a database owner may create it), which this adds to the service's migrations.
    /// </summary>
    public static ModelBuilder AddNameSearch(this ModelBuilder modelBuilder) => modelBuilder.HasPostgresExtension("unaccent");
}
