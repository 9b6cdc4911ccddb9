using System.Text;

namespace ChatBlock.Api.Blocks;

/// <summary>
/// Comma-separated values as RFC 4180 defines them, for block list export and import (SPEC section 10): records end with CRLF, a
/// field holding a comma, a double quote, CR or LF is written in double quotes with its quotes doubled.
/// </summary>
/// <remarks>
/// The reader also takes LF line ends, a UTF-8 byte order mark, and a missing final line end. It answers a malformed document
/// (a quote inside an unquoted field, text after a closing quote, an unterminated quoted field) with the record's number
/// rather than guessing.
/// </remarks>
public static class Csv
{
    /// <summary>Writes <paramref name="records"/> (each a list of fields; null is an empty field) as one CSV document.</summary>
    public static string Write(IEnumerable<IReadOnlyList<string?>> records)
    {
        var text = new StringBuilder();
        foreach (var record in records)
        {
            for (var i = 0; i < record.Count; i++)
            {
                if (i > 0)
                {
                    text.Append(',');
                }

                var field = record[i] ?? string.Empty;
                if (field.AsSpan().IndexOfAny(",\"\r\n") < 0)
                {
                    text.Append(field);
                }
                else
                {
                    text.Append('"').Append(field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
                }
            }

            text.Append("\r\n");
        }

        return text.ToString();
    }

    /// <summary>
    /// Reads a CSV document into records of fields, in order. A line end inside a quoted field belongs to the field (as written;
    /// CRLF stays CRLF). Lines that are wholly empty (no characters at all) are skipped.
    /// </summary>
    /// <param name="text">The document.</param>
    /// <param name="records">The records, each with the number of its first line (1-based).</param>
    /// <param name="error">Why the document is malformed, naming the line; null when it was read.</param>
    /// <returns>Whether the document was read.</returns>
    public static bool TryRead(string text, out List<(int Line, List<string> Fields)> records, out string? error)
    {
        records = [];
        error = null;
        var position = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var line = 1;
        while (position < text.Length)
        {
            if (text[position] is '\r' or '\n')
            {
                position = SkipLineEnd(text, position);
                line++;
                continue;
            }

            var start = line;
            var fields = new List<string>();
            var field = new StringBuilder();
            while (true)
            {
                if (position < text.Length && text[position] == '"')
                {
                    position++;
                    while (true)
                    {
                        if (position >= text.Length)
                        {
                            error = $"Line {start}: a quoted field is not closed.";
                            return false;
                        }

                        var c = text[position++];
                        if (c == '"')
                        {
                            if (position < text.Length && text[position] == '"')
                            {
                                field.Append('"');
                                position++;
                                continue;
                            }

                            break;
                        }

                        if (c == '\n')
                        {
                            line++;
                        }

                        field.Append(c);
                    }

                    if (position < text.Length && text[position] is not (',' or '\r' or '\n'))
                    {
                        error = $"Line {line}: a quoted field must be followed by a comma or the end of the line.";
                        return false;
                    }
                }
                else
                {
                    while (position < text.Length && text[position] is not (',' or '\r' or '\n'))
                    {
                        if (text[position] == '"')
                        {
                            error = $"Line {line}: a double quote inside a field that does not start with one; quote the field "
                                + "and double the quote.";
                            return false;
                        }

                        field.Append(text[position++]);
                    }
                }

                fields.Add(field.ToString());
                field.Clear();
                if (position < text.Length && text[position] == ',')
                {
                    position++;
                    continue;
                }

                break;
            }

            records.Add((start, fields));
            if (position < text.Length)
            {
                position = SkipLineEnd(text, position);
                line++;
            }
        }

        return true;
    }

    private static int SkipLineEnd(string text, int position) =>
        text[position] == '\r' && position + 1 < text.Length && text[position + 1] == '\n' ? position + 2 : position + 1;
}
