namespace ChatBlock.Api.Dialects;

/// <summary>
/// Endpoint metadata of a dialect's route group: how that dialect writes the errors the pipeline raises before or around its
/// handlers (<c>401</c> without a valid token, <c>400</c> for a malformed id, <c>429</c> from the block rate limit, <c>500</c>),
/// which elsewhere are problem details. <see cref="DialectProblemWriter"/> looks for it (SPEC section 9).
/// </summary>
/// <param name="Dialect">Name for logs and OpenAPI, e.g. <c>Seed 002 dialect</c>.</param>
/// <param name="Body">The JSON body (serialized by its runtime type) for an error.</param>
public sealed record DialectErrors(string Dialect, Func<DialectError, object> Body);
