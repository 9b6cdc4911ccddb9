using ChatBlock.Api.Auth;
using ChatBlock.Api.Blocks;
using ChatBlock.Api.Conversations;
using ChatBlock.Api.Events;
using ChatBlock.Api.Health;
using ChatBlock.Api.Users;
using ChatBlock.Grains;

namespace ChatBlock.Api.Infrastructure;

/// <summary>Everything the gateway registers, section by section.</summary>
public static class ApiServiceCollectionExtensions
{
    /// <summary>
    /// Adds the co-hosted silo, auth, problem details, rate limits, OpenAPI, health checks, endpoint helpers and live events.
    /// </summary>
    public static IServiceCollection AddChatApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddChatSilo(configuration);
        services.AddApiProblemDetails();
        services.AddApiAuth(configuration);
        services.AddBlockRateLimit();
        services.AddApiHealthChecks();
        services.AddOpenApi();
        services.AddSingleton<ProfileReader>();
        services.AddSingleton<ConversationReader>();
        services.AddSingleton<BlockCommands>();
        services.AddChatEvents(configuration);
        return services;
    }

    /// <summary>Maps every <c>/api/v1</c> route, the health probes and the OpenAPI document.</summary>
    public static WebApplication MapChatApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1");
        api.MapAuthApi();
        api.MapUsersApi();
        api.MapBlocksApi();
        api.MapConversationsApi();
        api.MapMessagesApi();
        api.MapEventsApi();
        app.MapApiHealthChecks();
        app.MapOpenApi().AllowAnonymous();
        return app;
    }
}
