namespace ChatBlock.Storage.Sqlite;

/// <summary>The used live event stream tickets (issue 11): table <c>used_event_tickets</c>.</summary>
public sealed partial class SqliteChatStore
{
    /// <inheritdoc />
    /// <remarks>One <c>BEGIN IMMEDIATE</c> transaction: the expired rows go, then the insert decides (the primary key).</remarks>
    public async Task<bool> TryUseEventTicketAsync(
        Guid ticketId, DateTimeOffset expiresAt, DateTimeOffset forgetBefore, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await connection.Command("DELETE FROM used_event_tickets WHERE expires_at < $before;", transaction)
            .With("$before", forgetBefore).RunAsync(cancellationToken).ConfigureAwait(false);
        var added = await connection.Command(
                "INSERT INTO used_event_tickets (id, expires_at) VALUES ($id, $expires) ON CONFLICT (id) DO NOTHING;", transaction)
            .With("$id", ticketId).With("$expires", expiresAt).RunAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return added == 1;
    }
}
