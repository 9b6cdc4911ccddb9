using System.Text.Json;
using ChatBlock.Tests.Infrastructure;
using OpenQA.Selenium;

namespace ChatBlock.Tests.Web;

/// <summary>
/// The block dialog of SPEC section 10: how long ("for 1 day / 1 week / 1 month / until I unblock") and an optional private note
/// of 280 characters at most, sent as <c>{expiresIn, note}</c> only when chosen; Settings shows each block's end and note.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BlockDialogBrowserTests(LiveChatApp app)
{
    [Fact]
    public async Task TheDialogOffersDurationsAndANoteAndSendsThemOnlyWhenChosen()
    {
        // Display names, as this test's dialog is the README's screenshot (docs/screenshots/block-dialog.png).
        var me = await RegisterAsync("alice", "Alice");
        var (dave, erin) = (await RegisterAsync("dave", "Dave"), await RegisterAsync("erin", "Erin"));
        await me.OpenDirectAsync(dave.Id);
        await me.OpenDirectAsync(erin.Id);
        using var browser = Browser.Launch(app.BaseAddress);
        var page = new ChatPage(browser);
        try
        {
            page.SignIn(me.Username);
            browser.FindWithText(".conversation-title", "Erin");
            browser.RecordRequests();

            // Cancel blocks nobody and sends nothing.
            page.OpenBlockDialogFromConversationMenu("Dave");
            Assert.Equal(
                new[] { "For 1 day", "For 1 week", "For 1 month", "Until I unblock" },
                browser.Texts("dialog[open] .block-durations label"));
            Assert.Equal("Until I unblock", browser.Find("dialog[open] .block-durations input:checked + label").Text);
            browser.Click("dialog[open] .dialog-actions .secondary");
            browser.WaitGone("dialog[open]");
            Assert.Empty(BlockRequests(browser));

            // A week and a note: both go in the body. The note stops at 280 characters.
            page.OpenBlockDialogFromConversationMenu("Dave");
            page.ChooseBlock("For 1 week", new string('x', 300));
            Assert.Equal(280, browser.Find("dialog[open] #block-note").GetAttribute("value")!.Length);
            browser.FindWithText("dialog[open] .note-count", "280/280");
            page.ChooseBlock("For 1 week", "Spam account, ads in every message");
            browser.AssertNoSeriousViolations("block dialog with a duration and a note");
            browser.Screenshot("block-dialog");
            browser.Click("dialog[open] .confirm");
            browser.WaitGone("dialog[open]");
            browser.FindWithText(".conversation-item.blocked .conversation-title", "Dave");
            var timed = Assert.Single(BlockRequests(browser));
            Assert.EndsWith($"/api/v1/users/{dave.Id}/block", timed.Url, StringComparison.Ordinal);
            using (var body = JsonDocument.Parse(timed.Body!))
            {
                Assert.Equal(604800, body.RootElement.GetProperty("expiresIn").GetInt32());
                Assert.Equal("Spam account, ads in every message", body.RootElement.GetProperty("note").GetString());
            }

            // Until I unblock, no note: no body at all, the block the server has always taken.
            page.OpenBlockDialogFromConversationMenu("Erin");
            browser.Click("dialog[open] .confirm");
            browser.WaitGone("dialog[open]");
            browser.FindWithText(".conversation-item.blocked .conversation-title", "Erin");
            var plain = BlockRequests(browser)[^1];
            Assert.EndsWith($"/api/v1/users/{erin.Id}/block", plain.Url, StringComparison.Ordinal);
            Assert.Null(plain.Body);
            Assert.True((await me.RelationshipAsync(erin.Id)).BlockedByMe);
        }
        finally
        {
            browser.Screenshot(nameof(TheDialogOffersDurationsAndANoteAndSendsThemOnlyWhenChosen));
        }
    }

    /// <summary>
    /// Adds <c>expiresAt</c> and <c>note</c> (from <c>window.__blockExtras</c>, by user id) to the items of every
    /// <c>GET /users/me/blocks</c> answer: the client's side of timed blocks, on a server that may not have them yet.
    /// </summary>
    private const string StubBlockList = """
        window.__blockExtras = arguments[0];
        const original = window.fetch;
        window.fetch = async (url, init) => {
          const response = await original(url, init);
          if (!String(url).includes('/users/me/blocks?')) return response;
          const page = await response.json();
          for (const item of page.items) Object.assign(item, window.__blockExtras[item.user.id] ?? {});
          return new Response(JSON.stringify(page), { status: response.status, headers: response.headers });
        };
        """;

    [Fact]
    public async Task SettingsShowsEachBlocksEndAndNoteWhenTheListCarriesThem()
    {
        var (me, dave, erin) = (await app.RegisterAsync("me"), await app.RegisterAsync("dave"), await app.RegisterAsync("erin"));
        await me.BlockOkAsync(dave.Id);
        await me.BlockOkAsync(erin.Id);
        using var browser = Browser.Launch(app.BaseAddress);
        var page = new ChatPage(browser);
        try
        {
            page.SignIn(me.Username);
            browser.Driver.ExecuteScript(StubBlockList, new Dictionary<string, object?>
            {
                [dave.Id.ToString()] =
                    new Dictionary<string, object?> { ["expiresAt"] = "2030-01-02T03:04:05Z", ["note"] = "Spam account" },
                [erin.Id.ToString()] = new Dictionary<string, object?> { ["expiresAt"] = null },
            });
            browser.Click("a[href='#/settings']");

            var timed = browser.FindWithText(".blocked-list .blocked-item", dave.Username);
            Assert.Equal("2030-01-02T03:04:05Z", timed.FindElement(By.CssSelector(".blocked-until time")).GetAttribute("datetime"));
            Assert.StartsWith("· until ", timed.FindElement(By.CssSelector(".blocked-until")).Text.Trim(), StringComparison.Ordinal);
            Assert.Contains("2030", timed.FindElement(By.CssSelector(".blocked-until")).Text, StringComparison.Ordinal);
            Assert.Equal("Your note: Spam account", timed.FindElement(By.CssSelector(".blocked-note")).GetAttribute("textContent"));
            var permanent = browser.FindWithText(".blocked-list .blocked-item", erin.Username);
            Assert.Equal("· until you unblock", permanent.FindElement(By.CssSelector(".blocked-until")).Text.Trim());
            Assert.Empty(permanent.FindElements(By.CssSelector(".blocked-note")));
            browser.AssertNoSeriousViolations("settings with a timed block and a note");
        }
        finally
        {
            browser.Screenshot(nameof(SettingsShowsEachBlocksEndAndNoteWhenTheListCarriesThem));
        }
    }

    [Fact]
    public async Task ATimedBlockWithANoteIsShownInSettingsWithItsEnd()
    {
        var (me, dave, erin) = (await app.RegisterAsync("me"), await app.RegisterAsync("dave"), await app.RegisterAsync("erin"));
        await me.OpenDirectAsync(dave.Id);
        await me.BlockOkAsync(erin.Id);
        using var browser = Browser.Launch(app.BaseAddress);
        var page = new ChatPage(browser);
        try
        {
            page.SignIn(me.Username);
            var before = DateTimeOffset.UtcNow;
            page.OpenBlockDialogFromConversationMenu(dave.Username);
            page.ChooseBlock("For 1 week", "Spam account");
            browser.Click("dialog[open] .confirm");
            browser.WaitGone("dialog[open]");
            page.WaitForToast($"You blocked {dave.Username} until");

            // The server keeps the end and the note.
            var list = JsonDocument.Parse(await me.Client.GetStringAsync("/api/v1/users/me/blocks")).RootElement.GetProperty("items");
            var item = list.EnumerateArray().Single(i => i.GetProperty("user").GetProperty("id").GetGuid() == dave.Id);
            var expiresAt = item.GetProperty("expiresAt").GetDateTimeOffset();
            Assert.InRange(expiresAt, before.AddDays(7), DateTimeOffset.UtcNow.AddDays(7));
            Assert.Equal("Spam account", item.GetProperty("note").GetString());

            // Settings shows when each block ends, and my note.
            browser.Click("a[href='#/settings']");
            var timed = browser.FindWithText(".blocked-list .blocked-item", dave.Username);
            Assert.Equal(
                expiresAt,
                DateTimeOffset.Parse(timed.FindElement(By.CssSelector(".blocked-until time")).GetAttribute("datetime")!));
            Assert.StartsWith("· until ", timed.FindElement(By.CssSelector(".blocked-until")).Text.Trim(), StringComparison.Ordinal);
            Assert.DoesNotContain("you unblock", timed.Text, StringComparison.Ordinal);
            Assert.Contains("Spam account", timed.FindElement(By.CssSelector(".blocked-note")).Text, StringComparison.Ordinal);
            var permanent = browser.FindWithText(".blocked-list .blocked-item", erin.Username);
            Assert.Contains("until you unblock", permanent.FindElement(By.CssSelector(".blocked-until")).Text, StringComparison.Ordinal);
            Assert.Empty(permanent.FindElements(By.CssSelector(".blocked-note")));
            browser.AssertNoSeriousViolations("settings with a timed block and a note");
        }
        finally
        {
            browser.Screenshot(nameof(ATimedBlockWithANoteIsShownInSettingsWithItsEnd));
        }
    }

    private async Task<TestUser> RegisterAsync(string prefix, string displayName)
    {
        var username = $"{prefix}{Guid.NewGuid():N}"[..16];
        var client = app.CreateClient();
        var body = await HttpAssert.OkAsync<AuthBody>(
            await client.RegisterAsync(username, ChatApp.Password, displayName), System.Net.HttpStatusCode.Created);
        client.DefaultRequestHeaders.Authorization = new("Bearer", body.AccessToken);
        return new TestUser(body.User.Id, username, body.AccessToken, client);
    }

    private static List<RecordedRequest> BlockRequests(Browser browser) =>
        browser.RecordedRequests()
            .Where(r => r.Method == "POST" && r.Url.EndsWith("/block", StringComparison.Ordinal))
            .ToList();
}
