using Microsoft.EntityFrameworkCore;

namespace Circular.Portal.Data.Audit;

/// <summary>
/// The audit log refuses updates and deletes in the database itself, not only in the application. SQLite gets its
/// triggers from the migration; PostgreSQL gets them from the deploy step (<c>--migrate</c>), because its migration set
/// is regenerated from the model and would lose hand-written SQL.
/// </summary>
public static class AuditAppendOnly
{
    /// <summary>Creates (or replaces) the trigger that aborts any UPDATE or DELETE of an audit row. Safe on every deploy.</summary>
    public static Task EnsurePostgresAsync(PortalDbContext db, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync("""
            CREATE OR REPLACE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'The audit log is append-only.';
            END;
            $$;
            DROP TRIGGER IF EXISTS audit_entries_append_only ON "AuditEntries";
            CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON "AuditEntries"
                FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only();
            """, ct);
}
