using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;

namespace ChatBlock.Storage.Clustering;

/// <summary>
/// The text of a PostgreSQL notification that carries a <see cref="ClusterMessage"/>: sent on channel <see cref="Channel"/>, as
/// the JSON object <c>{"t": topic, "o": origin silo id, "p": payload, "s": sent at}</c> (<c>s</c> in Unix milliseconds, UTC;
/// optional when read). Shared by <see cref="PostgresClusterChannel"/> and the
/// PostgreSQL store, which notifies inside its block transactions.
/// </summary>
public static class PostgresNotificationFormat
{
    /// <summary>The <c>LISTEN</c>/<c>NOTIFY</c> channel name.</summary>
    public const string Channel = "chatblock";

    /// <summary>The largest encoded notification, in UTF-8 bytes (PostgreSQL refuses payloads of 8,000 bytes or more).</summary>
    public const int MaxBytes = 7000;

    /// <summary>
    /// Encodes <paramref name="message"/> as the notification payload, with its <see cref="ClusterMessage.SentAt"/> or, when that is
    /// null, the current UTC time (the store encodes inside the transaction that notifies).
    /// </summary>
    /// <returns>The JSON text, at most <see cref="MaxBytes"/> UTF-8 bytes.</returns>
    /// <exception cref="ArgumentException">The encoded message is longer than <see cref="MaxBytes"/> bytes.</exception>
    public static string Encode(ClusterMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("t", message.Topic);
            writer.WriteString("o", message.OriginSiloId);
            writer.WriteString("p", message.Payload);
            writer.WriteNumber("s", (message.SentAt ?? DateTimeOffset.UtcNow).ToUnixTimeMilliseconds());
            writer.WriteEndObject();
        }

        if (buffer.WrittenCount > MaxBytes)
        {
            throw new ArgumentException(
                $"A cluster notification must encode to at most {MaxBytes} bytes; this one is {buffer.WrittenCount}.", nameof(message));
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Decodes a notification payload written by <see cref="Encode"/>.</summary>
    /// <returns><see langword="false"/> when <paramref name="text"/> is not such a payload (nothing is thrown for that).</returns>
    public static bool TryDecode(string text, [NotNullWhen(true)] out ClusterMessage? message)
    {
        message = null;
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object
                && TryGetString(root, "t", out var topic)
                && TryGetString(root, "o", out var origin)
                && TryGetString(root, "p", out var payload))
            {
                DateTimeOffset? sentAt = root.TryGetProperty("s", out var sent) && sent.TryGetInt64(out var milliseconds)
                    ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds)
                    : null;
                message = new ClusterMessage(topic, payload, origin, sentAt);
            }
        }
        catch (JsonException)
        {
            return false;
        }

        return message is not null;
    }

    private static bool TryGetString(JsonElement element, string name, [NotNullWhen(true)] out string? value)
    {
        value = element.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.String ? property.GetString() : null;
        return value is not null;
    }
}
