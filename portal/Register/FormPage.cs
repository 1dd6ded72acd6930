using Microsoft.AspNetCore.Components;

namespace Nacka.Portal.Register;

/// <summary>
/// A page with a form. Its look-ups (the record, the choices) run again when the form is posted; when the register does
/// not answer them then, the page keeps the form with what was typed and says so (<see cref="WriteAnswer.UnavailableMessage"/>:
/// saving again is safe, the same <c>Idempotency-Key</c> goes with it) instead of the 503 notice in place of the form. A page
/// only opened gets the notice (<see cref="UnavailableNotice"/>), as every read page does.
/// </summary>
public abstract class FormPage : ComponentBase
{
    [CascadingParameter] public HttpContext? HttpContext { get; set; }

    /// <summary>The register did not answer the look-ups of a save: nothing is sent, the form says so.</summary>
    protected bool Unanswered { get; private set; }

    /// <summary>What the page says above the form: a refused save, a stale version, the register not answering.</summary>
    protected string? Problem { get; set; }

    /// <summary>Runs the page's look-ups; on a post, a register that does not answer leaves the form in place (<see cref="Unanswered"/>).</summary>
    protected async Task LookUpAsync(Func<Task> lookUps)
    {
        try
        {
            await lookUps();
        }
        catch (RegisterUnavailableException) when (HttpContext is { } http && HttpMethods.IsPost(http.Request.Method))
        {
            Unanswered = true;
            Problem = WriteAnswer.UnavailableMessage;
        }
    }
}
