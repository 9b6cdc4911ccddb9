using ChatBlock.Grains;
using ChatBlock.Grains.Accounts;
using ChatBlock.Grains.Conversations;
using ChatBlock.Silo.Runtime;
using ChatBlock.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChatBlock.Tests.Grains;

/// <summary>
/// SPEC section 3: a refused send is decided from the grains' memory and touches no database. The store's own re-check would
/// refuse it too, so only counting the store's calls shows that the in-memory check did the refusing.
/// </summary>
public sealed class SendGateFastPathTests
{
    public enum Direction
    {
        SenderBlocksRecipient,
        RecipientBlocksSender,
    }

    [Theory]
    [InlineData(DisclosurePolicy.Explicit, Direction.SenderBlocksRecipient, SendOutcome.RecipientBlocked)]
    [InlineData(DisclosurePolicy.Discreet, Direction.SenderBlocksRecipient, SendOutcome.RecipientBlocked)]
    [InlineData(DisclosurePolicy.Shadow, Direction.SenderBlocksRecipient, SendOutcome.RecipientBlocked)]
    [InlineData(DisclosurePolicy.Explicit, Direction.RecipientBlocksSender, SendOutcome.BlockedByRecipient)]
    [InlineData(DisclosurePolicy.Discreet, Direction.RecipientBlocksSender, SendOutcome.NotDelivered)]
    public async Task ARefusedSendTouchesNoStore(DisclosurePolicy policy, Direction direction, SendOutcome expected)
    {
        await using var silo = await FastPathSilo.StartAsync(policy);
        var (sender, _, conversation) = await silo.BlockedPairAsync(direction);

        silo.Store.Clear();
        var sent = await conversation.SendAsync(sender, "hello", "text");

        Assert.Equal(expected, sent.Outcome);
        Assert.Empty(silo.Store.Calls);
        Assert.Null(sent.Message);
    }

    /// <summary>A timed block in force (SPEC section 10) is refused from memory just the same: its expiry is in memory too.</summary>
    [Theory]
    [InlineData(Direction.SenderBlocksRecipient, SendOutcome.RecipientBlocked)]
    [InlineData(Direction.RecipientBlocksSender, SendOutcome.BlockedByRecipient)]
    public async Task ARefusedSendOfATimedBlockTouchesNoStore(Direction direction, SendOutcome expected)
    {
        await using var silo = await FastPathSilo.StartAsync(DisclosurePolicy.Explicit);
        var (sender, _, conversation) = await silo.BlockedPairAsync(direction, new BlockTerms(DateTimeOffset.UtcNow.AddHours(2), "n"));

        silo.Store.Clear();
        var sent = await conversation.SendAsync(sender, "hello", "text");

        Assert.Equal(expected, sent.Outcome);
        Assert.Empty(silo.Store.Calls);
    }

    /// <summary>Under Shadow a send to a user who blocks the sender is stored for the sender: one append, and only that.</summary>
    [Fact]
    public async Task UnderShadowASendToABlockerIsStoredForTheSenderWithOneAppend()
    {
        await using var silo = await FastPathSilo.StartAsync(DisclosurePolicy.Shadow);
        var (sender, _, conversation) = await silo.BlockedPairAsync(Direction.RecipientBlocksSender);

        silo.Store.Clear();
        var sent = await conversation.SendAsync(sender, "hello", "text");

        Assert.Equal(SendOutcome.SentToSenderOnly, sent.Outcome);
        Assert.Equal([nameof(IChatStore.AppendDirectMessageAsync)], silo.Store.Calls);
    }

    /// <summary>A silo without HTTP on the Memory store, with the store's calls recorded.</summary>
    private sealed class FastPathSilo(IHost host, RecordingChatStore store) : IAsyncDisposable
    {
        public RecordingChatStore Store => store;

        public static async Task<FastPathSilo> StartAsync(DisclosurePolicy policy)
        {
            var builder = Host.CreateApplicationBuilder();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:Provider"] = "Memory",
                ["Silo:IdleDeactivation"] = "00:00:00",
                ["Blocking:Disclosure"] = policy.ToString(),
            });
            builder.Services.AddChatSilo(builder.Configuration);
            var recording = RecordingChatStore.Decorate(builder.Services);
            var host = builder.Build();
            await host.StartAsync();
            return new FastPathSilo(host, recording(host.Services));
        }

        /// <summary>
        /// Two fresh users, one blocking the other as <paramref name="direction"/> says, and their conversation: every grain a
        /// send asks is active afterwards, so the send itself needs no activation.
        /// </summary>
        public async Task<(Guid Sender, Guid Recipient, IConversationGrain Conversation)> BlockedPairAsync(
            Direction direction, BlockTerms? terms = null)
        {
            var accounts = host.Services.GetRequiredService<UserAccounts>();
            var sender = (await accounts.RegisterAsync($"s{Guid.NewGuid():N}"[..20], "password123", null, null))!.Id;
            var recipient = (await accounts.RegisterAsync($"r{Guid.NewGuid():N}"[..20], "password123", null, null))!.Id;
            var grains = host.Services.GetRequiredService<IGrainFactory>();
            var (blocker, blocked) = direction == Direction.SenderBlocksRecipient ? (sender, recipient) : (recipient, sender);
            Assert.Equal(BlockOutcome.Blocked, (await grains.GetGrain<IUserGrain>(blocker).BlockAsync(blocked, terms)).Outcome);
            Assert.True(await grains.GetGrain<IUserGrain>(blocker).IsBlockingAsync(blocked));
            Assert.False(await grains.GetGrain<IUserGrain>(blocked).IsBlockingAsync(blocker));

            var router = host.Services.GetRequiredService<ConversationRouter>();
            var (record, _) = await router.OpenDirectAsync(sender, recipient);
            var conversation = (await router.GetGrainAsync(record.Id))!;
            Assert.NotNull(await conversation.GetAsync(sender));
            return (sender, recipient, conversation);
        }

        public async ValueTask DisposeAsync()
        {
            await host.StopAsync();
            host.Dispose();
        }
    }
}
