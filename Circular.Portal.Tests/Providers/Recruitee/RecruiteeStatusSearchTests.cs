using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Circular.Portal.Providers;
using Circular.Portal.Sandbox;
using Circular.Portal.Sandbox.Recruitee;
using Circular.Portal.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Circular.Portal.Tests.Providers.Recruitee;

/// <summary>
/// Recruitee's status poll through the candidate search (updated-since), and the Sandbox's search itself. The Sandbox runs
/// on its own clock, two hours behind the portal's at first, so the vendor times of the pushes fall before the poll's
/// overlap window and a steady-state poll finds nothing changed.
/// </summary>
public sealed class RecruiteeStatusSearchTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _vendorClock = new(DateTimeOffset.UtcNow.AddHours(-2));
    private SandboxHost _host = null!;
    private ServiceProvider _services = null!;

    private RecruiteeEmulator Emulator => _host.Emulator<RecruiteeEmulator>();

    private IAtsProvider Provider => _services.GetRequiredService<AtsProviders>().Get(AtsKind.Recruitee);

    public async Task InitializeAsync()
    {
        _host = await SandboxHost.StartAsync(configure: s => s.AddSingleton<TimeProvider>(_vendorClock));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(_host.ProviderConfiguration()).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddAtsProviders(configuration);
        _services = services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task A_steady_state_poll_costs_one_search_and_a_hire_costs_one_more_read()
    {
        var (account, followed) = await PushedAsync("Steady Co", 3);
        var first = await Provider.ReadStatusChangesAsync(Connect(account), new AtsStatusQuery(null, followed), default);
        Assert.Equal(3, first.Changes.Count);

        var before = Requests(account);
        var quiet = await Provider.ReadStatusChangesAsync(Connect(account), new AtsStatusQuery(first.NextCursor, followed), default);
        Assert.Empty(quiet.Changes);
        Assert.Equal(1, Requests(account) - before);

        _vendorClock.SetUtcNow(DateTimeOffset.UtcNow);
        await Emulator.ActAsync(account.CompanyId, followed[1].CandidateId, SandboxRecruiterAction.Hire, default);
        before = Requests(account);
        var hired = await Provider.ReadStatusChangesAsync(Connect(account), new AtsStatusQuery(quiet.NextCursor, followed), default);

        var change = Assert.Single(hired.Changes);
        Assert.Equal(AtsApplicationStatus.Hired, change.Status);
        Assert.Equal(followed[1].ApplicationId, change.ApplicationId);
        Assert.Equal(2, Requests(account) - before);
    }

    [Fact]
    public async Task A_failing_search_falls_back_to_reading_each_followed_candidate()
    {
        var (account, followed) = await PushedAsync("Fallback Co", 2);
        var first = await Provider.ReadStatusChangesAsync(Connect(account), new AtsStatusQuery(null, followed), default);
        _vendorClock.SetUtcNow(DateTimeOffset.UtcNow);
        await Emulator.ActAsync(account.CompanyId, followed[0].CandidateId, SandboxRecruiterAction.Reject, default);
        // The search answers 500 "Server internal error" (the notes' known failure) on every retry.
        Emulator.Faults(account.CompanyId).Answer(500, count: 5, message: "Server internal error");

        var batch = await Provider.ReadStatusChangesAsync(Connect(account), new AtsStatusQuery(first.NextCursor, followed), default);

        var change = Assert.Single(batch.Changes);
        Assert.Equal(AtsApplicationStatus.Rejected, change.Status);
        Assert.Equal(followed[0].ApplicationId, change.ApplicationId);
    }

    [Fact]
    public async Task A_cursor_from_before_the_search_reads_each_candidate_once_then_searches()
    {
        var (account, followed) = await PushedAsync("Old Cursor Co", 3);
        var oldCursor = "v1:" + _vendorClock.GetUtcNow().AddHours(-1).ToUnixTimeMilliseconds();

        var before = Requests(account);
        var full = await Provider.ReadStatusChangesAsync(Connect(account), new AtsStatusQuery(oldCursor, followed), default);
        Assert.Equal(3, Requests(account) - before);

        before = Requests(account);
        await Provider.ReadStatusChangesAsync(Connect(account), new AtsStatusQuery(full.NextCursor, followed), default);
        Assert.Equal(1, Requests(account) - before);
    }

    [Fact]
    public async Task The_sandbox_search_returns_only_candidates_updated_since_the_filter_time()
    {
        var (account, followed) = await PushedAsync("Search Co", 3);
        var pushedAt = _vendorClock.GetUtcNow();
        _vendorClock.Advance(TimeSpan.FromHours(1));
        await Emulator.ActAsync(account.CompanyId, followed[2].CandidateId, SandboxRecruiterAction.Advance, default);
        var since = pushedAt.AddMinutes(30).ToUnixTimeSeconds();

        var updated = await SearchAsync(account, $$"""[{"field":"updated_at","gte":{{since}}}]""");
        var created = await SearchAsync(account, $$"""[{"field":"created_at","gte":{{since}}}]""");
        var unknown = await SearchAsync(account, $$"""[{"field":"modified","gte":{{since}}}]""");

        Assert.Equal([followed[2].CandidateId], Ids(updated));
        Assert.Equal(1, updated.GetProperty("total").GetInt32());
        Assert.Empty(Ids(created));
        // As at Recruitee, an unknown filter field is ignored: everything matches.
        Assert.Equal(3, Ids(unknown).Count);
    }

    [Fact]
    public async Task The_sandbox_search_pages_newest_first_and_refuses_a_limit_above_10000()
    {
        var (account, followed) = await PushedAsync("Paging Co", 3);

        var second = await SearchAsync(account, "[]", "&limit=1&offset=1");
        var byPage = await SearchAsync(account, "[]", "&limit=1&page=3");
        using var tooMany = await SendSearchAsync(account, "[]", "&limit=10001");

        // The pushes were created one after the other, so created_at_desc lists the last push first.
        Assert.Equal([followed[1].CandidateId], Ids(second));
        Assert.Equal(3, second.GetProperty("total").GetInt32());
        Assert.Equal([followed[0].CandidateId], Ids(byPage));
        Assert.Equal(HttpStatusCode.InternalServerError, tooMany.StatusCode);
    }

    private async Task<(RecruiteeSandboxAccount Account, List<AtsApplicationRef> Followed)> PushedAsync(string name, int count)
    {
        var account = Emulator.AddAccount(name, 5);
        var job = Emulator.Jobs(account.CompanyId).First(j => j.Status == "published").Id;
        var followed = new List<AtsApplicationRef>();
        for (var i = 0; i < count; i++)
        {
            var marker = $"circular-app-{Guid.NewGuid():N}"[..24];
            var push = new AtsCandidatePush(marker, job, "Ana", $"Silva {i}", $"ana.{i}.{Guid.NewGuid():N}@example.org", null, null, null, "Met on Circular.");
            var pushed = await Provider.PushCandidateAsync(Connect(account), push, default);
            followed.Add(new AtsApplicationRef(pushed.CandidateId, pushed.ApplicationId, job));
            _vendorClock.Advance(TimeSpan.FromSeconds(2));
        }
        return (account, followed);
    }

    private static AtsConnectionContext Connect(RecruiteeSandboxAccount account) =>
        new($"recruitee-search-{account.CompanyId}", new AtsCredentials { ApiToken = account.ApiToken, Account = account.CompanyId });

    private long Requests(RecruiteeSandboxAccount account) =>
        _host.Services.GetRequiredService<SandboxRateLimiter>().Count("recruitee:" + account.ApiToken).Requests;

    private async Task<JsonElement> SearchAsync(RecruiteeSandboxAccount account, string filters, string extra = "")
    {
        using var response = await SendSearchAsync(account, filters, extra);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private async Task<HttpResponseMessage> SendSearchAsync(RecruiteeSandboxAccount account, string filters, string extra)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get,
            new Uri(_host.Root, $"recruitee/c/{account.CompanyId}/search/new/candidates?filters_json={Uri.EscapeDataString(filters)}{extra}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", account.ApiToken);
        return await http.SendAsync(request);
    }

    private static List<string> Ids(JsonElement answer) =>
        answer.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
}
