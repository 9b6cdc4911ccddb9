using System.Globalization;
using System.Threading.RateLimiting;
using ChatBlock.Api.Auth;
using ChatBlock.Api.Infrastructure;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ChatBlock.Api.Limits;

/// <summary>
/// The per-silo limits of SPEC section 11 as ASP.NET Core rate limiting policies, each an exact sliding window
/// (<see cref="SlidingLogRateLimiter"/>) answering <c>429 rate_limited</c> with the true <c>Retry-After</c>. The limits that must
/// hold across silos are counted in the database instead: blocks in the user grain's store call, sign-ins in
/// <see cref="LoginThrottleFilter"/>.
/// </summary>
public static class RateLimits
{
    /// <summary>Registrations per client address (<c>Auth:RateLimit:RegisterPermitsPerHour</c>).</summary>
    public const string Register = "register";

    /// <summary>Sends per user (<c>Messages:RateLimit:PermitsPerMinute</c>).</summary>
    public const string Messages = "messages";

    /// <summary>Conversations and groups created per user (<c>Conversations:RateLimit:PermitsPerHour</c>).</summary>
    public const string Conversations = "conversations";

    /// <summary>Binds the limit options and adds the rate limiter with the <see cref="Register"/>, <see cref="Messages"/> and
    /// <see cref="Conversations"/> policies; a setting of 0 turns its policy off.</summary>
    public static IServiceCollection AddApiRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        const string off = " must be 0 or more (0 turns the limit off).";
        services.AddOptions<AuthRateLimitOptions>().Bind(configuration.GetSection(AuthRateLimitOptions.SectionName))
            .Validate(o => o.LoginPermitsPerMinute >= 0, "Auth:RateLimit:LoginPermitsPerMinute" + off)
            .Validate(o => o.RegisterPermitsPerHour >= 0, "Auth:RateLimit:RegisterPermitsPerHour" + off)
            .ValidateOnStart();
        services.AddOptions<MessagesRateLimitOptions>().Bind(configuration.GetSection(MessagesRateLimitOptions.SectionName))
            .Validate(o => o.PermitsPerMinute >= 0, "Messages:RateLimit:PermitsPerMinute" + off)
            .ValidateOnStart();
        services.AddOptions<ConversationsRateLimitOptions>().Bind(configuration.GetSection(ConversationsRateLimitOptions.SectionName))
            .Validate(o => o.PermitsPerHour >= 0, "Conversations:RateLimit:PermitsPerHour" + off)
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(Register, context => Partition(
                context, ClientAddress(context), s => s.GetRequiredService<IOptions<AuthRateLimitOptions>>().Value.RegisterPermitsPerHour,
                TimeSpan.FromHours(1)));
            o.AddPolicy(Messages, context => Partition(
                context, UserKey(context), s => s.GetRequiredService<IOptions<MessagesRateLimitOptions>>().Value.PermitsPerMinute,
                TimeSpan.FromMinutes(1)));
            o.AddPolicy(Conversations, context => Partition(
                context, UserKey(context), s => s.GetRequiredService<IOptions<ConversationsRateLimitOptions>>().Value.PermitsPerHour,
                TimeSpan.FromHours(1)));
            o.OnRejected = (rejected, _) => new ValueTask(WriteRejectedAsync(
                rejected.HttpContext,
                rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1)));
        });
        return services;
    }

    /// <summary>
    /// The client's address for per-address limits: the connection's remote address (behind a proxy, configure ASP.NET Core's
    /// forwarded headers so that it is the client's), <c>unknown</c> when there is none.
    /// </summary>
    public static string ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>Sets <c>Retry-After</c> to <paramref name="wait"/> in whole seconds, rounded up, at least 1.</summary>
    public static void SetRetryAfter(HttpResponse response, TimeSpan wait) =>
        response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    private static async Task WriteRejectedAsync(HttpContext http, TimeSpan wait)
    {
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        SetRetryAfter(http.Response, wait);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = ApiProblems.RateLimited(),
        });
    }

    private static string UserKey(HttpContext context) => context.User.FindFirst(TokenService.SubjectClaim)?.Value ?? "";

    private static RateLimitPartition<string> Partition(
        HttpContext context, string key, Func<IServiceProvider, int> permits, TimeSpan window)
    {
        var limit = permits(context.RequestServices);
        if (limit <= 0)
        {
            return RateLimitPartition.GetNoLimiter(key);
        }

        var clock = context.RequestServices.GetRequiredService<TimeProvider>();
        return RateLimitPartition.Get(key, _ => new SlidingLogRateLimiter(limit, window, clock));
    }
}
