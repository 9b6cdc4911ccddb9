using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace ChatBlock.Api.Infrastructure;

/// <summary>
/// What every <c>/api/v1</c> route shares: the paging filter, and the OpenAPI entries of the problems that middleware rather than
/// the handler answers (<c>ProblemHttpResult</c> cannot state its status, so handlers' own problems are listed per route with
/// <see cref="ProducesProblems"/>).
/// </summary>
public static class ApiRouteConventions
{
    private const string ProblemContentType = "application/problem+json";

    /// <summary>
    /// Validates a <see cref="PageRequest"/> parameter before the handler runs (its problem is the answer), and lists in OpenAPI
    /// <c>401</c> for routes that require a token, <c>429</c> for rate-limited routes and <c>400</c> for routes with an id parameter
    /// or paging.
    /// </summary>
    public static RouteGroupBuilder WithApiConventions(this RouteGroupBuilder api)
    {
        api.AddEndpointFilterFactory((context, next) => HasPaging(context.MethodInfo)
            ? async invocation => invocation.Arguments.OfType<PageRequest>().FirstOrDefault()?.Validate() ?? await next(invocation)
            : next);
        ((IEndpointConventionBuilder)api).Finally(endpoint =>
        {
            var metadata = endpoint.Metadata;
            if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
            {
                AddProblem(endpoint, StatusCodes.Status401Unauthorized);
            }

            if (metadata.OfType<EnableRateLimitingAttribute>().Any())
            {
                AddProblem(endpoint, StatusCodes.Status429TooManyRequests);
            }

            if ((endpoint is RouteEndpointBuilder route && route.RoutePattern.Parameters.Any(ProblemDetailsSetup.IsIdParameter))
                || metadata.OfType<MethodInfo>().Any(HasPaging))
            {
                AddProblem(endpoint, StatusCodes.Status400BadRequest);
            }
        });
        return api;
    }

    /// <summary>Lists the problem statuses <paramref name="statuses"/> the handler itself answers, for OpenAPI.</summary>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder route, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            route.ProducesProblem(status);
        }

        return route;
    }

    private static bool HasPaging(MethodInfo method) =>
        method.GetParameters().Any(p => typeof(PageRequest).IsAssignableFrom(p.ParameterType));

    private static void AddProblem(EndpointBuilder endpoint, int status)
    {
        if (!endpoint.Metadata.OfType<IProducesResponseTypeMetadata>().Any(m => m.StatusCode == status))
        {
            endpoint.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), [ProblemContentType]));
        }
    }
}
