namespace Circular.Portal.Data;

/// <summary>
/// One portal process per SQLite database: SQLite is a one-node setup, and two processes on one file would both migrate
/// and both run Quartz schedulers over the same tables. The first process holds an exclusive lock on
/// <c>&lt;name&gt;.lock</c> beside the database (<c>portal.lock</c> for <c>portal.db</c>) for its lifetime; a second one
/// refuses to start and says why.
/// The operating system drops the lock when the process ends, however it ends, so a crash leaves nothing to clean up.
/// </summary>
public sealed class DataFolderLock(string databasePath) : IDisposable
{
    private readonly Lock _gate = new();
    private FileStream? _held;

    public string LockPath { get; } = Path.Combine(Path.GetDirectoryName(databasePath) ?? "", Path.GetFileNameWithoutExtension(databasePath) + ".lock");

    public void Acquire()
    {
        lock (_gate)
        {
            if (_held is not null) return;
            var folder = Path.GetDirectoryName(LockPath);
            if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
            try
            {
                _held = new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            }
            catch (IOException e)
            {
                throw new InvalidOperationException(
                    $"Another Circular Portal process is already using the database in {folder} (it holds {Path.GetFileName(LockPath)}). " +
                    "The SQLite setup runs one portal process per data folder: stop the other process, or give this one its own " +
                    "Storage:DataFolder (or ConnectionStrings:Portal).", e);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _held?.Dispose();
            _held = null;
        }
    }
}
