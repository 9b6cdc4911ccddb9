namespace ChatBlock.Storage;

/// <summary>A limit kept in the database: at most <paramref name="Permits"/> events per sliding <paramref name="Window"/>.</summary>
/// <param name="Permits">Events allowed per window; 0 or less turns the limit off.</param>
/// <param name="Window">The sliding window, e.g. one hour.</param>
public sealed record RateWindow(int Permits, TimeSpan Window)
{
    /// <summary>No limit: every block is allowed.</summary>
    public static RateWindow Off { get; } = new(0, TimeSpan.Zero);

    /// <summary>Whether the limit is on.</summary>
    public bool IsOn => Permits > 0;

    /// <summary>
    /// The wait until a permit is free at <paramref name="at"/>, given the times of the events that count, newest first (only
    /// the first <see cref="Permits"/> matter); null when a permit is free now.
    /// </summary>
    public TimeSpan? RetryAfter(IReadOnlyList<DateTimeOffset> newestFirst, DateTimeOffset at)
    {
        var cutoff = at - Window;
        var counted = newestFirst.Where(t => t > cutoff).Take(Permits).ToList();
        return !IsOn || counted.Count < Permits ? null : counted[Permits - 1] + Window - at;
    }
}
