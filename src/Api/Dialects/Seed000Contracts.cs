namespace ChatBlock.Api.Dialects;

/// <summary>Seed 000's answers and refusals: <c>{"success", "message"}</c>.</summary>
/// <param name="Success">Whether the request did what it asked.</param>
/// <param name="Message">The seed's wording, e.g. <c>User blocked</c>.</param>
public sealed record Seed000Answer(bool Success, string Message);

/// <summary>One entry of <c>GET /api/users/me/blocked</c> (the seed's Prisma <c>select</c>).</summary>
/// <param name="Id">User id.</param>
/// <param name="Username">Username.</param>
/// <param name="AvatarUrl">Avatar URL as the caller may see it; null when unset.</param>
/// <param name="Name">Display name.</param>
public sealed record Seed000BlockedUser(Guid Id, string Username, string? AvatarUrl, string Name);

/// <summary>Body of <c>POST /api/messages/{conversationId}</c>.</summary>
/// <param name="Content">1-4000 characters.</param>
public sealed record Seed000SendRequest(string? Content);
