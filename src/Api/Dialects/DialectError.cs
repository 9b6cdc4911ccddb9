using System.Diagnostics;

namespace ChatBlock.Api.Dialects;

/// <summary>
/// An error as the section 4 routes would report it, before a dialect words it in its own envelope.
/// </summary>
/// <param name="Status">HTTP status code.</param>
/// <param name="Code">The stable code of SPEC section 4 (<c>user.block.self</c>, <c>auth.unauthorized</c>, ...).</param>
/// <param name="Message">The section 4 wording (the problem's title), which a dialect may replace with its seed's.</param>
/// <param name="CorrelationId">The request's trace id, the same value problem details carry as <c>traceId</c>.</param>
public sealed record DialectError(int Status, string Code, string Message, string CorrelationId)
{
    /// <summary>The trace id of <paramref name="context"/>'s request, as problem details report it.</summary>
    public static string CorrelationIdOf(HttpContext context) => Activity.Current?.Id ?? context.TraceIdentifier;
}
