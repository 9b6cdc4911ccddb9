using System.Text.Json.Serialization;

namespace ChatBlock.Api.Blocks;

/// <summary>
/// The optional body of a block (SPEC section 10) and the body of <c>PATCH /users/{userId}/block</c>: every member optional.
/// A block without a body, or with <c>{}</c>, is permanent and has no note.
/// </summary>
/// <remarks>
/// Members the JSON did not name are told apart from explicit <c>null</c>s (<see cref="HasExpiresAt"/>, <see cref="HasNote"/>), so
/// a <c>PATCH</c> changes only what it names. Unknown members are ignored. Shape: <c>{expiresAt?, expiresIn?, note?, report?}</c>.
/// </remarks>
public sealed class BlockRequest
{
    private readonly DateTimeOffset? _expiresAt;
    private readonly string? _note;

    /// <summary>
    /// When the block ends by itself (ISO 8601); <c>null</c> or absent: permanent (in a <c>PATCH</c>, <c>null</c> makes it so).
    /// </summary>
    public DateTimeOffset? ExpiresAt
    {
        get => _expiresAt;
        init
        {
            _expiresAt = value;
            HasExpiresAt = true;
        }
    }

    /// <summary>How many seconds from now the block ends by itself; the alternative to <see cref="ExpiresAt"/>, never both.</summary>
    public long? ExpiresIn { get; init; }

    /// <summary>A private note for the blocker alone, at most 280 characters; in a <c>PATCH</c>, <c>null</c> removes it.</summary>
    public string? Note
    {
        get => _note;
        init
        {
            _note = value;
            HasNote = true;
        }
    }

    /// <summary>A report to make with the block (SPEC section 10, report and block); ignored by a <c>PATCH</c>.</summary>
    public ReportRequest? Report { get; init; }

    /// <summary>Whether the body named <c>expiresAt</c> (also as <c>null</c>).</summary>
    [JsonIgnore]
    public bool HasExpiresAt { get; private init; }

    /// <summary>Whether the body named <c>note</c> (also as <c>null</c>).</summary>
    [JsonIgnore]
    public bool HasNote { get; private init; }
}
