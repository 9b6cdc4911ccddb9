using ChatBlock.Grains;
using ChatBlock.Silo.Runtime;
using ChatBlock.Storage.Clustering;
using ChatBlock.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBlock.Tests.Grains;

/// <summary>Groups and blocks across several silos sharing one database (SPEC section 10).</summary>
public abstract class GroupClusterTests(TestCluster cluster)
{
    [Fact]
    public async Task ABlockOnOneSiloRefusesAGroupOnAnotherRightAfterTheAcknowledgement()
    {
        var a = await cluster.NewUserAsync();
        var b = await cluster.NewUserAsync();
        Assert.False(await User(1, b).IsBlockingAsync(a)); // silo 1 holds b's (empty) block set

        Assert.Equal(BlockOutcome.Blocked, (await User(0, b).BlockAsync(a)).Outcome);

        // No waiting for the notification: the database's re-check refuses what memory may not know yet.
        var created = await cluster.Conversations(1).CreateGroupAsync(a, "sneaky", [b]);
        Assert.Equal(GroupChangeOutcome.MemberBlocked, created.Outcome);
        var ofB = (await cluster.Store().GetConversationsOfUserAsync(b, 100, null)).Items;
        Assert.DoesNotContain(ofB, c => c.Kind == ChatBlock.Storage.ConversationKind.Group);
    }

    [Fact]
    public async Task ABlockNoSiloHeardOfStillRefusesTheGroupAndMemoryCatchesUp()
    {
        var a = await cluster.NewUserAsync();
        var b = await cluster.NewUserAsync();
        var c = await cluster.NewUserAsync();
        var group = (await cluster.Conversations(1).CreateGroupAsync(a, "team", [c])).Conversation!;
        Assert.False(await User(1, b).IsBlockingAsync(a));

        await cluster.BlockWithoutNotificationAsync(b, a);
        Assert.False(await User(1, b).IsBlockingAsync(a)); // stale: nobody was told

        var created = await cluster.Conversations(1).CreateGroupAsync(a, "sneaky", [b]);
        var added = await Group(1, group.Id).AddMembersAsync(a, [b]);

        Assert.Equal(GroupChangeOutcome.MemberBlocked, created.Outcome);
        Assert.Equal(GroupChangeOutcome.MemberBlocked, added.Outcome);
        Assert.True(await User(1, b).IsBlockingAsync(a));
        Assert.Equal([a, c], (await Group(1, group.Id).GetAsync(a))!.ParticipantIds);
    }

    [Fact]
    public async Task MemberChangesOnOneSiloReachTheGroupsCopyOnAnother()
    {
        var a = await cluster.NewUserAsync();
        var b = await cluster.NewUserAsync();
        var c = await cluster.NewUserAsync();
        var d = await cluster.NewUserAsync();
        var group = (await cluster.Conversations(0).CreateGroupAsync(a, "team", [b, c])).Conversation!;
        Assert.Equal(SendOutcome.Sent, (await Group(1, group.Id).SendAsync(c, "hi", "text")).Outcome); // silo 1 holds the record

        var left = WhenConversationChangeDeliveredAsync(1, group.Id);
        Assert.True(await Group(0, group.Id).LeaveAsync(c));
        await left;

        Assert.Equal(SendOutcome.ConversationNotFound, (await Group(1, group.Id).SendAsync(c, "still here?", "text")).Outcome);
        Assert.Null(await Group(1, group.Id).GetMessagesAsync(c, null, 10));

        var joined = WhenConversationChangeDeliveredAsync(1, group.Id);
        Assert.Equal(GroupChangeOutcome.Changed, (await Group(0, group.Id).AddMembersAsync(b, [d])).Outcome);
        await joined;

        Assert.Equal([a, b, d], (await Group(1, group.Id).GetAsync(d))!.ParticipantIds);
        Assert.Equal(SendOutcome.Sent, (await Group(1, group.Id).SendAsync(d, "hello", "text")).Outcome);
    }

    private IUserGrain User(int silo, Guid userId) => cluster.Grains(silo).GetGrain<IUserGrain>(userId);

    private IGroupConversationGrain Group(int silo, Guid conversationId) =>
        cluster.Grains(silo).GetGrain<IGroupConversationGrain>(conversationId);

    // Completes when silo `silo` has been handed another silo's notification that the group changed. Its router's invalidation
    // runs first (the invalidator subscribed when the silo started), so a call made after this sees the change.
    private Task WhenConversationChangeDeliveredAsync(int silo, Guid conversationId)
    {
        var channel = cluster.Silos[silo].Services.GetRequiredService<IClusterChannel>();
        var observer = new ConversationChangeObserver(conversationId, channel.SiloId);
        var subscription = channel.Subscribe(observer);
        // The timeout only turns a lost notification into a failure instead of a hang.
        return observer.Delivered.Task.WaitAsync(TimeSpan.FromSeconds(30)).ContinueWith(
            t => { subscription.Dispose(); t.GetAwaiter().GetResult(); }, TaskScheduler.Default);
    }

    private sealed class ConversationChangeObserver(Guid conversationId, string siloId) : IClusterObserver
    {
        public TaskCompletionSource Delivered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task OnMessageAsync(ClusterMessage message)
        {
            if (message.Topic == ClusterTopics.Conversations && message.Payload == conversationId.ToString()
                && message.OriginSiloId != siloId)
            {
                Delivered.TrySetResult();
            }

            return Task.CompletedTask;
        }

        public Task OnResetAsync() => Task.CompletedTask;
    }
}

[Collection(MemoryClusterCollection.Name)]
public sealed class MemoryGroupClusterTests(MemoryTestCluster cluster) : GroupClusterTests(cluster);

[Collection(PostgresClusterCollection.Name)]
public sealed class PostgresGroupClusterTests(PostgresTestCluster cluster) : GroupClusterTests(cluster);
