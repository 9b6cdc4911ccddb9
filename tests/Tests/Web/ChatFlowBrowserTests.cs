using ChatBlock.Tests.Infrastructure;
using OpenQA.Selenium;

namespace ChatBlock.Tests.Web;

/// <summary>Two people chat live in two browsers; one blocks the other, and everything the web client shows follows.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ChatFlowBrowserTests(LiveChatApp app)
{
    [Fact]
    public void TwoUsersChatLiveThenABlockIsShownEverywhereAndUnblockingRestoresTheChat()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (aliceName, bobName) = ($"alice{suffix}", $"bob{suffix}");
        using var aliceBrowser = Browser.Launch(app.BaseAddress);
        using var bobBrowser = Browser.Launch(app.BaseAddress);
        var (alice, bob) = (new ChatPage(aliceBrowser), new ChatPage(bobBrowser));
        try
        {
            // Register in the web client and chat live.
            alice.Register(aliceName, "Alice");
            bob.Register(bobName, "Bob");
            alice.StartDirectChat(bobName);
            alice.Send("Hi Bob!");
            alice.WaitForMessage("Hi Bob!");
            aliceBrowser.AssertNoSeriousViolations("direct conversation");
            bob.OpenConversation("Alice");
            bob.WaitForMessage("Hi Bob!");
            bob.Send("Hi Alice!");
            alice.WaitForMessage("Hi Alice!");

            // Alice has the chat open in a second tab too.
            var aliceFirstTab = aliceBrowser.Driver.CurrentWindowHandle;
            var chatUrl = aliceBrowser.Driver.Url;
            aliceBrowser.Driver.SwitchTo().NewWindow(WindowType.Tab);
            aliceBrowser.Driver.Navigate().GoToUrl(chatUrl);
            alice.WaitForMessage("Hi Alice!");
            var aliceSecondTab = aliceBrowser.Driver.CurrentWindowHandle;

            // Alice blocks Bob from the conversation list's menu.
            aliceBrowser.Driver.SwitchTo().Window(aliceFirstTab);
            alice.BlockFromConversationMenu("Bob");
            alice.WaitForBlockedBanner();
            aliceBrowser.FindWithText(".conversation-item .badge-blocked", "Blocked");
            aliceBrowser.Screenshot("blocked-banner");
            aliceBrowser.AssertNoSeriousViolations("direct conversation with the blocked banner");

            // The other tab follows at once, without a reload.
            aliceBrowser.Driver.SwitchTo().Window(aliceSecondTab);
            alice.WaitForBlockedBanner();

            // Bob's next message is refused with the server's words, and is never shown to Alice.
            bob.Send("Are you there?");
            bob.WaitForToast("You cannot send messages to this user as they have blocked you.");
            bobBrowser.AssertNoSeriousViolations("direct conversation with an error toast");

            // Alice unblocks Bob in Settings.
            aliceBrowser.Driver.SwitchTo().Window(aliceFirstTab);
            aliceBrowser.Click("a[href='#/settings']");
            aliceBrowser.FindWithText(".blocked-list .blocked-item", bobName);
            aliceBrowser.Click($"button[aria-label='Unblock {bobName}']");
            aliceBrowser.FindWithText(".blocked-users .empty", "You have not blocked anyone.");

            // The second tab has its composer back, and messages flow both ways again.
            aliceBrowser.Driver.SwitchTo().Window(aliceSecondTab);
            aliceBrowser.Find("#composer-input");
            bob.Send("Back again");
            alice.WaitForMessage("Back again");
            alice.Send("Welcome back!");
            bob.WaitForMessage("Welcome back!");

            // The refused message was never stored, so it appeared nowhere.
            Assert.DoesNotContain(aliceBrowser.Texts(".messages .bubble"), t => t.Contains("Are you there?", StringComparison.Ordinal));
            Assert.DoesNotContain(bobBrowser.Texts(".messages .bubble"), t => t.Contains("Are you there?", StringComparison.Ordinal));
        }
        finally
        {
            aliceBrowser.Screenshot($"{nameof(TwoUsersChatLiveThenABlockIsShownEverywhereAndUnblockingRestoresTheChat)}-alice");
            bobBrowser.Screenshot($"{nameof(TwoUsersChatLiveThenABlockIsShownEverywhereAndUnblockingRestoresTheChat)}-bob");
        }
    }
}
