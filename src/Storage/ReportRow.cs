namespace ChatBlock.Storage;

/// <summary>
/// A <c>reports</c> row as the SQL stores read it, before its users and copied messages are joined in by <see cref="Assemble"/>.
/// </summary>
/// <param name="Id">The report's id.</param>
/// <param name="Seq">Its position in the app's reports.</param>
/// <param name="ReporterId">The reporter.</param>
/// <param name="ReportedId">The reported user.</param>
/// <param name="Reason">One of <c>spam</c>, <c>harassment</c>, <c>other</c>.</param>
/// <param name="Comment">The reporter's comment, or null.</param>
/// <param name="CreatedAt">When it was made (UTC).</param>
internal readonly record struct ReportRow(
    Guid Id, long Seq, Guid ReporterId, Guid ReportedId, string Reason, string? Comment, DateTimeOffset CreatedAt)
{
    /// <summary>The users <paramref name="rows"/> name (reporters and reported), each once: what the store reads next.</summary>
    public static Guid[] UserIds(IReadOnlyList<ReportRow> rows) =>
        [.. rows.SelectMany(r => new[] { r.ReporterId, r.ReportedId }).Distinct()];

    /// <summary>
    /// The reports of <paramref name="rows"/>, in their order, with their users from <paramref name="users"/> and their copied
    /// messages from <paramref name="messages"/> (in the order given).
    /// </summary>
    public static IReadOnlyList<ReportRecord> Assemble(
        IReadOnlyList<ReportRow> rows, IEnumerable<UserRecord> users, IEnumerable<(Guid ReportId, MessageRecord Message)> messages)
    {
        var byId = users.ToDictionary(u => u.Id);
        var byReport = messages.ToLookup(m => m.ReportId, m => m.Message);
        return [.. rows.Select(r => new ReportRecord(
            r.Id, r.Seq, byId[r.ReporterId], byId[r.ReportedId], r.Reason, r.Comment, r.CreatedAt, [.. byReport[r.Id]]))];
    }
}
