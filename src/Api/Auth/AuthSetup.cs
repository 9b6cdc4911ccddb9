using ChatBlock.Api.Apps;
using ChatBlock.Api.ImApi;
using ChatBlock.Api.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace ChatBlock.Api.Auth;

/// <summary>
/// Wires authentication: JWT bearer tokens with problem-details <c>401 auth.unauthorized</c> answers and the revocation check of
/// every token (<see cref="TokenRevocation"/>); and for apps (SPEC section 8) the server key of the server API
/// (<see cref="ServerKeyAuthenticationHandler"/>) and the IM API's <c>IM-Authorization</c> / <c>IM-CLIENT-KEY</c> headers
/// (<see cref="ImClientAuthentication"/>), each behind its own authorization policy.
/// </summary>
public static class AuthSetup
{
    /// <summary>
    /// Adds the three schemes, the policies <see cref="AppsApi.Policy"/> and <see cref="ImClientAuthentication.Policy"/>,
    /// <see cref="TokenService"/> and <see cref="CurrentUser"/>.
    /// </summary>
    public static IServiceCollection AddApiAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.SectionName))
            .Validate(o => o.TokenLifetime > TimeSpan.Zero, "Auth:TokenLifetime must be more than 0 (a time span, e.g. 12:00:00).")
            .Validate(o => o.ValidatedTokenCacheSize >= 0, "Auth:ValidatedTokenCacheSize must be 0 or more (0 turns it off).")
            .ValidateOnStart();
        services.AddSingleton<SigningKeyStore>();
        services.AddSingleton<TokenService>();
        services.AddHttpContextAccessor();
        services.AddScoped<CurrentUser>();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer()
            .AddJwtBearer(ImClientAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ServerKeyAuthenticationHandler>(ServerKeyAuthenticationHandler.SchemeName, null);
        services.AddKeyedSingleton(JwtBearerDefaults.AuthenticationScheme, TokenCache);
        services.AddKeyedSingleton(ImClientAuthentication.SchemeName, TokenCache);
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<SigningKeyStore, IServiceProvider>((o, keys, sp) =>
        {
            Configure(o, keys, sp.GetRequiredKeyedService<ValidatedTokenCache>(JwtBearerDefaults.AuthenticationScheme));
            o.Events = new JwtBearerEvents
            {
                OnChallenge = WriteUnauthorizedAsync,
                OnTokenValidated = TokenRevocation.ValidateAsync,
            };
        });
        services.AddOptions<JwtBearerOptions>(ImClientAuthentication.SchemeName).Configure<SigningKeyStore, IServiceProvider>((o, keys, sp) =>
        {
            Configure(o, keys, sp.GetRequiredKeyedService<ValidatedTokenCache>(ImClientAuthentication.SchemeName));
            o.Events = ImClientAuthentication.Events(WriteUnauthorizedAsync);
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(AppsApi.Policy, p => p.AddAuthenticationSchemes(ServerKeyAuthenticationHandler.SchemeName)
                .RequireRole(ServerKeyAuthenticationHandler.RoleValue))
            .AddPolicy(ImClientAuthentication.Policy, p => p.AddAuthenticationSchemes(ImClientAuthentication.SchemeName)
                .RequireAuthenticatedUser());
        return services;
    }

    // One validated-token cache per bearer scheme (each scheme's tokens are validated with that scheme's parameters).
    private static ValidatedTokenCache TokenCache(IServiceProvider services, object? scheme) => new(
        services.GetRequiredService<IOptions<AuthOptions>>().Value.ValidatedTokenCacheSize, services.GetRequiredService<TimeProvider>());

    // The token checks every bearer scheme shares: issuer, audience, the signing key and algorithm, lifetime; the handler that
    // remembers validated tokens until they expire (issue 12).
    private static void Configure(JwtBearerOptions options, SigningKeyStore keys, ValidatedTokenCache tokens)
    {
        options.MapInboundClaims = false;
        options.TokenHandlers.Clear();
        options.TokenHandlers.Add(tokens);
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = TokenService.Issuer,
            ValidAudience = TokenService.Issuer,
            IssuerSigningKey = keys.Key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ClockSkew = TimeSpan.FromSeconds(30),
            NameClaimType = "name",
        };
    }

    private static async Task WriteUnauthorizedAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer";
        var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context.HttpContext,
            ProblemDetails = ApiProblems.Unauthorized(),
        });
    }
}
