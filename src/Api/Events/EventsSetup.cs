using ChatBlock.Grains.Events;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatBlock.Api.Events;

/// <summary>Registers live events: the local stream hub, publication through the cluster channel, replay, and the query token.</summary>
public static class EventsSetup
{
    private const string QueryTokenName = "access_token";

    /// <summary>
    /// Adds <see cref="EventsOptions"/> (section <c>Events</c>), <see cref="EventHub"/>, <see cref="EventReplayer"/>, the
    /// <see cref="ClusterEventSink"/> in place of the silo's no-op sink, the <see cref="ClusterEventRelay"/>, and lets
    /// <see cref="EventsApi.Path"/> alone take the bearer token from <c>?access_token=</c> (EventSource cannot send headers).
    /// </summary>
    public static IServiceCollection AddChatEvents(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EventsOptions>()
            .Bind(configuration.GetSection(EventsOptions.SectionName))
            .Validate(o => o.IsValid(), "Events: intervals and sizes must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<EventHub>();
        services.AddSingleton<EventReplayer>();
        services.AddSingleton<EventPublisher>();
        services.AddHostedService(sp => sp.GetRequiredService<EventPublisher>());
        services.Replace(ServiceDescriptor.Singleton<IChatEventSink, ClusterEventSink>());
        services.AddHostedService<ClusterEventRelay>();
        services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o =>
        {
            o.Events ??= new JwtBearerEvents();
            var previous = o.Events.OnMessageReceived;
            o.Events.OnMessageReceived = async context =>
            {
                await previous(context);
                if (context.Token is null
                    && IsEventStreamRequest(context.Request)
                    && context.Request.Query[QueryTokenName] is [{ Length: > 0 } token])
                {
                    context.Token = token;
                }
            };
        });
        return services;
    }

    private static bool IsEventStreamRequest(HttpRequest request) =>
        HttpMethods.IsGet(request.Method)
        && request.Path.StartsWithSegments(EventsApi.Path, StringComparison.OrdinalIgnoreCase, out var rest)
        && rest.Value is null or "" or "/"
        && request.Headers.Authorization.Count == 0;
}
