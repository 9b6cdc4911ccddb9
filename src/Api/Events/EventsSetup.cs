using ChatBlock.Grains.Events;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatBlock.Api.Events;

/// <summary>Registers live events: publisher, dispatcher, stream tickets and the stream route's authorization policy.</summary>
public static class EventsSetup
{
    /// <summary>
    /// The policy of <c>GET /api/v1/events</c>: a bearer token (<c>Authorization</c> header) or a stream ticket
    /// (<c>?ticket=</c>, <see cref="EventTicketHandler"/>). Never <c>?access_token=</c> (SPEC section 11).
    /// </summary>
    public const string StreamPolicy = "EventStream";

    /// <summary>
    /// Adds <see cref="EventsOptions"/> (section <c>Events</c>), the <see cref="EventPublisher"/> in place of the silo's
    /// <see cref="NullEventPublisher"/>, the <see cref="EventDispatcher"/> (both hosted: the publisher's cluster loop, the
    /// dispatcher's channel subscription), <see cref="EventTickets"/>, the <see cref="EventTicketHandler.SchemeName"/> scheme and
    /// <see cref="StreamPolicy"/>. Call after the bearer scheme is added.
    /// </summary>
    public static IServiceCollection AddChatEvents(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EventsOptions>()
            .Bind(configuration.GetSection(EventsOptions.SectionName))
            .Validate(o => o.IsValid(), "Events: intervals and sizes must be positive (caps may be 0), TicketLifetime at most 10 minutes.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<EventDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<EventDispatcher>());
        services.AddSingleton<EventPublisher>();
        services.AddHostedService(sp => sp.GetRequiredService<EventPublisher>());
        services.Replace(ServiceDescriptor.Singleton<IEventPublisher>(sp => sp.GetRequiredService<EventPublisher>()));
        services.AddSingleton<EventTickets>();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, EventTicketHandler>(EventTicketHandler.SchemeName, null);
        // The bearer scheme first: its challenge writes the 401 problem for both.
        services.AddAuthorizationBuilder().AddPolicy(StreamPolicy, policy => policy
            .AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme, EventTicketHandler.SchemeName)
            .RequireAuthenticatedUser());
        return services;
    }
}
