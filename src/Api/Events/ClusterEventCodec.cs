using System.Buffers;
using System.Text;
using System.Text.Json;

namespace ChatBlock.Api.Events;

/// <summary>
/// The JSON of cluster notifications on <see cref="Storage.Clustering.ClusterTopics.Events"/>, kept under
/// <see cref="MaxPayloadBytes"/> (PostgreSQL <c>NOTIFY</c> takes less than 8,000 bytes):
/// <c>{"v":1,"to":["&lt;user id&gt;",...],"events":[{"type":"...","id":"&lt;cursor&gt;","data":{...}},...]}</c>. Only events
/// for other silos are encoded: a silo hands its own events to its streams as they are.
/// </summary>
/// <remarks>
/// Size rules: recipients go <see cref="RecipientsPerPayload"/> to a notification (a 256-member group takes 4); an event whose
/// <c>data</c> is over <see cref="MaxInlineDataBytes"/> (a long message, at most 4,000 characters, escaped) travels as a
/// reference without <c>data</c>, and silos that have one of its recipients read it from storage; events are packed greedily.
/// So one notification never exceeds 64 × 39 + 4,000 + a few hundred bytes.
/// </remarks>
public static class ClusterEventCodec
{
    /// <summary>Largest payload this codec writes, in UTF-8 bytes.</summary>
    public const int MaxPayloadBytes = 7000;

    /// <summary>Largest <c>data</c> sent inline, in UTF-8 bytes.</summary>
    public const int MaxInlineDataBytes = 4000;

    /// <summary>Most recipients in one payload.</summary>
    public const int RecipientsPerPayload = 64;

    private const int Version = 1;

    /// <summary>The payloads that carry <paramref name="events"/> to <paramref name="recipients"/>.</summary>
    /// <exception cref="InvalidOperationException">An event too large to go inline has no position to be sent by reference.</exception>
    public static IReadOnlyList<string> Encode(IReadOnlyList<Guid> recipients, IReadOnlyList<LiveEvent> events)
    {
        var encodedEvents = events.Select(EncodeEvent).ToList();
        var payloads = new List<string>();
        foreach (var chunk in recipients.Distinct().Chunk(RecipientsPerPayload))
        {
            var head = EncodeHead(chunk);
            var batch = new List<byte[]>();
            var size = head.Length + 2;
            foreach (var encoded in encodedEvents)
            {
                if (batch.Count > 0 && size + 1 + encoded.Length > MaxPayloadBytes)
                {
                    payloads.Add(Join(head, batch));
                    batch.Clear();
                    size = head.Length + 2;
                }

                batch.Add(encoded);
                size += encoded.Length + (batch.Count > 1 ? 1 : 0);
            }

            if (batch.Count > 0)
            {
                payloads.Add(Join(head, batch));
            }
        }

        return payloads;
    }

    /// <summary>Reads a payload <see cref="Encode"/> wrote; null when it is not one (another version, or malformed).</summary>
    public static ClusterEventBatch? Decode(string payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("v", out var version) || version.ValueKind != JsonValueKind.Number || version.GetInt32() != Version
                || !root.TryGetProperty("to", out var to) || to.ValueKind != JsonValueKind.Array
                || !root.TryGetProperty("events", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var recipients = to.EnumerateArray().Select(e => e.GetGuid()).ToList();
            var events = new List<ClusterEventItem>();
            foreach (var item in list.EnumerateArray())
            {
                if (DecodeEvent(item) is not { } decoded)
                {
                    return null;
                }

                events.Add(decoded);
            }

            return new ClusterEventBatch(recipients, events);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }

    private static ClusterEventItem? DecodeEvent(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("type", out var type) || type.GetString() is not { } name)
        {
            return null;
        }

        EventCursor? cursor = null;
        if (item.TryGetProperty("id", out var id))
        {
            if (!EventCursor.TryParse(id.GetString(), out var parsed))
            {
                return null;
            }

            cursor = parsed;
        }

        var data = item.TryGetProperty("data", out var d) ? d.GetRawText() : null;
        // A reference must say what to fetch.
        return data is null && cursor is null ? null : new ClusterEventItem(name, data, cursor);
    }

    private static byte[] EncodeEvent(LiveEvent item)
    {
        var inline = Encoding.UTF8.GetByteCount(item.Data) <= MaxInlineDataBytes;
        if (!inline && item.Cursor is null)
        {
            throw new InvalidOperationException($"A '{item.Type}' event of over {MaxInlineDataBytes} bytes cannot be sent by reference.");
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", item.Type);
            if (item.Cursor is { } cursor)
            {
                writer.WriteString("id", cursor.Encode());
            }

            if (inline)
            {
                writer.WritePropertyName("data");
                writer.WriteRawValue(item.Data);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] EncodeHead(Guid[] recipients)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("v", Version);
            writer.WriteStartArray("to");
            foreach (var recipient in recipients)
            {
                writer.WriteStringValue(recipient);
            }

            writer.WriteEndArray();
            writer.WritePropertyName("events");
            writer.WriteStartArray();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        // Leave the events array open: everything but the closing "]}".
        return buffer.WrittenSpan[..^2].ToArray();
    }

    private static string Join(byte[] head, List<byte[]> events)
    {
        var bytes = new List<byte>(head.Length + events.Sum(e => e.Length + 1) + 2);
        bytes.AddRange(head);
        for (var i = 0; i < events.Count; i++)
        {
            if (i > 0)
            {
                bytes.Add((byte)',');
            }

            bytes.AddRange(events[i]);
        }

        bytes.Add((byte)']');
        bytes.Add((byte)'}');
        if (bytes.Count > MaxPayloadBytes)
        {
            throw new InvalidOperationException($"A cluster event payload of {bytes.Count} bytes exceeds {MaxPayloadBytes}.");
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }
}
