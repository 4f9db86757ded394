using Circular.Portal.Providers;
using Circular.Portal.Sandbox.Workable;
using Circular.Portal.Sync;
using Circular.Portal.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Circular.Portal.Tests.Sync;

[Collection(IntegrationCollection.Name)]
public sealed class SyncProgressTests(IntegrationFixture fixture)
{
    [Fact]
    public async Task The_first_sync_counts_its_progress_page_by_page_while_it_runs()
    {
        var (companyId, _) = await fixture.Portal.CreateAsync("Sync Progress Co");
        // More than one vendor page (Workable pages by 100), fewer than one save batch (200).
        var account = fixture.Emulator<WorkableEmulator>().AddAccount("Sync Progress Co", 150);
        var seenWhileRunning = new List<int>();
        var events = fixture.Portal.Services.GetRequiredService<SyncEvents>();
        async Task Record(int company)
        {
            if (company != companyId) return;
            var run = await fixture.Portal.QueryAsync(db => db.SyncRuns.AsNoTracking().Where(r => r.CompanyId == companyId)
                .OrderByDescending(r => r.Id).FirstOrDefaultAsync());
            if (run is { Outcome: SyncRunOutcome.Running }) lock (seenWhileRunning) seenWhileRunning.Add(run.JobsSeen);
        }
        events.ConnectionChanged += Record;
        try
        {
            await fixture.ConnectWithTokenAsync(companyId, AtsKind.Workable, account.Subdomain, account.ApiToken);
        }
        finally
        {
            events.ConnectionChanged -= Record;
        }

        lock (seenWhileRunning) Assert.Contains(seenWhileRunning, seen => seen is > 0 and < 150);
    }
}
