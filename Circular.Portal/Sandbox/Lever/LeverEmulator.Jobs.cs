namespace Circular.Portal.Sandbox.Lever;

public sealed partial class LeverEmulator
{
    /// <summary>A recruiter marks a posting confidential (or not): Lever then lists it only with confidentiality=all and confidential access.</summary>
    public void SetConfidential(string accountId, string jobId, bool confidential)
    {
        var account = _store.Account(accountId);
        lock (account.Lock)
        {
            var posting = account.Postings.FirstOrDefault(p => p.Id == jobId) ?? throw SandboxJobChanges.NoJob(DisplayName, accountId, jobId);
            posting.Confidentiality = confidential ? "confidential" : "non-confidential";
            posting.UpdatedAt = Math.Max(_store.NowMs, posting.UpdatedAt + 1);
        }
    }

    /// <summary>
    /// Lever's posting <c>state</c>: closing sets "closed", reopening "published"; updatedAt moves to now. A deleted posting's
    /// opportunities keep their posting id.
    /// </summary>
    public void ChangeJob(string accountId, string jobId, SandboxJobChange change, string? newTitle = null)
    {
        var title = SandboxJobChanges.Title(change, newTitle);
        var account = _store.Account(accountId);
        lock (account.Lock)
        {
            var posting = account.Postings.FirstOrDefault(p => p.Id == jobId) ?? throw SandboxJobChanges.NoJob(DisplayName, accountId, jobId);
            switch (change)
            {
                case SandboxJobChange.Rename: posting.Text = title!; break;
                case SandboxJobChange.Close: posting.State = "closed"; break;
                case SandboxJobChange.Reopen: posting.State = "published"; break;
                default: account.Postings.Remove(posting); return;
            }
            // Never equal to the previous stamp (a fresh account's newest posting was updated this millisecond).
            posting.UpdatedAt = Math.Max(_store.NowMs, posting.UpdatedAt + 1);
        }
    }
}
