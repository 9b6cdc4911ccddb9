using System.Globalization;
using System.Text;

namespace ChatBlock.Api.Events;

/// <summary>
/// Writes the <c>text/event-stream</c> format (HTML Living Standard, "Server-sent events") to a response. Event ids only move
/// forward on one stream: each is the later of the event's own position and the last one written.
/// </summary>
internal sealed class SseWriter(HttpResponse response)
{
    private long _lastMicros;

    /// <summary>The position of the last id written, in Unix microseconds.</summary>
    public long LastMicros => _lastMicros;

    /// <summary>Opens the stream: the reconnection delay for the browser, and a comment so that headers and first bytes go out.</summary>
    public Task WriteOpeningAsync(TimeSpan retry, CancellationToken cancellationToken) =>
        response.WriteAsync(
            string.Create(CultureInfo.InvariantCulture, $"retry: {(long)retry.TotalMilliseconds}\n: stream open\n\n"), cancellationToken);

    /// <summary>Writes <paramref name="liveEvent"/>, with an <c>id</c> when it has a position.</summary>
    public Task WriteAsync(LiveEvent liveEvent, CancellationToken cancellationToken) =>
        WriteAsync(liveEvent.Type, liveEvent.Data, liveEvent.Cursor, cancellationToken);

    /// <summary>Writes one event; <paramref name="data"/> is split into one <c>data:</c> line per line.</summary>
    public Task WriteAsync(string type, string data, EventCursor? cursor, CancellationToken cancellationToken)
    {
        var text = new StringBuilder(data.Length + 96);
        if (cursor is { } position)
        {
            _lastMicros = Math.Max(_lastMicros, position.UnixMicros);
            text.Append("id: ").Append(new EventCursor(_lastMicros, position.MessageId).Encode()).Append('\n');
        }

        text.Append("event: ").Append(type).Append('\n');
        foreach (var line in data.Split('\n'))
        {
            text.Append("data: ").Append(line.TrimEnd('\r')).Append('\n');
        }

        text.Append('\n');
        return response.WriteAsync(text.ToString(), cancellationToken);
    }

    /// <summary>Writes a comment line, which clients ignore (keep-alive).</summary>
    public Task WriteCommentAsync(string comment, CancellationToken cancellationToken) =>
        response.WriteAsync($": {comment}\n\n", cancellationToken);

    /// <summary>Sends what was written.</summary>
    public Task FlushAsync(CancellationToken cancellationToken) => response.Body.FlushAsync(cancellationToken);
}
