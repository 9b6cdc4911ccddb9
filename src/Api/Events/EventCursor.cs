using System.Globalization;
using ChatBlock.Storage;

namespace ChatBlock.Api.Events;

/// <summary>
/// A position in a user's event stream, sent as the SSE <c>id</c> and read back from <c>Last-Event-ID</c>: a time in Unix
/// microseconds and the message the position was taken at (<see cref="Guid.Empty"/> for "now"). Text form: <c>{micros}-{id:N}</c>.
/// </summary>
/// <param name="UnixMicros">Messages created before this time (less the replay overlap) count as seen.</param>
/// <param name="MessageId">A message the client has certainly seen, or <see cref="Guid.Empty"/>.</param>
public readonly record struct EventCursor(long UnixMicros, Guid MessageId)
{
    private const int MaxLength = 64;

    /// <summary>The position of <paramref name="createdAt"/> and <paramref name="messageId"/>.</summary>
    public static EventCursor At(DateTimeOffset createdAt, Guid messageId) => new(StoreClock.ToUnixMicroseconds(createdAt), messageId);

    /// <summary>The time of this position.</summary>
    public DateTimeOffset Time => StoreClock.FromUnixMicroseconds(UnixMicros);

    /// <summary>The SSE <c>id</c> text.</summary>
    public string Encode() => string.Create(CultureInfo.InvariantCulture, $"{UnixMicros}-{MessageId:N}");

    /// <summary>Reads what <see cref="Encode"/> wrote; <see langword="false"/> for anything else.</summary>
    public static bool TryParse(string? value, out EventCursor cursor)
    {
        cursor = default;
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength)
        {
            return false;
        }

        var dash = value.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0
            || !long.TryParse(value.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var micros)
            || !Guid.TryParseExact(value.AsSpan(dash + 1), "N", out var messageId)
            || micros > StoreClock.ToUnixMicroseconds(DateTimeOffset.MaxValue))
        {
            return false;
        }

        cursor = new EventCursor(micros, messageId);
        return true;
    }
}
