using ChatBlock.Storage.Clustering;
using ChatBlock.Storage.Memory;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBlock.Tests.Infrastructure;

/// <summary>
/// What the silos of one test cluster share: the database and the notification channel, as settings and singletons. Both the
/// grain-level <see cref="TestCluster"/> and gateway silos (<see cref="ChatApp.Silo"/>) are built from it.
/// </summary>
public sealed class SiloStorage
{
    private readonly Action<IServiceCollection> _services;

    private SiloStorage(string provider, IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection> services)
    {
        Provider = provider;
        Settings = settings;
        _services = services;
    }

    /// <summary><c>Storage:Provider</c>.</summary>
    public string Provider { get; }

    /// <summary>Configuration of one silo on this storage, <c>Storage:Provider</c> included.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; }

    /// <summary>
    /// Silos on one <paramref name="database"/> that hear each other through one in-memory <paramref name="network"/>; both are
    /// registered ahead of the app's own <c>TryAdd</c> registrations.
    /// </summary>
    public static SiloStorage Memory(MemoryDatabase database, InMemoryClusterNetwork network) =>
        new("Memory", new Dictionary<string, string?> { ["Storage:Provider"] = "Memory" }, services =>
        {
            services.AddSingleton(database);
            services.AddSingleton(network);
        });

    /// <summary>Silos on one PostgreSQL database; they hear each other through LISTEN/NOTIFY.</summary>
    public static SiloStorage Postgres(string connectionString) =>
        new(
            "Postgres",
            new Dictionary<string, string?> { ["Storage:Provider"] = "Postgres", ["ConnectionStrings:Postgres"] = connectionString },
            _ => { });

    /// <summary>Registers the shared singletons in one silo's services.</summary>
    public void AddServices(IServiceCollection services) => _services(services);
}
