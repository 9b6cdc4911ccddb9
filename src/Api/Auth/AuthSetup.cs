using ChatBlock.Api.Infrastructure;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace ChatBlock.Api.Auth;

/// <summary>
/// Wires JWT bearer authentication with problem-details <c>401 auth.unauthorized</c> answers, and the revocation check of every
/// token (<see cref="TokenRevocation"/>).
/// </summary>
public static class AuthSetup
{
    /// <summary>Adds bearer authentication, authorization, <see cref="TokenService"/> and <see cref="CurrentUser"/>.</summary>
    public static IServiceCollection AddApiAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.SectionName))
            .Validate(o => o.TokenLifetime > TimeSpan.Zero, "Auth:TokenLifetime must be more than 0 (a time span, e.g. 12:00:00).")
            .ValidateOnStart();
        services.AddSingleton<SigningKeyStore>();
        services.AddSingleton<TokenService>();
        services.AddHttpContextAccessor();
        services.AddScoped<CurrentUser>();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<SigningKeyStore>((o, keys) =>
        {
            o.MapInboundClaims = false;
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = TokenService.Issuer,
                ValidAudience = TokenService.Issuer,
                IssuerSigningKey = keys.Key,
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                ClockSkew = TimeSpan.FromSeconds(30),
                NameClaimType = "name",
            };
            o.Events = new JwtBearerEvents
            {
                OnChallenge = WriteUnauthorizedAsync,
                OnTokenValidated = TokenRevocation.ValidateAsync,
            };
        });
        services.AddAuthorization();
        return services;
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
