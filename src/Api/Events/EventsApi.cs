using ChatBlock.Api.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace ChatBlock.Api.Events;

/// <summary>
/// <c>GET /api/v1/events</c>: the signed-in user's live events as Server-Sent Events (issue 4). Browsers' <c>EventSource</c>
/// cannot send headers, so on this route alone the token may come as the <c>access_token</c> query parameter (see
/// <see cref="EventsSetup"/>).
/// </summary>
public static class EventsApi
{
    /// <summary>The route, the one path where a query-string token is accepted.</summary>
    public const string Path = "/api/v1/events";

    /// <summary>Maps <c>GET /events</c> under <paramref name="api"/> (<c>/api/v1</c>).</summary>
    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/events").WithTags("Events").RequireAuthorization();
        group.MapGet("/", Stream);
        return api;
    }

    /// <summary>
    /// Streams <c>message.created</c> (every conversation of the caller), <c>block.created</c> and <c>block.deleted</c> (the
    /// caller's own blocks), <c>ready</c> and <c>resync</c>. With <c>Last-Event-ID</c> (or <paramref name="lastEventId"/> for a
    /// client that had to create a new <c>EventSource</c>) the messages stored since then come first; duplicates are possible
    /// within <see cref="EventsOptions.ReplayOverlap"/>, so clients drop messages whose id they already have.
    /// </summary>
    public static EventStreamResult Stream(
        CurrentUser me, [FromHeader(Name = "Last-Event-ID")] string? lastEventIdHeader, [FromQuery] string? lastEventId) =>
        new(me.Id, string.IsNullOrEmpty(lastEventIdHeader) ? NullIfEmpty(lastEventId) : lastEventIdHeader);

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
