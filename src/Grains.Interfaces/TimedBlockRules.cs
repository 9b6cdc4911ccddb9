namespace ChatBlock.Grains;

/// <summary>
/// What a block's expiry and note may be (SPEC section 10): an expiry from <c>Blocking:TimedBlocks:MinDuration</c> (default one
/// hour) to <see cref="MaxDuration"/> ahead, a note of at most <see cref="NoteMaxLength"/> characters; <c>400 request.invalid</c>
/// otherwise.
/// </summary>
public static class TimedBlockRules
{
    /// <summary>Most characters (Unicode scalar values) a note may have.</summary>
    public const int NoteMaxLength = 280;

    /// <summary>How far ahead an expiry may be at most: one year (365 days).</summary>
    public static TimeSpan MaxDuration { get; } = TimeSpan.FromDays(365);

    /// <summary>
    /// Why <paramref name="expiresAt"/> is not an acceptable expiry at <paramref name="now"/> with the shortest block
    /// <paramref name="minDuration"/>, or null when it is.
    /// </summary>
    public static string? ValidateExpiry(DateTimeOffset expiresAt, DateTimeOffset now, TimeSpan minDuration)
    {
        var duration = expiresAt - now;
        if (duration < minDuration)
        {
            return $"A timed block must last at least {Describe(minDuration)} (and at most one year).";
        }

        return duration > MaxDuration ? "A timed block may last at most one year (365 days)." : null;
    }

    /// <summary>Why <paramref name="note"/> is not an acceptable note, or null when it is (null is: no note).</summary>
    public static string? ValidateNote(string? note) =>
        note is not null && note.Length > NoteMaxLength && note.EnumerateRunes().Count() > NoteMaxLength
            ? $"'note' must be at most {NoteMaxLength} characters."
            : null;

    /// <summary>The note as stored: trimmed, and null when nothing is left.</summary>
    public static string? NormalizeNote(string? note) => string.IsNullOrWhiteSpace(note) ? null : note.Trim();

    private static string Describe(TimeSpan duration) =>
        duration.TotalSeconds < 120 ? $"{duration.TotalSeconds:0.###} seconds"
        : duration.TotalMinutes < 120 ? $"{duration.TotalMinutes:0.###} minutes"
        : $"{duration.TotalHours:0.###} hours";
}
