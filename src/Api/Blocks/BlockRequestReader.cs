using System.Text.Json;
using ChatBlock.Grains;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace ChatBlock.Api.Blocks;

/// <summary>
/// Reads and validates the optional body of every block route (<c>/api/v1</c>, the chat-scoped route and the dialects) and the
/// body of <c>PATCH /users/{userId}/block</c> against SPEC section 10: an expiry from <c>Blocking:TimedBlocks:MinDuration</c> to
/// one year ahead (<c>expiresAt</c> or <c>expiresIn</c> seconds, not both), a note of at most 280 characters. A request without a
/// body, or whose body is not JSON, blocks exactly as before timed blocks existed: permanently, without a note.
/// </summary>
public sealed class BlockRequestReader(IOptions<BlockingOptions> options, IOptions<JsonOptions> json, TimeProvider timeProvider)
{
    private const string Shape = "The body must be a JSON object {expiresAt?, expiresIn?, note?, report?}.";

    /// <summary>
    /// The terms of a block request: <see cref="BlockTerms.Permanent"/> without a body; otherwise what the body asks for, or why it
    /// is not acceptable (the detail of a <c>400 request.invalid</c>; nothing may change then).
    /// </summary>
    public async Task<(BlockTerms? Terms, string? Error)> ReadBlockAsync(HttpRequest request, CancellationToken cancellationToken = default)
    {
        var (body, error) = await ReadBodyAsync(request, cancellationToken);
        if (error is not null)
        {
            return (null, error);
        }

        if (body is null)
        {
            return (BlockTerms.Permanent, null);
        }

        var (expiresAt, expiryError) = Expiry(body);
        if (expiryError is not null)
        {
            return (null, expiryError);
        }

        if (TimedBlockRules.ValidateNote(body.Note) is { } noteError)
        {
            return (null, noteError);
        }

        var terms = new BlockTerms(expiresAt, TimedBlockRules.NormalizeNote(body.Note));
        if (body.Report is not { } report)
        {
            return (terms, null);
        }

        return ReportRules.Validate(report.Reason, report.MessageIds, report.Comment) is { } reportError
            ? (null, reportError)
            : (terms with { Report = new BlockReport(report.Reason!, report.MessageIds ?? [], report.Comment) }, null);
    }

    /// <summary>
    /// The change a <c>PATCH</c> asks for: the members it names (<c>expiresAt</c> or <c>expiresIn</c>, <c>note</c>), validated as
    /// for a block; an empty body or one naming none of them is invalid.
    /// </summary>
    public async Task<(BlockPatch? Patch, string? Error)> ReadPatchAsync(HttpRequest request, CancellationToken cancellationToken = default)
    {
        var (body, error) = await ReadBodyAsync(request, cancellationToken);
        if (error is not null)
        {
            return (null, error);
        }

        if (body is null || (!body.HasExpiresAt && body.ExpiresIn is null && !body.HasNote))
        {
            return (null, "Name at least one of 'expiresAt' (or 'expiresIn') and 'note' in a JSON body.");
        }

        var (expiresAt, expiryError) = Expiry(body);
        if (expiryError is not null)
        {
            return (null, expiryError);
        }

        return TimedBlockRules.ValidateNote(body.Note) is { } noteError
            ? (null, noteError)
            : (new BlockPatch(
                body.HasExpiresAt || body.ExpiresIn is not null, expiresAt, body.HasNote, TimedBlockRules.NormalizeNote(body.Note)), null);
    }

    private (DateTimeOffset? ExpiresAt, string? Error) Expiry(BlockRequest body)
    {
        if (body.HasExpiresAt && body.ExpiresIn is not null)
        {
            return (null, "Give 'expiresAt' or 'expiresIn', not both.");
        }

        var now = timeProvider.GetUtcNow();
        var minDuration = options.Value.TimedBlocks.MinDuration;
        if (body.ExpiresIn is { } seconds)
        {
            // Checked before it becomes a time, so that no number can overflow one.
            var most = (long)TimedBlockRules.MaxDuration.TotalSeconds;
            if (seconds <= 0 || seconds > most)
            {
                return (null, $"'expiresIn' must be from {Math.Ceiling(minDuration.TotalSeconds)} to {most} seconds.");
            }

            var expiresAt = now.AddSeconds(seconds);
            return (expiresAt, TimedBlockRules.ValidateExpiry(expiresAt, now, minDuration));
        }

        return body.ExpiresAt is { } at ? (at, TimedBlockRules.ValidateExpiry(at, now, minDuration)) : (null, null);
    }

    private async Task<(BlockRequest? Body, string? Error)> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        // No body, or one that is not JSON: what a block request was before it took a body.
        if (request.ContentLength == 0 || !request.HasJsonContentType()
            || request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false })
        {
            return (null, null);
        }

        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, null);
        }

        try
        {
            return JsonSerializer.Deserialize<BlockRequest>(text, json.Value.SerializerOptions) is { } body ? (body, null) : (null, Shape);
        }
        catch (JsonException)
        {
            return (null, Shape);
        }
    }
}
