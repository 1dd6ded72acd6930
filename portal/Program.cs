using Nacka.Portal.Components;
using Nacka.Portal.Register;
using Nacka.Portal.SignIn;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(validateTokens: false);
builder.AddSharedKeyRing("nacka-portal");
builder.AddPortalSignIn();
builder.AddRegisterClient();
builder.Services.AddRazorComponents();
builder.Services.Insert(0, ServiceDescriptor.Singleton<IProblemDetailsWriter, PlainPageProblemWriter>());

var app = builder.Build();
app.UseServiceDefaults();
app.UseUnavailableNotice();
// An address no page has, or a request refused without a body, gets a Swedish page with its status (Pages/NotFound.razor).
app.UseStatusCodePagesWithReExecute("/fel/{0}", createScopeForStatusCodePages: true);
app.UseAntiforgery();
app.MapDefaultEndpoints();
app.MapStaticAssets();
app.MapSignInEndpoints();
app.MapRazorComponents<App>();

app.Run();

/// <summary>Entry point, visible to tests through WebApplicationFactory.</summary>
public partial class Program;
