namespace ChatBlock.Storage.Memory;

/// <summary>Reports made with a block (SPEC section 10), kept with the rest of the memory database.</summary>
public sealed partial class MemoryChatStore
{
    /// <inheritdoc />
    public Task<IReadOnlyList<ReportRecord>> GetReportsAsync(
        string appId, long? beforeSeq, int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<ReportRecord> page =
            [
                .. database.Reports.Where(r => r.AppId == appId && r.Report.Seq < (beforeSeq ?? long.MaxValue))
                    .Select(r => r.Report).OrderByDescending(r => r.Seq).Take(limit),
            ];
            return Task.FromResult(page);
        }
    }

    // Under _gate. As the SQL stores: listed messages first, then the report limit when the block would be added.
    private BlockAttemptResult? CheckReport(Guid blockerId, Guid blockedId, DateTimeOffset at, ReportDraft report, bool willAdd)
    {
        var listed = report.MessageIds.ToHashSet();
        var found = database.Messages
            .Where(c => database.Conversations.TryGetValue(c.Key, out var conversation) && conversation.ParticipantIds.Contains(blockerId))
            .SelectMany(c => c.Value)
            .Count(m => listed.Contains(m.Id) && m.SenderId == blockedId && !m.SenderOnly);
        if (found != listed.Count)
        {
            return new BlockAttemptResult(null) { InvalidReportMessage = true };
        }

        if (!willAdd || !report.Limit.IsOn)
        {
            return null;
        }

        var made = database.Reports.Where(r => r.Report.Reporter.Id == blockerId && r.Report.CreatedAt > at - report.Limit.Window)
            .Select(r => r.Report.CreatedAt).OrderDescending().ToList();
        return report.Limit.RetryAfter(made, at) is { } wait ? new BlockAttemptResult(null, wait) : null;
    }

    // Under _gate: the report and a copy of each listed message (records are immutable, so the copy is the record itself).
    private void StoreReport(Guid blockerId, Guid blockedId, DateTimeOffset at, ReportDraft report)
    {
        var listed = report.MessageIds.ToHashSet();
        var evidence = database.Messages.Values.SelectMany(m => m).Where(m => listed.Contains(m.Id))
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).ToList();
        var reporter = database.Users[blockerId].User;
        database.Reports.Add((reporter.AppId, new ReportRecord(
            report.Id, database.Reports.Count + 1, reporter, database.Users[blockedId].User, report.Reason, report.Comment, at,
            evidence)));
    }
}
