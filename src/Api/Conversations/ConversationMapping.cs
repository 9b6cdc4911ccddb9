using ChatBlock.Api.Users;
using ChatBlock.Grains;

namespace ChatBlock.Api.Conversations;

/// <summary>Maps <see cref="ConversationInfo"/> to <see cref="ConversationResponse"/>; the one place that does.</summary>
public static class ConversationMapping
{
    /// <summary>
    /// <paramref name="viewerId"/>'s view of <paramref name="conversation"/>: the participants' profiles as the viewer may see
    /// them and, for a direct conversation, whether the viewer blocks the other participant (SPEC section 4 <c>Conversation</c>).
    /// </summary>
    public static async Task<ConversationResponse> ToResponseAsync(
        this ConversationInfo conversation, Guid viewerId, ProfileReader profiles)
    {
        var participants = await profiles.GetParticipantsAsync(conversation.ParticipantIds, viewerId);
        bool? blockedByMe = conversation.IsDirect
            ? await profiles.IsBlockingAsync(viewerId, conversation.ParticipantIds.FirstOrDefault(id => id != viewerId))
            : null;
        return new ConversationResponse(
            conversation.Id, conversation.IsDirect ? "direct" : "group", conversation.Title, participants, conversation.CreatedAt,
            blockedByMe);
    }
}
