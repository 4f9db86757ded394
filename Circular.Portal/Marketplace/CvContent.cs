using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Circular.Portal.Marketplace;

/// <summary>What a CV file is, decided by its content: its first bytes and, for DOCX and DOC, its container's directory.</summary>
public static class CvContent
{
    /// <summary>How much of the file's start is kept for detection (and searched for HTML in a PDF).</summary>
    public const int HeadLength = 8 * 1024;

    // DOCX limits, read from the zip's central directory before anything is extracted: a CV needs a few dozen entries.
    public const int MaxDocxEntries = 1_000;
    public const long MaxDocxUncompressedBytes = 100L * 1024 * 1024;

    private static readonly byte[] Pdf = "%PDF-"u8.ToArray();
    private static readonly byte[] Ole2 = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    private static readonly byte[] Zip = [0x50, 0x4B, 0x03, 0x04];

    // Markup a browser would run if it ever sniffed the file as HTML.
    private static readonly string[] HtmlMarkers = ["<html", "<script", "<body", "<iframe", "<svg", "<!doctype", "<object", "<embed", "<img", "<meta"];

    public sealed record Kind(string ContentType, string Extension);

    public static readonly Kind PdfKind = new("application/pdf", ".pdf");
    public static readonly Kind DocKind = new("application/msword", ".doc");
    public static readonly Kind DocxKind = new("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx");

    /// <summary>The document's kind, or why it is refused.</summary>
    public static (Kind? Kind, string? Refusal) Detect(ReadOnlySpan<byte> head, string path)
    {
        if (head.StartsWith(Pdf))
        {
            return LooksLikeHtml(head) ? (null, "The CV is a PDF with web page markup in it; send a plain PDF.") : (PdfKind, null);
        }
        if (head.StartsWith(Ole2))
        {
            return IsWordCompoundFile(path) ? (DocKind, null) : (null, "The CV is an Office file but not a Word document.");
        }
        if (head.StartsWith(Zip))
        {
            var refusal = CheckDocx(path);
            return refusal is null ? (DocxKind, null) : (null, refusal);
        }
        return (null, null);
    }

    private static bool LooksLikeHtml(ReadOnlySpan<byte> head)
    {
        var text = Encoding.Latin1.GetString(head);
        return HtmlMarkers.Any(marker => text.Contains(marker, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Checks the zip's central directory with limits (entry count, declared uncompressed total, names that would climb
    /// out of a folder), then that it holds a Word document. Nothing is extracted.
    /// </summary>
    private static string? CheckDocx(string path)
    {
        try
        {
            using var zip = ZipFile.OpenRead(path);
            if (zip.Entries.Count > MaxDocxEntries) return $"The DOCX has more than {MaxDocxEntries} parts.";
            long total = 0;
            foreach (var entry in zip.Entries)
            {
                var name = entry.FullName;
                if (name.Length == 0 || name.StartsWith('/') || name.Contains('\\') || name.Contains(':')
                    || name.Split('/').Any(segment => segment == ".."))
                {
                    return "The DOCX holds a part with an unsafe name.";
                }
                total += entry.Length;
                if (entry.Length < 0 || total > MaxDocxUncompressedBytes) return "The DOCX unpacks to more than 100 MB.";
            }
            return zip.GetEntry("[Content_Types].xml") is not null && zip.GetEntry("word/document.xml") is not null
                ? null
                : "The CV must be a PDF, DOCX or DOC document.";
        }
        catch (InvalidDataException)
        {
            return "The CV must be a PDF, DOCX or DOC document.";
        }
    }

    /// <summary>
    /// True when the OLE2 compound file's directory holds a <c>WordDocument</c> stream (what makes it a Word 97-2003 file,
    /// as opposed to a spreadsheet, an installer or any other OLE2 file). Reads the header, the FAT and the directory
    /// chain only, each step bounded by the file's size.
    /// </summary>
    public static bool IsWordCompoundFile(string path)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            return CompoundFile.HasStream(file, "WordDocument");
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    private static class CompoundFile
    {
        private const uint EndOfChain = 0xFFFFFFFE;
        private const uint MaxRegularSector = 0xFFFFFFFA;

        public static bool HasStream(FileStream file, string wanted)
        {
            var header = Read(file, 0, 512);
            if (BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(0x1C)) != 0xFFFE) return false;
            var shift = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(0x1E));
            if (shift is not (9 or 12)) return false;
            var sectorSize = 1 << shift;
            var sectorCount = (file.Length + sectorSize - 1) / sectorSize;
            var perFatSector = sectorSize / 4;

            var fatSectors = FatSectors(file, header, sectorSize, sectorCount);
            var directorySector = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(0x30));
            for (var steps = 0L; directorySector <= MaxRegularSector; steps++)
            {
                if (steps > sectorCount || directorySector >= sectorCount) return false;
                var sector = Read(file, ((long)directorySector + 1) * sectorSize, sectorSize);
                for (var offset = 0; offset + 128 <= sector.Length; offset += 128)
                {
                    var nameBytes = BinaryPrimitives.ReadUInt16LittleEndian(sector.AsSpan(offset + 0x40));
                    var type = sector[offset + 0x42];
                    if (type != 2 || nameBytes is < 2 or > 64) continue;
                    var name = Encoding.Unicode.GetString(sector, offset, nameBytes - 2);
                    if (name == wanted) return true;
                }
                var fatIndex = (int)(directorySector / (uint)perFatSector);
                if (fatIndex >= fatSectors.Count) return false;
                var fat = Read(file, ((long)fatSectors[fatIndex] + 1) * sectorSize, sectorSize);
                directorySector = BinaryPrimitives.ReadUInt32LittleEndian(fat.AsSpan((int)(directorySector % (uint)perFatSector) * 4));
            }
            return false;
        }

        /// <summary>The FAT's sector ids: the 109 in the header, then the DIFAT chain.</summary>
        private static List<uint> FatSectors(FileStream file, byte[] header, int sectorSize, long sectorCount)
        {
            var ids = new List<uint>();
            for (var i = 0; i < 109; i++)
            {
                var id = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(0x4C + i * 4));
                if (id <= MaxRegularSector) ids.Add(id);
            }
            var next = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(0x44));
            for (var steps = 0L; next <= MaxRegularSector && next != EndOfChain && steps <= sectorCount && next < sectorCount; steps++)
            {
                var sector = Read(file, ((long)next + 1) * sectorSize, sectorSize);
                for (var i = 0; i < sectorSize / 4 - 1; i++)
                {
                    var id = BinaryPrimitives.ReadUInt32LittleEndian(sector.AsSpan(i * 4));
                    if (id <= MaxRegularSector) ids.Add(id);
                }
                next = BinaryPrimitives.ReadUInt32LittleEndian(sector.AsSpan(sectorSize - 4));
            }
            return ids;
        }

        private static byte[] Read(FileStream file, long offset, int length)
        {
            if (offset < 0 || offset + length > file.Length) throw new InvalidDataException("The compound file is truncated.");
            var buffer = new byte[length];
            file.Position = offset;
            file.ReadExactly(buffer);
            return buffer;
        }
    }
}
