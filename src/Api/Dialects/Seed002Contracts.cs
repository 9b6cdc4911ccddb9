namespace ChatBlock.Api.Dialects;

/// <summary>Seed 002's <c>SuccessOnlyResponseDto</c>: <c>{"success": true}</c>.</summary>
/// <param name="Success">Always true.</param>
public sealed record Seed002Success(bool Success);

/// <summary>Seed 002's error envelope: <c>{"success": false, "error": {...}}</c>.</summary>
/// <param name="Success">Always false.</param>
/// <param name="Error">What went wrong.</param>
public sealed record Seed002Failure(bool Success, Seed002ErrorBody Error);

/// <summary>The <c>error</c> member of <see cref="Seed002Failure"/>.</summary>
/// <param name="Code">The SPEC section 4 code, e.g. <c>user.block.self</c>.</param>
/// <param name="Message">Human-readable text (English).</param>
/// <param name="I18nKey">The same as <paramref name="Code"/> (SPEC section 9).</param>
/// <param name="CorrelationId">The request's trace id, as in the server's logs.</param>
public sealed record Seed002ErrorBody(string Code, string Message, string I18nKey, string CorrelationId);
