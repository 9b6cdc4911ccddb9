using System.Globalization;

namespace ChatBlock.Api.Dialects;

/// <summary>Times as the seeds' JavaScript servers print them (<c>Date.prototype.toISOString</c>).</summary>
public static class JsTime
{
    /// <summary>UTC with milliseconds and <c>Z</c>, e.g. <c>2024-01-15T10:30:00.000Z</c> (seed 003).</summary>
    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
