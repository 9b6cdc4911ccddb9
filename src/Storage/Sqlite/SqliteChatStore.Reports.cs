using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace ChatBlock.Storage.Sqlite;

/// <summary>Reports made with a block (SPEC section 10): the checks and the copy inside the block's transaction, and the reads.</summary>
public sealed partial class SqliteChatStore
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<ReportRecord>> GetReportsAsync(
        string appId, long? beforeSeq, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.Command(
            """
            SELECT id, seq, reporter_id, reported_id, reason, comment, created_at FROM reports
            WHERE app_id = $app AND seq < $before
            ORDER BY seq DESC LIMIT $limit;
            """)
            .With("$app", appId).With("$before", beforeSeq ?? long.MaxValue).With("$limit", limit)
            .ReadAllAsync(
                r => new ReportRow(
                    r.GetId(0), r.GetInt64(1), r.GetId(2), r.GetId(3), r.GetString(4), r.GetNullableString(5), r.GetTime(6)),
                cancellationToken)
            .ConfigureAwait(false);
        if (rows.Count == 0)
        {
            return [];
        }

        // Deleted accounts included: a report outlives its users' accounts (their rows are scrubbed, not removed).
        var users = await connection.Command(
                $"SELECT {SqliteMapping.UserColumns} FROM users WHERE id IN (SELECT value FROM json_each($ids));")
            .With("$ids", JsonSerializer.Serialize(ReportRow.UserIds(rows).Select(SqliteMapping.Text)))
            .ReadAllAsync(SqliteMapping.ReadUser, cancellationToken).ConfigureAwait(false);
        var messages = await connection.Command(
            """
            SELECT report_id, message_id, conversation_id, sender_id, content, message_type, created_at FROM report_messages
            WHERE report_id IN (SELECT value FROM json_each($ids))
            ORDER BY created_at, message_id;
            """)
            .With("$ids", JsonSerializer.Serialize(rows.Select(r => SqliteMapping.Text(r.Id))))
            .ReadAllAsync(
                r => (r.GetId(0), new MessageRecord(r.GetId(1), r.GetId(2), r.GetId(3), r.GetString(4), r.GetString(5), r.GetTime(6))),
                cancellationToken)
            .ConfigureAwait(false);
        return ReportRow.Assemble(rows, users, messages);
    }

    /// <summary>
    /// The report's refusal, or null when it may be stored: every listed message must be the blocked user's, visible to others
    /// (not sender-only), in a conversation the blocker takes part in; then, when the block would be added, the reports the blocker
    /// made in the limit's window must leave a permit.
    /// </summary>
    private static async Task<BlockAttemptResult?> CheckReportAsync(
        SqliteConnection connection, SqliteTransaction transaction, Guid blockerId, Guid blockedId, DateTimeOffset at,
        ReportDraft report, bool willAdd, CancellationToken cancellationToken)
    {
        if (report.MessageIds.Count > 0)
        {
            var found = await connection.Command(
                """
                SELECT count(*) FROM messages m
                JOIN conversation_participants p ON p.conversation_id = m.conversation_id AND p.user_id = $blocker
                WHERE m.id IN (SELECT value FROM json_each($ids)) AND m.sender_id = $blocked AND m.sender_only = 0;
                """, transaction)
                .With("$blocker", blockerId).With("$blocked", blockedId)
                .With("$ids", JsonSerializer.Serialize(report.MessageIds.Select(SqliteMapping.Text)))
                .ReadFirstOrDefaultAsync(r => r.GetInt64(0), cancellationToken).ConfigureAwait(false);
            if (found != report.MessageIds.Count)
            {
                return new BlockAttemptResult(null) { InvalidReportMessage = true };
            }
        }

        if (!willAdd || !report.Limit.IsOn)
        {
            return null;
        }

        var made = await connection.Command(
            """
            SELECT created_at FROM reports WHERE reporter_id = $blocker AND created_at > $since
            ORDER BY created_at DESC LIMIT $permits;
            """, transaction)
            .With("$blocker", blockerId).With("$since", at - report.Limit.Window).With("$permits", report.Limit.Permits)
            .ReadAllAsync(r => r.GetTime(0), cancellationToken).ConfigureAwait(false);
        return report.Limit.RetryAfter(made, at) is { } wait ? new BlockAttemptResult(null, wait) : null;
    }

    /// <summary>Stores the report, in the reporter's app, and a copy of each listed message.</summary>
    private static Task InsertReportAsync(
        SqliteConnection connection, SqliteTransaction transaction, Guid blockerId, Guid blockedId, DateTimeOffset at,
        ReportDraft report, CancellationToken cancellationToken) =>
        connection.Command(
            """
            INSERT INTO reports (id, app_id, reporter_id, reported_id, reason, comment, created_at)
            SELECT $id, app_id, $blocker, $blocked, $reason, $comment, $at FROM users WHERE id = $blocker;
            INSERT INTO report_messages (report_id, message_id, conversation_id, sender_id, content, message_type, created_at)
            SELECT $id, id, conversation_id, sender_id, content, message_type, created_at FROM messages
            WHERE id IN (SELECT value FROM json_each($ids));
            """, transaction)
            .With("$id", report.Id).With("$blocker", blockerId).With("$blocked", blockedId).With("$reason", report.Reason)
            .With("$comment", report.Comment).With("$at", at)
            .With("$ids", JsonSerializer.Serialize(report.MessageIds.Select(SqliteMapping.Text)))
            .RunAsync(cancellationToken);
}
