namespace ChatBlock.Storage;

/// <summary>An unordered pair of users in a fixed order, so that one pair has one direct conversation and one lock key.</summary>
/// <param name="Low">The smaller id (by <see cref="Guid.CompareTo(Guid)"/>).</param>
/// <param name="High">The larger id.</param>
public readonly record struct UserPair(Guid Low, Guid High)
{
    /// <summary>Orders <paramref name="a"/> and <paramref name="b"/>.</summary>
    public static UserPair Of(Guid a, Guid b) => a.CompareTo(b) <= 0 ? new(a, b) : new(b, a);

    /// <summary>A stable text key, <c>"{low}:{high}"</c>, unique per pair (the <c>direct_key</c> column).</summary>
    public string Key => $"{Low:D}:{High:D}";
}
