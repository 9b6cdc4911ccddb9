using ChatBlock.Api.Users;
using ChatBlock.Grains;
using ChatBlock.Silo.Runtime;

namespace ChatBlock.Api.Conversations;

/// <summary>Builds <see cref="ConversationResponse"/>s as the caller may see them.</summary>
public sealed class ConversationReader(IGrainFactory grains, ProfileReader profiles)
{
    /// <summary>The caller's view of <paramref name="conversation"/>.</summary>
    public async Task<ConversationResponse> ToResponseAsync(ConversationInfo conversation, Guid viewerId)
    {
        var participants = await profiles.GetManyAsync(conversation.ParticipantIds, viewerId);
        bool? blockedByMe = null;
        if (conversation.IsDirect)
        {
            var otherId = conversation.ParticipantIds.FirstOrDefault(id => id != viewerId);
            blockedByMe = await grains.GetGrain<IUserGrain>(viewerId).IsBlockingAsync(otherId);
        }

        return new ConversationResponse(
            conversation.Id, conversation.IsDirect ? "direct" : "group", conversation.Title, participants, conversation.CreatedAt,
            blockedByMe);
    }

    /// <summary>The public shape of a message.</summary>
    public static MessageResponse ToResponse(ChatMessage m) =>
        new(m.Id, m.ConversationId, m.SenderId, m.Content, m.MessageType, m.CreatedAt);
}
