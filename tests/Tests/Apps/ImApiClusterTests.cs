using System.Net;
using ChatBlock.Storage.Clustering;
using ChatBlock.Storage.Memory;
using ChatBlock.Tests.Infrastructure;

namespace ChatBlock.Tests.Apps;

/// <summary>
/// The IM API on a cluster of three gateway silos sharing one database and one notification channel (issue 9): a block made
/// through the IM API on one silo refuses sends on the others at once, whatever their grains held in memory.
/// </summary>
public abstract class ImApiClusterTests : IAsyncLifetime
{
    private ChatApp[] _silos = [];

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var storage = await StorageAsync();
        _silos = [.. new[] { "silo-1", "silo-2", "silo-3" }.Select(id => Silo(id, storage))];
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }
    }

    [Fact]
    public async Task AnImBlockOnOneSiloRefusesSendsOnTheOthers()
    {
        var aaa = await _silos[0].CreateUserAsync(TestApps.Sample, TestApps.NewExternalId("aaa"));
        var ccc = await _silos[0].CreateUserAsync(TestApps.Sample, TestApps.NewExternalId("ccc"));
        var room = (await aaa.Bearer.OpenDirectAsync(ccc.Id)).Id;
        // Silos 2 and 3 hold both users' grains, with block sets that say "nobody", before the block.
        var (cccOn2, cccOn3, aaaOn3) = (_silos[1].SignIn(ccc), _silos[2].SignIn(ccc), _silos[2].SignIn(aaa));
        await cccOn2.Bearer.SendOkAsync(room);
        await cccOn3.Bearer.SendOkAsync(room);
        await aaaOn3.Bearer.SendOkAsync(room);

        Assert.Equal(HttpStatusCode.OK, (await aaa.Im.PostAsync($"/blockStatus/my/{ccc.ExternalId}", null)).StatusCode);

        foreach (var blocked in new[] { cccOn2, cccOn3 })
        {
            await HttpAssert.ProblemAsync(
                await blocked.Bearer.SendAsync(room, "after"), HttpStatusCode.Forbidden, "message.blocked_by_recipient");
        }

        await HttpAssert.ProblemAsync(await aaaOn3.Bearer.SendAsync(room, "after"), HttpStatusCode.Forbidden, "message.recipient_blocked");
        Assert.DoesNotContain((await aaa.Bearer.MessagesAsync(room)).Items, m => m.Content == "after");
    }

    /// <summary>The storage the three silos share.</summary>
    protected abstract Task<SiloStorage> StorageAsync();

    // A gateway silo as ChatApp.Silo makes one, with the test apps configured.
    private static ChatApp Silo(string siloId, SiloStorage storage) =>
        new(
            storage.Provider,
            TestApps.With(new Dictionary<string, string?>(storage.Settings)
            {
                ["Silo:SiloId"] = siloId,
                ["Auth:SigningKey"] = "cluster-tests-signing-key-0123456789abcdef",
            }),
            realServer: true,
            services: storage.AddServices);
}

public sealed class MemoryImApiClusterTests : ImApiClusterTests
{
    protected override Task<SiloStorage> StorageAsync() =>
        Task.FromResult(SiloStorage.Memory(new MemoryDatabase(), new InMemoryClusterNetwork()));
}

public sealed class PostgresImApiClusterTests : ImApiClusterTests
{
    protected override async Task<SiloStorage> StorageAsync() => SiloStorage.Postgres(await SharedPostgres.CreateDatabaseAsync());
}
