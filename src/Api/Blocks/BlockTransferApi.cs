using System.Globalization;
using ChatBlock.Api.Infrastructure;
using ChatBlock.Api.Limits;
using ChatBlock.Grains;
using ChatBlock.Silo.Runtime;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace ChatBlock.Api.Blocks;

/// <summary>Block list export and import (SPEC section 10): <c>/users/me/blocks/export</c> and <c>/users/me/blocks/import</c>.</summary>
public static class BlockTransferApi
{
    /// <summary>The CSV columns, in order, of the export (and the header row an import may use).</summary>
    public static readonly IReadOnlyList<string> CsvColumns = ["userId", "username", "createdAt", "expiresAt", "note"];

    /// <summary>Maps export and import on <paramref name="users"/> (the authorized <c>/users</c> group).</summary>
    public static RouteGroupBuilder MapBlockTransferApi(this RouteGroupBuilder users)
    {
        users.MapGet("/me/blocks/export", ExportAsync)
            .Produces<BlockExportResponse>(contentType: "application/json")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesProblems(400);
        users.MapPost("/me/blocks/import", ImportAsync)
            .Accepts<BlockImportDocument>("application/json", "text/csv")
            .WithMetadata(new RequestSizeLimitAttribute(BlockImportReader.MaxBodyBytes))
            .ProducesProblems(400, 413, 415, 429);
        return users;
    }

    /// <summary>
    /// Every block of the caller as a download (<c>Content-Disposition: attachment</c>): <c>format=json</c> (the default)
    /// <see cref="BlockExportResponse"/>, or <c>format=csv</c> (<c>text/csv</c>, RFC 4180, the header row
    /// <c>userId,username,createdAt,expiresAt,note</c>). Another format is <c>400 request.invalid</c>.
    /// </summary>
    public static async Task<Results<Ok<BlockExportResponse>, FileContentHttpResult, ProblemHttpResult>> ExportAsync(
        [FromQuery] string? format, CurrentUser me, IGrainFactory grains, HttpResponse response, TimeProvider clock)
    {
        var csv = string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase);
        if (!csv && format is not null && !string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
        {
            return ApiProblems.Invalid("'format' must be 'json' or 'csv'.");
        }

        var entries = await grains.GetGrain<IUserGrain>(me.Id).ExportBlocksAsync();
        var items = entries.Select(e => new BlockExportItem(e.UserId, e.Username, e.CreatedAt, e.ExpiresAt, e.Note)).ToList();
        var fileName = $"blocks-{clock.GetUtcNow():yyyy-MM-dd}.{(csv ? "csv" : "json")}";
        if (csv)
        {
            var text = Csv.Write([CsvColumns, .. items.Select(CsvRecord)]);
            return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(text), "text/csv; charset=utf-8", fileName);
        }

        response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = fileName }.ToString();
        return TypedResults.Ok(new BlockExportResponse(items));
    }

    /// <summary>
    /// Imports a block list (JSON or CSV, as the export writes it; <see cref="BlockImportReader"/>): <c>mode=merge</c> (the
    /// default) adds blocks, <c>mode=overwrite</c> also removes the blocks the file does not name; <c>dryRun=true</c> answers the
    /// same diff and changes nothing. Applied atomically; one permit of the block limit when it adds blocks (<c>429
    /// rate_limited</c> with <c>Retry-After</c> otherwise, nothing changed); unknown users and the caller are reported, not errors.
    /// </summary>
    public static async Task<Results<Ok<BlockImportResponse>, ProblemHttpResult>> ImportAsync(
        [FromQuery] string? mode, [FromQuery] string? dryRun, HttpRequest request, CurrentUser me, IGrainFactory grains,
        BlockImportReader reader, CancellationToken cancellationToken)
    {
        var overwrite = string.Equals(mode, "overwrite", StringComparison.OrdinalIgnoreCase);
        if (!overwrite && mode is not null && !string.Equals(mode, "merge", StringComparison.OrdinalIgnoreCase))
        {
            return ApiProblems.Invalid("'mode' must be 'merge' or 'overwrite'.");
        }

        var dry = false;
        if (dryRun is not null && !bool.TryParse(dryRun, out dry))
        {
            return ApiProblems.Invalid("'dryRun' must be 'true' or 'false'.");
        }

        var (items, problem) = await reader.ReadAsync(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var result = await grains.GetGrain<IUserGrain>(me.Id).ImportBlocksAsync(items!, overwrite, dry);
        if (result.RetryAfter is { } wait)
        {
            RateLimits.SetRetryAfter(request.HttpContext.Response, wait);
            return ApiProblems.BlockRateLimited();
        }

        return TypedResults.Ok(
            new BlockImportResponse(result.Added, result.Removed, result.AlreadyBlocked, result.Unknown, result.Self));
    }

    private static IReadOnlyList<string?> CsvRecord(BlockExportItem item) =>
    [
        item.UserId.ToString("D"),
        item.Username,
        Time(item.CreatedAt),
        item.ExpiresAt is { } expires ? Time(expires) : null,
        item.Note,
    ];

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
