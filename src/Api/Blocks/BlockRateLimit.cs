using System.Threading.RateLimiting;
using ChatBlock.Api.Auth;
using ChatBlock.Api.Infrastructure;
using ChatBlock.Grains;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ChatBlock.Api.Blocks;

/// <summary>
/// Per-user rate limit of block requests (SPEC section 6, after seed 002: 10 per hour): a sliding hour in 12 five-minute
/// segments, per silo. Refusals are <c>429 rate_limited</c> with <c>Retry-After</c> in seconds.
/// </summary>
public static class BlockRateLimit
{
    /// <summary>Name of the policy the block routes use.</summary>
    public const string PolicyName = "blocks";

    /// <summary>
    /// Adds the rate limiter with the <see cref="PolicyName"/> policy from <c>Blocking:RateLimit:PermitsPerHour</c> (0 = off).
    /// </summary>
    public static IServiceCollection AddBlockRateLimit(this IServiceCollection services)
    {
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(PolicyName, context =>
            {
                var permits = context.RequestServices.GetRequiredService<IOptions<BlockingOptions>>().Value.RateLimit.PermitsPerHour;
                var user = context.User.FindFirst(TokenService.SubjectClaim)?.Value ?? "";
                return permits <= 0
                    ? RateLimitPartition.GetNoLimiter(user)
                    : RateLimitPartition.GetSlidingWindowLimiter(user, _ => new SlidingWindowRateLimiterOptions
                    {
                        PermitLimit = permits,
                        Window = TimeSpan.FromHours(1),
                        SegmentsPerWindow = 12,
                        QueueLimit = 0,
                    });
            });
            o.OnRejected = WriteRejectedAsync;
        });
        return services;
    }

    private static async ValueTask WriteRejectedAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(5);
        http.Response.Headers.RetryAfter =
            ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = ApiProblems.BlockRateLimited(),
        });
    }
}
