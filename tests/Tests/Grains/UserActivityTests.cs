using ChatBlock.Grains.Users;
using ChatBlock.Storage;
using ChatBlock.Storage.Clustering;
using ChatBlock.Storage.Memory;

namespace ChatBlock.Tests.Grains;

/// <summary>Last-seen recorded without a grain turn, and written to storage at most once a minute per user.</summary>
public sealed class UserActivityTests
{
    [Fact]
    public async Task ActivityIsSeenAtOnceAndWrittenToStorageAtMostOnceAMinute()
    {
        var store = new MemoryChatStore(new MemoryDatabase(), new InMemoryClusterChannel(new InMemoryClusterNetwork(), "silo"));
        var start = new DateTimeOffset(2026, 11, 22, 3, 0, 0, TimeSpan.Zero);
        var user = new UserRecord(Guid.NewGuid(), "ann", "Ann", null, start, null);
        Assert.True(await store.TryCreateUserAsync(user, "hash"));
        var clock = new ManualClock { Now = start };
        var activity = new UserActivity(store, clock);

        Assert.Null(activity.LastSeen(user.Id));
        await activity.RecordAsync(user.Id);
        Assert.Equal(start, (await store.GetUserAsync(user.Id))!.LastSeenAt);

        clock.Now = start.AddSeconds(30);
        await activity.RecordAsync(user.Id);
        Assert.Equal(start.AddSeconds(30), activity.LastSeen(user.Id));
        Assert.Equal(start, (await store.GetUserAsync(user.Id))!.LastSeenAt);

        clock.Now = start.AddSeconds(61);
        await activity.RecordAsync(user.Id);
        Assert.Equal(start.AddSeconds(61), (await store.GetUserAsync(user.Id))!.LastSeenAt);
    }

    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
