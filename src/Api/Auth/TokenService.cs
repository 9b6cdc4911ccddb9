using System.Globalization;
using System.Security.Claims;
using ChatBlock.Storage;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ChatBlock.Api.Auth;

/// <summary>Issues HS256 JSON Web Tokens (RFC 7519) whose <c>sub</c> is the user id.</summary>
public sealed class TokenService(SigningKeyStore keys, IOptions<AuthOptions> options, TimeProvider timeProvider)
{
    /// <summary>Issuer and audience written into and required of every token.</summary>
    public const string Issuer = "chatblock";

    /// <summary>The claim that carries the user id.</summary>
    public const string SubjectClaim = JwtRegisteredClaimNames.Sub;

    /// <summary>The claim that carries the token's own id (a random UUID), the key of a logout (SPEC section 11).</summary>
    public const string TokenIdClaim = JwtRegisteredClaimNames.Jti;

    /// <summary>
    /// The claim that carries the user's security stamp when the token was issued (an integer); a token whose stamp is not the
    /// user's current one no longer works. Tokens issued before this claim existed count as stamp 0.
    /// </summary>
    public const string StampClaim = "stamp";

    /// <summary>The claim that carries the user's app (SPEC section 8); a token without it belongs to <c>default</c>.</summary>
    public const string AppClaim = "app";

    private readonly JsonWebTokenHandler _handler = new();

    /// <summary>
    /// A token for <paramref name="user"/>, carrying <paramref name="securityStamp"/> (the user's current one, from storage) and the
    /// user's app, and when it expires (UTC). The same token serves register/login accounts and an app's client tokens.
    /// </summary>
    public (string Token, DateTimeOffset ExpiresAt) Issue(UserRecord user, long securityStamp)
    {
        var now = timeProvider.GetUtcNow();
        var expires = now + options.Value.TokenLifetime;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Issuer,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Subject = new ClaimsIdentity(
            [
                new Claim(SubjectClaim, user.Id.ToString()),
                new Claim("name", user.Username),
                new Claim(TokenIdClaim, Guid.NewGuid().ToString("N")),
                new Claim(StampClaim, securityStamp.ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64),
                new Claim(AppClaim, user.AppId),
            ]),
            SigningCredentials = new SigningCredentials(keys.Key, SecurityAlgorithms.HmacSha256),
        });
        return (token, DateTimeOffset.FromUnixTimeSeconds(expires.ToUnixTimeSeconds()));
    }
}
