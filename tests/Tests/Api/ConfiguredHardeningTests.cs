using System.Net;
using System.Net.Http.Json;
using System.Runtime.Versioning;
using ChatBlock.Tests.Infrastructure;

namespace ChatBlock.Tests.Api;

/// <summary>
/// Issue 11, items 9 and 12, on gateways of their own: group size setting, login body cap (real Kestrel), the block leak under
/// Shadow, canMessage under Discreet, file modes.
/// </summary>
public sealed class ConfiguredHardeningTests
{
    [Fact]
    public async Task AGroupPastConversationsMaxGroupSizeIsRefused()
    {
        using var app = new ChatApp(settings: new Dictionary<string, string?> { ["Conversations:MaxGroupSize"] = "3" });
        var a = await app.RegisterAsync();
        var (b, c, d) = (await app.RegisterAsync(), await app.RegisterAsync(), await app.RegisterAsync());

        var tooMany = await a.Client.PostAsJsonAsync(
            "/api/v1/conversations/group", new { title = "t", memberIds = new[] { b.Id, c.Id, d.Id } });
        var repeated = await a.Client.PostAsJsonAsync(
            "/api/v1/conversations/group", new { title = "t", memberIds = Enumerable.Repeat(b.Id, 1000) });

        await HttpAssert.ProblemAsync(tooMany, HttpStatusCode.BadRequest, "request.invalid");
        await HttpAssert.ProblemAsync(repeated, HttpStatusCode.BadRequest, "request.invalid");
        Assert.Empty((await a.ConversationsAsync()).Items);
        Assert.Equal(3, (await a.CreateGroupAsync("ok", b.Id, c.Id, a.Id)).Participants.Count);
    }

    [Fact]
    public async Task ALoginBodyPastTheCapIsRefusedBeforeItIsRead()
    {
        // Kestrel enforces the endpoint's request size limit; the in-memory test server does not.
        using var app = new ChatApp(realServer: true);
        var a = await app.RegisterAsync();

        var response = await app.CreateClient().LoginAsync(a.Username, new string('x', 64 * 1024));

        await HttpAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "request.too_large");
    }

    [Fact]
    public async Task UnderShadowTheBlockedUserSeesNoConversationUntilTheyOpenOne()
    {
        using var app = new ChatApp(settings: new Dictionary<string, string?> { ["Blocking:Disclosure"] = "Shadow" });
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var block = await a.BlockOkAsync(b.Id);

        Assert.Empty((await b.ConversationsAsync()).Items);
        var opened = await HttpAssert.OkAsync<ConversationBody>(await b.OpenDirectRawAsync(a.Id), HttpStatusCode.Created);
        await b.SendOkAsync(opened.Id, "into the void");

        Assert.Equal(block.ConversationId, opened.Id);
        Assert.Equal([opened.Id], (await b.ConversationsAsync()).Items.Select(c => c.Id));
        Assert.Equal(new RelationshipBody(a.Id, false, null, true), await b.RelationshipAsync(a.Id));
        Assert.Equal(new RelationshipBody(b.Id, true, null, false), await a.RelationshipAsync(b.Id));
    }

    [Fact]
    public async Task UnderDiscreetCanMessageIsUnknownUnlessTheCallerBlocks()
    {
        using var app = new ChatApp(settings: new Dictionary<string, string?> { ["Blocking:Disclosure"] = "Discreet" });
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var c = await app.RegisterAsync();
        await a.BlockOkAsync(b.Id);

        // Blocked or not, the answer is the same: nothing tells b apart from c.
        Assert.Equal(new RelationshipBody(a.Id, false, null, null), await b.RelationshipAsync(a.Id));
        Assert.Equal(new RelationshipBody(a.Id, false, null, null), await c.RelationshipAsync(a.Id));
        Assert.Equal(new RelationshipBody(b.Id, true, null, false), await a.RelationshipAsync(b.Id));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task TheDataFolderAndItsFilesAreReadableByTheOwnerOnly()
    {
        var parent = TempFolder.Create("modes");
        var dataPath = Path.Combine(parent, "data");
        try
        {
            using (var app = new ChatApp(dataPath: dataPath))
            {
                var a = await app.RegisterAsync();
                await a.CreateGroupAsync("g", (await app.RegisterAsync()).Id);

                const UnixFileMode Folder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
                const UnixFileMode File = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                Assert.Equal(Folder, System.IO.File.GetUnixFileMode(dataPath));
                foreach (var path in Directory.GetFiles(dataPath))
                {
                    var mode = System.IO.File.GetUnixFileMode(path);
                    Assert.True(mode == File, $"{Path.GetFileName(path)}: {mode}");
                }

                Assert.Contains(Path.Combine(dataPath, "chat.db"), Directory.GetFiles(dataPath));
                Assert.Contains(Path.Combine(dataPath, "signing-key"), Directory.GetFiles(dataPath));
            }
        }
        finally
        {
            TempFolder.TryDelete(parent);
        }
    }
}
