using System.Text.Json;
using ChatBlock.Tests.Api;
using ChatBlock.Tests.Infrastructure;

namespace ChatBlock.Tests.Web;

/// <summary>
/// Settings → Export and import (SPEC section 10): Export downloads the block list as JSON or CSV; Import asks the server for a
/// dry run, shows its diff (with names), and imports only on Apply; the server's refusal of a file is shown in its words.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BlockTransferBrowserTests(LiveChatApp app)
{
    [Fact]
    public async Task AnExportImportedIntoAnotherAccountShowsTheDiffAndAppliesIt()
    {
        var (alice, bob) = (await app.RegisterAsync("alice"), await app.RegisterAsync("bob"));
        var (dave, erin, frank) = (await app.RegisterAsync("dave"), await app.RegisterAsync("erin"), await app.RegisterAsync("frank"));
        await alice.BlockOkAsync(dave.Id);
        await alice.BlockOkAsync(erin.Id);
        await alice.BlockOkAsync(bob.Id);
        await bob.BlockOkAsync(erin.Id);
        await bob.BlockOkAsync(frank.Id);
        using var browser = Browser.Launch(app.BaseAddress);
        var page = new ChatPage(browser);
        try
        {
            // Alice exports her list, as JSON and as CSV.
            page.SignIn(alice.Username);
            page.OpenSettings();
            browser.AssertNoSeriousViolations("settings with export and import");
            browser.Click(".block-transfer .export-json");
            var json = browser.WaitForDownload(".json");
            browser.FindWithText(".export-status", "Downloaded blocks-");
            using (var exported = JsonDocument.Parse(await File.ReadAllTextAsync(json)))
            {
                Assert.Equal(
                    new[] { dave.Username, erin.Username, bob.Username }.Order(),
                    exported.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("username").GetString()).Order());
            }

            browser.Click(".block-transfer .export-csv");
            var csv = await File.ReadAllLinesAsync(browser.WaitForDownload(".csv"));
            Assert.Equal("userId,username,createdAt,expiresAt,note", csv[0]);
            Assert.Equal(4, csv.Count(line => line.Length > 0));

            // Bob replaces his list with hers: the preview names who would be blocked, unblocked, already blocked, and himself.
            page.SignOut();
            page.SignIn(bob.Username);
            page.OpenSettings();
            browser.FindWithText(".blocked-list", frank.Username);
            browser.RecordRequests();
            page.PreviewImport(json, "Replace my list");
            browser.Find("dialog[open].import-dialog .import-apply");
            Assert.Equal([$"@{dave.Username}"], browser.Texts("dialog[open] .import-added li"));
            Assert.Equal([$"@{frank.Username}"], browser.Texts("dialog[open] .import-removed li"));
            Assert.Equal([$"@{erin.Username}"], browser.Texts("dialog[open] .import-alreadyBlocked li"));
            Assert.Equal([$"@{bob.Username}"], browser.Texts("dialog[open] .import-self li"));
            Assert.Empty(browser.Texts("dialog[open] .import-unknown li"));
            browser.AssertNoSeriousViolations("import preview");
            browser.Screenshot("import-preview");

            // The preview changed nothing.
            Assert.Equal([erin.Id, frank.Id], (await bob.BlockedIdsAsync()).Order());

            browser.Click("dialog[open] .import-apply");
            browser.WaitGone("dialog[open]");
            page.WaitForToast("Import applied: 1 user blocked, 1 user unblocked.");
            browser.FindWithText(".blocked-list", dave.Username);
            browser.Until(d => !d.FindElement(OpenQA.Selenium.By.CssSelector(".blocked-list")).Text.Contains(frank.Username), "frank gone");
            Assert.Equal(new[] { dave.Id, erin.Id }.Order(), (await bob.BlockedIdsAsync()).Order());

            var imports = browser.RecordedRequests().Where(r => r.Url.Contains("/blocks/import", StringComparison.Ordinal)).ToList();
            Assert.Equal(
                ["/api/v1/users/me/blocks/import?mode=overwrite&dryRun=true", "/api/v1/users/me/blocks/import?mode=overwrite&dryRun=false"],
                imports.Select(r => r.Url));
            var sent = await File.ReadAllTextAsync(json);
            Assert.All(imports, r => Assert.Equal(sent, r.Body));
            browser.AssertNoSeriousViolations("settings after an import");
        }
        finally
        {
            browser.Screenshot(nameof(AnExportImportedIntoAnotherAccountShowsTheDiffAndAppliesIt));
        }
    }

    [Fact]
    public async Task ADryRunChangesNothingAndTheListFollowsAnImportElsewhere()
    {
        var (me, carol, dave) = (await app.RegisterAsync("me"), await app.RegisterAsync("carol"), await app.RegisterAsync("dave"));
        var file = WriteFile(".csv", $"username,note\n{carol.Username},\"spam, lots\"\nnobody-here,\n{me.Username},\n");
        using var browser = Browser.Launch(app.BaseAddress);
        var page = new ChatPage(browser);
        try
        {
            page.SignIn(me.Username);
            page.OpenSettings();
            browser.FindWithText(".blocked-users", "You have not blocked anyone.");
            page.PreviewImport(file, "Add to my list");
            browser.Find("dialog[open].import-dialog .import-apply");
            Assert.Equal([$"@{carol.Username}"], browser.Texts("dialog[open] .import-added li"));
            Assert.Equal(["@nobody-here"], browser.Texts("dialog[open] .import-unknown li"));
            Assert.Equal([$"@{me.Username}"], browser.Texts("dialog[open] .import-self li"));
            Assert.Empty(browser.Texts("dialog[open] .import-removed li"));

            // Cancel: the dry run blocked nobody.
            browser.Click("dialog[open] .import-cancel");
            browser.WaitGone("dialog[open]");
            Assert.Empty(await me.BlockedIdsAsync());
            Assert.False((await me.RelationshipAsync(carol.Id)).BlockedByMe);
            browser.FindWithText(".blocked-users", "You have not blocked anyone.");

            // An import from elsewhere (another tab, a script) reaches this page through blocks.replaced.
            await me.ImportIdsOkAsync([dave.Id]);
            browser.FindWithText(".blocked-list", dave.Username);
        }
        finally
        {
            browser.Screenshot(nameof(ADryRunChangesNothingAndTheListFollowsAnImportElsewhere));
        }
    }

    [Fact]
    public async Task ABadFileShowsTheServersErrorAndImportsNothing()
    {
        var (me, carol) = (await app.RegisterAsync("me"), await app.RegisterAsync("carol"));
        var csv = WriteFile(".csv", $"name,note\n{carol.Username},spam\n");
        var json = WriteFile(".json", """{"items": [{"userId": "not-a-uuid"}]}""");
        using var browser = Browser.Launch(app.BaseAddress);
        var page = new ChatPage(browser);
        try
        {
            page.SignIn(me.Username);
            page.OpenSettings();
            page.PreviewImport(csv, "Add to my list");
            browser.FindWithText(".import-error", "The CSV header must have a 'userId' or a 'username' column (or both).");
            Assert.Empty(browser.Driver.FindElements(OpenQA.Selenium.By.CssSelector("dialog[open]")));
            browser.AssertNoSeriousViolations("settings showing an import error");

            page.PreviewImport(json, "Replace my list");
            var error = browser.FindWithText(".import-error", "'userId' must be a UUID");
            Assert.StartsWith("An id is malformed.", error.Text, StringComparison.Ordinal);
            Assert.Empty(await me.BlockedIdsAsync());
        }
        finally
        {
            browser.Screenshot(nameof(ABadFileShowsTheServersErrorAndImportsNothing));
        }
    }

    private static string WriteFile(string extension, string text)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("chatblock-import-").FullName, $"blocks{extension}");
        File.WriteAllText(path, text);
        return path;
    }
}
