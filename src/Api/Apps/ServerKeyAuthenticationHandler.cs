using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Encodings.Web;
using ChatBlock.Api.Auth;
using ChatBlock.Api.Infrastructure;
using ChatBlock.Grains.Apps;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ChatBlock.Api.Apps;

/// <summary>
/// The server API's authentication scheme (SPEC section 8): <c>Authorization: Bearer &lt;server key&gt;</c> of the app named by
/// the route's <c>{appId}</c>, compared in constant time by <see cref="RegisteredApp.IsServerKey"/>. The key is never logged or
/// put in a claim. A failure answers <c>401 auth.unauthorized</c>, or <c>404 app.not_found</c> when no app has that id, as
/// problem details.
/// </summary>
public sealed class ServerKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AppRegistry apps)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme's name.</summary>
    public const string SchemeName = "AppServerKey";

    /// <summary>The claim that says the caller is an app's backend (value <c>server</c>).</summary>
    public const string RoleValue = "server";

    /// <inheritdoc />
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!apps.TryGet(RouteAppId, out var app) || !app.IsServerKey(header.Parameter))
        {
            return Task.FromResult(AuthenticateResult.Fail("Not the server key of this app."));
        }

        var identity = new ClaimsIdentity(
            [new Claim(TokenService.AppClaim, app.Id), new Claim(ClaimTypes.Role, RoleValue)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    /// <inheritdoc />
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var known = apps.TryGet(RouteAppId, out _);
        Response.StatusCode = known ? StatusCodes.Status401Unauthorized : StatusCodes.Status404NotFound;
        if (known)
        {
            Response.Headers.WWWAuthenticate = "Bearer";
        }

        await Context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = known ? ApiProblems.ServerKeyRequired() : ApiProblems.AppNotFound(),
        });
    }

    private string? RouteAppId => Context.GetRouteValue("appId") as string;
}
