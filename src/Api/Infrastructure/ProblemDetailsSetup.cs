using System.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing.Patterns;

namespace ChatBlock.Api.Infrastructure;

/// <summary>Makes every error a problem-details response with <c>code</c> and <c>traceId</c> (SPEC section 4).</summary>
public static class ProblemDetailsSetup
{
    /// <summary>
    /// Registers the problem-details service with the <c>code</c>/<c>traceId</c> members and turns off throwing on bad requests.
    /// </summary>
    public static IServiceCollection AddApiProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            problem.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
            if (!problem.Extensions.ContainsKey("code"))
            {
                problem.Extensions["code"] = DefaultCode(problem.Status ?? context.HttpContext.Response.StatusCode);
            }
        });
        // An unreachable or saturated database: 503 storage.unavailable with Retry-After, not 500 (issue 11, item 4).
        services.AddExceptionHandler<StorageUnavailableHandler>();
        // Malformed JSON or an unbindable query value: answer 400 problem details rather than throw (also in Development).
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = false);
        return services;
    }

    /// <summary>
    /// Adds the error middleware: unhandled exceptions become <c>500</c> problems, empty error responses (unknown route, wrong
    /// method, malformed body) become problems, and a malformed UUID in a route parameter named <c>id</c> or <c>*Id</c> is
    /// answered with <c>400 request.invalid_id</c> before the handler runs.
    /// </summary>
    public static IApplicationBuilder UseApiProblemDetails(this IApplicationBuilder app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }

    /// <summary>Rejects a malformed UUID in a route parameter; must run after routing.</summary>
    public static IApplicationBuilder UseRouteIdValidation(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.GetEndpoint() is RouteEndpoint endpoint)
        {
            foreach (var parameter in endpoint.RoutePattern.Parameters)
            {
                if (IsIdParameter(parameter) && context.Request.RouteValues[parameter.Name] is string value
                    && !Guid.TryParseExact(value, "D", out _))
                {
                    context.Response.StatusCode = StatusCodes.Status400BadRequest;
                    var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
                    await problems.WriteAsync(new ProblemDetailsContext
                    {
                        HttpContext = context,
                        ProblemDetails = ApiProblems.InvalidRouteId(parameter.Name),
                    });
                    return;
                }
            }
        }

        await next(context);
    });

    /// <summary>
    /// Whether a route parameter holds a UUID id: named <c>id</c> or ending in <c>Id</c>, except the text ids of SPEC section 8
    /// (<c>appId</c>, <c>externalId</c>), which their routes check themselves.
    /// </summary>
    internal static bool IsIdParameter(RoutePatternParameterPart parameter) =>
        (parameter.Name == "id" || parameter.Name.EndsWith("Id", StringComparison.Ordinal))
        && parameter.Name is not ("appId" or "externalId");

    private static string DefaultCode(int status) => status switch
    {
        400 => "request.invalid",
        401 => "auth.unauthorized",
        403 => "forbidden",
        404 => "route.not_found",
        405 => "request.method_not_allowed",
        413 => "request.too_large",
        415 => "request.unsupported_media_type",
        429 => "rate_limited",
        503 => "service.unavailable",
        _ when status >= 500 => "server.error",
        _ => "request.failed",
    };
}
