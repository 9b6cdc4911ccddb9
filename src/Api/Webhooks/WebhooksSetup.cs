using ChatBlock.Grains.Apps;
using ChatBlock.Storage;
using ChatBlock.Storage.Webhooks;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatBlock.Api.Webhooks;

/// <summary>Wiring of webhook delivery (SPEC section 8).</summary>
public static class WebhooksSetup
{
    /// <summary>
    /// Adds the <c>Webhooks</c> options, <see cref="WebhookApps"/> (the configured apps with a <c>WebhookUrl</c>: the stores write
    /// outbox rows for these only, so that the built-in app's blocks cost nothing extra), <see cref="IWebhookOutbox"/> (the store),
    /// the named <see cref="HttpClient"/> and the <see cref="WebhookSender"/>. Needs <c>AddChatStorage</c> and <c>AddChatGrains</c>.
    /// </summary>
    /// <remarks>
    /// For a gauge: <see cref="IWebhookOutbox.GetBacklogAsync"/> gives the pending and dead rows and the oldest pending change
    /// (<see cref="OutboxBacklog.OldestAge"/>).
    /// </remarks>
    public static IServiceCollection AddWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.SectionName))
            .Validate(o => o.InitialBackoff > TimeSpan.Zero, "Webhooks:InitialBackoff must be positive.")
            .Validate(o => o.MaxBackoff >= o.InitialBackoff, "Webhooks:MaxBackoff must be at least Webhooks:InitialBackoff.")
            .Validate(o => o.RetryFor > TimeSpan.Zero, "Webhooks:RetryFor must be positive.")
            .Validate(o => o.AttemptTimeout > TimeSpan.Zero, "Webhooks:AttemptTimeout must be positive.")
            .Validate(o => o.PollInterval > TimeSpan.Zero, "Webhooks:PollInterval must be positive.")
            .Validate(o => o.Lease > TimeSpan.Zero, "Webhooks:Lease must be positive.")
            .Validate(o => o.MaxInFlight >= 1, "Webhooks:MaxInFlight must be 1 or more.")
            .ValidateOnStart();
        services.TryAddSingleton(sp => new WebhookApps(
            sp.GetRequiredService<AppRegistry>().Apps.Where(a => a.WebhookUrl is not null).Select(a => a.Id)));
        services.TryAddSingleton(sp => sp.GetRequiredService<IChatStore>() as IWebhookOutbox
            ?? throw new InvalidOperationException("The configured store keeps no webhook outbox."));
        services.TryAddSingleton(TimeProvider.System);
        // Each try has its own timeout (Webhooks:AttemptTimeout, in the Polly pipeline); the client's own is off.
        services.AddHttpClient(WebhookSender.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.AddHostedService<WebhookSender>();
        return services;
    }
}
