using ChatBlock.Storage;
using ChatBlock.Tests.Infrastructure;
using Npgsql;

namespace ChatBlock.Tests.Storage;

/// <summary>The PostgreSQL store against a real server: each test gets a fresh, migrated database.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreSmokeTests : PostgresStoreTests
{
    [Fact]
    public async Task SchemaInitialisationIsIdempotentWhenSilosStartTogether()
    {
        var connectionString = await SharedPostgres.CreateDatabaseAsync();
        var sources = Enumerable.Range(0, 4).Select(_ => NpgsqlDataSource.Create(connectionString)).ToList();
        try
        {
            var stores = sources.Select(s => NewStore(s, "silo")).ToList();
            await Task.WhenAll(stores.Select(s => s.InitializeAsync()));
            await stores[0].InitializeAsync();

            await using var command = sources[0].CreateCommand("SELECT count(*), max(version) FROM schema_version");
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            var (applied, latest) = (reader.GetInt64(0), reader.GetInt32(1));
            Assert.True(latest >= 1);
            Assert.Equal(latest, applied);
            Assert.True(await stores[1].PingAsync());
        }
        finally
        {
            foreach (var source in sources)
            {
                await source.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task TakenUsernameIsRefusedWithoutThrowing()
    {
        var first = await NewUserAsync();
        var clash = first with { Id = Guid.NewGuid(), DisplayName = "Someone else" };

        Assert.False(await Store.TryCreateUserAsync(clash, "other-hash"));

        var credentials = await Store.GetCredentialsAsync(first.Username);
        Assert.Equal((first, "hash"), credentials);
        Assert.Null(await Store.GetUserAsync(clash.Id));
    }

    [Fact]
    public async Task BlockingTwiceKeepsTheFirstRowAndTheSameConversation()
    {
        var (a, b) = (await NewUserAsync(), await NewUserAsync());
        var at = Now();

        var first = await Store.AddBlockAsync(a.Id, b.Id, at);
        var second = await Store.AddBlockAsync(a.Id, b.Id, at.AddMinutes(1));

        Assert.Equal(new BlockAddResult(true, at, first.ConversationId), first);
        Assert.Equal(new BlockAddResult(false, at, first.ConversationId), second);
        Assert.Equal([new BlockRecord(a.Id, b.Id, at)], await Store.GetBlocksByBlockerAsync(a.Id));
        Assert.Equal([new AuditRecord(a.Id, "block", b.Id, at)], await Store.GetAuditTrailAsync(a.Id));
        var conversation = await Store.GetConversationAsync(first.ConversationId);
        Assert.Equal(ConversationKind.Direct, conversation!.Kind);
        Assert.Equal([a.Id, b.Id], conversation.ParticipantIds);
    }

    [Fact]
    public async Task BlockRefusesDirectMessagesInBothDirectionsUntilUnblocked()
    {
        var (a, b) = (await NewUserAsync(), await NewUserAsync());
        var conversation = (await Store.AddBlockAsync(a.Id, b.Id, Now())).ConversationId;

        Assert.Equal(DirectSendOutcome.SenderBlocksRecipient, await Store.AppendDirectMessageAsync(Message(conversation, a), b.Id, true));
        Assert.Equal(DirectSendOutcome.RecipientBlocksSender, await Store.AppendDirectMessageAsync(Message(conversation, b), a.Id, false));
        await Store.AddBlockAsync(b.Id, a.Id, Now());
        Assert.Equal(DirectSendOutcome.SenderBlocksRecipient, await Store.AppendDirectMessageAsync(Message(conversation, b), a.Id, true));
        Assert.Empty(await Store.GetMessagesAsync(conversation, a.Id, null, 50));
        Assert.Empty(await Store.GetMessagesAsync(conversation, b.Id, null, 50));

        Assert.True(await Store.RemoveBlockAsync(a.Id, b.Id, Now()));
        Assert.False(await Store.RemoveBlockAsync(a.Id, b.Id, Now()));
        Assert.True(await Store.RemoveBlockAsync(b.Id, a.Id, Now()));
        Assert.Equal(DirectSendOutcome.Stored, await Store.AppendDirectMessageAsync(Message(conversation, a), b.Id, false));
        Assert.Equal(DirectSendOutcome.Stored, await Store.AppendDirectMessageAsync(Message(conversation, b), a.Id, false));
        Assert.Equal(2, (await Store.GetMessagesAsync(conversation, b.Id, null, 50)).Count);
    }

    [Fact]
    public async Task ShadowedMessageIsVisibleToItsSenderAloneEvenAfterUnblock()
    {
        var (sender, recipient) = (await NewUserAsync(), await NewUserAsync());
        var conversation = (await Store.AddBlockAsync(recipient.Id, sender.Id, Now())).ConversationId;
        var shadowed = Message(conversation, sender);

        Assert.Equal(DirectSendOutcome.StoredSenderOnly, await Store.AppendDirectMessageAsync(shadowed, recipient.Id, true));
        await Store.RemoveBlockAsync(recipient.Id, sender.Id, Now());
        var visible = Message(conversation, sender);
        Assert.Equal(DirectSendOutcome.Stored, await Store.AppendDirectMessageAsync(visible, recipient.Id, true));

        Assert.Equal([visible, shadowed with { SenderOnly = true }], await Store.GetMessagesAsync(conversation, sender.Id, null, 10));
        Assert.Equal([visible], await Store.GetMessagesAsync(conversation, recipient.Id, null, 10));
    }

    [Fact]
    public async Task PagingBeforeAMessageReturnsOlderOnesNewestFirst()
    {
        var (a, b) = (await NewUserAsync(), await NewUserAsync());
        var (conversation, _) = await Store.GetOrCreateDirectConversationAsync(a.Id, b.Id, Now());
        var sent = new List<MessageRecord>();
        for (var i = 0; i < 5; i++)
        {
            sent.Add(Message(conversation.Id, i % 2 == 0 ? a : b));
            Assert.Equal(DirectSendOutcome.Stored, await Store.AppendDirectMessageAsync(sent[^1], i % 2 == 0 ? b.Id : a.Id, false));
        }

        var first = await Store.GetMessagesAsync(conversation.Id, a.Id, null, 2);
        var second = await Store.GetMessagesAsync(conversation.Id, a.Id, first[^1].Id, 2);
        var last = await Store.GetMessagesAsync(conversation.Id, a.Id, second[^1].Id, 2);

        Assert.Equal([sent[4], sent[3]], first);
        Assert.Equal([sent[2], sent[1]], second);
        Assert.Equal([sent[0]], last);
        Assert.Empty(await Store.GetMessagesAsync(conversation.Id, a.Id, sent[0].Id, 2));
        Assert.Empty(await Store.GetMessagesAsync(conversation.Id, a.Id, Guid.NewGuid(), 2));
        var (other, _) = await Store.GetOrCreateDirectConversationAsync(a.Id, (await NewUserAsync()).Id, Now());
        Assert.Empty(await Store.GetMessagesAsync(other.Id, a.Id, sent[4].Id, 2));
    }

    [Fact]
    public async Task ConcurrentRequestsForAPairCreateOneDirectConversation()
    {
        var (a, b) = (await NewUserAsync(), await NewUserAsync());

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => i % 2 == 0
            ? Store.GetOrCreateDirectConversationAsync(a.Id, b.Id, Now())
            : Store.GetOrCreateDirectConversationAsync(b.Id, a.Id, Now())));
        var block = await Store.AddBlockAsync(b.Id, a.Id, Now());

        Assert.Single(results.Select(r => r.Conversation.Id).Distinct());
        // New to each of the two exactly once: the first opening by a and the first by b.
        Assert.Single(results.Where((_, i) => i % 2 == 0), r => r.Created);
        Assert.Single(results.Where((_, i) => i % 2 == 1), r => r.Created);
        Assert.Equal(results[0].Conversation.Id, block.ConversationId);
        Assert.All(results, r => Assert.Equal(results[0].Conversation.ParticipantIds, r.Conversation.ParticipantIds));
        Assert.Equal(new[] { a.Id, b.Id }.Order(), results[0].Conversation.ParticipantIds.Order());
    }

    [Fact]
    public async Task ConversationsOfAUserComeMostRecentActivityFirst()
    {
        var (me, b, c) = (await NewUserAsync(), await NewUserAsync(), await NewUserAsync());
        var start = Now();
        var (withB, _) = await Store.GetOrCreateDirectConversationAsync(me.Id, b.Id, start);
        var (withC, _) = await Store.GetOrCreateDirectConversationAsync(me.Id, c.Id, start.AddSeconds(1));
        var group = new ConversationRecord(Guid.CreateVersion7(), ConversationKind.Group, "Team", [me.Id, b.Id, c.Id], start.AddSeconds(2));
        await Store.CreateGroupAsync(group, GroupBlockCheck.None);
        Assert.Equal([group.Id, withC.Id, withB.Id], (await Store.GetConversationsOfUserAsync(me.Id, 50, null)).Items.Select(x => x.Id));

        await Store.AppendDirectMessageAsync(Message(withB.Id, b, start.AddSeconds(3)), me.Id, false);
        await Store.AppendGroupMessageAsync(Message(group.Id, c, start.AddSeconds(4)));
        Assert.Equal([group.Id, withB.Id, withC.Id], (await Store.GetConversationsOfUserAsync(me.Id, 50, null)).Items.Select(x => x.Id));

        // A shadowed message moves the conversation up for its sender only: the blocker must not notice anything.
        await Store.AddBlockAsync(me.Id, c.Id, start.AddSeconds(5));
        var shadowed = Message(withC.Id, c, start.AddSeconds(6));
        Assert.Equal(DirectSendOutcome.StoredSenderOnly, await Store.AppendDirectMessageAsync(shadowed, me.Id, true));
        Assert.Equal([group.Id, withB.Id, withC.Id], (await Store.GetConversationsOfUserAsync(me.Id, 50, null)).Items.Select(x => x.Id));
        Assert.Equal(withC.Id, (await Store.GetConversationsOfUserAsync(c.Id, 50, null)).Items[0].Id);
        var stored = await Store.GetConversationAsync(group.Id);
        Assert.Equal((group.Id, group.Kind, group.Title, group.CreatedAt), (stored!.Id, stored.Kind, stored.Title, stored.CreatedAt));
        Assert.Equal(group.ParticipantIds, stored.ParticipantIds);
    }

    [Fact]
    public async Task RowsAboutUnknownUsersAreRefusedByTheDatabase()
    {
        var known = await NewUserAsync();

        var error = await Assert.ThrowsAsync<PostgresException>(() => Store.AddBlockAsync(known.Id, Guid.NewGuid(), Now()));

        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, error.SqlState);
        Assert.Empty(await Store.GetBlocksByBlockerAsync(known.Id));
        Assert.Empty((await Store.GetConversationsOfUserAsync(known.Id, 50, null)).Items);
    }

    [Fact]
    public async Task SearchMatchesThePrefixLiterally()
    {
        var prefix = $"s{Guid.NewGuid():N}"[..10];
        var underscore = await NewUserAsync($"{prefix}_b");
        var letter = await NewUserAsync($"{prefix}xa");
        var percent = await NewUserAsync($"{prefix}a%");

        Assert.Equal([underscore], await Store.SearchUsersAsync(UserRecord.DefaultAppId, $"{prefix}_", 20));
        Assert.Equal([percent], await Store.SearchUsersAsync(UserRecord.DefaultAppId, $"{prefix}a%", 20));
        Assert.Equal([underscore, percent, letter], await Store.SearchUsersAsync(UserRecord.DefaultAppId, prefix, 20));
        Assert.Equal([underscore], await Store.SearchUsersAsync(UserRecord.DefaultAppId, prefix, 1));
    }

    [Fact]
    public async Task RemovingEveryBlockWritesOneAuditRowEach()
    {
        var (me, b, c) = (await NewUserAsync(), await NewUserAsync(), await NewUserAsync());
        await Store.AddBlockAsync(me.Id, b.Id, Now());
        await Store.AddBlockAsync(me.Id, c.Id, Now());
        var at = Now();

        Assert.Equal(new[] { b.Id, c.Id }.Order(), (await Store.RemoveAllBlocksAsync(me.Id, at)).Order());
        Assert.Empty(await Store.RemoveAllBlocksAsync(me.Id, at));
        Assert.Empty(await Store.GetBlocksByBlockerAsync(me.Id));
        var unblocks = (await Store.GetAuditTrailAsync(me.Id)).Where(x => x.Action == "unblock").ToList();
        Assert.Equal(new[] { b.Id, c.Id }.Order(), unblocks.Select(x => x.TargetId).Order());
        Assert.All(unblocks, x => Assert.Equal(at, x.CreatedAt));
    }

    private async Task<UserRecord> NewUserAsync(string? username = null)
    {
        var user = new UserRecord(Guid.NewGuid(), username ?? $"u{Guid.NewGuid():N}"[..24], "Someone", null, Now(), null);
        Assert.True(await Store.TryCreateUserAsync(user, "hash"));
        return user;
    }

    private static MessageRecord Message(Guid conversationId, UserRecord sender, DateTimeOffset? at = null) =>
        new(Guid.CreateVersion7(), conversationId, sender.Id, "hello", "text", at ?? Now());

    private static DateTimeOffset Now() => StoreClock.Now(TimeProvider.System);
}
