using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Circular.Portal.Tests.TestSupport;

/// <summary>Minimal real documents of each accepted type, and impostors, built in the test.</summary>
public static class CvSamples
{
    public static byte[] Pdf() => Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    /// <summary>A Word 97-2003 file: an OLE2 compound file whose directory holds a WordDocument stream.</summary>
    public static byte[] Doc() => CompoundFile("WordDocument", "1Table");

    /// <summary>An Excel 97-2003 file: OLE2 like a DOC, but its stream is a Workbook.</summary>
    public static byte[] Xls() => CompoundFile("Workbook");

    /// <summary>
    /// A minimal OLE2 compound file (version 3, 512-byte sectors): header, one FAT sector (sector 0), one directory
    /// sector (sector 1) with the root entry and the named, empty streams.
    /// </summary>
    public static byte[] CompoundFile(params string[] streams)
    {
        var file = new byte[512 * 3];
        var span = file.AsSpan();
        byte[] signature = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        signature.CopyTo(span);
        BinaryPrimitives.WriteUInt16LittleEndian(span[0x18..], 0x003E);
        BinaryPrimitives.WriteUInt16LittleEndian(span[0x1A..], 3);
        BinaryPrimitives.WriteUInt16LittleEndian(span[0x1C..], 0xFFFE);
        BinaryPrimitives.WriteUInt16LittleEndian(span[0x1E..], 9);
        BinaryPrimitives.WriteUInt16LittleEndian(span[0x20..], 6);
        BinaryPrimitives.WriteUInt32LittleEndian(span[0x2C..], 1);          // one FAT sector
        BinaryPrimitives.WriteUInt32LittleEndian(span[0x30..], 1);          // directory starts at sector 1
        BinaryPrimitives.WriteUInt32LittleEndian(span[0x38..], 0x1000);
        BinaryPrimitives.WriteUInt32LittleEndian(span[0x3C..], 0xFFFFFFFE); // no mini FAT
        BinaryPrimitives.WriteUInt32LittleEndian(span[0x44..], 0xFFFFFFFE); // no DIFAT sectors
        for (var i = 0; i < 109; i++) BinaryPrimitives.WriteUInt32LittleEndian(span[(0x4C + i * 4)..], i == 0 ? 0u : 0xFFFFFFFF);
        var fat = span[512..1024];
        for (var i = 0; i < 128; i++) BinaryPrimitives.WriteUInt32LittleEndian(fat[(i * 4)..], 0xFFFFFFFF);
        BinaryPrimitives.WriteUInt32LittleEndian(fat, 0xFFFFFFFD);           // sector 0 is the FAT
        BinaryPrimitives.WriteUInt32LittleEndian(fat[4..], 0xFFFFFFFE);      // sector 1, the directory, ends its chain
        var directory = span[1024..];
        var names = new[] { ("Root Entry", (byte)5) }.Concat(streams.Select(s => (s, (byte)2))).ToArray();
        for (var i = 0; i < names.Length && i < 4; i++)
        {
            var entry = directory[(i * 128)..];
            var name = Encoding.Unicode.GetBytes(names[i].Item1);
            name.CopyTo(entry);
            BinaryPrimitives.WriteUInt16LittleEndian(entry[0x40..], (ushort)(name.Length + 2));
            entry[0x42] = names[i].Item2;
            BinaryPrimitives.WriteUInt32LittleEndian(entry[0x44..], 0xFFFFFFFF);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[0x48..], 0xFFFFFFFF);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[0x4C..], i == 0 && names.Length > 1 ? 1u : 0xFFFFFFFF);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[0x74..], 0xFFFFFFFE);
        }
        return file;
    }

    public static byte[] Docx() => Zip(("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>"));

    /// <summary>A zip that is not a Word document (e.g. a renamed archive).</summary>
    public static byte[] PlainZip() => Zip(("notes.txt", "hello"));

    public static byte[] Text() => Encoding.UTF8.GetBytes("I am plain text pretending to be a PDF.");

    /// <summary>A PDF that is also a web page: a browser sniffing it as HTML would run its script.</summary>
    public static byte[] PdfHtmlPolyglot() =>
        Encoding.ASCII.GetBytes("%PDF-1.4\n<html><body><script>fetch('/api/marketplace')</script></body></html>\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n");

    /// <summary>A DOCX with the Word parts plus the given extra entries (names and contents).</summary>
    public static byte[] DocxWith(params (string Name, string Content)[] extra) =>
        Zip([("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>"), .. extra]);

    /// <summary>A DOCX whose central directory declares <paramref name="count"/> entries.</summary>
    public static byte[] DocxWithEntries(int count) =>
        DocxWith(Enumerable.Range(0, count).Select(i => ($"word/media/part{i}.xml", "")).ToArray());

    /// <summary>A DOCX with one highly compressible part of <paramref name="bytes"/> zeros (small on disk, big unpacked).</summary>
    public static byte[] DocxUnpackingTo(long bytes)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in new[] { ("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>") })
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write(content);
            }
            using var big = zip.CreateEntry("word/media/filler.bin", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1024 * 1024];
            for (long written = 0; written < bytes; written += zeros.Length) big.Write(zeros, 0, (int)Math.Min(zeros.Length, bytes - written));
        }
        return buffer.ToArray();
    }

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
