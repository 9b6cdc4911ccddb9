using ChatBlock.Grains;
using ChatBlock.Grains.Accounts;
using ChatBlock.Grains.Conversations;
using ChatBlock.Storage.Clustering;
using ChatBlock.Silo.Runtime;
using ChatBlock.Storage;
using ChatBlock.Storage.Memory;
using ChatBlock.Storage.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace ChatBlock.Tests.Infrastructure;

/// <summary>
/// Several silos in one process (Orleans' <c>TestCluster</c>): each a host of its own with its own activations, all sharing one
/// database and one notification channel. Subclasses choose the provider.
/// </summary>
public abstract class TestCluster : IAsyncLifetime
{
    private const int SiloCount = 3;
    private readonly List<IHost> _silos = [];

    public IReadOnlyList<IHost> Silos => _silos;

    public virtual async Task InitializeAsync()
    {
        for (var i = 0; i < SiloCount; i++)
        {
            _silos.Add(await StartSiloAsync($"silo-{i}"));
        }
    }

    /// <summary>
    /// Starts one more silo on the shared database. A <paramref name="deaf"/> silo hears no cluster notification, so its copies of
    /// block sets go stale: only the database keeps it exact. The caller stops and disposes it.
    /// </summary>
    public async Task<IHost> StartSiloAsync(string siloId, bool deaf = false)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Silo:SiloId"] = siloId,
            ["Blocking:RateLimit:PermitsPerHour"] = "0",
        });
        builder.Configuration.AddInMemoryCollection(Storage.Settings);
        Storage.AddServices(builder.Services);
        ConfigureSilo(builder);
        if (deaf)
        {
            builder.Services.AddSingleton<IClusterChannel>(new InMemoryClusterChannel(new InMemoryClusterNetwork(), siloId));
        }

        builder.Services.AddChatSilo(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>Settings and services a kind of cluster adds to each silo, before the silo's own (<c>TryAdd</c>) registrations.</summary>
    protected virtual void ConfigureSilo(HostApplicationBuilder builder)
    {
    }

    /// <summary>Simulates silo <paramref name="silo"/> losing its notification connection and getting it back.</summary>
    public abstract Task LoseListenConnectionAsync(int silo);

    /// <summary>Stores a block that no silo is notified of, as if its notification had been lost.</summary>
    public abstract Task BlockWithoutNotificationAsync(Guid blockerId, Guid blockedId);

    /// <summary>The database and notification channel the silos share.</summary>
    protected abstract SiloStorage Storage { get; }

    /// <summary>
    /// Completes when silo <paramref name="silo"/> has been handed another silo's notification that <paramref name="userId"/>'s
    /// blocks changed. Its invalidation of that user runs first (it subscribed at start) and marks the user's block set stale
    /// without waiting for the activation's turn, so a call made after this completes reloads the set.
    /// </summary>
    public Task WhenBlockChangeDeliveredAsync(int silo, Guid userId)
    {
        var channel = Silos[silo].Services.GetRequiredService<IClusterChannel>();
        var observer = new BlockChangeObserver(userId, channel.SiloId);
        var subscription = channel.Subscribe(observer);
        // The timeout only turns a lost notification into a failure instead of a hang.
        return observer.Delivered.Task.WaitAsync(TimeSpan.FromSeconds(30)).ContinueWith(
            t => { subscription.Dispose(); t.GetAwaiter().GetResult(); }, TaskScheduler.Default);
    }

    private sealed class BlockChangeObserver(Guid userId, string siloId) : IClusterObserver
    {
        public TaskCompletionSource Delivered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task OnMessageAsync(ClusterMessage message)
        {
            if (message.Topic == ClusterTopics.Blocks && message.Payload == userId.ToString() && message.OriginSiloId != siloId)
            {
                Delivered.TrySetResult();
            }

            return Task.CompletedTask;
        }

        public Task OnResetAsync() => Task.CompletedTask;
    }

    /// <summary>Completes when silo <paramref name="silo"/> deactivates its activation of user <paramref name="userId"/>.</summary>
    public Task WhenUserDeactivatedAsync(int silo, Guid userId)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var control = Activations(silo);
        void OnDeactivated(GrainId id, DeactivationReason reason)
        {
            if (id.Interface == typeof(IUserGrain) && id.Key == userId)
            {
                control.Deactivated -= OnDeactivated;
                done.TrySetResult();
            }
        }

        control.Deactivated += OnDeactivated;
        return done.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public IGrainFactory Grains(int silo) => _silos[silo].Services.GetRequiredService<IGrainFactory>();

    public IActivationControl Activations(int silo) => _silos[silo].Services.GetRequiredService<IActivationControl>();

    public IChatStore Store(int silo = 0) => _silos[silo].Services.GetRequiredService<IChatStore>();

    public ConversationRouter Conversations(int silo = 0) => _silos[silo].Services.GetRequiredService<ConversationRouter>();

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

/// <summary>Three silos sharing one <see cref="MemoryDatabase"/> and one in-memory notification network.</summary>
public class MemoryTestCluster : TestCluster
{
    private readonly MemoryDatabase _database = new();
    private readonly InMemoryClusterNetwork _network = new();

    public override Task LoseListenConnectionAsync(int silo) =>
        ((InMemoryClusterChannel)Silos[silo].Services.GetRequiredService<IClusterChannel>()).ResetAsync();

    public override Task BlockWithoutNotificationAsync(Guid blockerId, Guid blockedId) =>
        new MemoryChatStore(_database, new InMemoryClusterChannel(new InMemoryClusterNetwork(), "nobody"))
            .AddBlockAsync(blockerId, blockedId, StoreClock.Now(TimeProvider.System));

    protected override SiloStorage Storage => SiloStorage.Memory(_database, _network);
}

/// <summary>Three silos sharing one database of the throwaway PostgreSQL; notifications go through LISTEN/NOTIFY.</summary>
public class PostgresTestCluster : TestCluster
{
    private string _connectionString = "";

    public override async Task InitializeAsync()
    {
        _connectionString = await SharedPostgres.CreateDatabaseAsync();
        await base.InitializeAsync();
    }

    public override Task LoseListenConnectionAsync(int silo) =>
        Silos[silo].Services.GetRequiredService<PostgresClusterChannel>().ReconnectAsync();

    public override async Task BlockWithoutNotificationAsync(Guid blockerId, Guid blockedId)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var insert = new NpgsqlCommand(
            "INSERT INTO blocks (blocker_id, blocked_id, created_at) VALUES ($1, $2, now())", connection)
        {
            Parameters = { new() { Value = blockerId }, new() { Value = blockedId } },
        };
        await insert.ExecuteNonQueryAsync();
    }

    protected override SiloStorage Storage => SiloStorage.Postgres(_connectionString);
}

/// <summary>Shares one <see cref="MemoryTestCluster"/> among the grain test classes.</summary>
[CollectionDefinition(Name)]
public sealed class MemoryClusterCollection : ICollectionFixture<MemoryTestCluster>
{
    public const string Name = "memory-cluster";
}

/// <summary>Shares one <see cref="PostgresTestCluster"/> among the grain test classes.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresClusterCollection : ICollectionFixture<PostgresTestCluster>
{
    public const string Name = "postgres-cluster";
}
