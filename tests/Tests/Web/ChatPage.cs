using ChatBlock.Tests.Infrastructure;

namespace ChatBlock.Tests.Web;

/// <summary>What a user does in the web client, in the words of its accessible markup.</summary>
public sealed class ChatPage(Browser browser)
{
    public Browser Browser => browser;

    public void Register(string username, string displayName)
    {
        browser.Open();
        browser.Type("#register-username", username);
        browser.Type("#register-display-name", displayName);
        browser.Type("#register-password", ChatApp.Password);
        browser.Click("#register button[type=submit]");
        browser.Find("#new-chat");
    }

    public void SignIn(string username)
    {
        browser.Open();
        browser.Type("#sign-in-username", username);
        browser.Type("#sign-in-password", ChatApp.Password);
        browser.Click("#sign-in button[type=submit]");
        browser.Find("#new-chat");
    }

    public void SignOut()
    {
        browser.Click("#sign-out");
        browser.Find("#sign-in-username");
    }

    public void OpenSettings()
    {
        browser.Click("a[href='#/settings']");
        browser.Find(".block-transfer .import-preview");
    }

    /// <summary>
    /// In Settings → Export and import, chooses <paramref name="path"/>, the mode by its label ("Add to my list", "Replace my
    /// list") and asks for the preview (the dry run).
    /// </summary>
    public void PreviewImport(string path, string mode)
    {
        browser.Find("#import-file").SendKeys(path);
        browser.FindWithText(".import-modes label", mode).Click();
        browser.Click(".import-preview");
    }

    public void StartDirectChat(string username)
    {
        browser.Click("#new-chat");
        browser.Type("#new-chat-query", username);
        browser.Click($"button[aria-label='Chat with {username}']");
        browser.Find("#composer-input");
    }

    public void OpenConversation(string title)
    {
        browser.FindWithText(".conversation-link", title).Click();
        browser.Find(".chat .messages");
    }

    /// <summary>Opens Add members in the open group's header (unless a dialog is open) and picks <paramref name="username"/>.</summary>
    public void AddMember(string username)
    {
        if (browser.Driver.FindElements(OpenQA.Selenium.By.CssSelector("dialog[open]")).Count == 0)
        {
            browser.Click(".chat-header .add-members");
        }

        browser.Type("#add-members-query", username);
        browser.Click($"dialog[open] button[aria-label='Add {username}']");
        browser.FindWithText("dialog[open] .chosen-members .chip", username);
    }

    public void Send(string text)
    {
        browser.Type("#composer-input", text);
        browser.Click(".composer .send");
    }

    public void WaitForMessage(string text) => browser.FindWithText(".messages .message .bubble", text);

    public void BlockFromConversationMenu(string title)
    {
        OpenBlockDialogFromConversationMenu(title);
        browser.Click("dialog[open] .confirm");
        browser.WaitGone("dialog[open]");
    }

    /// <summary>Opens the block dialog (how long, private note) from the conversation list's menu.</summary>
    public void OpenBlockDialogFromConversationMenu(string title)
    {
        browser.Click($"button[aria-label='More actions for {title}']");
        browser.Click(".menu:not([hidden]) .menu-block");
        browser.Find("dialog[open].block-dialog .confirm");
    }

    /// <summary>Opens "Report and block" in the menu of the message that reads <paramref name="text"/>.</summary>
    public void OpenReportFromMessageMenu(string text)
    {
        var message = browser.FindWithText(".messages .message.theirs", text);
        message.FindElement(OpenQA.Selenium.By.CssSelector(".message-menu .menu-button")).Click();
        browser.Click(".menu:not([hidden]) .menu-report");
        browser.Find("dialog[open].block-dialog .confirm");
    }

    /// <summary>In the open block dialog's report, picks the reason by its label ("Spam") and types a comment when given.</summary>
    public void ChooseReport(string reason, string? comment = null)
    {
        browser.FindWithText("dialog[open] .report-reasons label", reason).Click();
        if (comment is not null)
        {
            browser.Type("dialog[open] #report-comment", comment);
        }
    }

    /// <summary>In the open block dialog, picks how long ("For 1 week", "Until I unblock") and types a note when given.</summary>
    public void ChooseBlock(string duration, string? note = null)
    {
        var label = browser.FindWithText("dialog[open] .block-durations label", duration);
        label.Click();
        if (note is not null)
        {
            browser.Type("dialog[open] #block-note", note);
        }
    }

    public void WaitForBlockedBanner()
    {
        browser.FindWithText(".blocked-banner", "You blocked this contact.");
        browser.FindWithText(".blocked-banner button", "Unblock to chat");
        browser.WaitGone("#composer-input");
    }

    public void WaitForToast(string text) => browser.FindWithText("#toasts .toast", text);
}
