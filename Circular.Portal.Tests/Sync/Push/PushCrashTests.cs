using Circular.Portal.Providers;
using Circular.Portal.Sandbox;
using Circular.Portal.Sync.Push;
using Circular.Portal.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Circular.Portal.Tests.Sync.Push;

/// <summary>
/// The portal process stopped the hard way (a failpoint's FailFast: no finally, no graceful shutdown) after the vendor
/// answered but before the push's own commit, then started again over the same database. The Sandbox runs on its own
/// port in the test process, so the ATS keeps what it was sent across the crash.
/// </summary>
public sealed class PushCrashTests : IAsyncLifetime
{
    private SandboxHost _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await SandboxHost.StartAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    public static TheoryData<AtsKind, string> Crashes => new()
    {
        { AtsKind.Workable, FailpointNames.AfterAtsCreateBeforeCommit },
        { AtsKind.Workable, FailpointNames.AfterCvUploadBeforeCommit },
        { AtsKind.Lever, FailpointNames.AfterAtsCreateBeforeCommit },
        { AtsKind.Lever, FailpointNames.AfterCvUploadBeforeCommit },
        { AtsKind.Greenhouse, FailpointNames.AfterCvUploadBeforeCommit },
    };

    [Theory]
    [MemberData(nameof(Crashes))]
    public async Task A_crash_between_the_vendors_answer_and_the_commit_ends_after_restart_in_one_candidate_with_one_cv_and_the_tag(AtsKind kind, string failpoint)
    {
        var folder = TestPaths.NewFolder($"push-crash-{kind}");
        var settings = Settings(folder);
        var email = $"crash.{kind.ToString().ToLowerInvariant()}.{Guid.NewGuid().ToString("N")[..8]}@example.com";

        int companyId, applicationId;
        string account, platformId;
        await using (var first = new PortalFactory(settings: settings, dataFolder: folder))
        {
            (companyId, _) = await first.CreateAsync($"Crash {kind} Co");
            (var connectionId, account) = await first.ConnectToAccountAsync(_sandbox, new Uri("http://localhost/"), companyId, kind, 3);
            var (jobId, _) = await first.MappedJobAsync(companyId, connectionId);
            applicationId = await first.RequestedApplicationAsync(companyId, jobId, email);
            platformId = await first.QueryAsync(db => db.Applications.Where(a => a.Id == applicationId).Select(a => a.PlatformApplicationId).SingleAsync());
        }

        // The platform reports the acceptance to a portal process armed to die right after the vendor's answer.
        await using (var doomed = await PortalProcess.StartAsync(settings, failpoint))
        {
            using var http = new HttpClient { BaseAddress = doomed.BaseUrl };
            using var accepted = await new PlatformClient(http).AnswerAsync(platformId, accepted: true);
            Assert.True(accepted.IsSuccessStatusCode, $"{accepted.StatusCode}: {await accepted.Content.ReadAsStringAsync()}");
            var exitCode = await doomed.WaitForExitAsync(TimeSpan.FromSeconds(60));
            Assert.NotEqual(0, exitCode);
            Assert.Contains($"Failpoint {failpoint} reached", doomed.Output);
        }
        // The vendor has the candidate; the portal's commit never happened.
        Assert.Single(_sandbox.SandboxCandidates(kind, account, email));
        Assert.Equal(nameof(PushState.Sending), await PushStateAsync(folder, applicationId));

        await using var second = new PortalFactory(settings: settings, dataFolder: folder);
        var sent = await second.WaitForPushAsync(applicationId, PushState.Sent, TimeSpan.FromSeconds(60));

        var candidate = Assert.Single(_sandbox.SandboxCandidates(kind, account, email));
        Assert.Contains(AtsCandidatePush.Tag, candidate.Tags);
        Assert.Equal(1, candidate.Cvs);
        Assert.Equal(PushResultKind.FoundEarlierPush, sent.Result);
        Assert.Equal(2, sent.Attempts);
        var events = await second.PushEventsAsync(applicationId);
        Assert.Contains(events, e => e.Message.Contains("interrupted by a restart", StringComparison.Ordinal));
    }

    /// <summary>One data folder, database, Quartz scheduler name and Sandbox for every start: restarts of one portal.</summary>
    private Dictionary<string, string?> Settings(string folder)
    {
        var settings = new Dictionary<string, string?>(_sandbox.ProviderConfiguration())
        {
            ["Storage:DataFolder"] = folder,
            ["ConnectionStrings:Portal"] = $"Data Source={Path.Combine(folder, "portal.db")}",
            ["Marketplace:ApiKey"] = PortalFactory.PlatformKey,
            ["Sandbox:UseForProviders"] = "false",
            ["Sandbox:Enabled"] = "false",
            ["Quartz:InstanceName"] = $"push-crash-{Guid.NewGuid():N}",
            ["Portal:PublicUrl"] = "https://portal.example.test",
        };
        return settings;
    }

    private static async Task<string?> PushStateAsync(string folder, int applicationId)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "portal.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT State FROM CandidatePushes WHERE ApplicationId = $id";
        command.Parameters.AddWithValue("$id", applicationId);
        return (await command.ExecuteScalarAsync()) as string;
    }
}
