using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ChatBlock.Api.Infrastructure;
using ChatBlock.Grains;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace ChatBlock.Api.Blocks;

/// <summary>
/// Reads the body of <c>POST /users/me/blocks/import</c> (SPEC section 10): JSON (<c>application/json</c>,
/// <see cref="BlockImportDocument"/>) or CSV (<c>text/csv</c>, a header row with at least one of <c>userId</c> and
/// <c>username</c>; <c>createdAt</c> and unknown columns are ignored, <c>expiresAt</c> and <c>note</c> are checked). A bad body
/// is answered as a problem naming the row, and nothing is imported.
/// </summary>
public sealed class BlockImportReader(IOptions<JsonOptions> json)
{
    /// <summary>Most rows one import takes.</summary>
    public const int MaxRows = 10_000;

    /// <summary>Largest body, in bytes (16 MiB: 10,000 rows with long notes); beyond it <c>413 request.too_large</c>.</summary>
    public const long MaxBodyBytes = 16L * 1024 * 1024;

    /// <summary>Longest note, in characters (SPEC section 10).</summary>
    public const int MaxNoteLength = 280;

    private static readonly string[] Columns = ["userId", "username", "createdAt", "expiresAt", "note"];

    /// <summary>
    /// The rows of the body, or the problem: <c>400 request.invalid</c> (malformed, no user named, more than
    /// <see cref="MaxRows"/> rows), <c>400 request.invalid_id</c> (a malformed <c>userId</c>), <c>413 request.too_large</c>,
    /// <c>415 request.unsupported_media_type</c> (neither JSON nor CSV).
    /// </summary>
    public async Task<(IReadOnlyList<BlockImportItem>? Items, ProblemHttpResult? Problem)> ReadAsync(
        HttpRequest request, CancellationToken cancellationToken = default)
    {
        var mediaType = MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) ? parsed.MediaType : null;
        var isJson = string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase);
        var isCsv = string.Equals(mediaType, "text/csv", StringComparison.OrdinalIgnoreCase);
        if (!isJson && !isCsv)
        {
            return (null, Problem(
                415, "request.unsupported_media_type", "The body must be JSON or CSV.",
                "Send 'Content-Type: application/json' (as the JSON export) or 'text/csv' (as the CSV export)."));
        }

        try
        {
            return isJson ? await ReadJsonAsync(request, cancellationToken) : await ReadCsvAsync(request, cancellationToken);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, Problem(
                413, "request.too_large", "The body is too large.", $"An import body holds at most {MaxBodyBytes} bytes."));
        }
    }

    private async Task<(IReadOnlyList<BlockImportItem>?, ProblemHttpResult?)> ReadJsonAsync(
        HttpRequest request, CancellationToken cancellationToken)
    {
        BlockImportDocument? document;
        try
        {
            document = await JsonSerializer.DeserializeAsync<BlockImportDocument>(
                request.Body, json.Value.SerializerOptions, cancellationToken);
        }
        catch (JsonException e)
        {
            return (null, ApiProblems.Invalid(
                $"The JSON body is malformed at {e.Path ?? "$"} (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})."));
        }

        if (document?.Items is not { } items)
        {
            return (null, ApiProblems.Invalid("The JSON body must be an object with an 'items' array."));
        }

        if (TooMany(items.Count) is { } tooMany)
        {
            return (null, tooMany);
        }

        var rows = new List<BlockImportItem>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var (row, problem) = Row($"items[{i}]", item?.UserId, item?.Username, item?.ExpiresAt, item?.Note);
            if (problem is not null)
            {
                return (null, problem);
            }

            rows.Add(row!);
        }

        return (rows, null);
    }

    private static async Task<(IReadOnlyList<BlockImportItem>?, ProblemHttpResult?)> ReadCsvAsync(
        HttpRequest request, CancellationToken cancellationToken)
    {
        string text;
        using (var reader = new StreamReader(request.Body, new UTF8Encoding(false, throwOnInvalidBytes: true)))
        {
            try
            {
                text = await reader.ReadToEndAsync(cancellationToken);
            }
            catch (DecoderFallbackException)
            {
                return (null, ApiProblems.Invalid("The CSV body is not UTF-8 text."));
            }
        }

        if (!Csv.TryRead(text, out var records, out var error))
        {
            return (null, ApiProblems.Invalid($"The CSV body is malformed. {error}"));
        }

        if (records.Count == 0)
        {
            return (null, ApiProblems.Invalid("The CSV body has no header row; the first line names the columns, e.g. userId,username."));
        }

        var header = records[0].Fields.Select(f => f.Trim()).ToList();
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Count; i++)
        {
            var known = Columns.FirstOrDefault(c => string.Equals(c, header[i], StringComparison.OrdinalIgnoreCase));
            if (known is not null && !index.TryAdd(known, i))
            {
                return (null, ApiProblems.Invalid($"The CSV header names the column '{known}' twice."));
            }
        }

        if (!index.ContainsKey("userId") && !index.ContainsKey("username"))
        {
            return (null, ApiProblems.Invalid("The CSV header must have a 'userId' or a 'username' column (or both)."));
        }

        if (TooMany(records.Count - 1) is { } tooMany)
        {
            return (null, tooMany);
        }

        string? Field(List<string> fields, string column) =>
            index.TryGetValue(column, out var at) && fields[at].Trim() is { Length: > 0 } value ? value : null;

        var rows = new List<BlockImportItem>(records.Count - 1);
        foreach (var (line, fields) in records.Skip(1))
        {
            if (fields.Count != header.Count)
            {
                return (null, ApiProblems.Invalid(
                    $"Line {line}: {fields.Count} fields, but the header has {header.Count}."));
            }

            var (row, problem) = Row(
                $"Line {line}", Field(fields, "userId"), Field(fields, "username"), Field(fields, "expiresAt"), Field(fields, "note"));
            if (problem is not null)
            {
                return (null, problem);
            }

            rows.Add(row!);
        }

        return (rows, null);
    }

    private static (BlockImportItem?, ProblemHttpResult?) Row(string where, string? userId, string? username, string? expiresAt, string? note)
    {
        Guid? id = null;
        if (!string.IsNullOrWhiteSpace(userId))
        {
            if (!Guid.TryParseExact(userId.Trim(), "D", out var parsed))
            {
                return (null, Problem(
                    400, "request.invalid_id", "An id is malformed.",
                    $"{where}: 'userId' must be a UUID such as 3f2504e0-4f89-11d3-9a0c-0305e82c3301."));
            }

            id = parsed;
        }
        else if (string.IsNullOrWhiteSpace(username))
        {
            return (null, ApiProblems.Invalid($"{where} names no user: give 'userId' or 'username'."));
        }

        if (!string.IsNullOrWhiteSpace(expiresAt)
            && !DateTimeOffset.TryParse(expiresAt, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _))
        {
            return (null, ApiProblems.Invalid($"{where}: 'expiresAt' must be an ISO 8601 time such as 2026-12-31T00:00:00Z."));
        }

        if (note is { Length: > MaxNoteLength })
        {
            return (null, ApiProblems.Invalid($"{where}: 'note' has more than {MaxNoteLength} characters."));
        }

        return (new BlockImportItem(id, id is null ? username!.Trim() : null), null);
    }

    private static ProblemHttpResult? TooMany(int rows) => rows > MaxRows
        ? ApiProblems.Invalid($"An import holds at most {MaxRows} rows; this one has {rows}. Split it into several imports.")
        : null;

    private static ProblemHttpResult Problem(int status, string code, string title, string detail) =>
        TypedResults.Problem(new ProblemDetails { Status = status, Title = title, Detail = detail, Extensions = { ["code"] = code } });
}
