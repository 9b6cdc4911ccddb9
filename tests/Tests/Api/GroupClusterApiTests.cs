using System.Net;
using ChatBlock.Storage.Memory;
using ChatBlock.Storage.Clustering;
using ChatBlock.Tests.Infrastructure;

namespace ChatBlock.Tests.Api;

/// <summary>The group rule of SPEC section 10 through the gateway of two silos sharing one database.</summary>
public abstract class GroupClusterApiTests : IAsyncLifetime
{
    private ChatApp _silo1 = null!, _silo2 = null!;

    public async Task InitializeAsync() => (_silo1, _silo2) = await CreateSilosAsync();

    /// <summary>Two silos sharing one database and one notification channel.</summary>
    protected abstract Task<(ChatApp, ChatApp)> CreateSilosAsync();

    public async Task DisposeAsync()
    {
        await _silo1.DisposeAsync();
        await _silo2.DisposeAsync();
    }

    [Fact]
    public async Task ABlockOnOneSiloRefusesAGroupCreatedOnAnother()
    {
        var (a, b) = (await _silo1.RegisterAsync("a"), await _silo1.RegisterAsync("b"));
        var aOn2 = a.On(_silo2);
        await aOn2.ProfileAsync(b.Id); // silo 2 holds b's (empty) block set

        await b.BlockOkAsync(a.Id);

        await HttpAssert.ProblemAsync(await aOn2.TryCreateGroupAsync("sneaky", b.Id), HttpStatusCode.Forbidden, "group.member_blocked");
        Assert.DoesNotContain((await b.ConversationsAsync()).Items, conversation => conversation.Kind == "group");
    }
}

public sealed class MemoryGroupClusterApiTests : GroupClusterApiTests
{
    protected override Task<(ChatApp, ChatApp)> CreateSilosAsync()
    {
        var storage = SiloStorage.Memory(new MemoryDatabase(), new InMemoryClusterNetwork());
        return Task.FromResult((ChatApp.Silo("silo-1", storage), ChatApp.Silo("silo-2", storage)));
    }
}

public sealed class PostgresGroupClusterApiTests : GroupClusterApiTests
{
    protected override async Task<(ChatApp, ChatApp)> CreateSilosAsync()
    {
        var storage = SiloStorage.Postgres(await SharedPostgres.CreateDatabaseAsync());
        return (ChatApp.Silo("silo-1", storage), ChatApp.Silo("silo-2", storage));
    }
}
