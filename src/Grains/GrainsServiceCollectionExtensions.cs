using ChatBlock.Grains.Accounts;
using ChatBlock.Grains.Conversations;
using ChatBlock.Grains.Events;
using ChatBlock.Grains.Users;
using ChatBlock.Silo.Runtime;
using ChatBlock.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatBlock.Grains;

/// <summary>Registers the grain runtime, the storage provider, the grains and the services beside them.</summary>
public static class GrainsServiceCollectionExtensions
{
    /// <summary>
    /// Adds a complete silo: runtime (<c>Silo</c> section), storage (<c>Storage</c> section), blocking rules (<c>Blocking</c>
    /// section), the grains, <see cref="UserAccounts"/>, <see cref="ConversationDirectory"/>, cross-silo invalidation of user grains and,
    /// unless one is registered, a <see cref="NullChatEventSink"/>.
    /// </summary>
    public static IServiceCollection AddChatSilo(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSilo(configuration);
        services.AddChatStorage(configuration);
        services.AddOptions<BlockingOptions>().Bind(configuration.GetSection(BlockingOptions.SectionName));
        services.AddGrain<IUserGrain, UserGrain>();
        services.AddGrain<IDirectConversationGrain, DirectConversationGrain>();
        services.AddGrain<IGroupConversationGrain, GroupConversationGrain>();
        services.TryAddSingleton<UserAccounts>();
        services.TryAddSingleton<ConversationDirectory>();
        services.TryAddSingleton<IChatEventSink, NullChatEventSink>();
        services.TryAddSingleton<BlockSetStamps>();
        services.AddHostedService<UserGrainInvalidator>();
        return services;
    }
}
