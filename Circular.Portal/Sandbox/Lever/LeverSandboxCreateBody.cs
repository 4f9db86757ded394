using System.Text.Json;

namespace Circular.Portal.Sandbox.Lever;

/// <summary>POST /opportunities body, read from JSON or from multipart (Lever's "emails[]", "phones[0][value]" field syntax).</summary>
internal sealed class LeverSandboxCreateBody
{
    public string? Name { get; private set; }
    public string? Headline { get; private set; }
    public string? Location { get; private set; }
    public string? Origin { get; private set; }
    public string? Stage { get; private set; }
    public List<string> Emails { get; } = [];
    public List<(string Type, string Value)> Phones { get; } = [];
    public List<string> Links { get; } = [];
    public List<string> Tags { get; } = [];
    public List<string> Sources { get; } = [];
    public List<string> Postings { get; } = [];
    public List<(string Kind, string Name, string ContentType, byte[] Content)> Files { get; } = [];

    /// <summary>Null when the body is neither JSON nor multipart, or does not parse.</summary>
    public static async Task<LeverSandboxCreateBody?> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        var body = new LeverSandboxCreateBody();
        try
        {
            if (request.HasJsonContentType())
            {
                using var doc = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
                body.FromJson(doc.RootElement);
                return body;
            }
            if (request.HasFormContentType)
            {
                await body.FromFormAsync(await request.ReadFormAsync(ct), ct);
                return body;
            }
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or InvalidOperationException)
        {
            return null;
        }
        return null;
    }

    private void FromJson(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) throw new InvalidDataException("body must be an object");
        Name = Str(root, "name");
        Headline = Str(root, "headline");
        Location = Str(root, "location");
        Origin = Str(root, "origin");
        Stage = Str(root, "stage");
        Strings(root, "emails", Emails);
        Strings(root, "links", Links);
        Strings(root, "tags", Tags);
        Strings(root, "sources", Sources);
        Strings(root, "postings", Postings);
        if (root.TryGetProperty("phones", out var phones) && phones.ValueKind == JsonValueKind.Array)
        {
            foreach (var p in phones.EnumerateArray().Where(p => p.ValueKind == JsonValueKind.Object))
            {
                if (Str(p, "value") is { } value) Phones.Add((Str(p, "type") ?? "other", value));
            }
        }
    }

    private async Task FromFormAsync(IFormCollection form, CancellationToken ct)
    {
        string? One(string key) => form.TryGetValue(key, out var v) && v.Count > 0 ? v[0] : null;
        IEnumerable<string> Many(string key) => form[key + "[]"].Concat(form[key]).Where(s => !string.IsNullOrEmpty(s))!;
        Name = One("name");
        Headline = One("headline");
        Location = One("location");
        Origin = One("origin");
        Stage = One("stage");
        Emails.AddRange(Many("emails"));
        Links.AddRange(Many("links"));
        Tags.AddRange(Many("tags"));
        Sources.AddRange(Many("sources"));
        Postings.AddRange(Many("postings"));
        for (var i = 0; One($"phones[{i}][value]") is { } value; i++) Phones.Add((One($"phones[{i}][type]") ?? "other", value));
        foreach (var file in form.Files)
        {
            var kind = file.Name == "resumeFile" ? "resume" : file.Name is "files" or "files[]" ? "file" : null;
            if (kind is null) continue;
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, ct);
            Files.Add((kind, file.FileName, file.ContentType ?? "application/octet-stream", buffer.ToArray()));
        }
    }

    private static string? Str(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static void Strings(JsonElement obj, string name, List<string> into)
    {
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.Array) return;
        into.AddRange(v.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!));
    }
}
