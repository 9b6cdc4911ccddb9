using System.Text.Json;
using ChatBlock.Storage.Webhooks;

namespace ChatBlock.Api.Webhooks;

/// <summary>The body POSTed for one event (SPEC section 8): <c>{id, type, appId, createdAt, data}</c>, UTF-8 JSON.</summary>
public static class WebhookPayload
{
    /// <summary>
    /// The raw body of <paramref name="outboxEvent"/>: the bytes that are signed and sent, the same on every try. <c>data</c> is the
    /// stored JSON object (external ids and times; stores never put message contents in it).
    /// </summary>
    public static byte[] Serialize(OutboxEvent outboxEvent)
    {
        ArgumentNullException.ThrowIfNull(outboxEvent);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", outboxEvent.EventId);
            writer.WriteString("type", outboxEvent.Type);
            writer.WriteString("appId", outboxEvent.AppId);
            writer.WriteString("createdAt", WebhookEventTypes.FormatTime(outboxEvent.CreatedAt));
            writer.WritePropertyName("data");
            writer.WriteRawValue(outboxEvent.Data);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
