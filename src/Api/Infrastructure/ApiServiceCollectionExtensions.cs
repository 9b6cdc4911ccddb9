using ChatBlock.Api.Auth;
using ChatBlock.Api.Blocks;
using ChatBlock.Api.Conversations;
using ChatBlock.Api.Dialects;
using ChatBlock.Api.Events;
using ChatBlock.Api.Health;
using ChatBlock.Api.Users;
using ChatBlock.Grains;

namespace ChatBlock.Api.Infrastructure;

/// <summary>The route handlers' services and the <c>/api/v1</c> routes.</summary>
public static class ApiServiceCollectionExtensions
{
    /// <summary>Adds the services the route handlers take: <see cref="ProfileReader"/> and <see cref="BlockHandlers"/>.</summary>
    public static IServiceCollection AddChatEndpoints(this IServiceCollection services)
    {
        services.AddSingleton<ProfileReader>();
        services.AddSingleton<BlockHandlers>();
        services.AddSingleton<BlockImportReader>();
        return services;
    }

    /// <summary>
    /// Maps every <c>/api/v1</c> route (with the paging filter and the OpenAPI problem metadata of <see cref="ApiRouteConventions"/>),
    /// the health probes and the OpenAPI document.
    /// </summary>
    public static WebApplication MapChatApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1").WithApiConventions();
        api.MapAuthApi();
        api.MapUsersApi();
        api.MapBlocksApi();
        api.MapConversationsApi();
        api.MapMessagesApi();
        api.MapEventsApi();
        app.MapDialectApis();
        app.MapApiHealthChecks();
        app.MapOpenApi().AllowAnonymous();
        return app;
    }
}
