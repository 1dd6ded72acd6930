using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Nacka.Identity.Data;

/// <summary>
/// The identity service's own database (<c>identitydb</c>): ASP.NET Core Identity's users, roles
/// and lockout state, and OpenIddict's applications (clients), authorizations and tokens.
/// </summary>
public sealed class IdentityDb(DbContextOptions<IdentityDb> options) : IdentityDbContext<RegisterUser>(options)
{
    public const string ConnectionName = "identitydb";

    protected override void OnModelCreating(ModelBuilder builder)
    {
        builder.HasDefaultSchema("identity");
        base.OnModelCreating(builder);
        builder.UseOpenIddict();
        builder.Entity<RegisterUser>().Property(u => u.DisplayName).HasMaxLength(200);
    }
}

/// <summary>Someone who signs in: a registrar, the KS secretariat, an administrator.</summary>
public sealed class RegisterUser : IdentityUser
{
    /// <summary>The name the register records as who made a change (the token's <c>name</c>).</summary>
    public string DisplayName { get; set; } = "";
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a database.</summary>
public sealed class DesignTimeFactory() : Nacka.Persistence.DesignTimeFactory<IdentityDb>(IdentityDb.ConnectionName);
