using Circular.Portal.Marketplace;
using Circular.Portal.Tests.TestSupport;
using Microsoft.Extensions.Options;

namespace Circular.Portal.Tests.Marketplace;

public sealed class CvStoreTests
{
    private readonly CvStore _store = new(Options.Create(new StorageOptions { DataFolder = TestPaths.NewFolder("cv") }), new TestEnvironment());

    public static TheoryData<string, byte[], string, string> Accepted => new()
    {
        { "resume.pdf", CvSamples.Pdf(), "application/pdf", "resume.pdf" },
        { "resume.doc", CvSamples.Doc(), "application/msword", "resume.doc" },
        { "resume.docx", CvSamples.Docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "resume.docx" },
        // The name lies; the content decides.
        { "resume.txt", CvSamples.Pdf(), "application/pdf", "resume.pdf" },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public async Task Accepts_documents_by_content(string name, byte[] content, string contentType, string storedFileName)
    {
        var result = await _store.SaveAsync(new MemoryStream(content), name, default);

        Assert.Null(result.Error);
        Assert.Equal(contentType, result.File!.ContentType);
        Assert.Equal(storedFileName, result.File.FileName);
        Assert.NotEqual(name, result.File.StoredName);
        await using var stored = _store.OpenRead(result.File)!;
        using var copy = new MemoryStream();
        await stored.CopyToAsync(copy);
        Assert.Equal(content, copy.ToArray());
    }

    public static TheoryData<string, byte[]> Refused => new()
    {
        { "resume.pdf", CvSamples.Text() },
        { "resume.docx", CvSamples.PlainZip() },
        { "resume.pdf", [] },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Refuses_files_whose_content_is_not_a_document_and_keeps_nothing(string name, byte[] content)
    {
        var result = await _store.SaveAsync(new MemoryStream(content), name, default);

        Assert.Null(result.File);
        Assert.NotNull(result.Error);
        Assert.Empty(Directory.GetFiles(_store.Folder));
    }

    [Fact]
    public async Task Refuses_a_file_over_10_MB_without_reading_it_all()
    {
        var source = new CountingStream(CvSamples.Pdf(), CvStore.MaxBytes * 3);

        var result = await _store.SaveAsync(source, "big.pdf", default);

        Assert.Equal("The CV is larger than 10 MB.", result.Error);
        Assert.True(source.Position < CvStore.MaxBytes + 200_000, $"read {source.Position} bytes");
        Assert.Empty(Directory.GetFiles(_store.Folder));
    }

    [Fact]
    public async Task Accepts_a_file_of_exactly_10_MB()
    {
        var result = await _store.SaveAsync(new CountingStream(CvSamples.Pdf(), CvStore.MaxBytes), "max.pdf", default);

        Assert.Null(result.Error);
        Assert.Equal(CvStore.MaxBytes, result.File!.SizeBytes);
    }

    /// <summary>A stream of <paramref name="length"/> bytes starting with <paramref name="head"/>, generated as it is read.</summary>
    private sealed class CountingStream(byte[] head, long length) : Stream
    {
        private long _position;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            for (var i = 0; i < n; i++)
            {
                var at = _position + i;
                buffer[offset + i] = at < head.Length ? head[at] : (byte)'x';
            }
            _position += n;
            return n;
        }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
