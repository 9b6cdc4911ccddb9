using System.Security.Claims;
using ChatBlock.Api.Auth;

namespace ChatBlock.Api.Infrastructure;

/// <summary>
/// Treats a signed, unexpired token whose <c>sub</c> is not a user id (a UUID) as no token at all, so that routes that require
/// one answer <c>401 auth.unauthorized</c> rather than fail in <see cref="CurrentUser"/> (issue 11, item 13).
/// </summary>
public static class SubjectValidation
{
    /// <summary>Adds the check; must run after authentication and before authorization.</summary>
    public static IApplicationBuilder UseSubjectValidation(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.User.Identity?.IsAuthenticated == true && !HasUserId(context.User))
        {
            context.User = new ClaimsPrincipal(new ClaimsIdentity());
        }

        await next(context);
    });

    /// <summary>Whether <paramref name="user"/>'s <c>sub</c> claim is a UUID.</summary>
    public static bool HasUserId(ClaimsPrincipal user) => Guid.TryParse(user.FindFirstValue(TokenService.SubjectClaim), out _);
}
