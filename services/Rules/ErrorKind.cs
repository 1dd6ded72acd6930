namespace Nacka.Rules;

/// <summary>How a broken rule is answered over HTTP.</summary>
public enum ErrorKind
{
    /// <summary>The request is well-formed but a value is invalid (422 with an errors map).</summary>
    Validation,

    /// <summary>The request conflicts with the registry's state or rules (409 with a code).</summary>
    Conflict,

    /// <summary>Something the request refers to does not exist (404).</summary>
    NotFound,

    /// <summary>The request's <c>If-Match</c> names a version that is no longer current (412).</summary>
    Precondition,
}
