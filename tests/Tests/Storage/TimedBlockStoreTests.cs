using ChatBlock.Storage;
using ChatBlock.Storage.Clustering;
using ChatBlock.Storage.Memory;
using ChatBlock.Storage.Postgres;
using ChatBlock.Storage.Sqlite;
using ChatBlock.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ChatBlock.Tests.Storage;

/// <summary>
/// Timed blocks in each store (SPEC section 10): the send statement's re-check, group checks, unblock and PATCH treat a block as
/// gone from the instant it expires, to the microsecond, while its row is still there; the server's expiry claims each row once
/// with an audit row by the system; a new block replaces an expired row.
/// </summary>
public abstract class TimedBlockStoreTests : IAsyncLifetime
{
    private static readonly TimeSpan Microsecond = TimeSpan.FromTicks(10);

    protected IChatStore Store { get; set; } = null!;

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    [Fact]
    public async Task TheSendStatementRefusesOneMicrosecondBeforeTheExpiryAndStoresAtIt()
    {
        var (a, b) = (await UserAsync(), await UserAsync());
        var now = Now();
        var expiresAt = now.AddHours(1);
        var added = (await Store.AddBlockWithinLimitAsync(a, b, now, RateWindow.Off, expiresAt, "note")).Result!;
        Assert.Equal((true, expiresAt, "note"), (added.Added, added.ExpiresAt, added.Note));

        Assert.Equal(
            DirectSendOutcome.RecipientBlocksSender,
            await Store.AppendDirectMessageAsync(Message(added.ConversationId, b, expiresAt - Microsecond), a, false));
        Assert.Equal(
            DirectSendOutcome.SenderBlocksRecipient,
            await Store.AppendDirectMessageAsync(Message(added.ConversationId, a, expiresAt - Microsecond), b, false));
        Assert.Empty(await Store.GetMessagesAsync(added.ConversationId, a, null, 10));

        // The row is still there (nobody expired it): only the comparison with the message's time lets these through.
        Assert.Single(await Store.GetBlocksByBlockerAsync(a));
        Assert.Equal(DirectSendOutcome.Stored, await Store.AppendDirectMessageAsync(Message(added.ConversationId, b, expiresAt), a, false));
        Assert.Equal(DirectSendOutcome.Stored, await Store.AppendDirectMessageAsync(Message(added.ConversationId, a, expiresAt), b, false));
        Assert.Equal(2, (await Store.GetMessagesAsync(added.ConversationId, a, null, 10)).Count);
    }

    [Fact]
    public async Task AGroupCheckIgnoresAnExpiredBlock()
    {
        var (a, b) = (await UserAsync(), await UserAsync());
        var now = Now();
        await Store.AddBlockWithinLimitAsync(b, a, now, RateWindow.Off, now.AddHours(1));

        var during = await Store.CreateGroupAsync(Group(a, b, now.AddHours(1) - Microsecond), GroupBlockCheck.Refuse);
        var after = await Store.CreateGroupAsync(Group(a, b, now.AddHours(1)), GroupBlockCheck.Refuse);

        Assert.Equal([b], during.Blockers);
        Assert.Null(during.Conversation);
        Assert.Empty(after.Blockers);
        Assert.NotNull(after.Conversation);
        var added = await Store.AddGroupMembersAsync(after.Conversation.Id, a, [b], GroupBlockCheck.Refuse, now.AddHours(2));
        Assert.Empty(added.Blockers);
    }

    [Fact]
    public async Task UnblockAndPatchFindNoBlockOnceItExpired()
    {
        var (a, b, c) = (await UserAsync(), await UserAsync(), await UserAsync());
        var now = Now();
        await Store.AddBlockWithinLimitAsync(a, b, now, RateWindow.Off, now.AddHours(1));
        await Store.AddBlockWithinLimitAsync(a, c, now, RateWindow.Off);
        var after = now.AddHours(1);

        Assert.Null(await Store.UpdateBlockAsync(a, b, new BlockUpdate(false, null, true, "late"), after));
        Assert.False(await Store.RemoveBlockAsync(a, b, after));
        Assert.Equal([c], await Store.RemoveAllBlocksAsync(a, after));
        // Left for the server's expiry, which reports it.
        Assert.Equal(b, Assert.Single(await Store.GetBlocksByBlockerAsync(a)).BlockedId);

        var updated = await Store.UpdateBlockAsync(a, b, new BlockUpdate(false, null, true, "in time"), after - Microsecond);
        Assert.Equal(("in time", now.AddHours(1)), (updated!.Note, updated.ExpiresAt));
        var permanent = await Store.UpdateBlockAsync(a, b, new BlockUpdate(true, null, false, null), after - Microsecond);
        Assert.Equal((null, "in time"), (permanent!.ExpiresAt, permanent.Note));
        Assert.True(await Store.RemoveBlockAsync(a, b, after.AddDays(1)));
    }

