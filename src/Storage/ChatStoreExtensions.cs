using System.Runtime.CompilerServices;

namespace ChatBlock.Storage;

/// <summary>Reads over <see cref="IChatStore"/> made of its paged calls.</summary>
public static class ChatStoreExtensions
{
    /// <summary>Page size of <see cref="EnumerateConversationsOfUserAsync"/>.</summary>
    public const int ConversationPageSize = 100;

    /// <summary>
    /// Every conversation listed to <paramref name="userId"/>, in the order of <see cref="IChatStore.GetConversationsOfUserAsync"/>
    /// (most recent activity first), read a page of <see cref="ConversationPageSize"/> at a time as the caller moves on.
    /// </summary>
    public static async IAsyncEnumerable<ConversationRecord> EnumerateConversationsOfUserAsync(
        this IChatStore store, Guid userId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ConversationCursor? after = null;
        do
        {
            var page = await store.GetConversationsOfUserAsync(userId, ConversationPageSize, after, cancellationToken)
                .ConfigureAwait(false);
            foreach (var conversation in page.Items)
            {
                yield return conversation;
            }

            after = page.Next;
        }
        while (after is not null);
    }
}
