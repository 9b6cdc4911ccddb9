using ChatBlock.Silo.Clustering;
using ChatBlock.Silo.Storage.Memory;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBlock.Tests.Events;

/// <summary>One silo of a two-silo cluster in one process: shared memory database and cluster network, own grains and streams.</summary>
public sealed class SiloAppFactory(string siloId, MemoryDatabase database, InMemoryClusterNetwork network) : LiveAppFactory
{
    protected override IReadOnlyDictionary<string, string> Settings =>
        new Dictionary<string, string>(base.Settings) { ["Silo:SiloId"] = siloId };

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton(database);
        services.AddSingleton(network);
    }
}
