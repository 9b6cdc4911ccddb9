using ChatBlock.Api.Blocks;
using ChatBlock.Api.Infrastructure;
using ChatBlock.Grains;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChatBlock.Api.Dialects;

/// <summary>
/// Seed 002's dialect (a NestJS API reference, SPEC section 9): <c>POST /api/v1/users/block/{userId}</c> answering
/// <c>200 {"success":true}</c>, errors as <c>{"success":false,"error":{code,message,i18nKey,correlationId}}</c> with the
/// section 4 code as <c>code</c> and <c>i18nKey</c>.
/// </summary>
public static class Seed002Api
{
    /// <summary>The OpenAPI tag of this dialect.</summary>
    public const string Tag = "Seed 002 dialect";

    /// <summary>Maps the route under <c>/api/v1/users/block</c>, with this dialect's envelope for every error.</summary>
    public static IEndpointRouteBuilder MapSeed002Api(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/users/block").WithTags(Tag).RequireAuthorization()
            .WithMetadata(new DialectErrors(Tag, Failure));
        group.MapPost("/{userId}", BlockAsync)
            .ProducesFailures<Seed002Failure>(400, 401, 404, 409, 429);
        return app;
    }

    /// <summary>
    /// Blocks a user (seed 002 <c>blockUser</c>): 200 <c>{"success":true}</c>; 400 <c>user.block.self</c>, 404
    /// <c>user.not_found</c>, 409 <c>user.block.already_blocked</c>; 400, 401 and 429 come from the pipeline. Takes the optional
    /// timed-block body of SPEC section 10 (<c>400 request.invalid</c> in this envelope when it is not acceptable).
    /// </summary>
    public static async Task<Results<Ok<Seed002Success>, JsonHttpResult<Seed002Failure>>> BlockAsync(
        Guid userId, CurrentUser me, DialectCommands commands, HttpContext context)
    {
        var (terms, invalid) = await commands.ReadBlockTermsAsync(context);
        if (invalid is not null)
        {
            return Fail(context, 400, "request.invalid", invalid);
        }

        var result = await commands.BlockAsync(me.Id, userId, terms);
        return result.Outcome switch
        {
            BlockOutcome.Blocked => TypedResults.Ok(new Seed002Success(true)),
            BlockOutcome.RateLimited => DialectRateLimit.Refuse(context, result, Failure),
            BlockOutcome.Self => Fail(context, 400, "user.block.self", "You cannot block yourself."),
            BlockOutcome.UserNotFound => Fail(context, 404, "user.not_found", "User not found."),
            BlockOutcome.InvalidReportMessage => Fail(context, 400, "report.invalid_message", "A reported message is not one the blocked user sent in a conversation you are in."),
            _ => Fail(context, 409, "user.block.already_blocked", "You already block this user."),
        };
    }

    /// <summary>This dialect's body for <paramref name="error"/>: the section 4 code and wording in seed 002's envelope.</summary>
    public static Seed002Failure Failure(DialectError error) =>
        new(false, new Seed002ErrorBody(error.Code, error.Message, error.Code, error.CorrelationId));

    private static JsonHttpResult<Seed002Failure> Fail(HttpContext context, int status, string code, string message) =>
        TypedResults.Json(Failure(new DialectError(status, code, message, DialectError.CorrelationIdOf(context))), statusCode: status);
}
