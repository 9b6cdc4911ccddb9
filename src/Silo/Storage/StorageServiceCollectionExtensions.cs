using ChatBlock.Silo.Clustering;
using ChatBlock.Silo.Runtime;
using ChatBlock.Silo.Storage.Memory;
using ChatBlock.Silo.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ChatBlock.Silo.Storage;

/// <summary>Registers the <see cref="IChatStore"/> and <see cref="IClusterChannel"/> chosen by <c>Storage:Provider</c>.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Adds the store and cluster channel for the configured provider, and a hosted service that creates or migrates the schema
    /// before the host starts serving.
    /// </summary>
    /// <remarks>
    /// Memory: a <see cref="MemoryDatabase"/> and <see cref="InMemoryClusterNetwork"/> registered beforehand are shared (a test
    /// cluster registers the same instances in each silo); otherwise each silo gets its own.
    /// </remarks>
    /// <exception cref="InvalidOperationException">On start: <c>Postgres</c> without <c>ConnectionStrings:Postgres</c>.</exception>
    public static IServiceCollection AddChatStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.SectionName));
        var provider = configuration.GetSection(StorageOptions.SectionName).GetValue(nameof(StorageOptions.Provider), StorageProvider.Sqlite);
        switch (provider)
        {
            case StorageProvider.Memory:
                services.TryAddSingleton<MemoryDatabase>();
                services.TryAddSingleton<InMemoryClusterNetwork>();
                services.TryAddSingleton<IClusterChannel>(sp => new InMemoryClusterChannel(
                    sp.GetRequiredService<InMemoryClusterNetwork>(), sp.GetRequiredService<IOptions<SiloOptions>>().Value.SiloId));
                services.TryAddSingleton<IChatStore, MemoryChatStore>();
                break;
            case StorageProvider.Sqlite:
                services.TryAddSingleton<InMemoryClusterNetwork>();
                services.TryAddSingleton<IClusterChannel>(sp => new InMemoryClusterChannel(
                    sp.GetRequiredService<InMemoryClusterNetwork>(), sp.GetRequiredService<IOptions<SiloOptions>>().Value.SiloId));
                services.TryAddSingleton<IChatStore, SqliteChatStore>();
                break;
            case StorageProvider.Postgres:
                throw new NotSupportedException("PostgreSQL storage is not built yet.");
        }

        services.AddHostedService<StorageInitializer>();
        return services;
    }

    /// <summary>Runs <see cref="IChatStore.InitializeAsync"/> before anything else starts.</summary>
    private sealed class StorageInitializer(IChatStore store) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => store.InitializeAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
