using ChatBlock.Api.Blocks;

namespace ChatBlock.Tests.Api;

/// <summary>The RFC 4180 writer and reader of block list export and import (SPEC section 10).</summary>
public sealed class BlockImportCsvTests
{
    [Fact]
    public void FieldsWithCommasQuotesAndLineBreaksAreQuotedAndReadBack()
    {
        string?[][] records =
        [
            ["userId", "note"],
            ["plain", "a, b"],
            ["say \"hi\"", "two\r\nlines"],
            ["lf\nonly", null],
            ["", "  spaces kept  "],
        ];

        var text = Csv.Write(records);

        Assert.Equal(
            "userId,note\r\nplain,\"a, b\"\r\n\"say \"\"hi\"\"\",\"two\r\nlines\"\r\n\"lf\nonly\",\r\n,  spaces kept  \r\n", text);
        Assert.True(Csv.TryRead(text, out var read, out var error), error);
        Assert.Equal(records.Select(r => r.Select(f => f ?? string.Empty)), read.Select(r => r.Fields));
        Assert.Equal([1, 2, 3, 5, 7], read.Select(r => r.Line));
    }

    [Fact]
    public void LfLineEndsAByteOrderMarkAndAMissingFinalLineEndAreRead()
    {
        Assert.True(Csv.TryRead("\uFEFFa,b\n1,2\n\n3,\"4\"", out var read, out _));

        Assert.Equal([["a", "b"], ["1", "2"], ["3", "4"]], read.Select(r => r.Fields));
    }

    [Theory]
    [InlineData("a\r\n\"open", "Line 2")]
    [InlineData("a\r\nx\"y", "Line 2")]
    [InlineData("a\r\n\"x\"y", "Line 2")]
    public void AMalformedDocumentNamesTheLine(string text, string line)
    {
        Assert.False(Csv.TryRead(text, out _, out var error));
        Assert.StartsWith(line, error);
    }
}
