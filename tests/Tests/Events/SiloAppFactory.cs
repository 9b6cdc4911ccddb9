using ChatBlock.Storage.Clustering;
using ChatBlock.Storage.Memory;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBlock.Tests.Events;

/// <summary>One silo of a cluster in one process: its own grains and streams, a shared database and notification channel.</summary>
public sealed class SiloAppFactory : LiveAppFactory
{
    private readonly string _siloId;
    private readonly IReadOnlyDictionary<string, string> _storage;
    private readonly Action<IServiceCollection>? _shared;

    private SiloAppFactory(string siloId, IReadOnlyDictionary<string, string> storage, Action<IServiceCollection>? shared)
    {
        (_siloId, _storage, _shared) = (siloId, storage, shared);
    }

    /// <summary>A silo on a memory database and in-memory network shared with the other silos made with the same two.</summary>
    public static SiloAppFactory OnMemory(string siloId, MemoryDatabase database, InMemoryClusterNetwork network) =>
        new(siloId, new Dictionary<string, string> { ["Storage:Provider"] = "Memory" }, services =>
        {
            services.AddSingleton(database);
            services.AddSingleton(network);
        });

    /// <summary>A silo on a PostgreSQL database; silos on the same database hear each other through LISTEN/NOTIFY.</summary>
    public static SiloAppFactory OnPostgres(string siloId, string connectionString) =>
        new(
            siloId,
            new Dictionary<string, string> { ["Storage:Provider"] = "Postgres", ["ConnectionStrings:Postgres"] = connectionString },
            null);

    protected override IReadOnlyDictionary<string, string> Settings =>
        new Dictionary<string, string>(base.Settings.Concat(_storage)) { ["Silo:SiloId"] = _siloId };

    protected override void ConfigureServices(IServiceCollection services) => _shared?.Invoke(services);
}
