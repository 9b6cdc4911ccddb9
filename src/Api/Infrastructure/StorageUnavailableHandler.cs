using System.Globalization;
using ChatBlock.Storage;
using Microsoft.AspNetCore.Diagnostics;

namespace ChatBlock.Api.Infrastructure;

/// <summary>
/// Answers <c>503 storage.unavailable</c> with <c>Retry-After</c> when a request failed because the database is unreachable or
/// saturated (<see cref="StorageFaults.IsUnavailable"/>), as <c>/readyz</c> does, instead of <c>500</c> (SPEC section 11; issue
/// 11, item 4). Other exceptions are left to the default handler.
/// </summary>
public sealed partial class StorageUnavailableHandler(IProblemDetailsService problems, ILogger<StorageUnavailableHandler> logger)
    : IExceptionHandler
{
    /// <summary>Seconds a client is told to wait: about how long a restarting database or a drained pool takes.</summary>
    public const int RetryAfterSeconds = 5;

    /// <inheritdoc />
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!StorageFaults.IsUnavailable(exception) || httpContext.Response.HasStarted)
        {
            return false;
        }

        // One line without a stack trace: an outage makes many of these, and /readyz already tells the operator.
        LogUnavailable(httpContext.Request.Method, httpContext.Request.Path, exception.GetType().Name, exception.Message);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = ApiProblems.StorageUnavailable(RetryAfterSeconds),
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path}: storage unavailable ({ExceptionType}: {Reason}); answered 503")]
    private partial void LogUnavailable(string method, string path, string exceptionType, string reason);
}