    [Fact]
    public async Task TheServersExpiryClaimsEachDueRowOnceWithAnAuditRowByTheSystem()
    {
        var (a, b, c) = (await UserAsync(), await UserAsync(), await UserAsync());
        var now = Now();
        var expiresAt = now.AddHours(1);
        await Store.AddBlockWithinLimitAsync(a, b, now, RateWindow.Off, expiresAt, "private");
        await Store.AddBlockWithinLimitAsync(a, c, now, RateWindow.Off, expiresAt.AddHours(1));

        Assert.DoesNotContain(await Store.ExpireBlocksAsync(expiresAt - Microsecond, 1000), r => r.BlockerId == a);
        var expired = (await Store.ExpireBlocksAsync(expiresAt, 1000)).Where(r => r.BlockerId == a).ToList();
        Assert.DoesNotContain(await Store.ExpireBlocksAsync(expiresAt, 1000), r => r.BlockerId == a);

        var row = Assert.Single(expired);
        Assert.Equal((b, expiresAt, "private"), (row.BlockedId, row.ExpiresAt, row.Note));
        Assert.Equal(c, Assert.Single(await Store.GetBlocksByBlockerAsync(a)).BlockedId);
        var audit = await Store.GetAuditTrailAsync(a);
        Assert.Equal(3, audit.Count);
        Assert.Equal(new AuditRecord(a, "unblock", b, expiresAt) { BySystem = true }, audit[^1]);
        Assert.All(audit.Take(2), r => Assert.False(r.BySystem));
    }

    [Fact]
    public async Task ANewBlockReplacesAnExpiredRowAndClaimsIt()
    {
        var (a, b) = (await UserAsync(), await UserAsync());
        var now = Now();
        await Store.AddBlockWithinLimitAsync(a, b, now, RateWindow.Off, now.AddHours(1), "old");

        var during = (await Store.AddBlockWithinLimitAsync(a, b, now.AddMinutes(59), RateWindow.Off, null, "ignored")).Result!;
        Assert.Equal((false, now.AddHours(1), "old", (BlockRecord?)null), (during.Added, during.ExpiresAt, during.Note, during.Expired));

        var again = (await Store.AddBlockWithinLimitAsync(a, b, now.AddHours(1), RateWindow.Off, null, "new")).Result!;
        Assert.True(again.Added);
        Assert.Equal((b, "old"), (again.Expired!.BlockedId, again.Expired.Note));
        Assert.Equal(new BlockRecord(a, b, now.AddHours(1), null, "new"), Assert.Single(await Store.GetBlocksByBlockerAsync(a)));
        Assert.Equal(["block", "unblock", "block"], (await Store.GetAuditTrailAsync(a)).Select(r => r.Action));
        Assert.DoesNotContain(await Store.ExpireBlocksAsync(now.AddDays(400), 1000), r => r.BlockerId == a);
    }

    protected static DateTimeOffset Now() => StoreClock.Now(TimeProvider.System);

    private async Task<Guid> UserAsync()
    {
        var user = new UserRecord(Guid.NewGuid(), $"t{Guid.NewGuid():N}"[..24], "Someone", null, Now(), null);
        Assert.True(await Store.TryCreateUserAsync(user, "hash"));
        return user.Id;
    }

    private static MessageRecord Message(Guid conversationId, Guid senderId, DateTimeOffset at) =>
        new(Guid.CreateVersion7(), conversationId, senderId, "hello", "text", at);

    private static ConversationRecord Group(Guid creatorId, Guid memberId, DateTimeOffset at) =>
        new(Guid.CreateVersion7(), ConversationKind.Group, "g", [creatorId, memberId], at);
}

public sealed class MemoryTimedBlockStoreTests : TimedBlockStoreTests
{
    public override Task InitializeAsync()
    {
        Store = new MemoryChatStore(new MemoryDatabase(), new InMemoryClusterChannel(new InMemoryClusterNetwork(), "t"));
        return Store.InitializeAsync();
    }

    public override Task DisposeAsync() => Task.CompletedTask;
}

public sealed class SqliteTimedBlockStoreTests : TimedBlockStoreTests
{
    private readonly string _folder = TempFolder.Create("timed");

    public override Task InitializeAsync()
    {
        Store = new SqliteChatStore(
            Options.Create(new StorageOptions { DataPath = _folder }), new InMemoryClusterChannel(new InMemoryClusterNetwork(), "t"));
        return Store.InitializeAsync();
    }

    public override Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        TempFolder.TryDelete(_folder);
        return Task.CompletedTask;
    }
}

public sealed class PostgresTimedBlockStoreTests : TimedBlockStoreTests
{
    private NpgsqlDataSource _dataSource = null!;

    public override async Task InitializeAsync()
    {
        _dataSource = NpgsqlDataSource.Create(await SharedPostgres.CreateDatabaseAsync());
        Store = new PostgresChatStore(_dataSource, new PostgresClusterChannel(_dataSource, "t"));
        await Store.InitializeAsync();
    }

    public override async Task DisposeAsync() => await _dataSource.DisposeAsync();
}
