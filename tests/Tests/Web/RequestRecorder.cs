using System.Text.Json;

namespace ChatBlock.Tests.Web;

/// <summary>
/// Records every API request the page makes (URL, method, body) and its answer (status, body) by wrapping
/// <c>window.fetch</c>, so that a test can assert on what the web client sent and got. A reload of the page ends the recording.
/// </summary>
public static class RequestRecorder
{
    private const string RecordScript = """
        window.__requests = [];
        const original = window.fetch;
        window.fetch = async (url, init) => {
          const entry = { url: String(url), method: init?.method ?? 'GET', body: init?.body ?? null, status: null, response: null };
          window.__requests.push(entry);
          const response = await original(url, init);
          entry.status = response.status;
          entry.response = await response.clone().text();
          return response;
        };
        """;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Starts recording in the page <paramref name="browser"/> shows.</summary>
    public static void RecordRequests(this Browser browser) => browser.Driver.ExecuteScript(RecordScript);

    /// <summary>The requests recorded since <see cref="RecordRequests"/>, oldest first.</summary>
    public static List<RecordedRequest> RecordedRequests(this Browser browser)
    {
        var json = (string)browser.Driver.ExecuteScript("return JSON.stringify(window.__requests)")!;
        return JsonSerializer.Deserialize<List<RecordedRequest>>(json, Json)!;
    }
}
