namespace ChatBlock.Storage.Memory;

/// <summary>The used live event stream tickets (issue 11).</summary>
public sealed partial class MemoryChatStore
{
    /// <inheritdoc />
    public Task<bool> TryUseEventTicketAsync(
        Guid ticketId, DateTimeOffset expiresAt, DateTimeOffset forgetBefore, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            foreach (var (id, _) in database.UsedEventTickets.Where(t => t.Value < forgetBefore).ToList())
            {
                database.UsedEventTickets.Remove(id);
            }

            return Task.FromResult(database.UsedEventTickets.TryAdd(ticketId, expiresAt));
        }
    }
}
