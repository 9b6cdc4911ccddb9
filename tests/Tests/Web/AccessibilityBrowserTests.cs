using ChatBlock.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ChatBlock.Tests.Web;

/// <summary>
/// Every page of the web client checked with axe-core: sign-in and register, the conversation list, a direct chat (also
/// with the blocked banner), a group with a collapsed message, the block dialog, a profile and Settings. No serious or
/// critical violation, and a level-one heading on every page (issue 13); other lesser ones are written to the test output.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityBrowserTests(LiveChatApp app, ITestOutputHelper output)
{
    [Fact]
    public async Task EveryPageHasNoSeriousOrCriticalViolation()
    {
        var (me, carol, dave) = (await app.RegisterAsync("me"), await app.RegisterAsync("carol"), await app.RegisterAsync("dave"));
        var title = $"Trio {Guid.NewGuid():N}"[..13];
        var group = (await carol.CreateGroupAsync(title, me.Id, dave.Id)).Id;
        await carol.SendOkAsync(group, "from carol");
        await dave.SendOkAsync(group, "from dave");
        await me.BlockOkAsync(carol.Id);
        var daveChat = (await dave.OpenDirectAsync(me.Id)).Id;
        await dave.SendOkAsync(daveChat, "hello me");
        using var browser = Browser.Launch(app.BaseAddress);
        var page = new ChatPage(browser);
        var failures = new List<string>();
        void Check(string name)
        {
            var violations = browser.AxeViolations();
            static bool Fails(AxeViolation v) => v.Impact is "serious" or "critical" || v.Id == "page-has-heading-one";
            foreach (var minor in violations.Where(v => !Fails(v)))
            {
                output.WriteLine($"{name}: [{minor.Impact}] {minor.Id}: {string.Join(", ", minor.Nodes.Select(n => n.Target))}");
            }

            var serious = violations.Where(Fails).ToList();
            if (serious.Count > 0)
            {
                failures.Add(Axe.Describe(name, serious));
            }
        }

        try
        {
            browser.Open();
            browser.Find("#sign-in-username");
            Check("sign-in and register page");

            page.SignIn(me.Username);
            browser.FindWithText("#main .placeholder", "No conversation open");
            Check("conversation list");

            browser.Click($"button[aria-label='More actions for {title}']");
            browser.Find(".menu:not([hidden]) .menu-leave");
            Check("conversation list with a menu open");
            browser.Click($"button[aria-label='More actions for {title}']");

            page.OpenConversation(title);
            browser.FindWithText(".messages .message.collapsed", "Message from someone you blocked");
            page.WaitForMessage("from dave");
            Check("group conversation with a collapsed message");

            page.OpenConversation(dave.Username);
            page.WaitForMessage("hello me");
            browser.Click(".contact-toggle");
            browser.Find(".contact-block");
            Check("direct conversation with the contact panel");

            browser.Click(".contact-block");
            browser.Find("dialog[open] .confirm");
            Check("block dialog");

            browser.Click("dialog[open] .confirm");
            page.WaitForBlockedBanner();
            Check("direct conversation with the blocked banner");

            browser.Open($"#/u/{dave.Id}");
            browser.Find(".profile-unblock");
            Check("profile page");

            browser.Click("a[href='#/settings']");
            browser.FindWithText(".blocked-list", dave.Username);
            Check("settings");
        }
        finally
        {
            browser.Screenshot(nameof(EveryPageHasNoSeriousOrCriticalViolation));
        }

        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }
}
