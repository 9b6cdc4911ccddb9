using System.Text.Json;
using ChatBlock.Tests.Infrastructure;
using OpenQA.Selenium;

namespace ChatBlock.Tests.Web;

/// <summary>
/// Report and block in one step (SPEC section 10): from a message's menu (the message goes with the report) and from the block
/// dialog ("Also report"), with a reason (spam, harassment, other) and an optional comment, sent as <c>report</c> in the block
/// body.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ReportAndBlockBrowserTests(LiveChatApp app)
{
    /// <summary>Replaces the <c>messageIds</c> of a reporting block request with <c>arguments[0]</c> before it is sent.</summary>
    private const string SwapReportedMessages = """
        window.__reportedIds = arguments[0];
        const original = window.fetch;
        window.fetch = (url, init) => {
          if (String(url).endsWith('/block') && init?.body) {
            const body = JSON.parse(init.body);
            if (body.report) body.report.messageIds = window.__reportedIds;
            init = { ...init, body: JSON.stringify(body) };
          }
          return original(url, init);
        };
        """;

    /// <summary>What the page sends; passes on a server that ignores <c>report</c> as well as on one that stores it.</summary>
    [Fact]
    public async Task TheMessageMenuReportsAndBlocksWithThatMessage()
    {
        var (me, dave) = (await app.RegisterAsync("me"), await app.RegisterAsync("dave"));
        var conversation = await dave.OpenDirectAsync(me.Id);
        await dave.SendOkAsync(conversation.Id, "hi there");
        var spam = await dave.SendOkAsync(conversation.Id, "buy cheap pills");
        await me.SendOkAsync(conversation.Id, "who is this?");
        using var browser = Browser.Launch(app.BaseAddress);
        var page = new ChatPage(browser);
        try
        {
            page.SignIn(me.Username);
            page.OpenConversation(dave.Username);
            page.WaitForMessage("who is this?");
            Assert.Empty(browser.FindWithText(".messages .message.mine", "who is this?").FindElements(By.CssSelector(".message-menu")));
            browser.RecordRequests();

            page.OpenReportFromMessageMenu("buy cheap pills");
            Assert.Equal($"Report and block {dave.Username}?", browser.Find("dialog[open] h2").Text);
            Assert.True(browser.Find("dialog[open] #block-report").Selected);
            Assert.Equal("buy cheap pills", browser.Find("dialog[open] .reported-message").Text);
            Assert.Equal(["Spam", "Harassment", "Something else"], browser.Texts("dialog[open] .report-reasons label"));
            Assert.Equal("Report and block", browser.Find("dialog[open] .confirm").Text);

            // A reason is required.
            Assert.False((bool)browser.Driver.ExecuteScript("return document.querySelector('dialog[open] form').checkValidity()")!);
            page.ChooseReport("Harassment", "Sends this every day");
            browser.AssertNoSeriousViolations("report and block dialog from a message");
            browser.Screenshot("report-and-block-dialog");
            browser.Click("dialog[open] .confirm");
            browser.WaitGone("dialog[open]");
            page.WaitForToast($"You reported and blocked {dave.Username}.");
            page.WaitForBlockedBanner();

            var request = Assert.Single(BlockRequests(browser));
            Assert.EndsWith($"/api/v1/users/{dave.Id}/block", request.Url, StringComparison.Ordinal);
            using (var body = JsonDocument.Parse(request.Body!))
            {
                var report = body.RootElement.GetProperty("report");
                Assert.Equal("harassment", report.GetProperty("reason").GetString());
                Assert.Equal([spam.Id], report.GetProperty("messageIds").EnumerateArray().Select(i => i.GetGuid()));
                Assert.Equal("Sends this every day", report.GetProperty("comment").GetString());
                Assert.False(body.RootElement.TryGetProperty("expiresIn", out _));
                Assert.False(body.RootElement.TryGetProperty("note", out _));
            }

            Assert.True((await me.RelationshipAsync(dave.Id)).BlockedByMe);
            // Nothing left to report and block them with.
            browser.WaitGone(".messages .message-menu");
            browser.AssertNoSeriousViolations("chat after report and block");
        }
        finally
        {
            browser.Screenshot(nameof(TheMessageMenuReportsAndBlocksWithThatMessage));
        }
    }

    [Fact]
    public async Task TheBlockDialogOffersAReportWithoutAMessage()
    {
        var (me, dave) = (await app.RegisterAsync("me"), await app.RegisterAsync("dave"));
        await me.OpenDirectAsync(dave.Id);
        using var browser = Browser.Launch(app.BaseAddress);
        var page = new ChatPage(browser);
        try
        {
            page.SignIn(me.Username);
            browser.RecordRequests();
            page.OpenBlockDialogFromConversationMenu(dave.Username);
            Assert.Equal($"Block {dave.Username}?", browser.Find("dialog[open] h2").Text);
            Assert.False(browser.Find("dialog[open] #block-report").Selected);
            browser.WaitGone("dialog[open] .report-reasons");
            Assert.Equal("Block", browser.Find("dialog[open] .confirm").Text);

            browser.Find("dialog[open] label[for='block-report']").Click();
            browser.FindWithText("dialog[open] .report-hint", "No message goes with the report.");
            Assert.Equal("Report and block", browser.Find("dialog[open] .confirm").Text);
            page.ChooseReport("Spam");
            browser.AssertNoSeriousViolations("block dialog with a report");

            // Unticked again: a plain block, no body.
            browser.Find("dialog[open] label[for='block-report']").Click();
            browser.WaitGone("dialog[open] .report-reasons");
            browser.Click("dialog[open] .confirm");
            browser.WaitGone("dialog[open]");
            browser.FindWithText(".conversation-item.blocked .conversation-title", dave.Username);
            Assert.Null(Assert.Single(BlockRequests(browser)).Body);
        }
        finally
        {
            browser.Screenshot(nameof(TheBlockDialogOffersAReportWithoutAMessage));
        }
    }

    [Fact]
    public async Task AReportAndBlockIsStoredAndAMessageNotTheirsIsRefused()
    {
        var (me, dave, erin) = (await app.RegisterAsync("me"), await app.RegisterAsync("dave"), await app.RegisterAsync("erin"));
        var withDave = await dave.OpenDirectAsync(me.Id);
        var spam = await dave.SendOkAsync(withDave.Id, "buy cheap pills");
        var withErin = await erin.OpenDirectAsync(me.Id);
        await erin.SendOkAsync(withErin.Id, "you again");
        var mine = await me.SendOkAsync(withErin.Id, "leave me alone");
        using var browser = Browser.Launch(app.BaseAddress);
        var page = new ChatPage(browser);
        try
        {
            page.SignIn(me.Username);
            browser.RecordRequests();

            // Reported with dave's message: one call answers 201 with the report's id, and dave is blocked.
            page.OpenConversation(dave.Username);
            page.OpenReportFromMessageMenu("buy cheap pills");
            page.ChooseReport("Spam");
            browser.Click("dialog[open] .confirm");
            browser.WaitGone("dialog[open]");
            page.WaitForToast($"You reported and blocked {dave.Username}.");
            var reported = Assert.Single(BlockRequests(browser));
            using (var body = JsonDocument.Parse(reported.Body!))
            {
                var report = body.RootElement.GetProperty("report");
                Assert.Equal("spam", report.GetProperty("reason").GetString());
                Assert.Equal([spam.Id], report.GetProperty("messageIds").EnumerateArray().Select(i => i.GetGuid()));
                Assert.False(report.TryGetProperty("comment", out _));
            }

            Assert.Equal(201, reported.Status);
            using (var answer = JsonDocument.Parse(reported.Response!))
            {
                Assert.NotEqual(Guid.Empty, answer.RootElement.GetProperty("reportId").GetGuid());
            }

            Assert.True((await me.RelationshipAsync(dave.Id)).BlockedByMe);

            // A message that is not erin's (my own, swapped in on its way): 400 report.invalid_message in the server's words, and
            // erin is not blocked (one transaction).
            page.OpenConversation(erin.Username);
            browser.Driver.ExecuteScript(SwapReportedMessages, new List<object> { mine.Id.ToString() });
            page.OpenReportFromMessageMenu("you again");
            page.ChooseReport("Something else", "Not theirs");
            browser.Click("dialog[open] .confirm");
            browser.WaitGone("dialog[open]");
            var refused = BlockRequests(browser)[^1];
            Assert.EndsWith($"/api/v1/users/{erin.Id}/block", refused.Url, StringComparison.Ordinal);
            browser.Until(_ => BlockRequests(browser)[^1].Status is not null, "the refused request's answer");
            refused = BlockRequests(browser)[^1];
            Assert.Equal(400, refused.Status);
            using (var problem = JsonDocument.Parse(refused.Response!))
            {
                Assert.Equal("report.invalid_message", problem.RootElement.GetProperty("code").GetString());
                var shown = problem.RootElement.TryGetProperty("detail", out var detail) ? detail.GetString()! : string.Empty;
                page.WaitForToast(shown);
            }

            Assert.False((await me.RelationshipAsync(erin.Id)).BlockedByMe);
            browser.Find("#composer-input");
        }
        finally
        {
            browser.Screenshot(nameof(AReportAndBlockIsStoredAndAMessageNotTheirsIsRefused));
        }
    }

    private static List<RecordedRequest> BlockRequests(Browser browser) =>
        browser.RecordedRequests()
            .Where(r => r.Method == "POST" && r.Url.EndsWith("/block", StringComparison.Ordinal))
            .ToList();
}
