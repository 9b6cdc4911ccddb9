using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using ChatBlock.Grains;
using ChatBlock.Silo.Runtime;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;

namespace ChatBlock.Api.Auth;

/// <summary>
/// The per-request check that makes logout, password change and account deletion revoke tokens (SPEC section 11): after the
/// signature and lifetime are valid, the user's grain must still accept the token's security stamp and id.
/// </summary>
public static class TokenRevocation
{
    /// <summary>
    /// <see cref="JwtBearerEvents.OnTokenValidated"/>: fails authentication (so the answer is <c>401 auth.unauthorized</c>) when
    /// the <c>sub</c> is not a user id, the stamp claim is malformed, the account is gone, the stamp is not the user's current one
    /// or the token was logged out. A token without <c>jti</c> (issued before ids existed) gets the SHA-256 of its text as its id,
    /// added to the principal, so that it can be logged out too.
    /// </summary>
    public static async Task ValidateAsync(TokenValidatedContext context)
    {
        var principal = context.Principal;
        if (principal?.Identity is not ClaimsIdentity identity
            || !Guid.TryParse(principal.FindFirstValue(TokenService.SubjectClaim), out var userId)
            || !TryGetStamp(principal, out var stamp))
        {
            context.Fail("The token does not name a user.");
            return;
        }

        var tokenId = principal.FindFirstValue(TokenService.TokenIdClaim);
        if (string.IsNullOrEmpty(tokenId))
        {
            tokenId = context.SecurityToken is JsonWebToken jwt ? IdOf(jwt.EncodedToken) : "";
            identity.AddClaim(new Claim(TokenService.TokenIdClaim, tokenId));
        }

        var grains = context.HttpContext.RequestServices.GetRequiredService<IGrainFactory>();
        if (!await grains.GetGrain<IUserGrain>(userId).IsTokenValidAsync(stamp, tokenId))
        {
            context.Fail("The token was revoked.");
        }
    }

    /// <summary>The id (<c>jti</c>) and expiry of the request's token, for a logout.</summary>
    /// <exception cref="InvalidOperationException">The request has no validated token.</exception>
    public static (string TokenId, DateTimeOffset ExpiresAt) CurrentToken(ClaimsPrincipal user)
    {
        var tokenId = user.FindFirstValue(TokenService.TokenIdClaim);
        var expires = user.FindFirstValue(JwtRegisteredClaimNames.Exp);
        return !string.IsNullOrEmpty(tokenId) && long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var exp)
            ? (tokenId, DateTimeOffset.FromUnixTimeSeconds(exp))
            : throw new InvalidOperationException("No validated token on this request.");
    }

    private static bool TryGetStamp(ClaimsPrincipal principal, out long stamp)
    {
        var value = principal.FindFirstValue(TokenService.StampClaim);
        if (value is null)
        {
            stamp = 0;
            return true;
        }

        return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out stamp);
    }

    private static string IdOf(string encodedToken) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(encodedToken)));
}
