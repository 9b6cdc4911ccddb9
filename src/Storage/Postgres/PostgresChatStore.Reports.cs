using Npgsql;

namespace ChatBlock.Storage.Postgres;

/// <summary>Reports made with a block (SPEC section 10): the checks and the copy inside the block's transaction, and the reads.</summary>
public sealed partial class PostgresChatStore
{
    private const string CountReportedMessages = """
        SELECT count(*) FROM messages m
        JOIN conversation_participants p ON p.conversation_id = m.conversation_id AND p.user_id = $1
        WHERE m.id = ANY($3) AND m.sender_id = $2 AND NOT m.sender_only
        """;

    private const string SelectRecentReports = """
        SELECT created_at FROM reports WHERE reporter_id = $1 AND created_at > $2 ORDER BY created_at DESC LIMIT $3
        """;

    // One statement: the report in the reporter's app, then the copies (a data-modifying CTE runs once whatever the outer query).
    private const string InsertReport = """
        WITH report AS (
            INSERT INTO reports (id, app_id, reporter_id, reported_id, reason, comment, created_at)
            SELECT $1, app_id, $2, $3, $4, $5, $6 FROM users WHERE id = $2
            RETURNING id)
        INSERT INTO report_messages (report_id, message_id, conversation_id, sender_id, content, message_type, created_at)
        SELECT report.id, m.id, m.conversation_id, m.sender_id, m.content, m.message_type, m.created_at
        FROM report CROSS JOIN messages m WHERE m.id = ANY($7)
        """;

    private const string SelectReports = """
        SELECT id, seq, reporter_id, reported_id, reason, comment, created_at FROM reports
        WHERE app_id = $1 AND seq < $2 ORDER BY seq DESC LIMIT $3
        """;

    // Deleted accounts included: a report outlives its users' accounts (their rows are scrubbed, not removed).
    private const string SelectReportUsers = $"SELECT {PostgresSql.UserColumns} FROM users WHERE id = ANY($1)";

    private const string SelectReportMessages = """
        SELECT report_id, message_id, conversation_id, sender_id, content, message_type, created_at FROM report_messages
        WHERE report_id = ANY($1) ORDER BY created_at, message_id
        """;

    /// <inheritdoc />
    public async Task<IReadOnlyList<ReportRecord>> GetReportsAsync(
        string appId, long? beforeSeq, int limit, CancellationToken cancellationToken = default)
    {
        var rows = await Statement(SelectReports, Value(appId), Value(beforeSeq ?? long.MaxValue), Value(limit))
            .ReadAllAsync(
                r => new ReportRow(r.GetGuid(0), r.GetInt64(1), r.GetGuid(2), r.GetGuid(3), r.GetString(4),
                    r.IsDBNull(5) ? null : r.GetString(5), r.GetFieldValue<DateTimeOffset>(6)),
                cancellationToken)
            .ConfigureAwait(false);
        if (rows.Count == 0)
        {
            return [];
        }

        var users = await Statement(SelectReportUsers, Value(ReportRow.UserIds(rows))).ReadAllAsync(ReadUser, cancellationToken)
            .ConfigureAwait(false);
        var messages = await Statement(SelectReportMessages, Value(rows.Select(r => r.Id).ToArray()))
            .ReadAllAsync(
                r => (r.GetGuid(0), new MessageRecord(
                    r.GetGuid(1), r.GetGuid(2), r.GetGuid(3), r.GetString(4), r.GetString(5), r.GetFieldValue<DateTimeOffset>(6))),
                cancellationToken)
            .ConfigureAwait(false);
        return ReportRow.Assemble(rows, users, messages);
    }

    /// <summary>
    /// The report's refusal, or null when it may be stored: every listed message must be the blocked user's, visible to others
    /// (not sender-only), in a conversation the blocker takes part in; then, when the block would be added, the reports the blocker
    /// made in the limit's window must leave a permit (counted under the blocker's limit lock, taken with the pair lock).
    /// </summary>
    private static async Task<BlockAttemptResult?> CheckReportAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid blockerId, Guid blockedId, DateTimeOffset at,
        ReportDraft report, bool willAdd, CancellationToken cancellationToken)
    {
        if (report.MessageIds.Count > 0)
        {
            var found = (long)(await InTransaction(
                    connection, transaction, CountReportedMessages, Value(blockerId), Value(blockedId), Value(report.MessageIds.ToArray()))
                .ScalarAsync(cancellationToken).ConfigureAwait(false))!;
            if (found != report.MessageIds.Count)
            {
                return new BlockAttemptResult(null) { InvalidReportMessage = true };
            }
        }

        if (!willAdd || !report.Limit.IsOn)
        {
            return null;
        }

        var made = await InTransaction(
                connection, transaction, SelectRecentReports, Value(blockerId), Time(at - report.Limit.Window), Value(report.Limit.Permits))
            .ReadAllAsync(r => r.GetFieldValue<DateTimeOffset>(0), cancellationToken).ConfigureAwait(false);
        return report.Limit.RetryAfter(made, at) is { } wait ? new BlockAttemptResult(null, wait) : null;
    }

    /// <summary>Stores the report, in the reporter's app, and a copy of each listed message, in one statement.</summary>
    private static Task InsertReportAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid blockerId, Guid blockedId, DateTimeOffset at,
        ReportDraft report, CancellationToken cancellationToken) =>
        InTransaction(
                connection, transaction, InsertReport, Value(report.Id), Value(blockerId), Value(blockedId), Value(report.Reason),
                Text(report.Comment), Time(at), Value(report.MessageIds.ToArray()))
            .RunAsync(cancellationToken);
}
