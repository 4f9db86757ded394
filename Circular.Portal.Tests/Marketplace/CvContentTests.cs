using System.Net;
using System.Net.Http.Headers;
using Circular.Portal.Marketplace;
using Circular.Portal.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Circular.Portal.Tests.Marketplace;

/// <summary>CVs are what their content says: DOCX limits read from the zip's directory, Word-only OLE2, no HTML in a PDF, the stored name from the content.</summary>
public sealed class CvContentTests
{
    private readonly CvStore _store = new(Options.Create(new StorageOptions { DataFolder = TestPaths.NewFolder("cv-content") }), new TestEnvironment());

    private async Task<CvSaveResult> SaveAsync(byte[] content, string name = "resume") =>
        await _store.SaveAsync(new MemoryStream(content), name, default);

    [Fact]
    public async Task A_DOCX_with_more_parts_than_the_limit_is_refused()
    {
        var result = await SaveAsync(CvSamples.DocxWithEntries(CvContent.MaxDocxEntries + 1), "resume.docx");

        Assert.Equal($"The DOCX has more than {CvContent.MaxDocxEntries} parts.", result.Error);
        Assert.Empty(Directory.GetFiles(_store.Folder));
    }

    [Fact]
    public async Task A_DOCX_that_unpacks_past_the_limit_is_refused_from_its_directory()
    {
        var content = CvSamples.DocxUnpackingTo(CvContent.MaxDocxUncompressedBytes + 1024 * 1024);
        Assert.True(content.Length < CvStore.MaxBytes, "the sample should be small on disk");

        var result = await SaveAsync(content, "resume.docx");

        Assert.Equal("The DOCX unpacks to more than 100 MB.", result.Error);
        Assert.Empty(Directory.GetFiles(_store.Folder));
    }

    [Theory]
    [InlineData("../../evil.sh")]
    [InlineData("word/../../evil.sh")]
    [InlineData("/etc/cron.d/evil")]
    [InlineData("word\\..\\evil.dll")]
    [InlineData("C:/evil.dll")]
    public async Task A_DOCX_with_a_part_named_to_climb_out_of_its_folder_is_refused(string name)
    {
        var result = await SaveAsync(CvSamples.DocxWith((name, "x")), "resume.docx");

        Assert.Equal("The DOCX holds a part with an unsafe name.", result.Error);
        Assert.Empty(Directory.GetFiles(_store.Folder));
    }

    [Fact]
    public async Task An_OLE2_file_that_is_not_a_Word_document_is_refused()
    {
        var result = await SaveAsync(CvSamples.Xls(), "resume.doc");

        Assert.Equal("The CV is an Office file but not a Word document.", result.Error);
        Assert.Empty(Directory.GetFiles(_store.Folder));
    }

    [Fact]
    public async Task A_Word_OLE2_file_is_accepted_as_a_DOC() =>
        Assert.Equal("application/msword", (await SaveAsync(CvSamples.Doc(), "resume.doc")).File!.ContentType);

    [Fact]
    public async Task A_PDF_that_is_also_a_web_page_is_refused()
    {
        var result = await SaveAsync(CvSamples.PdfHtmlPolyglot(), "resume.pdf");

        Assert.Equal("The CV is a PDF with web page markup in it; send a plain PDF.", result.Error);
        Assert.Empty(Directory.GetFiles(_store.Folder));
    }

    [Theory]
    [InlineData("evil.exe", ".pdf")]
    [InlineData("resume.html", ".pdf")]
    public async Task The_stored_file_and_the_download_name_take_their_extension_from_the_content(string name, string extension)
    {
        var result = await SaveAsync(CvSamples.Pdf(), name);

        Assert.Equal(Path.GetFileNameWithoutExtension(name) + extension, result.File!.FileName);
        Assert.EndsWith(extension, result.File.StoredName);
        Assert.Equal([Path.Combine(_store.Folder, result.File.StoredName)], Directory.GetFiles(_store.Folder));
    }

    [Fact]
    public async Task An_upload_that_fails_half_way_leaves_no_partial_file()
    {
        var failing = new FailingStream(CvSamples.Pdf(), failAfter: 300_000);

        await Assert.ThrowsAsync<IOException>(() => _store.SaveAsync(failing, "resume.pdf", default));

        Assert.True(failing.Position > 100_000, "the upload should have been written in part before it failed");
        Assert.Empty(Directory.GetFiles(_store.Folder));
    }

    [Fact]
    public async Task An_upload_cancelled_half_way_leaves_no_partial_file()
    {
        using var cancel = new CancellationTokenSource();
        var failing = new FailingStream(CvSamples.Pdf(), failAfter: long.MaxValue, onRead: position => { if (position > 200_000) cancel.Cancel(); });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _store.SaveAsync(failing, "resume.pdf", cancel.Token));

        Assert.Empty(Directory.GetFiles(_store.Folder));
    }

    [Fact]
    public async Task A_downloaded_CV_is_an_attachment_that_is_never_sniffed()
    {
        using var portal = new PortalFactory();
        var jobId = await portal.PublishedJobIdAsync("Northwind Robotics");
        var platform = new PlatformClient(portal.CreateClient());
        var created = await platform.CreateApplicationWithCvAsync(new Dictionary<string, string>
        {
            ["platformApplicationId"] = "cv-headers-1", ["jobId"] = jobId.ToString(), ["firstName"] = "Linus",
            ["lastName"] = "Torvalds", ["email"] = "linus@example.com",
        }, CvSamples.Pdf(), "evil.exe");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var candidateId = await portal.QueryAsync(db => db.Candidates.IgnoreQueryFilters().Where(c => c.Email == "linus@example.com").Select(c => c.Id).SingleAsync());
        var path = portal.Services.GetRequiredService<CvLinks>().CreatePath(candidateId);

        var response = await portal.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
        var disposition = response.Content.Headers.ContentDisposition;
        Assert.Equal("attachment", disposition?.DispositionType);
        Assert.Equal("evil.pdf", disposition?.FileNameStar ?? disposition?.FileName?.Trim('"'));
        Assert.Contains("sandbox", string.Join(",", response.Headers.GetValues("Content-Security-Policy")));
    }

    /// <summary>A readable stream that throws an <see cref="IOException"/> once <paramref name="failAfter"/> bytes were read, like a dropped connection.</summary>
    private sealed class FailingStream(byte[] head, long failAfter, Action<long>? onRead = null) : Stream
    {
        private long _position;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count)
        {
            onRead?.Invoke(_position);
            if (_position >= failAfter) throw new IOException("The client went away.");
            var n = Math.Min(count, 65536);
            for (var i = 0; i < n; i++) buffer[offset + i] = _position + i < head.Length ? head[_position + i] : (byte)' ';
            _position += n;
            return n;
        }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
