using System.Text.Json;
using ChatBlock.Grains;
using ChatBlock.Storage;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace ChatBlock.Api.Events;

/// <summary>
/// Finds the messages a user missed since a <c>Last-Event-ID</c> position, with existing <see cref="IChatStore"/> reads only
/// (<see cref="IChatStore.GetConversationsOfUserAsync"/> and <see cref="IChatStore.GetMessagesAsync"/>), so every storage
/// provider supports it as it is. Only <c>message.created</c> is replayed: block events are not stored as events, and a
/// client refreshes its block state on every <c>ready</c>.
/// </summary>
/// <remarks>
/// Conversations come most recently active first and each one's messages newest first; a conversation is read until its
/// messages are older than the position less <see cref="EventsOptions.ReplayOverlap"/>. Unless the disclosure policy is
/// Shadow, the scan stops at the first conversation with nothing that new, because every later one was last active earlier
/// (under Shadow, messages hidden from this user also count as activity, so every conversation is read).
/// </remarks>
public sealed class EventReplayer(
    IChatStore store, IOptions<EventsOptions> options, IOptions<BlockingOptions> blocking, IOptions<JsonOptions> json)
{
    private const int PageSize = 100;
    private readonly JsonSerializerOptions _json = json.Value.SerializerOptions;

    /// <summary>The messages <paramref name="userId"/> may see that were created after <paramref name="since"/>, oldest first.</summary>
    public async Task<ReplayResult> ReplayAsync(Guid userId, EventCursor since, CancellationToken cancellationToken = default)
    {
        var limit = options.Value.ReplayLimit;
        var cutoff = since.Time - options.Value.ReplayOverlap;
        var stopEarly = blocking.Value.Disclosure != DisclosurePolicy.Shadow;
        var missed = new List<MessageRecord>();
        await foreach (var conversation in store.EnumerateConversationsOfUserAsync(userId, cancellationToken))
        {
            var newest = conversation.CreatedAt;
            Guid? before = null;
            var more = true;
            while (more)
            {
                var page = await store.GetMessagesAsync(conversation.Id, userId, before, PageSize, cancellationToken);
                if (before is null && page.Count > 0)
                {
                    newest = page[0].CreatedAt;
                }

                more = page.Count == PageSize;
                foreach (var message in page)
                {
                    if (message.CreatedAt < cutoff)
                    {
                        more = false;
                        break;
                    }

                    if (message.Id != since.MessageId)
                    {
                        missed.Add(message);
                    }
                }

                if (missed.Count > limit)
                {
                    return new ReplayResult([], Complete: false);
                }

                before = page.Count > 0 ? page[^1].Id : null;
            }

            if (stopEarly && newest < cutoff)
            {
                break;
            }
        }

        var events = missed.OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).Select(m => MessageEvents.Created(m, _json)).ToList();
        return new ReplayResult(events, Complete: true);
    }
}
