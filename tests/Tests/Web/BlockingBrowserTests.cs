using ChatBlock.Tests.Infrastructure;
using OpenQA.Selenium;

namespace ChatBlock.Tests.Web;

/// <summary>Blocking from the profile page and the contact panel, what a blocker's profile hides, and Unblock all in Settings.</summary>
[Collection(BrowserCollection.Name)]
public sealed class BlockingBrowserTests(LiveChatApp app)
{
    [Fact]
    public async Task BlockFromProfileAndContactPanelThenUnblockAllInSettings()
    {
        var (me, carol, dave) = (await app.RegisterAsync("me"), await app.RegisterAsync("carol"), await app.RegisterAsync("dave"));
        // Carol blocks me: her profile must show me neither her avatar nor her last-seen time.
        await carol.BlockOkAsync(me.Id);
        var carolChat = (await me.OpenDirectAsync(carol.Id)).Id;
        using var browser = Browser.Launch(app.BaseAddress);
        var page = new ChatPage(browser);
        try
        {
            page.SignIn(me.Username);

            browser.Open($"#/u/{carol.Id}");
            browser.FindWithText("#profile-title", carol.Username);
            Assert.Empty(browser.Driver.FindElements(By.CssSelector(".profile img.avatar")));
            Assert.Empty(browser.Driver.FindElements(By.CssSelector(".profile .last-seen")));
            browser.AssertNoSeriousViolations("profile page");
            browser.Click(".profile-block");
            browser.Find("dialog[open] .confirm");
            browser.AssertNoSeriousViolations("block dialog");
            browser.Click("dialog[open] .confirm");
            browser.Find(".profile-unblock");
            browser.FindWithText(".conversation-item.blocked .conversation-title", carol.Username);

            page.StartDirectChat(dave.Username);
            browser.Click(".contact-toggle");
            browser.Click(".contact-block");
            browser.Click("dialog[open] .confirm");
            page.WaitForBlockedBanner();
            browser.Find(".contact-unblock");

            // The conversation menu by keyboard alone: Enter opens it on its first item, Enter picks it.
            browser.Find($"button[aria-label='More actions for {carol.Username}']").SendKeys(Keys.Enter);
            Assert.Equal("Unblock", browser.Driver.SwitchTo().ActiveElement().Text);
            browser.Driver.SwitchTo().ActiveElement().SendKeys(Keys.Enter);
            browser.WaitGone($".conversation-item.blocked[data-conversation-id='{carolChat}']");
            browser.Find($".conversation-item[data-conversation-id='{carolChat}']");

            browser.Click("a[href='#/settings']");
            browser.FindWithText(".blocked-list", dave.Username);
            browser.AssertNoSeriousViolations("settings");
            Assert.DoesNotContain(browser.Texts(".blocked-list .blocked-item"), t => t.Contains(carol.Username, StringComparison.Ordinal));
            browser.Click(".unblock-all");
            browser.Click("dialog[open] .confirm");
            browser.FindWithText(".blocked-users .empty", "You have not blocked anyone.");
            browser.WaitGone(".conversation-item.blocked");
        }
        finally
        {
            browser.Screenshot(nameof(BlockFromProfileAndContactPanelThenUnblockAllInSettings));
        }
    }
}
