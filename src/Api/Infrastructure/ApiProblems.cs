using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ChatBlock.Api.Infrastructure;

/// <summary>
/// RFC 9457 problem details with the stable machine-readable <c>code</c> member of SPEC section 4 (usable as an i18n key).
/// <c>traceId</c> is added to every problem by <see cref="ProblemDetailsSetup"/>.
/// </summary>
public static class ApiProblems
{
    /// <summary>
    /// A problem with <paramref name="status"/>, <paramref name="code"/>, a short <paramref name="title"/> and optional detail.
    /// </summary>
    public static ProblemDetails Create(int status, string code, string title, string? detail = null) => new()
    {
        Status = status,
        Title = title,
        Detail = detail,
        Extensions = { ["code"] = code },
    };

    /// <summary>The same as <see cref="Create"/>, as an endpoint result.</summary>
    public static ProblemHttpResult Result(int status, string code, string title, string? detail = null) =>
        TypedResults.Problem(Create(status, code, title, detail));

    /// <summary><c>400 request.invalid</c>.</summary>
    public static ProblemHttpResult Invalid(string detail) => Result(400, "request.invalid", "The request is invalid.", detail);

    /// <summary><c>400 request.invalid_id</c>: a malformed UUID in the path, query or body.</summary>
    public static ProblemHttpResult InvalidId(string name) =>
        Result(400, "request.invalid_id", "An id is malformed.", $"'{name}' must be a UUID such as 3f2504e0-4f89-11d3-9a0c-0305e82c3301.");

    /// <summary><c>404 user.not_found</c>.</summary>
    public static ProblemHttpResult UserNotFound() => Result(404, "user.not_found", "User not found.");

    /// <summary><c>404 conversation.not_found</c>, also for a conversation the caller does not take part in.</summary>
    public static ProblemHttpResult ConversationNotFound() => Result(404, "conversation.not_found", "Conversation not found.");
}
