using System.IO.Compression;
using System.Text;

namespace Circular.Portal.Tests.TestSupport;

/// <summary>Minimal real documents of each accepted type, and impostors, built in the test.</summary>
public static class CvSamples
{
    public static byte[] Pdf() => Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    public static byte[] Doc() => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[512]];

    public static byte[] Docx() => Zip(("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>"));

    /// <summary>A zip that is not a Word document (e.g. a renamed archive).</summary>
    public static byte[] PlainZip() => Zip(("notes.txt", "hello"));

    public static byte[] Text() => Encoding.UTF8.GetBytes("I am plain text pretending to be a PDF.");

    private static byte[] Zip(params (string Name, string Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write(content);
            }
        }
        return buffer.ToArray();
    }
}
