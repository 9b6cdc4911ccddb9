using System.Net;
using System.Security.Claims;
using System.Text;
using ChatBlock.Api.Auth;
using ChatBlock.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ChatBlock.Tests.Api;

/// <summary>
/// The validated-token cache of the bearer schemes (issue 12): a token validated once is answered from memory until its expiry,
/// with the same result as a full validation; revocation still applies on every request.
/// </summary>
[Collection(SqliteCollection.Name)]
public sealed class ValidatedTokenCacheTests(SqliteChatApp app)
{
    private static readonly SymmetricSecurityKey Key = new(Encoding.UTF8.GetBytes("a test signing key of at least 32 bytes, yes"));

    [Fact]
    public async Task ASecondValidationOfTheSameTokenIsAnsweredFromMemoryWithTheSameClaims()
    {
        var clock = new ManualClock();
        using var cache = new ValidatedTokenCache(100, clock);
        var token = Token(clock, TimeSpan.FromMinutes(10));

        var first = await cache.ValidateTokenAsync(token, Parameters(clock));
        var second = await cache.ValidateTokenAsync(token, Parameters(clock));

        Assert.True(first.IsValid);
        Assert.True(second.IsValid);
        Assert.Equal(1, cache.Hits);
        Assert.NotSame(first.ClaimsIdentity, second.ClaimsIdentity);
        Assert.Equal(Claims(first.ClaimsIdentity), Claims(second.ClaimsIdentity));
        Assert.Equal(first.SecurityToken.ValidTo, second.SecurityToken.ValidTo);
    }

    [Fact]
    public async Task AnExpiredTokenIsNotAnsweredFromMemory()
    {
        var clock = new ManualClock();
        using var cache = new ValidatedTokenCache(100, clock);
        var token = Token(clock, TimeSpan.FromMinutes(10));
        Assert.True((await cache.ValidateTokenAsync(token, Parameters(clock))).IsValid);

        clock.Advance(TimeSpan.FromMinutes(10));

        Assert.False((await cache.ValidateTokenAsync(token, Parameters(clock))).IsValid);
        Assert.Equal(0, cache.Hits);
    }

    [Fact]
    public async Task ATamperedTokenAnotherKeyAndAnInvalidTokenAreNeverHits()
    {
        var clock = new ManualClock();
        using var cache = new ValidatedTokenCache(100, clock);
        var token = Token(clock, TimeSpan.FromMinutes(10));
        Assert.True((await cache.ValidateTokenAsync(token, Parameters(clock))).IsValid);

        var tampered = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];
        var otherKey = Parameters(clock);
        otherKey.IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes("another signing key of at least 32 bytes!!"));

        Assert.False((await cache.ValidateTokenAsync(tampered, Parameters(clock))).IsValid);
        Assert.False((await cache.ValidateTokenAsync(tampered, Parameters(clock))).IsValid);
        Assert.False((await cache.ValidateTokenAsync(token, otherKey)).IsValid);
        Assert.Equal(0, cache.Hits);
    }

    [Fact]
    public async Task SizeZeroTurnsTheCacheOff()
    {
        var clock = new ManualClock();
        using var cache = new ValidatedTokenCache(0, clock);
        var token = Token(clock, TimeSpan.FromMinutes(10));

        Assert.True((await cache.ValidateTokenAsync(token, Parameters(clock))).IsValid);
        Assert.True((await cache.ValidateTokenAsync(token, Parameters(clock))).IsValid);
        Assert.Equal(0, cache.Hits);
    }

    [Fact]
    public async Task ThroughTheGatewayACachedTokenStillStopsWorkingAtLogout()
    {
        var cache = app.Services.GetRequiredKeyedService<ValidatedTokenCache>(JwtBearerDefaults.AuthenticationScheme);
        var user = await app.RegisterAsync();
        var before = cache.Hits;

        Assert.Equal(user.Id, (await user.MeAsync()).Id);
        Assert.Equal(user.Id, (await user.MeAsync()).Id);
        Assert.True(cache.Hits > before, "the second request with the same token was not answered from memory");

        Assert.Equal(HttpStatusCode.NoContent, (await user.LogoutAsync()).StatusCode);
        var hitsBeforeRefusal = cache.Hits;
        await HttpAssert.ProblemAsync(await user.GetMeAsync(), HttpStatusCode.Unauthorized, "auth.unauthorized");
        Assert.True(cache.Hits > hitsBeforeRefusal, "the refused request did not reach the cached token");
    }

    private static string Token(TimeProvider clock, TimeSpan lifetime)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = TokenService.Issuer,
            Audience = TokenService.Issuer,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            Subject = new ClaimsIdentity([new Claim(TokenService.SubjectClaim, Guid.NewGuid().ToString()), new Claim("name", "someone")]),
            SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.HmacSha256),
        });
    }

    // The gateway's checks, with the lifetime judged by the test's clock instead of the machine's.
    private static TokenValidationParameters Parameters(TimeProvider clock) => new()
    {
        ValidIssuer = TokenService.Issuer,
        ValidAudience = TokenService.Issuer,
        IssuerSigningKey = Key,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        LifetimeValidator = (notBefore, expires, _, _) =>
            clock.GetUtcNow().UtcDateTime is var now && (notBefore is null || notBefore <= now) && expires > now,
    };

    private static string[] Claims(ClaimsIdentity identity) => [.. identity.Claims.Select(c => $"{c.Type}={c.Value}").Order()];
}
