namespace ChatBlock.Api.Dialects;

/// <summary>Wires the seeds' other dialects (SPEC section 9): seed 000, 002 and 003 routes beside <c>/api/v1</c>.</summary>
public static class DialectsSetup
{
    /// <summary>
    /// Adds <see cref="DialectCommands"/> and <see cref="DialectProblemWriter"/>, the latter ahead of every other problem-details
    /// writer so that errors on a dialect's routes are written in that dialect's envelope.
    /// </summary>
    public static IServiceCollection AddDialects(this IServiceCollection services)
    {
        services.AddSingleton<DialectCommands>();
        services.Insert(0, ServiceDescriptor.Singleton<IProblemDetailsWriter, DialectProblemWriter>());
        return services;
    }

    /// <summary>Maps every dialect's routes, each under its own OpenAPI tag.</summary>
    public static IEndpointRouteBuilder MapDialectApis(this IEndpointRouteBuilder app)
    {
        app.MapSeed000Api();
        app.MapSeed002Api();
        app.MapSeed003Api();
        return app;
    }

    /// <summary>
    /// Declares for OpenAPI that the endpoint answers <typeparamref name="TFailure"/> with each of <paramref name="statuses"/>.
    /// </summary>
    public static RouteHandlerBuilder ProducesFailures<TFailure>(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            builder.Produces<TFailure>(status);
        }

        return builder;
    }
}
