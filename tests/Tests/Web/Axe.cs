using System.Text;
using System.Text.Json;
using ChatBlock.Tests.Dialects;

namespace ChatBlock.Tests.Web;

/// <summary>
/// Accessibility checks with axe-core (npm <c>axe-core</c>, pinned in <c>tests/clients/package.json</c> and installed by
/// <c>scripts/test.sh</c>): injects <c>node_modules/axe-core/axe.min.js</c> into the page the browser shows and runs
/// <c>axe.run()</c> on the whole document. A missing package fails the test, it never skips.
/// </summary>
public static class Axe
{
    private const string RunScript = """
        const done = arguments[arguments.length - 1];
        axe.run(document, { resultTypes: ['violations'] })
          .then(result => done(JSON.stringify(result.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
            nodes: v.nodes.map(n => ({ target: n.target.join(' '), html: n.html, summary: n.failureSummary })),
          })))))
          .catch(error => done(JSON.stringify({ error: String(error) })));
        """;

    private static readonly Lazy<string> Source = new(() =>
    {
        var path = Path.Combine(NodeClients.Folder, "node_modules", "axe-core", "axe.min.js");
        Assert.True(File.Exists(path), $"{path} is missing: run 'npm ci --prefix tests/clients' (scripts/test.sh does).");
        return File.ReadAllText(path);
    });

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Runs axe-core on what <paramref name="browser"/> shows now and fails, with one readable entry per rule and element,
    /// when any violation has impact <c>serious</c> or <c>critical</c>.
    /// </summary>
    /// <param name="browser">The browser, on the page to check.</param>
    /// <param name="page">A name for the page in the failure message ("settings", "block dialog").</param>
    public static void AssertNoSeriousViolations(this Browser browser, string page)
    {
        var serious = browser.AxeViolations().Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, Describe(page, serious));
    }

    /// <summary>Every axe-core violation on what <paramref name="browser"/> shows now, of any impact.</summary>
    public static IReadOnlyList<AxeViolation> AxeViolations(this Browser browser)
    {
        var driver = browser.Driver;
        if (driver.ExecuteScript("return typeof window.axe") as string != "object")
        {
            driver.ExecuteScript(Source.Value);
        }

        driver.Manage().Timeouts().AsynchronousJavaScript = Browser.Guard;
        var answer = driver.ExecuteAsyncScript(RunScript) as string ?? "{\"error\": \"no answer\"}";
        if (answer.StartsWith('{'))
        {
            Assert.Fail($"axe.run() failed: {answer}");
        }

        return JsonSerializer.Deserialize<List<AxeViolation>>(answer, Json)!;
    }

    /// <summary>The violations as a list a person can act on.</summary>
    public static string Describe(string page, IReadOnlyList<AxeViolation> violations)
    {
        var text = new StringBuilder($"axe-core found {violations.Count} serious or critical violation(s) on the {page}:");
        foreach (var violation in violations)
        {
            text.Append($"\n- [{violation.Impact}] {violation.Id}: {violation.Help} ({violation.HelpUrl})");
            foreach (var node in violation.Nodes)
            {
                text.Append($"\n    at {node.Target}: {node.Html}");
                text.Append($"\n      {node.Summary?.Replace("\n", "\n      ", StringComparison.Ordinal)}");
            }
        }

        return text.ToString();
    }
}
