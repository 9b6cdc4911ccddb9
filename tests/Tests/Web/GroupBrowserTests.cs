using System.Net;
using ChatBlock.Tests.Infrastructure;
using OpenQA.Selenium;

namespace ChatBlock.Tests.Web;

/// <summary>
/// Groups and blocks in the web client (SPEC section 10): collapsed messages from someone I block, adding members (refused when
/// one of them blocks me), and Leave group from the menu and from the group's header.
/// </summary>
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

    [Fact]
    public async Task AddMembersFromTheGroupHeaderShowsARefusalInTheServersWordsThenLeaveFromTheHeader()
    {
        var (me, carol) = (await app.RegisterAsync("me"), await app.RegisterAsync("carol"));
        var (eve, frank) = (await app.RegisterAsync("eve"), await app.RegisterAsync("frank"));
        await frank.BlockOkAsync(me.Id);
        var title = $"Pair {Guid.NewGuid():N}"[..13];
        var group = (await me.CreateGroupAsync(title, carol.Id)).Id;
        using var browser = Browser.Launch(app.BaseAddress);
        var page = new ChatPage(browser);
        try
        {
            page.SignIn(me.Username);
            page.OpenConversation(title);
            browser.FindWithText(".conversation-item .conversation-sub", "2 members");

            // Eve is added: the header names her and the list counts three, without a reload.
            page.AddMember(eve.Username);
            browser.AssertNoSeriousViolations("add members dialog");
            browser.Click("dialog[open] .add-members-submit");
            browser.WaitGone("dialog[open]");
            browser.FindWithText(".chat-header .chat-sub", eve.Username);
            browser.FindWithText($".conversation-item[data-conversation-id='{group}'] .conversation-sub", "3 members");
            page.WaitForToast("Added 1 member");
            browser.Screenshot("group-header");
            Assert.Contains(eve.Id, (await eve.ConversationAsync(group)).Participants.Select(p => p.Id));

            // Frank blocks me: the server refuses (Explicit disclosure says why), the dialog stays open, nobody is added.
            page.AddMember(frank.Username);
            browser.Click("dialog[open] .add-members-submit");
            page.WaitForToast("You cannot add a user who has blocked you to a group.");
            browser.Find("dialog[open] .add-members-submit");
            browser.Click("dialog[open] .dialog-actions .secondary");
            browser.WaitGone("dialog[open]");
            Assert.Equal(3, (await me.ConversationAsync(group)).Participants.Count);

            // Leave group from the header, after a confirm.
            browser.Click(".chat-header .leave-group");
            browser.FindWithText("dialog[open]", $"Leave {title}?");
            browser.Click("dialog[open] .confirm");
            browser.WaitGone($".conversation-item[data-conversation-id='{group}']");
            browser.FindWithText("#main h1", "No conversation open");
        }
        finally
        {
            browser.Screenshot(nameof(AddMembersFromTheGroupHeaderShowsARefusalInTheServersWordsThenLeaveFromTheHeader));
        }

        await HttpAssert.ProblemAsync(
            await me.Client.GetAsync($"/api/v1/conversations/{group}"), HttpStatusCode.NotFound, "conversation.not_found");
        Assert.Equal(new[] { carol.Id, eve.Id }.Order(), (await eve.ConversationAsync(group)).Participants.Select(p => p.Id).Order());
    }
}
