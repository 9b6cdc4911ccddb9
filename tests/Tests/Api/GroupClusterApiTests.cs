using System.Net;
using ChatBlock.Tests.Infrastructure;

namespace ChatBlock.Tests.Api;

/// <summary>The group rule of SPEC section 10 through the gateway of two silos sharing one database.</summary>
public abstract class GroupClusterApiTests : TwoSiloTests
{
    [Fact]
    public async Task ABlockOnOneSiloRefusesAGroupCreatedOnAnother()
    {
        var (a, b) = (await Silo1.RegisterAsync("a"), await Silo1.RegisterAsync("b"));
        var aOn2 = a.On(Silo2);
        await aOn2.ProfileAsync(b.Id); // silo 2 holds b's (empty) block set

        await b.BlockOkAsync(a.Id);

        await HttpAssert.ProblemAsync(await aOn2.TryCreateGroupAsync("sneaky", b.Id), HttpStatusCode.Forbidden, "group.member_blocked");
        Assert.DoesNotContain((await b.ConversationsAsync()).Items, conversation => conversation.Kind == "group");
    }
}

public sealed class MemoryGroupClusterApiTests : GroupClusterApiTests
{
    protected override Task<(ChatApp, ChatApp)> CreateSilosAsync() => TwoSilos.MemoryAsync();
}

public sealed class PostgresGroupClusterApiTests : GroupClusterApiTests
{
    protected override Task<(ChatApp, ChatApp)> CreateSilosAsync() => TwoSilos.PostgresAsync();
}
