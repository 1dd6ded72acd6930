using Microsoft.EntityFrameworkCore;

namespace Nacka.Messaging.Tests.Widgets;

public sealed class Widget
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public int Version { get; set; }
}

/// <summary>What the test consumer did: one row per applied event, so duplicates would show.</summary>
public sealed class WidgetEffect
{
    public long Id { get; set; }
    public Guid EventId { get; set; }
    public Guid WidgetId { get; set; }
    public string Name { get; set; } = "";
}

/// <summary>A read model of widgets, as another service would keep it: the versions applied, in the order applied.</summary>
public sealed class WidgetView
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string AppliedVersions { get; set; } = "";
}

public sealed class WidgetsDbContext(DbContextOptions<WidgetsDbContext> options) : DbContext(options)
{
    public const string ConnectionName = "widgetsdb";

    public DbSet<Widget> Widgets => Set<Widget>();
    public DbSet<WidgetEffect> Effects => Set<WidgetEffect>();
    public DbSet<WidgetView> Views => Set<WidgetView>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema("widgets");
        modelBuilder.AddMessagingTables();
        modelBuilder.Entity<Widget>().Property(w => w.Version).IsConcurrencyToken();
    }
}
