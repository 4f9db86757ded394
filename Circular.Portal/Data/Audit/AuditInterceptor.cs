using System.Runtime.CompilerServices;
using Circular.Portal.Accounts;
using Circular.Portal.Connections;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Circular.Portal.Data.Audit;

/// <summary>
/// The save path's half of "who acts": every save made by a person gets one audit row in the same SaveChanges, and a
/// save the actor may not make (anything while impersonating read-only; deleting, users and roles, connecting or
/// disconnecting and secrets while impersonating at all) is replaced by a save of the refusal's audit row alone, after
/// which the caller gets <see cref="ActorRefusedException"/>. Audit rows themselves are never updated or deleted.
/// Feature methods check first (<see cref="Auditor.Demand"/>); this is the backstop no page can forget.
/// </summary>
public sealed class AuditInterceptor(TenantContext tenant, TimeProvider clock) : SaveChangesInterceptor
{
    private static readonly ConditionalWeakTable<DbContext, string> Refusals = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Record(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Record(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        ThrowIfRefused(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        ThrowIfRefused(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        if (eventData.Context is { } context) Refusals.Remove(context);
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context) Refusals.Remove(context);
        return Task.CompletedTask;
    }

    private static void ThrowIfRefused(DbContext? context)
    {
        if (context is not null && Refusals.TryGetValue(context, out var why))
        {
            Refusals.Remove(context);
            throw new ActorRefusedException(why);
        }
    }

    private void Record(DbContext? context)
    {
        if (context is null) return;
        var entries = context.ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted).ToList();
        if (entries.Any(e => e.Entity is AuditEntry && e.State != EntityState.Added))
        {
            throw new InvalidOperationException("The audit log is append-only: its rows are never changed or deleted.");
        }
        var changes = entries.Where(e => e.Entity is not AuditEntry and not DataProtectionKey).ToList();
        if (changes.Count == 0) return;
        var actor = tenant.Actor;
        if (!actor.IsPerson) return;

        var target = Target(changes);
        foreach (var entry in changes.Where(e => e.Entity is IStampedByActor))
        {
            var stamped = (IStampedByActor)entry.Entity;
            if (entry.State == EntityState.Added || (entry.State == EntityState.Modified && entry.Property(stamped.ByName).IsModified))
            {
                stamped.ByUserId = actor.RealUserId;
            }
        }
        if (Refusal(actor, changes) is { } refusal)
        {
            foreach (var entry in changes) entry.State = entry.State == EntityState.Added ? EntityState.Detached : EntityState.Unchanged;
            context.Add(Auditor.Entry(actor, "Save.Refused", target, AuditOutcome.Refused, refusal, tenant.ClientAddress, clock.GetUtcNow()));
            Refusals.AddOrUpdate(context, refusal);
            return;
        }
        // An explicit event in the same save (the feature named it) stands for the save; otherwise the save is summarised.
        if (entries.Any(e => e.Entity is AuditEntry)) return;
        context.Add(Auditor.Entry(actor, Action(changes), target, AuditOutcome.Succeeded, null, tenant.ClientAddress, clock.GetUtcNow()));
    }

    /// <summary>Why the actor may not make this save, or null.</summary>
    public static string? Refusal(Actor actor, IReadOnlyList<EntityEntry> changes)
    {
        if (!actor.IsImpersonating) return null;
        if (changes.Any(e => e.State == EntityState.Deleted)) return "Deleting data is never allowed while viewing as a company.";
        if (changes.Any(e => e.Entity is PortalUser or IdentityRole or IdentityUserRole<string> or IdentityUserClaim<string> or IdentityUserLogin<string> or IdentityUserToken<string>))
        {
            return "Users and roles cannot be changed while viewing as a company.";
        }
        if (changes.Any(e => e.Entity is AtsConnection && (e.State == EntityState.Added
                || e.Property(nameof(AtsConnection.SecretsCiphertext)).IsModified || e.Property(nameof(AtsConnection.State)).IsModified)))
        {
            return "Connecting, disconnecting and credentials are never allowed while viewing as a company.";
        }
        if (actor.Mode == ActorMode.ImpersonatingReadOnly) return "This is a read-only view of the company; elevate to write mode (with a reason) to change anything.";
        return null;
    }

    private static string Action(IReadOnlyList<EntityEntry> changes)
    {
        var first = changes[0];
        var verb = first.State switch { EntityState.Added => "Added", EntityState.Deleted => "Deleted", _ => "Changed" };
        return $"{first.Metadata.ClrType.Name}.{verb}";
    }

    private static string Target(IReadOnlyList<EntityEntry> changes) =>
        Truncate(string.Join(", ", changes.Take(5).Select(e =>
        {
            var key = e.Metadata.FindPrimaryKey()?.Properties.Select(p => e.Property(p.Name)).FirstOrDefault();
            var id = key is null || key.IsTemporary ? "new" : key.CurrentValue?.ToString();
            return $"{e.Metadata.ClrType.Name} {id}";
        })) + (changes.Count > 5 ? $" and {changes.Count - 5} more" : ""), 500);

    private static string Truncate(string s, int max) => s.Length > max ? s[..max] : s;
}
