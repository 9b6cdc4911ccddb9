using ChatBlock.Storage;
using ChatBlock.Storage.Clustering;
using ChatBlock.Storage.Memory;
using ChatBlock.Storage.Postgres;
using ChatBlock.Storage.Sqlite;
using ChatBlock.Storage.Webhooks;
using ChatBlock.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ChatBlock.Tests.Webhooks;

/// <summary>
/// The outbox of each store (SPEC section 8): rows only for apps with a webhook, written with the change; claims hand out the
/// oldest row of each blocker only, leased so that a second claim (another silo) gets nothing until the lease runs out; retries
/// keep their time; dead rows stop holding back the blocker's next event.
/// </summary>
public sealed class WebhookOutboxStoreTests
{
    private static readonly WebhookApps Shop = new([WebhookApp.AppId]);

    public static TheoryData<string> Providers => new() { "Memory", "Sqlite", "Postgres" };

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ClaimsHandOutOneLeasedRowPerBlockerInOrder(string provider)
    {
        await using var scope = await StoreScope.CreateAsync(provider);
        var (store, outbox) = (scope.Store, (IWebhookOutbox)scope.Store);
        var (a, b, c) = (await UserAsync(store, "a"), await UserAsync(store, "b"), await UserAsync(store, "c"));
        var t0 = new DateTimeOffset(2026, 11, 22, 6, 0, 0, TimeSpan.Zero);
        await store.AddBlockAsync(a.Id, b.Id, t0);
        await store.AddBlockAsync(a.Id, c.Id, t0.AddSeconds(1));
        await store.AddBlockAsync(c.Id, a.Id, t0.AddSeconds(2));
        Assert.True(await store.RemoveBlockAsync(a.Id, b.Id, t0.AddSeconds(3)));
        Assert.Equal(new(4, 0, t0), await outbox.GetBacklogAsync());

        var now = t0.AddMinutes(1);
        var first = await outbox.ClaimAsync(now, now.AddMinutes(1), 10);
        Assert.Equal([(a.Username, b.Username), (c.Username, a.Username)], first.Select(Pair));
        Assert.Equal("block.created", first[0].Type);
        Assert.Empty(await outbox.ClaimAsync(now, now.AddMinutes(1), 10));

        // a's first event fails once: its next try is later, and a's second event still waits behind it.
        await outbox.RescheduleAsync(first[0].Sequence, 1, now.AddSeconds(30), now.AddMinutes(2));
        await outbox.CompleteAsync(first[1].Sequence);
        Assert.Empty(await outbox.ClaimAsync(now.AddSeconds(10), now.AddMinutes(1), 10));
        await outbox.ReleaseAsync(first[0].Sequence);
        var retried = Assert.Single(await outbox.ClaimAsync(now.AddSeconds(30), now.AddMinutes(1), 10));
        Assert.Equal((first[0].Sequence, 1), (retried.Sequence, retried.Attempts));

        // Given up: the blocker's later events go on.
        await outbox.MarkDeadAsync(retried.Sequence, now.AddSeconds(31));
        var next = await outbox.ClaimAsync(now.AddSeconds(31), now.AddMinutes(1), 10);
        Assert.Equal([(a.Username, c.Username)], next.Select(Pair));
        Assert.Equal("block.created", next.Single().Type);
        Assert.Equal(new(2, 1, t0.AddSeconds(1)), await outbox.GetBacklogAsync());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task UnblockAllAndAccountDeletionWriteOneRowPerRemovedBlock(string provider)
    {
        await using var scope = await StoreScope.CreateAsync(provider);
        var (store, outbox) = (scope.Store, (IWebhookOutbox)scope.Store);
        var (a, b, c) = (await UserAsync(store, "a"), await UserAsync(store, "b"), await UserAsync(store, "c"));
        var t0 = new DateTimeOffset(2026, 11, 22, 6, 0, 0, TimeSpan.Zero);
        await store.AddBlockAsync(a.Id, b.Id, t0);
        await store.AddBlockAsync(a.Id, c.Id, t0.AddSeconds(1));
        await store.AddBlockAsync(b.Id, c.Id, t0.AddSeconds(2));
        await store.RemoveAllBlocksAsync(a.Id, t0.AddSeconds(3));
        Assert.NotNull(await store.DeleteUserAsync(c.Id, t0.AddSeconds(4)));

        var rows = new List<OutboxEvent>();
        var now = t0.AddMinutes(1);
        while (await outbox.ClaimAsync(now, now.AddMinutes(1), 10) is { Count: > 0 } claimed)
        {
            rows.AddRange(claimed);
            foreach (var row in claimed)
            {
                await outbox.CompleteAsync(row.Sequence);
            }
        }

        Assert.Equal(
            [
                ("block.created", a.Username, b.Username), ("block.created", a.Username, c.Username),
                ("block.created", b.Username, c.Username), ("block.deleted", a.Username, b.Username),
                ("block.deleted", a.Username, c.Username), ("block.deleted", b.Username, c.Username),
            ],
            rows.OrderBy(r => r.Sequence).Select(r => (r.Type, Pair(r).Blocker, Pair(r).Blocked)));
    }

    private static (string Blocker, string Blocked) Pair(OutboxEvent e)
    {
        using var data = System.Text.Json.JsonDocument.Parse(e.Data);
        return (data.RootElement.GetProperty("blocker").GetString()!, data.RootElement.GetProperty("blocked").GetString()!);
    }

    private static async Task<UserRecord> UserAsync(IChatStore store, string prefix)
    {
        var user = new UserRecord(Guid.NewGuid(), $"{prefix}{Guid.NewGuid():N}", prefix, null, DateTimeOffset.UtcNow, null)
        {
            AppId = WebhookApp.AppId,
        };
        Assert.True(await store.TryCreateUserAsync(user, ""));
        return user;
    }

    /// <summary>A fresh store of one provider whose outbox takes the app <see cref="WebhookApp.AppId"/>.</summary>
    private sealed class StoreScope : IAsyncDisposable
    {
        private readonly string? _folder;
        private readonly NpgsqlDataSource? _dataSource;

        private StoreScope(IChatStore store, string? folder, NpgsqlDataSource? dataSource) =>
            (Store, _folder, _dataSource) = (store, folder, dataSource);

        public IChatStore Store { get; }

        public static async Task<StoreScope> CreateAsync(string provider)
        {
            var channel = new InMemoryClusterChannel(new InMemoryClusterNetwork(), "t");
            StoreScope scope;
            switch (provider)
            {
                case "Memory":
                    scope = new StoreScope(new MemoryChatStore(new MemoryDatabase(), channel, Shop), null, null);
                    break;
                case "Sqlite":
                    var folder = TempFolder.Create("outbox");
                    scope = new StoreScope(
                        new SqliteChatStore(Options.Create(new StorageOptions { DataPath = folder }), channel, Shop), folder, null);
                    break;
                default:
                    var dataSource = NpgsqlDataSource.Create(await SharedPostgres.CreateDatabaseAsync());
                    scope = new StoreScope(new PostgresChatStore(dataSource, channel, null, Shop), null, dataSource);
                    break;
            }

            await scope.Store.InitializeAsync();
            return scope;
        }

        public async ValueTask DisposeAsync()
        {
            if (_dataSource is not null)
            {
                await _dataSource.DisposeAsync();
            }

            if (_folder is not null)
            {
                SqliteConnection.ClearAllPools();
                TempFolder.TryDelete(_folder);
            }
        }
    }
}
