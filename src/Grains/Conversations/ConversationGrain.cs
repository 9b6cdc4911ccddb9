using ChatBlock.Grains.Events;
using ChatBlock.Silo.Runtime;
using ChatBlock.Storage;
using Microsoft.Extensions.Logging;

namespace ChatBlock.Grains.Conversations;

/// <summary>
/// What direct and group conversation grains share: the conversation record is taken on activation from the
/// <see cref="ConversationRouter"/>, which read it to route the first call here, so a cold send reads it once; a group takes it
/// again from the router at the start of each call (<see cref="RefreshAsync"/>, a memory read while the router's copy is fresh),
/// since its participants change. Reads and sends run in the grain's turns, so messages of one conversation are stored in the
/// order they were accepted.
/// </summary>
public abstract partial class ConversationGrain(
    IChatStore store, ConversationRouter router, IEventPublisher events, TimeProvider timeProvider, ILogger logger)
    : Grain, IConversationGrain
{
    /// <summary>The stored conversation; null when there is none with this id (or it is of the other kind).</summary>
    protected ConversationRecord? Conversation { get; set; }

    /// <summary>The store, for subclasses.</summary>
    protected IChatStore Store => store;

    /// <summary>The router that keeps this silo's copy of the record.</summary>
    protected ConversationRouter Router => router;

    /// <summary>Where stored messages are reported for live delivery.</summary>
    protected IEventPublisher Events => events;

    /// <summary>Which kind of conversation this grain serves.</summary>
    protected abstract ConversationKind Kind { get; }

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var record = await router.FindAsync(GetPrimaryKey(), cancellationToken);
        Conversation = record?.Kind == Kind ? record : null;
        LogActivated(GetType().Name, GetPrimaryKey(), Conversation is not null);
    }

    /// <inheritdoc />
    public async Task<ConversationInfo?> GetAsync(Guid viewerId)
    {
        await RefreshAsync();
        return IsParticipant(viewerId) ? Conversation!.ToInfo() : null;
    }

    /// <inheritdoc />
    public abstract Task<SendResult> SendAsync(Guid senderId, string content, string messageType);

    /// <inheritdoc />
    public async Task<IReadOnlyList<ChatMessage>?> GetMessagesAsync(Guid viewerId, Guid? before, int limit)
    {
        await RefreshAsync();
        if (!IsParticipant(viewerId))
        {
            return null;
        }

        var rows = await store.GetMessagesAsync(GetPrimaryKey(), viewerId, before, limit);
        return await ForViewerAsync(viewerId, rows.Select(m => m.ToMessage()).ToList());
    }

    /// <summary>Brings <see cref="Conversation"/> up to date before a call uses it; a direct conversation never changes.</summary>
    protected virtual Task RefreshAsync() => Task.CompletedTask;

    /// <summary>
    /// <paramref name="messages"/> as <paramref name="viewerId"/> reads them: <see cref="ChatMessage.SenderBlockedByViewer"/> set.
    /// False here (direct messages: the conversation itself says "You blocked this contact").
    /// </summary>
    protected virtual Task<IReadOnlyList<ChatMessage>> ForViewerAsync(Guid viewerId, IReadOnlyList<ChatMessage> messages) =>
        Task.FromResult<IReadOnlyList<ChatMessage>>([.. messages.Select(m => m with { SenderBlockedByViewer = false })]);

    /// <summary>Whether <paramref name="userId"/> takes part in this (existing) conversation.</summary>
    protected bool IsParticipant(Guid userId) => Conversation is { } c && c.ParticipantIds.Contains(userId);

    /// <summary>Now, as storage keeps times (<see cref="StoreClock"/>).</summary>
    protected DateTimeOffset Now => StoreClock.Now(timeProvider);

    /// <summary>A new message record from <paramref name="senderId"/>, stamped now.</summary>
    protected MessageRecord NewMessage(Guid senderId, string content, string messageType) =>
        new(Guid.CreateVersion7(), GetPrimaryKey(), senderId, content, messageType, StoreClock.Now(timeProvider));

    [LoggerMessage(Level = LogLevel.Debug, Message = "{GrainType} {GrainKey} activated (exists: {Exists})")]
    private partial void LogActivated(string grainType, Guid grainKey, bool exists);
}
