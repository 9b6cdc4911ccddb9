using ChatBlock.Api.Auth;
using ChatBlock.Grains.Users;

namespace ChatBlock.Api.Infrastructure;

/// <summary>Records each authenticated request as activity of its user, for <c>lastSeenAt</c> (SPEC section 4).</summary>
public static class LastSeenMiddleware
{
    /// <summary>
    /// Adds the recording after authentication: a memory write in <see cref="UserActivity"/>, no call into the user's grain; the
    /// time reaches storage at most once a minute per user.
    /// </summary>
    public static IApplicationBuilder UseLastSeen(this IApplicationBuilder app)
    {
        var activity = app.ApplicationServices.GetRequiredService<UserActivity>();
        return app.Use(async (context, next) =>
        {
            if (Guid.TryParse(context.User.FindFirst(TokenService.SubjectClaim)?.Value, out var userId))
            {
                await activity.RecordAsync(userId, context.RequestAborted);
            }

            await next(context);
        });
    }
}
