using System.Security.Claims;
using ChatBlock.Api.Auth;
using ChatBlock.Storage;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ChatBlock.Api.Events;

/// <summary>
/// Live event stream tickets (SPEC section 11): <c>EventSource</c> cannot send headers, and a 12-hour token in a URL ends up in
/// proxy and request logs, so a signed-in client trades its bearer token for a ticket that opens one stream: an HS256 JSON Web
/// Token signed with the access tokens' key (<see cref="SigningKeyStore"/>), audience <see cref="Audience"/> (so it is never
/// accepted as an access token, nor an access token as a ticket), a random id, valid <see cref="EventsOptions.TicketLifetime"/>.
/// </summary>
/// <remarks>
/// The ticket carries the bearer token's own claims (user, name, and any app or tenant data) and the token's expiry, so the
/// stream it opens is the token's user's and ends when the token would have. Any silo sharing the signing key accepts it; single
/// use holds across silos because the database records used ids (<see cref="IChatStore.TryUseEventTicketAsync"/>). Tickets are
/// never logged.
/// </remarks>
public sealed class EventTickets(SigningKeyStore keys, IChatStore store, IOptions<EventsOptions> options, TimeProvider timeProvider)
{
    /// <summary>The audience of a ticket; access tokens have <see cref="TokenService.Issuer"/>.</summary>
    public const string Audience = "chatblock-event-stream";

    /// <summary>How far past its expiry a ticket is still taken, for clocks of silos that differ a little.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(5);

    // The access token's expiry (Unix seconds), carried in the ticket and given back as "exp" to the stream.
    private const string TokenExpiryClaim = "token_exp";

    // A used ticket's row is kept this long after the ticket expired, well beyond any clock skew between silos.
    private static readonly TimeSpan ForgetAfter = TimeSpan.FromMinutes(5);

    private static readonly HashSet<string> NotCopied =
    [
        JwtRegisteredClaimNames.Iss, JwtRegisteredClaimNames.Aud, JwtRegisteredClaimNames.Exp, JwtRegisteredClaimNames.Nbf,
        JwtRegisteredClaimNames.Iat, JwtRegisteredClaimNames.Jti, TokenExpiryClaim,
    ];

    private readonly JsonWebTokenHandler _handler = new();

    /// <summary>A new ticket for the bearer of <paramref name="user"/> (the principal of a validated access token).</summary>
    /// <returns>The ticket (a compact JWT, URL-safe) and when it expires (UTC, whole seconds).</returns>
    public EventTicketResponse Issue(ClaimsPrincipal user)
    {
        var now = timeProvider.GetUtcNow();
        var expires = DateTimeOffset.FromUnixTimeSeconds((now + options.Value.TicketLifetime).ToUnixTimeSeconds());
        var claims = user.Claims.Where(c => !NotCopied.Contains(c.Type)).Select(c => new Claim(c.Type, c.Value, c.ValueType)).ToList();
        claims.Add(new Claim(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")));
        if (user.FindFirst(JwtRegisteredClaimNames.Exp) is { } tokenExpiry)
        {
            claims.Add(new Claim(TokenExpiryClaim, tokenExpiry.Value, ClaimValueTypes.Integer64));
        }

        var ticket = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = TokenService.Issuer,
            Audience = Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Subject = new ClaimsIdentity(claims),
            SigningCredentials = new SigningCredentials(keys.Key, SecurityAlgorithms.HmacSha256),
        });
        return new EventTicketResponse(ticket, expires);
    }

    /// <summary>
    /// Uses <paramref name="ticket"/>: the principal of the stream it opens (the token's claims, <c>exp</c> the token's expiry),
    /// or null when it is not a ticket of this service, has expired (this app's <see cref="TimeProvider"/>, less
    /// <see cref="ClockSkew"/>) or was used before, on any silo.
    /// </summary>
    /// <exception cref="Exception">Storage faults from <see cref="IChatStore.TryUseEventTicketAsync"/>, unchanged (503).</exception>
    public async Task<ClaimsPrincipal?> RedeemAsync(string ticket, string authenticationType, CancellationToken cancellationToken = default)
    {
        var result = await _handler.ValidateTokenAsync(ticket, new TokenValidationParameters
        {
            ValidIssuer = TokenService.Issuer,
            ValidAudience = Audience,
            IssuerSigningKey = keys.Key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            // Checked below against the app's clock, which tests can move.
            ValidateLifetime = false,
            NameClaimType = "name",
        }).ConfigureAwait(false);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt || !Guid.TryParseExact(jwt.Id, "N", out var id)
            || !jwt.TryGetPayloadValue<long>(JwtRegisteredClaimNames.Exp, out var expirySeconds))
        {
            return null;
        }

        var expires = DateTimeOffset.FromUnixTimeSeconds(expirySeconds);
        if (timeProvider.GetUtcNow() >= expires + ClockSkew
            || !await store.TryUseEventTicketAsync(id, expires, StoreClock.Now(timeProvider) - ForgetAfter, cancellationToken)
                .ConfigureAwait(false))
        {
            return null;
        }

        var claims = result.ClaimsIdentity.Claims.Where(c => !NotCopied.Contains(c.Type)).ToList();
        if (result.ClaimsIdentity.FindFirst(TokenExpiryClaim) is { } tokenExpiry)
        {
            claims.Add(new Claim(JwtRegisteredClaimNames.Exp, tokenExpiry.Value, ClaimValueTypes.Integer64));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, "name", null));
    }
}
