using Npgsql;

namespace ChatBlock.Storage.Postgres;

/// <content>
/// Direct messages (SPEC section 3, issue 12): queued in <see cref="PostgresSendBatcher"/> and stored many at a time, in one round
/// trip and one transaction per batch, with the same locks and the same per-message check as a message stored alone.
/// </content>
/// <remarks>
/// <para>
/// Lock order, the same as a single message's: every pair lock of the batch shared (distinct, sorted), then every user's block
/// list lock shared (distinct, sorted), then the statement. Exclusive holders take at most one kind before waiting for a later
/// one: a block change takes its pair lock (and then, with a limit, its blocker's limit lock), an unblock its pair locks sorted,
/// an import its limit lock and then its blocker's block list lock, unblock-all and account deletion one block list lock. So every
/// transaction waits only for a lock later in one order (pair keys, limit keys, block list keys), and no cycle of waits can form.
/// Once a batch holds its locks it only inserts rows: nobody else locks those new rows, and the rows they refer to (conversations,
/// users) are only key-share locked, which conflicts with deleting them or changing a unique key; conversations are never deleted,
/// and a user is changed that way only by account deletion under their block list lock, which this batch holds shared.
/// </para>
/// </remarks>
public sealed partial class PostgresChatStore
{
    private readonly Lock _sendsGate = new();
    private PostgresSendBatcher? _sends;
    private bool _disposed;

    /// <summary>Counters of the group commit of direct messages since this store was made.</summary>
    public PostgresSendBatchStatistics SendBatches { get; } = new();

    /// <inheritdoc />
    /// <remarks>
    /// Queued, then stored with other queued messages in one round trip and one transaction (<see cref="PostgresSendBatcher"/>):
    /// the pairs' advisory locks shared and the users' block list locks shared (<see cref="PostgresLockKeys.UserLockClass"/>, for
    /// imports), then one statement checks both directions of each message at its own time and inserts those allowed (see the class
    /// remarks for why the locks make this exact). Answers after that transaction has committed. A message alone runs the single
    /// message statements. Throws <see cref="ObjectDisposedException"/> once the store is disposed.
    /// </remarks>
    public async Task<DirectSendOutcome> AppendDirectMessageAsync(
        MessageRecord message, Guid recipientId, bool senderOnlyWhenRecipientBlocks, CancellationToken cancellationToken = default)
    {
        using var activity = StoreTracing.Start(StoreTracing.Postgres);
        var send = new PendingDirectSend(message, recipientId, senderOnlyWhenRecipientBlocks);
        var outcome = await Sends().SendAsync(send, cancellationToken).ConfigureAwait(false);
        if (send.BatchSize > 1)
        {
            activity?.SetTag("db.operation.batch.size", send.BatchSize);
        }

        return outcome;
    }

