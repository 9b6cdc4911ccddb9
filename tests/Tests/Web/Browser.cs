using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace ChatBlock.Tests.Web;

/// <summary>
/// One headless Chromium (Debian's <c>chromium</c> and <c>chromium-driver</c>, never a download) with a fresh profile, so two
/// instances are two separate browser sessions. Waits poll the page with a generous timeout that only guards against a hang.
/// </summary>
public sealed class Browser : IDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string DriverPath = "/usr/bin/chromedriver";
    public static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    private readonly DirectoryInfo _profile;
    private readonly Uri _baseAddress;

    private Browser(ChromeDriver driver, DirectoryInfo profile, Uri baseAddress)
    {
        Driver = driver;
        _profile = profile;
        _baseAddress = baseAddress;
    }

    public ChromeDriver Driver { get; }

    /// <summary>Where this browser saves downloads, without asking (a folder of its profile).</summary>
    public string Downloads => Path.Combine(_profile.FullName, "Downloads");

    public static Browser Launch(Uri baseAddress)
    {
        if (!File.Exists(ChromiumPath) || !File.Exists(DriverPath))
        {
            Assert.Fail(
                $"The browser tests need Debian's Chromium at {ChromiumPath} and its driver at {DriverPath}. "
                + "Install them with: apt-get update && apt-get install -y chromium chromium-driver");
        }

        var profile = Directory.CreateTempSubdirectory("chatblock-chromium-");
        var options = new ChromeOptions { BinaryLocation = ChromiumPath };
        options.AddUserProfilePreference("download.default_directory", Path.Combine(profile.FullName, "Downloads"));
        options.AddUserProfilePreference("download.prompt_for_download", false);
        options.AddArguments(
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", $"--user-data-dir={profile.FullName}",
            "--window-size=1280,860", "--lang=en-US");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(DriverPath)!, Path.GetFileName(DriverPath));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        return new Browser(driver, profile, baseAddress);
    }

    public void Open(string path = "") => Driver.Navigate().GoToUrl(new Uri(_baseAddress, path));

    /// <summary>The first visible element matching <paramref name="css"/>, waiting for it.</summary>
    public IWebElement Find(string css) =>
        Until(d => d.FindElements(By.CssSelector(css)).FirstOrDefault(e => e.Displayed), $"'{css}' visible");

    /// <summary>The first visible element matching <paramref name="css"/> whose text contains <paramref name="text"/>.</summary>
    public IWebElement FindWithText(string css, string text) =>
        Until(d => d.FindElements(By.CssSelector(css)).FirstOrDefault(e => e.Displayed && e.Text.Contains(text, StringComparison.Ordinal)),
            $"'{css}' with text '{text}'");

    /// <summary>
    /// Clicks the first visible element matching <paramref name="css"/>, waiting for it; when a re-render replaced it between
    /// finding and clicking (the conversation list refreshes on connecting), the new one is found and clicked.
    /// </summary>
    public void Click(string css) =>
        Until(
            d =>
            {
                var element = d.FindElements(By.CssSelector(css)).FirstOrDefault(e => e.Displayed);
                element?.Click();
                return element is not null;
            },
            $"'{css}' clicked");

    public void Type(string css, string text)
    {
        var element = Find(css);
        element.Clear();
        element.SendKeys(text);
    }

    /// <summary>Waits until nothing visible matches <paramref name="css"/>.</summary>
    public void WaitGone(string css) => Until(d => d.FindElements(By.CssSelector(css)).All(e => !e.Displayed), $"'{css}' gone");

    public T Until<T>(Func<IWebDriver, T?> condition, string what)
    {
        var wait = new WebDriverWait(Driver, Guard) { PollingInterval = TimeSpan.FromMilliseconds(50), Message = $"Waited for {what}" };
        wait.IgnoreExceptionTypes(typeof(StaleElementReferenceException));
        return wait.Until(d => condition(d))!;
    }

    /// <summary>
    /// Waits until a download whose name ends in <paramref name="extension"/> (".json") is complete in <see cref="Downloads"/>
    /// and answers its path.
    /// </summary>
    public string WaitForDownload(string extension) =>
        Until(
            _ => Directory.Exists(Downloads)
                ? Directory.GetFiles(Downloads)
                    .FirstOrDefault(f => f.EndsWith(extension, StringComparison.Ordinal) && new FileInfo(f).Length > 0)
                : null,
            $"a downloaded '*{extension}' file in {Downloads}");

    /// <summary>Texts of the visible elements matching <paramref name="css"/>.</summary>
    public IReadOnlyList<string> Texts(string css) => Driver.FindElements(By.CssSelector(css)).Select(e => e.Text).ToList();

    public string Screenshot(string name)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{name}.png");
        Driver.GetScreenshot().SaveAsFile(path);
        return path;
    }

    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
        try
        {
            _profile.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still be writing its profile as it exits; the temp folder is cleaned by the OS.
        }
    }
}
