using System.Security.Claims;
using ChatBlock.Api.Auth;
using ChatBlock.Grains.Apps;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace ChatBlock.Api.ImApi;

/// <summary>
/// The IM API's authentication (seeds 001/004, SPEC section 8): a second JWT bearer scheme that reads the client token from
/// <c>IM-Authorization</c> (not <c>Authorization</c>), checks it like every token (signature, lifetime, revocation), and requires
/// <c>IM-CLIENT-KEY</c> to be the client key of the token's app (compared in constant time). Any failure is the seeds' 401.
/// </summary>
public static class ImClientAuthentication
{
    /// <summary>The scheme's name.</summary>
    public const string SchemeName = "ImClient";

    /// <summary>The authorization policy of the IM API's routes.</summary>
    public const string Policy = "ImClient";

    /// <summary>The header that carries the client token (seed 001/004).</summary>
    public const string TokenHeader = "IM-Authorization";

    /// <summary>The header that carries the app's client key (seed 001/004).</summary>
    public const string ClientKeyHeader = "IM-CLIENT-KEY";

    /// <summary>
    /// The scheme's events: the token from <see cref="TokenHeader"/> (a <c>Bearer </c> prefix tolerated; without the header there
    /// is no token, whatever <c>Authorization</c> says), revocation and the client key after validation, and
    /// <paramref name="challenge"/> for the 401 (written in the IM envelope by the endpoint's error writer).
    /// </summary>
    public static JwtBearerEvents Events(Func<JwtBearerChallengeContext, Task> challenge) => new()
    {
        OnMessageReceived = context =>
        {
            var value = context.Request.Headers[TokenHeader].ToString().Trim();
            if (value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                value = value["Bearer ".Length..].Trim();
            }

            if (value.Length == 0)
            {
                context.NoResult();
            }
            else
            {
                context.Token = value;
            }

            return Task.CompletedTask;
        },
        OnTokenValidated = async context =>
        {
            var apps = context.HttpContext.RequestServices.GetRequiredService<AppRegistry>();
            if (!apps.TryGet(context.Principal?.FindFirstValue(TokenService.AppClaim), out var app)
                || !app.IsClientKey(context.Request.Headers[ClientKeyHeader].ToString()))
            {
                context.Fail("The client key is not the one of the token's app.");
                return;
            }

            await TokenRevocation.ValidateAsync(context);
        },
        OnChallenge = challenge,
    };
}
