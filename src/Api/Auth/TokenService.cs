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

    private readonly JsonWebTokenHandler _handler = new();

    /// <summary>A token for <paramref name="user"/> and when it expires (UTC).</summary>
    public (string Token, DateTimeOffset ExpiresAt) Issue(UserRecord user)
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
            Subject = new ClaimsIdentity([new Claim(SubjectClaim, user.Id.ToString()), new Claim("name", user.Username)]),
            SigningCredentials = new SigningCredentials(keys.Key, SecurityAlgorithms.HmacSha256),
        });
        return (token, DateTimeOffset.FromUnixTimeSeconds(expires.ToUnixTimeSeconds()));
    }
}
