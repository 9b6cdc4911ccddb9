using System.Text.Json.Serialization;

namespace ChatBlock.Api.ImApi;

/// <summary>The IM API's success envelope (seeds 001/004): <c>{"RC":0,"RM":"OK","result":...}</c>.</summary>
/// <typeparam name="T">The result's shape.</typeparam>
/// <param name="Rc">Response code; 0 for success.</param>
/// <param name="Rm">Response message; <c>OK</c> for success.</param>
/// <param name="Result">The answer.</param>
public sealed record ImAnswer<T>(
    [property: JsonPropertyName("RC")] int Rc,
    [property: JsonPropertyName("RM")] string Rm,
    [property: JsonPropertyName("result")] T Result)
{
    /// <summary><c>{"RC":0,"RM":"OK","result":<paramref name="result"/>}</c>.</summary>
    public static ImAnswer<T> Ok(T result) => new(0, "OK", result);
}

/// <summary>The IM API's error envelope (seeds 001/004): <c>{"RC":404,"RM":"User not found","error":{code,message}}</c>.</summary>
/// <param name="Rc">The HTTP status.</param>
/// <param name="Rm">Short text, e.g. <c>User not found</c>.</param>
/// <param name="Error">The stable code (e.g. <c>USER_NOT_FOUND</c>) and a sentence.</param>
public sealed record ImFailure(
    [property: JsonPropertyName("RC")] int Rc,
    [property: JsonPropertyName("RM")] string Rm,
    [property: JsonPropertyName("error")] ImErrorBody Error);

/// <summary>The <c>error</c> member of <see cref="ImFailure"/>.</summary>
/// <param name="Code">Upper-case stable code, e.g. <c>INVALID_TOKEN</c>.</param>
/// <param name="Message">A sentence, e.g. <c>Invalid or expired token</c>.</param>
public sealed record ImErrorBody(
    [property: JsonPropertyName("code")] string Code, [property: JsonPropertyName("message")] string Message);

/// <summary>The block status object of seeds 001/004 (<c>result</c> of <c>POST /blockStatus/my/{blockee}</c>).</summary>
/// <param name="AppId">The app (<c>appID</c>).</param>
/// <param name="Blockee">The blocked user as the blocker sees them.</param>
/// <param name="Blocker">The blocker's external id.</param>
/// <param name="Room">The pair's direct conversation id (a UUID, usable as <c>/api/v1/conversations/{id}</c>).</param>
/// <param name="CreatedAt">When the block was made, ISO 8601 UTC with milliseconds.</param>
/// <param name="UpdatedAt">When it last changed, same format.</param>
public sealed record ImBlockStatus(
    [property: JsonPropertyName("appID")] string AppId,
    [property: JsonPropertyName("blockee")] ImBlockee Blockee,
    [property: JsonPropertyName("blocker")] string Blocker,
    [property: JsonPropertyName("room")] string Room,
    [property: JsonPropertyName("createdAt")] string CreatedAt,
    [property: JsonPropertyName("updatedAt")] string UpdatedAt);

/// <summary>The blocked user object of seeds 001/004, members in the seeds' example order.</summary>
/// <param name="UnderscoreId">The external id (<c>_id</c>).</param>
/// <param name="AvatarUrl">Avatar URL, or null (unset, or hidden because this user blocks the caller).</param>
/// <param name="Nickname">Name to show.</param>
/// <param name="Id">The external id again (<c>id</c>), as the seeds' example.</param>
/// <param name="LastLoginTimeMs">
/// Last activity in epoch milliseconds (rounded down to the minute), or null when none or hidden from the caller.
/// </param>
public sealed record ImBlockee(
    [property: JsonPropertyName("_id")] string UnderscoreId,
    [property: JsonPropertyName("avatarUrl")] string? AvatarUrl,
    [property: JsonPropertyName("nickname")] string Nickname,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("lastLoginTimeMS")] long? LastLoginTimeMs);

/// <summary>Result of <c>DELETE /blockStatus/my/{blockee}</c> (SPEC section 8).</summary>
/// <param name="AppId">The app (<c>appID</c>).</param>
/// <param name="Blocker">The caller's external id.</param>
/// <param name="Blockee">The unblocked user's external id.</param>
/// <param name="UnblockedAt">When, ISO 8601 UTC with milliseconds.</param>
public sealed record ImUnblockStatus(
    [property: JsonPropertyName("appID")] string AppId,
    [property: JsonPropertyName("blocker")] string Blocker,
    [property: JsonPropertyName("blockee")] string Blockee,
    [property: JsonPropertyName("unblockedAt")] string UnblockedAt);

/// <summary>Result of <c>GET /blockStatus/my?limit=&amp;cursor=</c>: block statuses, newest first.</summary>
/// <param name="Items">At most <c>limit</c> (1-100, default 50) block statuses.</param>
/// <param name="NextCursor">The next page's <c>cursor</c>, or null on the last page.</param>
public sealed record ImBlockList(
    [property: JsonPropertyName("items")] IReadOnlyList<ImBlockStatus> Items,
    [property: JsonPropertyName("nextCursor")] string? NextCursor);

/// <summary>Result of <c>GET /blockStatus/my/{blockee}</c>, as <c>GET /api/v1/users/{userId}/relationship</c> answers it.</summary>
/// <param name="BlockedByMe">Whether the caller blocks them.</param>
/// <param name="BlockedMe">Whether they block the caller; null unless <c>Blocking:Disclosure</c> is <c>Explicit</c>.</param>
/// <param name="CanMessage">Whether a direct message would be accepted, as far as the policy lets the caller know.</param>
public sealed record ImRelationship(
    [property: JsonPropertyName("blockedByMe")] bool BlockedByMe,
    [property: JsonPropertyName("blockedMe")] bool? BlockedMe,
    [property: JsonPropertyName("canMessage")] bool? CanMessage);
