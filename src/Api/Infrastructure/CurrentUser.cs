using System.Security.Claims;

namespace ChatBlock.Api.Infrastructure;

/// <summary>The signed-in user of this request, filled from the bearer token's claims (scoped).</summary>
public sealed class CurrentUser(IHttpContextAccessor accessor)
{
    /// <summary>The user id from the token's <c>sub</c> claim.</summary>
    /// <exception cref="InvalidOperationException">
    /// Used on a route that does not require authorization (a bug). A token whose <c>sub</c> is not a UUID never gets here: it is
    /// treated as no token (<see cref="SubjectValidation"/>), so the route answers <c>401</c>.
    /// </exception>
    public Guid Id { get; } = Guid.TryParse(accessor.HttpContext?.User.FindFirstValue(Auth.TokenService.SubjectClaim), out var id)
        ? id
        : throw new InvalidOperationException("No authenticated user on this request.");

    /// <summary>
    /// The app of the user (SPEC section 8), from the token's <c>app</c> claim; <c>default</c> for tokens without one (register/login
    /// accounts, and tokens issued before apps existed).
    /// </summary>
    public string AppId { get; } = accessor.HttpContext?.User.FindFirstValue(Auth.TokenService.AppClaim) is { Length: > 0 } app
        ? app
        : Storage.UserRecord.DefaultAppId;
}
