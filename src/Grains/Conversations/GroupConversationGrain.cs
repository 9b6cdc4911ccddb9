using ChatBlock.Grains.Events;
using ChatBlock.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatBlock.Grains.Conversations;

/// <summary>
/// A group conversation. Any participant may send and messages are never checked against blocks (SPEC section 5); joining is
/// (SPEC section 10, "Groups"): under <see cref="GroupAddPolicy.Deny"/> a creator or adder may not put into the group a user who
/// blocks them. Adding someone the adder blocks is allowed (their own choice), and a block made later never removes anyone.
/// </summary>
/// <remarks>
/// <para>
/// The check asks each new member's <see cref="IUserGrain"/> first (memory, kept fresh across silos by
/// <see cref="Users.BlockSetStamps"/>), so a refusal the silo already knows of touches no database. What passes is stored by
/// <see cref="IChatStore.CreateGroupAsync"/> or <see cref="IChatStore.AddGroupMembersAsync"/>, which re-check the same pairs in
/// the transaction that stores the change (on PostgreSQL after taking each pair's advisory lock shared, in key order, the locks
/// block changes take exclusively). So the rule is exact, as the send gate is: a block acknowledged before the change began,
/// on any silo, is respected even when this silo's memory has not heard of it yet; memory then catches up.
/// </para>
/// <para>
/// Every change stores the new record in this silo's <see cref="ConversationRouter"/>; other silos learn of it by
/// <see cref="Storage.Clustering.ClusterTopics.Conversations"/>, and each call here first takes the record from the router.
/// </para>
/// </remarks>
public sealed class GroupConversationGrain(
    IChatStore store,
    ConversationRouter router,
    IEventPublisher events,
    TimeProvider timeProvider,
    IOptions<BlockingOptions> options,
    ILogger<GroupConversationGrain> logger)
    : ConversationGrain(store, router, events, timeProvider, logger), IGroupConversationGrain
{
    private readonly GroupBlockCheck _check = options.Value switch
    {
        { GroupAdds: GroupAddPolicy.Allow } => GroupBlockCheck.None,
        { Disclosure: DisclosurePolicy.Shadow } => GroupBlockCheck.Skip,
        _ => GroupBlockCheck.Refuse,
    };

    private readonly DisclosurePolicy _disclosure = options.Value.Disclosure;

    /// <inheritdoc />
    protected override ConversationKind Kind => ConversationKind.Group;

    /// <inheritdoc />
    public override async Task<SendResult> SendAsync(Guid senderId, string content, string messageType)
    {
        await RefreshAsync();
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

    /// <inheritdoc />
    public async Task<GroupChangeResult> CreateAsync(Guid creatorId, string title, IReadOnlyList<Guid> memberIds)
    {
        // A new id: activation found no record (it read the router once); nothing to refresh.
        if (Conversation is not null)
        {
            return new GroupChangeResult(GroupChangeOutcome.ConversationNotFound);
        }

        var (members, refused) = await LeaveOutKnownBlockersAsync(creatorId, memberIds.Where(id => id != creatorId).Distinct().ToList());
        if (refused is not null)
        {
            return refused;
        }

        var record = new ConversationRecord(
            GetPrimaryKey(), ConversationKind.Group, title, [creatorId, .. members], Now);
        var stamp = Router.Stamp;
        return await ApplyAsync(await Store.CreateGroupAsync(record, _check), stamp);
    }

    /// <inheritdoc />
    public async Task<GroupChangeResult> AddMembersAsync(Guid adderId, IReadOnlyList<Guid> userIds)
    {
        await RefreshAsync();
        if (!IsParticipant(adderId))
        {
            return new GroupChangeResult(GroupChangeOutcome.ConversationNotFound);
        }

        var candidates = userIds.Distinct().Where(id => !Conversation!.ParticipantIds.Contains(id)).ToList();
        if (candidates.Count == 0)
        {
            return new GroupChangeResult(GroupChangeOutcome.Changed, Conversation!.ToInfo());
        }

        var (members, refused) = await LeaveOutKnownBlockersAsync(adderId, candidates);
        if (refused is not null)
        {
            return refused;
        }

        if (members.Count == 0)
        {
            // Shadow: everyone asked for blocks the adder; the group stays as it is, silently.
            return new GroupChangeResult(GroupChangeOutcome.Changed, Conversation!.ToInfo());
        }

        var stamp = Router.Stamp;
        return await ApplyAsync(await Store.AddGroupMembersAsync(GetPrimaryKey(), adderId, members, _check, Now), stamp);
    }

    /// <inheritdoc />
    public async Task<bool> LeaveAsync(Guid userId)
    {
        await RefreshAsync();
        if (!IsParticipant(userId))
        {
            return false;
        }

        var stamp = Router.Stamp;
        var updated = await Store.LeaveGroupAsync(GetPrimaryKey(), userId);
        if (updated is null)
        {
            // Memory was behind (they left on another silo a moment ago): read the record again next time.
            Router.Invalidate(GetPrimaryKey());
            return false;
        }

        Router.Remember(updated, stamp);
        Conversation = updated;
        return true;
    }

    /// <inheritdoc />
    protected override async Task RefreshAsync()
    {
        var record = await Router.FindAsync(GetPrimaryKey());
        Conversation = record?.Kind == ConversationKind.Group ? record : null;
    }

    /// <inheritdoc />
    /// <remarks>Asks the viewer's <see cref="IUserGrain"/> once per distinct sender (memory, fresh across silos).</remarks>
    protected override async Task<IReadOnlyList<ChatMessage>> ForViewerAsync(Guid viewerId, IReadOnlyList<ChatMessage> messages)
    {
        var viewer = GrainFactory.GetGrain<IUserGrain>(viewerId);
        var blocked = new HashSet<Guid>();
        foreach (var senderId in messages.Select(m => m.SenderId).Distinct().Where(id => id != viewerId))
        {
            if (await viewer.IsBlockingAsync(senderId))
            {
                blocked.Add(senderId);
            }
        }

        return [.. messages.Select(m => m with { SenderBlockedByViewer = blocked.Contains(m.SenderId) })];
    }

    // Memory first: the candidates whose user grain says they block the actor are refused (Refuse) or left out (Skip).
    private async Task<(List<Guid> Members, GroupChangeResult? Refused)> LeaveOutKnownBlockersAsync(Guid actorId, List<Guid> candidates)
    {
        if (_check == GroupBlockCheck.None)
        {
            return (candidates, null);
        }

        var blocks = await Task.WhenAll(candidates.Select(id => GrainFactory.GetGrain<IUserGrain>(id).IsBlockingAsync(actorId).AsTask()));
        if (!blocks.Contains(true))
        {
            return (candidates, null);
        }

        return _check == GroupBlockCheck.Refuse
            ? (candidates, Refused())
            : ([.. candidates.Where((_, i) => !blocks[i])], null);
    }

    private async Task<GroupChangeResult> ApplyAsync(GroupChange change, long stamp)
    {
        // The database knew of blocks memory had not heard of yet (made on another silo): catch up.
        foreach (var blockerId in change.Blockers)
        {
            await GrainFactory.GetGrain<IUserGrain>(blockerId).RefreshBlocksAsync();
        }

        if (change.Conversation is null)
        {
            return change.Blockers.Count > 0 ? Refused() : new GroupChangeResult(GroupChangeOutcome.ConversationNotFound);
        }

        Router.Remember(change.Conversation, stamp);
        Conversation = change.Conversation;
        return new GroupChangeResult(GroupChangeOutcome.Changed, change.Conversation.ToInfo());
    }

    private GroupChangeResult Refused() => new(
        _disclosure == DisclosurePolicy.Explicit ? GroupChangeOutcome.MemberBlocked : GroupChangeOutcome.MembersNotAdded);
}
