using Microsoft.AspNetCore.WebUtilities;

namespace ChatBlock.Api.Dialects;

/// <summary>
/// Writes every problem raised on a dialect's route (authentication challenge, route id validation, rate limiter, status code
/// pages, exception handler) in that dialect's envelope instead of problem details. Registered ahead of the default writer, it
/// takes only requests whose endpoint carries <see cref="DialectErrors"/>; every other request keeps problem details.
/// </summary>
public sealed class DialectProblemWriter : IProblemDetailsWriter
{
    /// <inheritdoc />
    public bool CanWrite(ProblemDetailsContext context) => ErrorsOf(context.HttpContext) is not null;

    /// <inheritdoc />
    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        var status = problem.Status ?? http.Response.StatusCode;
        var code = problem.Extensions.TryGetValue("code", out var value) && value is string text ? text : DefaultCode(status);
        var error = new DialectError(
            status, code, problem.Title ?? ReasonPhrases.GetReasonPhrase(status), DialectError.CorrelationIdOf(http));
        http.Response.StatusCode = status;
        return new ValueTask(http.Response.WriteAsJsonAsync(ErrorsOf(http)!.Body(error), http.RequestAborted));
    }

    private static DialectErrors? ErrorsOf(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<DialectErrors>();

    // The codes problem details would carry for a bare status (SPEC section 4).
    private static string DefaultCode(int status) => status switch
    {
        400 => "request.invalid",
        401 => "auth.unauthorized",
        404 => "route.not_found",
        415 => "request.unsupported_media_type",
        429 => "rate_limited",
        _ when status >= 500 => "server.error",
        _ => "request.failed",
    };
}
