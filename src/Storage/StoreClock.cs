namespace ChatBlock.Storage;

/// <summary>
/// Timestamps as every store keeps them: UTC, truncated to whole microseconds (PostgreSQL's <c>timestamptz</c> resolution).
/// </summary>
public static class StoreClock
{
    /// <summary>Truncates <paramref name="value"/> to microseconds and converts it to UTC.</summary>
    public static DateTimeOffset Normalize(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % 10), TimeSpan.Zero);
    }

    /// <summary>The current time, normalised.</summary>
    public static DateTimeOffset Now(TimeProvider timeProvider) => Normalize(timeProvider.GetUtcNow());

    /// <summary>Microseconds since the Unix epoch: how SQLite stores timestamps.</summary>
    public static long ToUnixMicroseconds(DateTimeOffset value) => (value.UtcTicks - DateTimeOffset.UnixEpoch.Ticks) / 10;

    /// <summary>The inverse of <see cref="ToUnixMicroseconds"/>.</summary>
    public static DateTimeOffset FromUnixMicroseconds(long value) => new(DateTimeOffset.UnixEpoch.Ticks + (value * 10), TimeSpan.Zero);
}
