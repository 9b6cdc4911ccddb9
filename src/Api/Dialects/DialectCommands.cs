using ChatBlock.Api.Blocks;
using ChatBlock.Api.Conversations;
using ChatBlock.Api.Users;
using ChatBlock.Grains;
using ChatBlock.Grains.Conversations;
using ChatBlock.Silo.Runtime;

namespace ChatBlock.Api.Dialects;

/// <summary>
/// The section 4 commands the dialects share: the same user grains (block, unblock, list, with their audit trail and durability)
/// and the same conversation grains (the send gate and disclosure of SPEC section 5), so one block is one block whichever
/// dialect made it. The only place the dialects reach the conversation router.
/// </summary>
public sealed class DialectCommands(
    IGrainFactory grains, ConversationRouter conversations, ProfileReader profiles, BlockRequestReader blockRequests)
{
    private const int ListPageSize = 100;

    /// <summary>
    /// Blocks <paramref name="targetId"/> for <paramref name="blockerId"/> (<see cref="IUserGrain.BlockAsync"/>), on
    /// <paramref name="terms"/> (<see cref="ReadBlockTermsAsync"/>), permanently when null.
    /// </summary>
    public Task<BlockResult> BlockAsync(Guid blockerId, Guid targetId, BlockTerms? terms = null) =>
        grains.GetGrain<IUserGrain>(blockerId).BlockAsync(targetId, terms);

    /// <summary>
    /// The optional timed-block body of a dialect's block request, as on <c>/api/v1</c> (SPEC section 10): the terms, or why they
    /// are not acceptable (the dialect answers 400 in its envelope; nothing changes). No body: a permanent block, as the seeds do.
    /// </summary>
    public Task<(BlockTerms? Terms, string? Error)> ReadBlockTermsAsync(HttpContext context) =>
        blockRequests.ReadBlockAsync(context.Request, context.RequestAborted);

    /// <summary>
    /// Removes the block of <paramref name="targetId"/> by <paramref name="blockerId"/> (<see cref="IUserGrain.UnblockAsync"/>).
    /// </summary>
    public Task<UnblockResult> UnblockAsync(Guid blockerId, Guid targetId) =>
        grains.GetGrain<IUserGrain>(blockerId).UnblockAsync(targetId);

    /// <summary>Every user <paramref name="userId"/> blocks, newest first, as <paramref name="userId"/> may see them.</summary>
    public async Task<IReadOnlyList<UserProfileResponse>> ListBlockedAsync(Guid userId)
    {
        var grain = grains.GetGrain<IUserGrain>(userId);
        var ids = new List<Guid>();
        BlockCursor? cursor = null;
        do
        {
            var page = await grain.ListBlocksAsync(ListPageSize, cursor);
            ids.AddRange(page.Items.Select(i => i.UserId));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return await profiles.GetManyAsync(ids, userId);
    }

    /// <summary>Conversation <paramref name="chatId"/> as <paramref name="viewerId"/> may see it.</summary>
    public async Task<DialectChat> FindAsync(Guid chatId, Guid viewerId, CancellationToken cancellationToken = default) =>
        await conversations.GetGrainAsync(chatId, cancellationToken) is { } grain
            ? new DialectChat(true, await grain.GetAsync(viewerId))
            : new DialectChat(false, null);

    /// <summary>
    /// Sends through the conversation's grain (content and type already valid by <see cref="MessageRules"/>); a missing conversation
    /// is <see cref="SendOutcome.ConversationNotFound"/>.
    /// </summary>
    public async Task<SendResult> SendAsync(
        Guid conversationId, Guid senderId, string content, string messageType, CancellationToken cancellationToken = default) =>
        await conversations.GetGrainAsync(conversationId, cancellationToken) is { } grain
            ? await grain.SendAsync(senderId, content, messageType)
            : new SendResult(SendOutcome.ConversationNotFound);

}
