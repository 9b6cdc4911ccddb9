namespace ChatBlock.Tests.Web;

/// <summary>A request the web client made, as recorded by a wrapped <c>window.fetch</c>.</summary>
/// <param name="Url">The URL as the page passed it (relative, e.g. <c>/api/v1/users/{id}/block</c>).</param>
/// <param name="Method">GET, POST, ...</param>
/// <param name="Body">The body text, or null when the request had none.</param>
/// <param name="Status">The answer's HTTP status, or null while it is awaited.</param>
/// <param name="Response">The answer's body text, or null while it is awaited.</param>
public sealed record RecordedRequest(string Url, string Method, string? Body, int? Status = null, string? Response = null);
