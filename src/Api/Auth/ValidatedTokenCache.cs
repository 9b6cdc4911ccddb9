using System.Security.Claims;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ChatBlock.Api.Auth;

/// <summary>
/// The bearer schemes' token handler (<see cref="Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerOptions.TokenHandlers"/>):
/// a <see cref="JsonWebTokenHandler"/> that remembers each token it validated until the token's own expiry, so that the
/// requests of a client after its first one skip parsing the token's JSON and checking its HMAC-SHA256 signature again
/// (issue 12: that was about a sixth of a refused send's CPU in the profile of <c>benchmarks/run.sh --profile</c>).
/// </summary>
/// <remarks>
/// <para>
/// A hit needs the exact token text (every signed byte) that was validated before, with the same signing key, before the
/// token's <c>exp</c>: it is the answer the handler would give again, since nothing else it checks (issuer, audience,
/// algorithm, signature) can change for the same text and key. A token past <c>exp</c> is never answered from memory; the
/// inner handler decides it (clock skew included) and a token that expired is not remembered. Only valid tokens are kept:
/// a bad token costs a full validation every time, as before.
/// </para>
/// <para>
/// Revocation is not cached: <see cref="TokenRevocation.ValidateAsync"/> runs after this handler on every request (logout,
/// password change and account deletion end a token at once, SPEC section 11). Each hit gets its own copy of the claims
/// identity, since the request may change it. At most <see cref="AuthOptions.ValidatedTokenCacheSize"/> tokens are kept
/// (<c>0</c> turns the cache off); beyond that the oldest are dropped, which only costs their next validation.
/// </para>
/// </remarks>
public sealed class ValidatedTokenCache : TokenHandler, IDisposable
{
    private readonly JsonWebTokenHandler _inner = new() { MapInboundClaims = false };
    private readonly MemoryCache? _validated;
    private readonly TimeProvider _clock;

    /// <summary>A handler keeping at most <paramref name="capacity"/> validated tokens (0: none).</summary>
    /// <param name="capacity">How many tokens to remember, at least 0.</param>
    /// <param name="clock">The clock that decides whether a remembered token has expired.</param>
    public ValidatedTokenCache(int capacity, TimeProvider clock)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _clock = clock;
        _validated = capacity == 0 ? null : new MemoryCache(new MemoryCacheOptions { SizeLimit = capacity });
    }

    /// <summary>How many validations were answered from memory (for tests and diagnostics).</summary>
    public long Hits => Interlocked.Read(ref _hits);

    private long _hits;

    /// <inheritdoc />
    public override int MaximumTokenSizeInBytes
    {
        get => _inner.MaximumTokenSizeInBytes;
        set => _inner.MaximumTokenSizeInBytes = value;
    }

    /// <inheritdoc />
    public override SecurityToken ReadToken(string token) => _inner.ReadToken(token);

    /// <summary>
    /// The result <see cref="JsonWebTokenHandler.ValidateTokenAsync(string, TokenValidationParameters)"/> gives for
    /// <paramref name="token"/>, from memory when the same text was validated with the same signing key and has not expired.
    /// </summary>
    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (_validated is null)
        {
            return await _inner.ValidateTokenAsync(token, validationParameters).ConfigureAwait(false);
        }

        var now = _clock.GetUtcNow().UtcDateTime;
        if (_validated.TryGetValue(token, out Entry? known)
            && ReferenceEquals(known!.SigningKey, validationParameters.IssuerSigningKey)
            && known.Token.ValidTo > now)
        {
            Interlocked.Increment(ref _hits);
            return new TokenValidationResult
            {
                IsValid = true,
                SecurityToken = known.Token,
                ClaimsIdentity = known.Identity.Clone(),
                Issuer = known.Issuer,
                TokenType = known.TokenType,
            };
        }

        var result = await _inner.ValidateTokenAsync(token, validationParameters).ConfigureAwait(false);
        if (result.IsValid && result.SecurityToken is JsonWebToken jwt && jwt.ValidTo > now
            && validationParameters.IssuerSigningKey is { } key)
        {
            _validated.Set(
                token,
                new Entry(jwt, result.ClaimsIdentity.Clone(), result.Issuer, result.TokenType, key),
                new MemoryCacheEntryOptions { Size = 1, AbsoluteExpiration = new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero) });
        }

        return result;
    }

    /// <inheritdoc />
    public void Dispose() => _validated?.Dispose();

    private sealed record Entry(JsonWebToken Token, ClaimsIdentity Identity, string Issuer, string TokenType, SecurityKey SigningKey);
}
