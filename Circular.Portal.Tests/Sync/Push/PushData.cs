using Circular.Portal.Connections;
using Circular.Portal.Marketplace;
using Circular.Portal.Providers;
using Circular.Portal.Sync.Push;
using Circular.Portal.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Circular.Portal.Tests.Sync.Push;

/// <summary>Arranges applications and pushes as the engine would have left them, written as a system service.</summary>
public static class PushData
{
    /// <summary>Another candidate applying to the job; returns the application id.</summary>
    public static async Task<int> ApplicationAsync(this TestDb db, int companyId, int jobId, string firstName, string lastName,
        ApplicationStage stage = ApplicationStage.InterviewAccepted, string? email = null, string? linkedIn = null, CvFile? cv = null)
    {
        await using var scope = db.System();
        await using var context = await scope.Factory.CreateDbContextAsync();
        var candidate = new Candidate
        {
            CompanyId = companyId, FirstName = firstName, LastName = lastName,
            Email = email ?? $"{firstName}.{lastName}@example.com".ToLowerInvariant(), LinkedInUrl = linkedIn, Cv = cv,
        };
        var application = new Application
        {
            CompanyId = companyId, PlatformApplicationId = $"p-{Guid.NewGuid():N}", JobId = jobId, Candidate = candidate, Stage = stage,
            StageChangedAt = db.Clock.GetUtcNow(),
        };
        context.Applications.Add(application);
        await context.SaveChangesAsync();
        return application.Id;
    }

    public static async Task<AtsConnection> ConnectionOfAsync(this TestDb db, int companyId, AtsKind kind, ConnectionState state = ConnectionState.Connected)
    {
        await using var scope = db.System();
        await using var context = await scope.Factory.CreateDbContextAsync();
        var connection = new AtsConnection
        {
            CompanyId = companyId, Kind = kind, PublicId = Guid.NewGuid().ToString("N"), State = state,
            Account = $"account-{companyId}", AccountName = "Test account",
        };
        context.Connections.Add(connection);
        await context.SaveChangesAsync();
        return connection;
    }

    /// <summary>
    /// A push of <paramref name="applicationId"/> in <paramref name="state"/>, shaped further by <paramref name="shape"/>,
    /// with these timeline lines (a minute apart, from the test clock).
    /// </summary>
    public static async Task<CandidatePush> PushAsync(this TestDb db, int applicationId, int? connectionId, PushState state,
        Action<CandidatePush>? shape = null, params (PushEventKind Kind, string Message)[] events)
    {
        await using var scope = db.System();
        await using var context = await scope.Factory.CreateDbContextAsync();
        var companyId = await context.Applications.Where(a => a.Id == applicationId).Select(a => a.CompanyId).SingleAsync();
        var now = db.Clock.GetUtcNow();
        var push = new CandidatePush
        {
            CompanyId = companyId, ApplicationId = applicationId, ConnectionId = connectionId, State = state,
            Marker = CandidatePush.MarkerFor(applicationId), QueuedAt = now, NextAttemptAt = now,
        };
        shape?.Invoke(push);
        context.Add(push);
        for (var i = 0; i < events.Length; i++)
        {
            PushOutbox.AddEvent(context, push, events[i].Kind, events[i].Message, now.AddMinutes(i), attempt: events[i].Kind == PushEventKind.Sending ? 1 : null);
        }
        await context.SaveChangesAsync();
        return push;
    }

    /// <summary>Changes a stored push as the worker would, adding one timeline line.</summary>
    public static async Task UpdatePushAsync(this TestDb db, long pushId, Action<CandidatePush> change, PushEventKind kind, string message)
    {
        await using var scope = db.System();
        await using var context = await scope.Factory.CreateDbContextAsync();
        var push = await context.Set<CandidatePush>().SingleAsync(p => p.Id == pushId);
        change(push);
        push.Version = Guid.NewGuid();
        PushOutbox.AddEvent(context, push, kind, message, db.Clock.GetUtcNow());
        await context.SaveChangesAsync();
    }

    public static async Task<CandidatePush> StoredPushAsync(this TestDb db, long pushId)
    {
        await using var scope = db.System();
        await using var context = await scope.Factory.CreateDbContextAsync();
        return await context.Set<CandidatePush>().AsNoTracking().SingleAsync(p => p.Id == pushId);
    }
}
