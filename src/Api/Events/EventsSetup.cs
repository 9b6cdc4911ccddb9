using ChatBlock.Grains.Events;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatBlock.Api.Events;

/// <summary>Registers live events: publisher, dispatcher and the query token of the stream route.</summary>
public static class EventsSetup
{
    private const string QueryTokenName = "access_token";

    /// <summary>
    /// Adds <see cref="EventsOptions"/> (section <c>Events</c>), the <see cref="EventPublisher"/> in place of the silo's
    /// <see cref="NullEventPublisher"/>, the <see cref="EventDispatcher"/> (both hosted: the publisher's cluster loop, the
    /// dispatcher's channel subscription), and lets <see cref="EventsApi.Path"/> alone take the bearer token from
    /// <c>?access_token=</c> (EventSource cannot send headers).
    /// </summary>
    public static IServiceCollection AddChatEvents(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EventsOptions>()
            .Bind(configuration.GetSection(EventsOptions.SectionName))
            .Validate(o => o.IsValid(), "Events: intervals and sizes must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<EventDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<EventDispatcher>());
        services.AddSingleton<EventPublisher>();
        services.AddHostedService(sp => sp.GetRequiredService<EventPublisher>());
        services.Replace(ServiceDescriptor.Singleton<IEventPublisher>(sp => sp.GetRequiredService<EventPublisher>()));
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
