namespace ChatBlock.Storage.Postgres;

/// <summary>The used live event stream tickets (issue 11): table <c>used_event_tickets</c>.</summary>
public sealed partial class PostgresChatStore
{
    // $1 ticket id, $2 its expiry, $3 rows of tickets expired before this are deleted. One statement: the primary key decides.
    private const string UseEventTicket = """
        WITH forgotten AS (DELETE FROM used_event_tickets WHERE expires_at < $3)
        INSERT INTO used_event_tickets (id, expires_at) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING
        """;

    /// <inheritdoc />
    public async Task<bool> TryUseEventTicketAsync(
        Guid ticketId, DateTimeOffset expiresAt, DateTimeOffset forgetBefore, CancellationToken cancellationToken = default) =>
        await Statement(UseEventTicket, Value(ticketId), Time(expiresAt), Time(forgetBefore)).RunAsync(cancellationToken)
            .ConfigureAwait(false) == 1;
}
