using System.Diagnostics;
using ChatBlock.Grains.Events;
using ChatBlock.Grains.Telemetry;
using ChatBlock.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatBlock.Grains.Conversations;

/// <summary>
/// A 1:1 conversation and its send gate (SPEC section 5). It asks both users' grains first, so a refused send touches no
/// database; an accepted one is stored by <see cref="IChatStore.AppendDirectMessageAsync"/>, which re-checks both directions in
/// the same transaction as the insert, so a block that memory has not heard of yet still refuses it (SPEC section 3).
/// </summary>
public sealed class DirectConversationGrain(
    IChatStore store,
    ConversationRouter router,
    IEventPublisher events,
    TimeProvider timeProvider,
    IOptions<BlockingOptions> options,
    ILogger<DirectConversationGrain> logger)
    : ConversationGrain(store, router, events, timeProvider, logger), IDirectConversationGrain
{
    private readonly DisclosurePolicy _disclosure = options.Value.Disclosure;

    // Whether the send being decided reached the store's re-check (one call at a time per grain, so a field is enough).
    private bool _askedStore;

    // The two participants' grain references, in ParticipantIds order, taken on the first send: a direct conversation's
    // participants never change, and a held reference also skips the catalog's look-up (issue 12: GetGrain per send cost two
    // reference objects, 112 B, and ~150 ns per send).
    private IUserGrain[]? _users;

    /// <inheritdoc />
    protected override ConversationKind Kind => ConversationKind.Direct;

    /// <inheritdoc />
    public override async Task<SendResult> SendAsync(Guid senderId, string content, string messageType)
    {
        var started = Stopwatch.GetTimestamp();
        _askedStore = false;
        var result = await DecideAsync(senderId, content, messageType);
        ChatBlockMetrics.Sent(result.Outcome, _askedStore, started);
        return result;
    }

    private async Task<SendResult> DecideAsync(Guid senderId, string content, string messageType)
    {
        if (!IsParticipant(senderId))
        {
            return new SendResult(SendOutcome.ConversationNotFound);
        }

        var ids = Conversation!.ParticipantIds;
        var users = _users ??= [GrainFactory.GetGrain<IUserGrain>(ids[0]), GrainFactory.GetGrain<IUserGrain>(ids[1])];
        var senderIndex = ids[0] == senderId ? 0 : 1;
        var recipientId = ids[1 - senderIndex];
        var sender = users[senderIndex];
        var recipient = users[1 - senderIndex];

        // Rule 1, every policy: the sender knows what the sender did.
        if (await sender.IsBlockingAsync(recipientId))
        {
            return new SendResult(SendOutcome.RecipientBlocked);
        }

        var shadow = _disclosure == DisclosurePolicy.Shadow;
        var recipientBlocks = await recipient.IsBlockingAsync(senderId);
        if (recipientBlocks && !shadow)
        {
            return new SendResult(RefusedByRecipient());
        }

        var message = NewMessage(senderId, content, messageType);
        _askedStore = true;
        var stored = await Store.AppendDirectMessageAsync(message, recipientId, senderOnlyWhenRecipientBlocks: shadow);
        var sent = message.ToMessage();
        switch (stored)
        {
            case DirectSendOutcome.Stored:
                await Events.MessageStoredAsync(sent, Conversation.ParticipantIds);
                return new SendResult(SendOutcome.Sent, sent);
            case DirectSendOutcome.StoredSenderOnly:
                if (!recipientBlocks)
                {
                    await recipient.RefreshBlocksAsync();
                }

                // Shadow: the message exists for its sender alone, live events included (SPEC section 5).
                await Events.MessageStoredAsync(sent, [senderId]);
                return new SendResult(SendOutcome.SentToSenderOnly, sent);
            case DirectSendOutcome.SenderBlocksRecipient:
                // Memory was behind the database (a block made on another silo): catch up, then refuse.
                await sender.RefreshBlocksAsync();
                return new SendResult(SendOutcome.RecipientBlocked);
            default:
                await recipient.RefreshBlocksAsync();
                return new SendResult(RefusedByRecipient());
        }
    }

    private SendOutcome RefusedByRecipient() =>
        _disclosure == DisclosurePolicy.Explicit ? SendOutcome.BlockedByRecipient : SendOutcome.NotDelivered;
}
