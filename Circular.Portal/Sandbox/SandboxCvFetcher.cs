namespace Circular.Portal.Sandbox;

/// <summary>
/// Teamtailor (<c>resume</c>) and Recruitee (<c>remote_cv_url</c>) take a CV as a link and download it themselves shortly
/// after the call. Their emulators do the same through this, so the portal's signed CV link and its fetch log are
/// exercised as they are by the real vendors. The download runs in the background; its outcome lands on the candidate.
/// </summary>
public sealed class SandboxCvFetcher(ILogger<SandboxCvFetcher> log) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public void FetchLater(string url, Action<SandboxCvDownload> done)
    {
        _ = Task.Run(async () =>
        {
            try
            {
                using var response = await _http.GetAsync(url);
                var bytes = response.IsSuccessStatusCode ? await response.Content.ReadAsByteArrayAsync() : [];
                done(new SandboxCvDownload(url, (int)response.StatusCode, bytes.Length));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException)
            {
                log.LogInformation("Sandbox could not fetch the CV link ({Error})", e.GetType().Name);
                done(new SandboxCvDownload(url, null, 0));
            }
        });
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>What a vendor's download of a CV link brought back.</summary>
public sealed record SandboxCvDownload(string Url, int? StatusCode, long Bytes)
{
    public bool Succeeded => StatusCode is >= 200 and < 300 && Bytes > 0;
}
