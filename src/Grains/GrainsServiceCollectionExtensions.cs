using ChatBlock.Grains.Accounts;
using ChatBlock.Grains.Apps;
using ChatBlock.Grains.Conversations;
using ChatBlock.Grains.Events;
using ChatBlock.Grains.Telemetry;
using ChatBlock.Grains.Users;
using ChatBlock.Silo.Runtime;
using ChatBlock.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ChatBlock.Grains;

/// <summary>Registers the chat grains and the services beside them; a host adds the runtime and storage itself.</summary>
public static class GrainsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the grains (<see cref="UserGrain"/>, <see cref="DirectConversationGrain"/>, <see cref="GroupConversationGrain"/>), the
    /// blocking rules (<c>Blocking</c> section), the conversation limits (<c>Conversations</c> section), the apps (<c>Apps</c>
    /// section, <see cref="AppRegistry"/>), <see cref="UserAccounts"/>, <see cref="UserActivity"/>, <see cref="ConversationRouter"/>,
    /// cross-silo invalidation of user grains and group records, the server's expiry of timed blocks (<see cref="BlockExpiryService"/>)
    /// and,
    /// unless one is registered, a <see cref="NullEventPublisher"/>. Needs the runtime (<c>AddSilo</c>) and a store
    /// (<c>AddChatStorage</c>).
    /// </summary>
    public static IServiceCollection AddChatGrains(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<BlockingOptions>().Bind(configuration.GetSection(BlockingOptions.SectionName))
            .Validate(o => o.RateLimit.PermitsPerHour >= 0, "Blocking:RateLimit:PermitsPerHour must be 0 or more (0 turns the limit off).")
            .Validate(o => o.RateLimit.ReportsPerDay >= 0, "Blocking:RateLimit:ReportsPerDay must be 0 or more (0 turns the limit off).")
            .Validate(
                o => o.TimedBlocks.MinDuration > TimeSpan.Zero && o.TimedBlocks.MinDuration <= TimedBlockRules.MaxDuration,
                "Blocking:TimedBlocks:MinDuration must be more than 0 and at most 365 days.")
            .Validate(
                o => o.TimedBlocks.ExpiryInterval >= TimeSpan.Zero,
                "Blocking:TimedBlocks:ExpiryInterval must be 0 or more (0 turns the server's expiry off).")
            .ValidateOnStart();
        services.AddOptions<ConversationOptions>().Bind(configuration.GetSection(ConversationOptions.SectionName))
            .Validate(o => o.MaxGroupSize >= 2, "Conversations:MaxGroupSize must be at least 2.").ValidateOnStart();
        services.AddOptions<AppsOptions>().Bind(configuration.GetSection(AppsOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AppsOptions>, AppsOptionsValidator>());
        services.TryAddSingleton<AppRegistry>();
        services.TryAddSingleton<AppUsers>();
        services.AddGrain<IUserGrain, UserGrain>();
        services.AddGrain<IDirectConversationGrain, DirectConversationGrain>();
        services.AddGrain<IGroupConversationGrain, GroupConversationGrain>();
        services.TryAddSingleton<UserAccounts>();
        services.TryAddSingleton<UserActivity>();
        services.TryAddSingleton<ConversationRouter>();
        services.TryAddSingleton<IEventPublisher, NullEventPublisher>();
        services.TryAddSingleton<BlockSetStamps>();
        services.TryAddSingleton<BlockExpiryReporter>();
        services.TryAddSingleton<BlockExpiryService>();
        services.AddHostedService(sp => sp.GetRequiredService<BlockExpiryService>());
        services.AddHostedService<UserGrainInvalidator>();
        services.AddHostedService<UserAccountInvalidator>();
        services.AddHostedService<ConversationInvalidator>();
        services.AddHostedService<ActivationMetrics>();
        return services;
    }

    /// <summary>
    /// Adds a complete silo without HTTP, for test clusters and benchmarks: the runtime (<c>Silo</c> section), the storage provider
    /// (<c>Storage</c> section) and <see cref="AddChatGrains"/>, as the gateway's <c>Program.cs</c> does one by one.
    /// </summary>
    public static IServiceCollection AddChatSilo(this IServiceCollection services, IConfiguration configuration) =>
        services.AddSilo(configuration).AddChatStorage(configuration).AddChatGrains(configuration);
}
