using System.Security.Cryptography;
using System.Text;
using ChatBlock.Api.Auth;
using ChatBlock.Api.Infrastructure;
using ChatBlock.Storage;
using Microsoft.Extensions.Options;

namespace ChatBlock.Api.Limits;

/// <summary>
/// Throttles <c>POST /auth/login</c> per client address and per account (<c>Auth:RateLimit:LoginPermitsPerMinute</c>, SPEC section
/// 11): every attempt, right or wrong, uses a permit of both; the attempts are counted and recorded in the database in one
/// transaction (<see cref="IChatStore.TryRecordLoginAttemptAsync"/>), so the limit holds across all silos together. A refusal is
/// <c>429 rate_limited</c> with the true <c>Retry-After</c>, before the password is checked.
/// </summary>
/// <remarks>Accounts are recorded as a hash of the lower-case username, so the table holds no usernames.</remarks>
public sealed class LoginThrottleFilter(IChatStore store, TimeProvider timeProvider, IOptions<AuthRateLimitOptions> options)
    : IEndpointFilter
{
    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var permits = options.Value.LoginPermitsPerMinute;
        if (permits <= 0)
        {
            return await next(context);
        }

        var http = context.HttpContext;
        List<string> subjects = ["address:" + RateLimits.ClientAddress(http)];
        if (context.Arguments.OfType<LoginRequest>().FirstOrDefault()?.Username is { Length: > 0 } username)
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(username.Trim().ToLowerInvariant()));
            subjects.Add("account:" + Convert.ToHexStringLower(hash.AsSpan(0, 16)));
        }

        var wait = await store.TryRecordLoginAttemptAsync(
            subjects, StoreClock.Now(timeProvider), new RateWindow(permits, TimeSpan.FromMinutes(1)), http.RequestAborted);
        if (wait is { } retryAfter)
        {
            RateLimits.SetRetryAfter(http.Response, retryAfter);
            return ApiProblems.LoginRateLimited();
        }

        return await next(context);
    }
}
