namespace ChatBlock.Storage.Memory;

/// <summary>The tables behind <see cref="MemoryChatStore"/>; one instance is shared by every silo of a test cluster.</summary>
public sealed class MemoryDatabase
{
    internal Lock Gate { get; } = new();

    internal Dictionary<Guid, (UserRecord User, string PasswordHash)> Users { get; } = [];

    internal Dictionary<(Guid Blocker, Guid Blocked), BlockRecord> Blocks { get; } = [];

    internal List<AuditRecord> Audit { get; } = [];

    internal Dictionary<Guid, ConversationRecord> Conversations { get; } = [];

    internal Dictionary<UserPair, Guid> DirectConversations { get; } = [];

    internal Dictionary<Guid, List<MessageRecord>> Messages { get; } = [];

    internal Dictionary<(Guid UserId, string Key), IdempotencyRecord> IdempotencyKeys { get; } = [];

    internal Dictionary<string, List<DateTimeOffset>> LoginAttempts { get; } = new(StringComparer.Ordinal);

    internal Dictionary<Guid, long> SecurityStamps { get; } = [];

    internal Dictionary<string, (Guid UserId, DateTimeOffset ExpiresAt)> RevokedTokens { get; } = [];

    internal Dictionary<Guid, DateTimeOffset> UsedEventTickets { get; } = [];

    internal Dictionary<(Guid Conversation, Guid User), DateTimeOffset> OpenedAt { get; } = [];

    /// <summary>Reports (SPEC section 10), oldest first; <see cref="ReportRecord.Seq"/> is the position plus one.</summary>
    internal List<(string AppId, ReportRecord Report)> Reports { get; } = [];

    internal List<MemoryOutboxRow> Outbox { get; } = [];

    internal long OutboxSequence { get; set; }
}