    /// <summary>Stops taking direct messages and waits until every queued one has been stored or has failed.</summary>
    public async ValueTask DisposeAsync()
    {
        if (StopSends() is { } sends)
        {
            await sends.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Stops taking direct messages; those queued still run, in the background.</summary>
    public void Dispose() => StopSends()?.Complete();

    private PostgresSendBatcher Sends()
    {
        if (Volatile.Read(ref _sends) is { } sends)
        {
            return sends;
        }

        lock (_sendsGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _sends ??= new PostgresSendBatcher(
                AppendDirectMessagesAsync, AppendDirectMessageAloneAsync, sendBatching ?? new PostgresSendBatchOptions(), SendBatches);
            return _sends;
        }
    }

    private PostgresSendBatcher? StopSends()
    {
        lock (_sendsGate)
        {
            _disposed = true;
            return _sends;
        }
    }

    // One message: one batch in one implicit transaction, the pair's lock shared, both block list locks shared, the statement.
    private async Task<DirectSendOutcome> AppendDirectMessageAloneAsync(PendingDirectSend send)
    {
        var (message, recipientId) = (send.Message, send.RecipientId);
        await using var batch = dataSource.CreateBatch();
        var pairKey = PostgresLockKeys.ForPair(UserPair.Of(message.SenderId, recipientId));
        batch.BatchCommands.Add(Command(PostgresSql.LockPairShared, Value(pairKey)));
        // Both block list locks too, so a block list import of either user is wholly before or after this message.
        batch.BatchCommands.Add(Command(
            PostgresBlockListSql.LockUsersShared,
            Value(PostgresLockKeys.UserLockClass), Value(UserLockKeys(message.SenderId, recipientId))));
        batch.BatchCommands.Add(Command(
            PostgresSql.InsertDirectMessage,
            [.. MessageParameters(message), Value(recipientId), Value(send.SenderOnlyWhenRecipientBlocks)]));

        await using var reader = await batch.ExecuteReaderAsync().ConfigureAwait(false);
        await reader.NextResultAsync().ConfigureAwait(false);
        await reader.NextResultAsync().ConfigureAwait(false);
        await reader.ReadAsync().ConfigureAwait(false);
        return DirectOutcome(reader.GetBoolean(0), reader.GetBoolean(1), reader.GetBoolean(2));
    }

    // Several messages: one batch in one implicit transaction, every pair lock shared, every block list lock shared (each set
    // distinct and sorted), then one statement for all; the outcomes in input order, read only after the commit.
    private async Task<DirectSendOutcome[]> AppendDirectMessagesAsync(IReadOnlyList<PendingDirectSend> sends)
    {
        var count = sends.Count;
        var (ids, conversations, senders, recipients) = (new Guid[count], new Guid[count], new Guid[count], new Guid[count]);
        var (contents, types, created, shadows) = (new string[count], new string[count], new DateTimeOffset[count], new bool[count]);
        var (pairKeys, userKeys) = (new long[count], new int[2 * count]);
        for (var i = 0; i < count; i++)
        {
            var (message, recipientId) = (sends[i].Message, sends[i].RecipientId);
            (ids[i], conversations[i], senders[i], recipients[i]) = (message.Id, message.ConversationId, message.SenderId, recipientId);
            (contents[i], types[i], created[i]) = (message.Content, message.MessageType, message.CreatedAt.ToUniversalTime());
            shadows[i] = sends[i].SenderOnlyWhenRecipientBlocks;
            pairKeys[i] = PostgresLockKeys.ForPair(UserPair.Of(message.SenderId, recipientId));
            (userKeys[2 * i], userKeys[(2 * i) + 1]) = (PostgresLockKeys.ForUser(message.SenderId), PostgresLockKeys.ForUser(recipientId));
        }

        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command(PostgresSql.LockPairsShared, Value(pairKeys.Distinct().Order().ToArray())));
        batch.BatchCommands.Add(Command(
            PostgresBlockListSql.LockUsersShared, Value(PostgresLockKeys.UserLockClass), Value(userKeys.Distinct().Order().ToArray())));
        batch.BatchCommands.Add(Command(
            PostgresSql.InsertDirectMessages,
            Value(ids), Value(conversations), Value(senders), Value(contents), Value(types), Value(created), Value(recipients),
            Value(shadows)));

        var outcomes = new DirectSendOutcome[count];
        await using var reader = await batch.ExecuteReaderAsync().ConfigureAwait(false);
        await reader.NextResultAsync().ConfigureAwait(false);
        await reader.NextResultAsync().ConfigureAwait(false);
        for (var i = 0; i < count; i++)
        {
            if (!await reader.ReadAsync().ConfigureAwait(false))
            {
                throw new InvalidOperationException("The direct messages statement returned fewer rows than it was given messages.");
            }

            outcomes[i] = DirectOutcome(reader.GetBoolean(0), reader.GetBoolean(1), reader.GetBoolean(2));
        }

        // The implicit transaction commits when the server reaches the end of the batch: read up to there (a failed commit throws
        // here) before any sender is told.
        while (await reader.NextResultAsync().ConfigureAwait(false))
        {
        }

        return outcomes;
    }

    private static DirectSendOutcome DirectOutcome(bool senderBlocks, bool recipientBlocks, bool stored) =>
        (senderBlocks, recipientBlocks, stored) switch
        {
            (true, _, false) => DirectSendOutcome.SenderBlocksRecipient,
            (false, true, false) => DirectSendOutcome.RecipientBlocksSender,
            (false, true, true) => DirectSendOutcome.StoredSenderOnly,
            (false, false, true) => DirectSendOutcome.Stored,
            _ => throw new InvalidOperationException("The direct message statement returned an impossible outcome."),
        };
}
