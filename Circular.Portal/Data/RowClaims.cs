using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Circular.Portal.Data;

/// <summary>
/// Claims of outbox, inbox and lease rows by several nodes side by side. On PostgreSQL a claim first locks the row with
/// <c>SELECT … FOR UPDATE SKIP LOCKED</c> in a transaction: a row another node is claiming right now is skipped instead of
/// waited for, and the claim's save (still guarded by the row's concurrency token) commits with the lock. On SQLite
/// there is one node and one writer; the claim is the optimistic save alone, as before.
/// </summary>
public static class RowClaims
{
    /// <summary>Null when another node holds the row; otherwise a claim to commit after the claiming save.</summary>
    public static async Task<RowClaim?> TryLockRowAsync<TEntity>(this PortalDbContext db, object key, CancellationToken ct)
    {
        if (!db.Database.IsNpgsql()) return RowClaim.None;
        var entity = db.Model.FindEntityType(typeof(TEntity)) ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not mapped.");
        var keyColumn = entity.FindPrimaryKey()!.Properties.Single().GetColumnName();
        var transaction = await db.Database.BeginTransactionAsync(ct);
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = transaction.GetDbTransaction();
        command.CommandText = $"SELECT 1 FROM \"{entity.GetTableName()}\" WHERE \"{keyColumn}\" = @key FOR UPDATE SKIP LOCKED";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "key";
        parameter.Value = key;
        command.Parameters.Add(parameter);
        if (await command.ExecuteScalarAsync(ct) is not null) return new RowClaim(transaction);
        await transaction.RollbackAsync(ct);
        await transaction.DisposeAsync();
        return null;
    }
}

/// <summary>A row lock held until <see cref="CommitAsync"/>; disposing without committing rolls back (the claim failed).</summary>
public sealed class RowClaim(IDbContextTransaction? transaction) : IAsyncDisposable
{
    public static readonly RowClaim None = new(null);

    public async Task CommitAsync(CancellationToken ct)
    {
        if (transaction is not null) await transaction.CommitAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (transaction is not null) await transaction.DisposeAsync();
    }
}
