using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace ChatBlock.Tests.Infrastructure;

/// <summary>
/// A <c>GET /api/v1/events</c> stream read line by line as the HTML standard's event-stream parser does. Every wait has a generous
/// timeout that only guards against a hung test; no test relies on timing.
/// </summary>
public sealed class SseConnection : IAsyncDisposable
{
    public static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    private readonly HttpClient _client;
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private SseConnection(HttpClient client, HttpResponseMessage response, Stream body)
    {
        _client = client;
        _response = response;
        _reader = new StreamReader(body, Encoding.UTF8);
    }

    /// <summary>The last <c>id</c> seen, as a browser would send it back in <c>Last-Event-ID</c>.</summary>
    public string? LastEventId { get; private set; }

    /// <summary>
    /// Opens a stream of <paramref name="app"/> (a real server) for <paramref name="user"/> as the web client does: a ticket from
    /// <c>POST /api/v1/events/tickets</c>, then <c>GET /api/v1/events?ticket=</c> with no <c>Authorization</c> header, as
    /// <c>EventSource</c> does. With <paramref name="bearerHeader"/> the token goes in the <c>Authorization</c> header instead.
    /// </summary>
    public static async Task<SseConnection> OpenAsync(ChatApp app, TestUser user, string? lastEventId = null, bool bearerHeader = false)
    {
        if (bearerHeader)
        {
            var request = NewRequest("api/v1/events", lastEventId);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
            return await OpenAsync(app, request);
        }

        return await OpenWithTicketAsync(app, await TicketAsync(app, user), lastEventId);
    }

    /// <summary>Opens a stream of <paramref name="app"/> with <paramref name="ticket"/>; asserts <c>200 text/event-stream</c>.</summary>
    public static Task<SseConnection> OpenWithTicketAsync(ChatApp app, string ticket, string? lastEventId = null) =>
        OpenAsync(app, NewRequest($"api/v1/events?ticket={Uri.EscapeDataString(ticket)}", lastEventId));

    /// <summary>A new stream ticket of <paramref name="user"/> from <paramref name="app"/> (<c>201 {ticket, expiresAt}</c>).</summary>
    public static async Task<string> TicketAsync(ChatApp app, TestUser user)
    {
        using var client = app.CreateClient(user);
        using var response = await client.PostAsync("api/v1/events/tickets", null);
        var body = await HttpAssert.OkAsync<JsonElement>(response, HttpStatusCode.Created);
        return body.GetProperty("ticket").GetString()!;
    }

    private static HttpRequestMessage NewRequest(string uri, string? lastEventId)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        return request;
    }

    private static async Task<SseConnection> OpenAsync(ChatApp app, HttpRequestMessage request)
    {
        using var timeout = new CancellationTokenSource(Guard);
        var client = app.CreateClient();
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new SseConnection(client, response, await response.Content.ReadAsStreamAsync(timeout.Token));
    }

    /// <summary>Opens a stream and reads up to its <c>ready</c> event, after which every new event reaches it.</summary>
    public static async Task<SseConnection> OpenReadyAsync(ChatApp app, TestUser user)
    {
        var connection = await OpenAsync(app, user);
        var first = await connection.NextAsync();
        Assert.Equal("ready", first.Type);
        return connection;
    }

    /// <summary>Everything the server sends until it ends the stream, as raw text (fields, comments, blank lines).</summary>
    public async Task<string> ReadToEndAsync()
    {
        using var timeout = new CancellationTokenSource(Guard);
        return await _reader.ReadToEndAsync(timeout.Token);
    }

    /// <summary>The next dispatched event (comments and <c>retry</c> skipped).</summary>
    public async Task<SseEvent> NextAsync()
    {
        using var timeout = new CancellationTokenSource(Guard);
        string? id = null, type = null;
        var data = new StringBuilder();
        var hasData = false;
        while (true)
        {
            string? line;
            try
            {
                line = await _reader.ReadLineAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"No event within {Guard.TotalSeconds} s.");
            }

            if (line is null)
            {
                throw new EndOfStreamException("The event stream ended.");
            }

            if (line.Length == 0)
            {
                if (hasData)
                {
                    LastEventId = id ?? LastEventId;
                    return new SseEvent(id, type ?? "message", data.ToString());
                }

                id = type = null;
                continue;
            }

            if (line.StartsWith(':'))
            {
                continue;
            }

            var colon = line.IndexOf(':');
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart(' ');
            switch (field)
            {
                case "id":
                    id = value;
                    break;
                case "event":
                    type = value;
                    break;
                case "data":
                    data.Append(hasData ? "\n" : "").Append(value);
                    hasData = true;
                    break;
            }
        }
    }

    /// <summary>The next comment line (keep-alive), skipping anything else.</summary>
    public async Task<string> NextCommentAsync()
    {
        using var timeout = new CancellationTokenSource(Guard);
        while (true)
        {
            var line = await _reader.ReadLineAsync(timeout.Token) ?? throw new EndOfStreamException("The event stream ended.");
            if (line.StartsWith(':'))
            {
                return line;
            }
        }
    }

    /// <summary>Reads events until one matches <paramref name="predicate"/>; returns all read, that one last.</summary>
    public async Task<List<SseEvent>> ReadUntilAsync(Func<SseEvent, bool> predicate)
    {
        var read = new List<SseEvent>();
        while (true)
        {
            var next = await NextAsync();
            read.Add(next);
            if (predicate(next))
            {
                return read;
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
