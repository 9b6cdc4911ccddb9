using ChatBlock.Grains.Events;
using ChatBlock.Storage;
using Microsoft.Extensions.Logging;

namespace ChatBlock.Grains.Conversations;

/// <summary>A group conversation: any participant may send; blocks are never consulted (SPEC section 5).</summary>
public sealed class GroupConversationGrain(
    IChatStore store,
    ConversationRouter router,
    IEventPublisher events,
    TimeProvider timeProvider,
    ILogger<GroupConversationGrain> logger)
    : ConversationGrain(store, router, events, timeProvider, logger), IGroupConversationGrain
{
    /// <inheritdoc />
    protected override ConversationKind Kind => ConversationKind.Group;

    /// <inheritdoc />
    public override async Task<SendResult> SendAsync(Guid senderId, string content, string messageType)
    {
        if (!IsParticipant(senderId))
        {
            return new SendResult(SendOutcome.ConversationNotFound);
        }

        var message = NewMessage(senderId, content, messageType);
        await Store.AppendGroupMessageAsync(message);
        var sent = message.ToMessage();
        await Events.MessageStoredAsync(sent, Conversation!.ParticipantIds);
        return new SendResult(SendOutcome.Sent, sent);
    }
}
