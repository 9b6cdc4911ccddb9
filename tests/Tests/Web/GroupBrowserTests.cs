using System.Net;
using ChatBlock.Tests.Infrastructure;
using OpenQA.Selenium;

namespace ChatBlock.Tests.Web;

/// <summary>Groups and blocks in the web client (SPEC section 10): collapsed messages from someone I block, and Leave group.</summary>
[Collection(BrowserCollection.Name)]
public sealed class GroupBrowserTests(LiveChatApp app)
{
    private const string Collapsed = ".messages .message.collapsed";

    [Fact]
    public async Task MessagesFromSomeoneIBlockAreCollapsedUntilShownAndLeavingRemovesTheGroup()
    {
        var (me, carol, dave) = (await app.RegisterAsync("me"), await app.RegisterAsync("carol"), await app.RegisterAsync("dave"));
        var title = $"Trio {Guid.NewGuid():N}"[..13];
        var group = (await carol.CreateGroupAsync(title, me.Id, dave.Id)).Id;
        await carol.SendOkAsync(group, "secret from carol");
        await dave.SendOkAsync(group, "hello from dave");
        await me.BlockOkAsync(carol.Id);
        using var browser = Browser.Launch(app.BaseAddress);
        var page = new ChatPage(browser);
        try
        {
            page.SignIn(me.Username);
            page.OpenConversation(title);

            // History: the server says whom I block.
            page.WaitForMessage("hello from dave");
            browser.FindWithText(Collapsed, "Message from someone you blocked");
            Assert.DoesNotContain(browser.Texts(".messages .message"), t => t.Contains("secret from carol", StringComparison.Ordinal));
            browser.AssertNoSeriousViolations("group conversation with a collapsed message");
            browser.Click($"{Collapsed} .show-message");
            page.WaitForMessage("secret from carol");
            browser.WaitGone(Collapsed);

            // Live: the client decides from its block list.
            await carol.SendOkAsync(group, "live from carol");
            browser.FindWithText(Collapsed, "Message from someone you blocked");
            Assert.DoesNotContain(browser.Texts(".messages .message"), t => t.Contains("live from carol", StringComparison.Ordinal));

            // Leave group from the conversation menu.
            browser.Click($"button[aria-label='More actions for {title}']");
            browser.Click(".menu:not([hidden]) .menu-leave");
            browser.Click("dialog[open] .confirm");
            browser.WaitGone($".conversation-item[data-conversation-id='{group}']");
            browser.FindWithText("#main h1", "No conversation open");
            Assert.Empty(browser.Driver.FindElements(By.CssSelector($".conversation-item[data-conversation-id='{group}']")));
        }
        finally
        {
            browser.Screenshot(nameof(MessagesFromSomeoneIBlockAreCollapsedUntilShownAndLeavingRemovesTheGroup));
        }

        await HttpAssert.ProblemAsync(
            await me.Client.GetAsync($"/api/v1/conversations/{group}"), HttpStatusCode.NotFound, "conversation.not_found");
        Assert.Equal(new[] { carol.Id, dave.Id }, (await dave.ConversationAsync(group)).Participants.Select(p => p.Id));
    }
}
