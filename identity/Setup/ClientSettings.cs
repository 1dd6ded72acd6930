namespace Nacka.Identity.Setup;

/// <summary>
/// One client of the provider, from <c>Identity:Clients:{clientId}</c>. A client with
/// <see cref="Roles"/> is a machine client (client credentials: another municipal system that
/// writes, the demo loader, the bench); a client with <see cref="RedirectUris"/> signs people in
/// (authorization code with PKCE: the portal). Both need a <see cref="Secret"/>.
/// </summary>
public sealed class ClientSettings
{
    public string Secret { get; set; } = "";

    public string DisplayName { get; set; } = "";

    /// <summary>The roles a machine client's tokens carry.</summary>
    public List<string> Roles { get; set; } = [];

    public List<Uri> RedirectUris { get; set; } = [];

    public List<Uri> PostLogoutRedirectUris { get; set; } = [];

    /// <summary>
    /// Local runs only (<c>./build.sh token role name</c>): the caller may ask for one of the
    /// client's roles (<c>role</c>) and say who the token is for (<c>name</c>) in the token request.
    /// </summary>
    public bool CallerNamesHolder { get; set; }
}
