using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Circular.Portal.Notifications;

/// <summary>
/// After a transaction that wrote notifications or emails commits (never before, never after a rollback): refreshes
/// the bells of the users concerned and wakes <see cref="EmailDeliveryJob"/> at once, whoever saved them.
/// </summary>
public sealed class NotificationCommitHook(NotificationCenter center, EmailDelivery delivery, ILogger<NotificationCommitHook> log)
    : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private sealed class Pending
    {
        public HashSet<string> Staged { get; } = [];
        public bool StagedEmails { get; set; }
        public HashSet<string> AwaitingCommit { get; } = [];
        public bool AwaitingEmails { get; set; }
    }

    private readonly ConditionalWeakTable<DbContext, Pending> _pending = new();

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Stage(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Stage(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (Saved(eventData.Context) is { } fire) _ = fire();
        return result;
    }

    public async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (Saved(eventData.Context) is { } fire) await fire();
        return result;
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => Unstage(eventData.Context);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Unstage(eventData.Context);
        return Task.CompletedTask;
    }

    public void SaveChangesCanceled(DbContextEventData eventData) => Unstage(eventData.Context);

    public Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Unstage(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (Committed(eventData.Context) is { } fire) _ = fire();
    }

    public async Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (Committed(eventData.Context) is { } fire) await fire();
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Drop(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Drop(eventData.Context);
        return Task.CompletedTask;
    }

    private void Stage(DbContext? context)
    {
        if (context is null) return;
        var added = context.ChangeTracker.Entries().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        var users = added.OfType<Notification>().Select(n => n.UserId).ToList();
        var emails = added.OfType<OutboundEmail>().Any();
        if (users.Count == 0 && !emails) return;
        var pending = _pending.GetOrCreateValue(context);
        lock (pending)
        {
            pending.Staged.UnionWith(users);
            pending.StagedEmails |= emails;
        }
    }

    private void Unstage(DbContext? context)
    {
        if (context is null || !_pending.TryGetValue(context, out var pending)) return;
        lock (pending)
        {
            pending.Staged.Clear();
            pending.StagedEmails = false;
        }
    }

    private void Drop(DbContext? context)
    {
        if (context is null || !_pending.TryGetValue(context, out var pending)) return;
        lock (pending)
        {
            pending.Staged.Clear();
            pending.StagedEmails = false;
            pending.AwaitingCommit.Clear();
            pending.AwaitingEmails = false;
        }
    }

    /// <summary>A save went through: fire now unless it ran inside the caller's own transaction, which has yet to commit.</summary>
    private Func<Task>? Saved(DbContext? context)
    {
        if (context is null || !_pending.TryGetValue(context, out var pending)) return null;
        lock (pending)
        {
            pending.AwaitingCommit.UnionWith(pending.Staged);
            pending.AwaitingEmails |= pending.StagedEmails;
            pending.Staged.Clear();
            pending.StagedEmails = false;
        }
        return context.Database.CurrentTransaction is null ? Committed(context) : null;
    }

    private Func<Task>? Committed(DbContext? context)
    {
        if (context is null || !_pending.TryGetValue(context, out var pending)) return null;
        List<string> users;
        bool emails;
        lock (pending)
        {
            users = [.. pending.AwaitingCommit];
            emails = pending.AwaitingEmails;
            pending.AwaitingCommit.Clear();
            pending.AwaitingEmails = false;
        }
        if (users.Count == 0 && !emails) return null;
        return () => FireAsync(users, emails);
    }

    private async Task FireAsync(List<string> users, bool emails)
    {
        try
        {
            if (emails) await delivery.WakeAsync();
            if (users.Count > 0) await center.PublishAsync(users);
        }
        catch (Exception e)
        {
            // Committed already: the periodic delivery run still sends the emails and the bell shows them on the next load.
            log.LogWarning(e, "Waking email delivery or refreshing bells after a commit failed");
        }
    }
}
