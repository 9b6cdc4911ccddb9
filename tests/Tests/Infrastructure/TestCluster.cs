using ChatBlock.Grains;
using ChatBlock.Grains.Accounts;
using ChatBlock.Grains.Conversations;
using ChatBlock.Silo.Clustering;
using ChatBlock.Silo.Runtime;
using ChatBlock.Silo.Storage;
using ChatBlock.Silo.Storage.Memory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChatBlock.Tests.Infrastructure;

/// <summary>
/// Several silos in one process (Orleans' <c>TestCluster</c>): each a host of its own with its own activations, all sharing one
/// database and, unless <c>partitioned</c>, one notification network.
/// </summary>
public class TestCluster : IAsyncLifetime
{
    private readonly int _siloCount;
    private readonly Action<IServiceCollection, IConfigurationBuilder>? _configure;
    private readonly List<IHost> _silos = [];

    public TestCluster()
        : this(3, null)
    {
    }

    protected TestCluster(int siloCount, Action<IServiceCollection, IConfigurationBuilder>? configure)
    {
        _siloCount = siloCount;
        _configure = configure;
    }

    public MemoryDatabase Database { get; } = new();

    public InMemoryClusterNetwork Network { get; } = new();

    public IReadOnlyList<IHost> Silos => _silos;

    public async Task InitializeAsync()
    {
        for (var i = 0; i < _siloCount; i++)
        {
            _silos.Add(await StartSiloAsync($"silo-{i}", Network));
        }
    }

    /// <summary>Starts one more silo on the shared database, on <paramref name="network"/> (another one to miss every notification).</summary>
    public async Task<IHost> StartSiloAsync(string siloId, InMemoryClusterNetwork network)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Memory",
            ["Silo:SiloId"] = siloId,
        });
        builder.Services.AddSingleton(Database);
        builder.Services.AddSingleton(network);
        _configure?.Invoke(builder.Services, builder.Configuration);
        builder.Services.AddChatSilo(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    public IGrainFactory Grains(int silo) => _silos[silo].Services.GetRequiredService<IGrainFactory>();

    public IActivationControl Activations(int silo) => _silos[silo].Services.GetRequiredService<IActivationControl>();

    public IChatStore Store(int silo = 0) => _silos[silo].Services.GetRequiredService<IChatStore>();

    public ConversationDirectory Conversations(int silo = 0) => _silos[silo].Services.GetRequiredService<ConversationDirectory>();

    /// <summary>Registers a user straight through the accounts service and returns their id.</summary>
    public async Task<Guid> NewUserAsync()
    {
        var accounts = _silos[0].Services.GetRequiredService<UserAccounts>();
        var user = await accounts.RegisterAsync($"g{Guid.NewGuid():N}"[..20], "password123", null, null);
        return user!.Id;
    }

    /// <summary>Two new users and their direct conversation.</summary>
    public async Task<(Guid A, Guid B, Guid ConversationId)> NewPairAsync()
    {
        var a = await NewUserAsync();
        var b = await NewUserAsync();
        var (conversation, _) = await Conversations().OpenDirectAsync(a, b);
        return (a, b, conversation.Id);
    }

    public async Task DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.StopAsync();
            silo.Dispose();
        }
    }
}

/// <summary>Shares one three-silo <see cref="TestCluster"/> among the grain test classes.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<TestCluster>
{
    public const string Name = "cluster";
}
