using System.Security.Claims;
using Circular.Portal.Connections;
using Circular.Portal.Data;
using Circular.Portal.Marketplace;
using Circular.Portal.Providers;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Web.Virtualization;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace Circular.Portal.Jobs.Pages;

/// <summary>
/// Circular jobs beside the connection's ATS jobs, both virtualised and paged in SQL so thousands on each side stay
/// smooth. Drag to link, a keyboard path that does the same, suggestions, and refusal of stale changes.
/// </summary>
public sealed partial class MappingBoard
{
    public enum MappedFilter { All, Unmapped, Mapped }

    [Parameter, EditorRequired] public AtsConnection Connection { get; set; } = default!;
    [Parameter, EditorRequired] public string VendorName { get; set; } = "";
    [CascadingParameter] private Task<AuthenticationState>? AuthState { get; set; }

    [Inject] private IDbContextFactory<PortalDbContext> DbFactory { get; set; } = default!;
    [Inject] private JobLinker Linker { get; set; } = default!;
    [Inject] private MatchSuggester Suggester { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    private Virtualize<JobRow>? _jobsList;
    private Virtualize<AtsRow>? _atsList;
    private List<MatchCandidate> _atsCandidates = [];
    private readonly Dictionary<int, MatchSuggestion?> _suggestions = [];
    private JobRow? _dragging;
    private int? _dropTarget;
    private bool _busy;
    private double _threshold = 0.8;
    private JobOption? _pickJob;
    private JobOption? _pickAts;

    private string? _jobSearch, _jobStatus, _jobDepartment, _atsSearch, _atsDepartment;
    private MappedFilter _mapped = MappedFilter.All;
    private AtsJobStatus? _atsStatus;

    protected override async Task OnInitializedAsync()
    {
        await using var db = await DbFactory.CreateDbContextAsync();
        // Only id, title and location of the open ATS jobs: small enough to rank against in memory.
        _atsCandidates = await db.AtsJobs.AsNoTracking()
            .Where(a => a.ConnectionId == Connection.Id && a.Status != AtsJobStatus.Closed)
            .Select(a => new MatchCandidate(a.Id, a.Title, a.Location)).ToListAsync();
    }

    private async ValueTask<ItemsProviderResult<JobRow>> LoadJobsAsync(ItemsProviderRequest request)
    {
        await using var db = await DbFactory.CreateDbContextAsync(request.CancellationToken);
        var query = from job in db.Jobs.AsNoTracking()
                    join l in db.JobLinks.AsNoTracking() on job.Id equals l.JobId into links
                    from link in links.DefaultIfEmpty()
                    select new { job, link, ats = link == null ? null : link.AtsJob };
        if (!string.IsNullOrWhiteSpace(_jobSearch)) query = query.Where(x => EF.Functions.Like(x.job.Title, $"%{_jobSearch.Trim()}%"));
        if (!string.IsNullOrWhiteSpace(_jobDepartment)) query = query.Where(x => EF.Functions.Like(x.job.Department, $"%{_jobDepartment.Trim()}%"));
        if (Enum.TryParse<JobStatus>(_jobStatus, out var status)) query = query.Where(x => x.job.Status == status);
        if (_mapped == MappedFilter.Mapped) query = query.Where(x => x.link != null);
        if (_mapped == MappedFilter.Unmapped) query = query.Where(x => x.link == null);
        var total = await query.CountAsync(request.CancellationToken);
        var rows = await query.OrderBy(x => x.job.Title).ThenBy(x => x.job.Id)
            .Skip(request.StartIndex).Take(request.Count)
            .Select(x => new JobRow(x.job.Id, x.job.Title, x.job.Location, x.job.Status,
                x.link == null ? null : x.link.Version, x.ats == null ? null : x.ats.Title,
                x.ats == null ? null : x.ats.Status == AtsJobStatus.Closed ? "Closed in the ATS: candidates for this job are held until it is re-linked."
                    : x.ats.Title != x.link!.TitleAtLink ? $"Renamed in the ATS (was \"{x.link.TitleAtLink}\")." : null))
            .ToListAsync(request.CancellationToken);
        return new ItemsProviderResult<JobRow>(rows, total);
    }

    private async ValueTask<ItemsProviderResult<AtsRow>> LoadAtsAsync(ItemsProviderRequest request)
    {
        await using var db = await DbFactory.CreateDbContextAsync(request.CancellationToken);
        var query = db.AtsJobs.AsNoTracking().Where(a => a.ConnectionId == Connection.Id);
        if (!string.IsNullOrWhiteSpace(_atsSearch)) query = query.Where(a => EF.Functions.Like(a.Title, $"%{_atsSearch.Trim()}%"));
        if (!string.IsNullOrWhiteSpace(_atsDepartment)) query = query.Where(a => a.Department != null && EF.Functions.Like(a.Department, $"%{_atsDepartment.Trim()}%"));
        if (_atsStatus is { } s) query = query.Where(a => a.Status == s);
        var total = await query.CountAsync(request.CancellationToken);
        var rows = await query.OrderBy(a => a.Title).ThenBy(a => a.Id)
            .Skip(request.StartIndex).Take(request.Count)
            .Select(a => new AtsRow(a.Id, a.Title, a.Location, a.Department, a.Status, db.JobLinks.Count(l => l.AtsJobId == a.Id)))
            .ToListAsync(request.CancellationToken);
        return new ItemsProviderResult<AtsRow>(rows, total);
    }

    private MatchSuggestion? Suggestion(JobRow job)
    {
        if (!_suggestions.TryGetValue(job.Id, out var suggestion))
        {
            suggestion = Suggester.Rank(new MatchCandidate(job.Id, job.Title, job.Location), _atsCandidates, take: 1).FirstOrDefault();
            _suggestions[job.Id] = suggestion;
        }
        return suggestion is { Score: >= 0.5 } ? suggestion : null;
    }

    private async Task DropAsync(AtsRow ats)
    {
        _dropTarget = null;
        if (_dragging is not { } job) return;
        _dragging = null;
        await LinkAsync(job, ats.Id, LinkOrigin.Manual);
    }

    private async Task LinkAsync(JobRow job, int atsJobId, LinkOrigin origin)
    {
        _busy = true;
        var result = await Linker.LinkAsync(job.Id, atsJobId, job.LinkVersion, origin, await ActorAsync(), default);
        _busy = false;
        Snackbar.Add(result.Message, result.Succeeded ? Severity.Success : Severity.Warning);
        await RefreshAsync();
    }

    private async Task UnlinkAsync(JobRow job)
    {
        var result = await Linker.UnlinkAsync(job.Id, job.LinkVersion!.Value, default);
        Snackbar.Add(result.Message, result.Succeeded ? Severity.Info : Severity.Warning);
        await RefreshAsync();
    }

    private async Task AcceptAllAsync()
    {
        _busy = true;
        await using var db = await DbFactory.CreateDbContextAsync();
        var unmapped = await db.Jobs.AsNoTracking().Where(j => j.Status != JobStatus.Closed && !db.JobLinks.Any(l => l.JobId == j.Id))
            .Select(j => new MatchCandidate(j.Id, j.Title, j.Location)).ToListAsync();
        var pairs = unmapped
            .Select(j => (Job: j, Best: Suggester.Rank(j, _atsCandidates, take: 1).FirstOrDefault()))
            .Where(x => x.Best is not null && x.Best.Score >= _threshold)
            .Select(x => (x.Job.Id, x.Best!.AtsJobId))
            .ToList();
        var linked = await Linker.LinkManyAsync(pairs, await ActorAsync(), default);
        _busy = false;
        Snackbar.Add(linked == 0 ? $"No unmapped job has a suggestion above {_threshold:P0}." : $"Linked {linked} job{(linked == 1 ? "" : "s")} by suggestion.", Severity.Success);
        await RefreshAsync();
    }

    private async Task LinkPickedAsync()
    {
        await using var db = await DbFactory.CreateDbContextAsync();
        var version = await db.JobLinks.Where(l => l.JobId == _pickJob!.Id).Select(l => (Guid?)l.Version).SingleOrDefaultAsync();
        var result = await Linker.LinkAsync(_pickJob!.Id, _pickAts!.Id, version, LinkOrigin.Manual, await ActorAsync(), default);
        Snackbar.Add(result.Message, result.Succeeded ? Severity.Success : Severity.Warning);
        if (result.Succeeded)
        {
            _pickJob = null;
            _pickAts = null;
        }
        await RefreshAsync();
    }

    private async Task<IEnumerable<JobOption>> SearchJobsAsync(string? text, CancellationToken ct)
    {
        await using var db = await DbFactory.CreateDbContextAsync(ct);
        var query = db.Jobs.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(text)) query = query.Where(j => EF.Functions.Like(j.Title, $"%{text.Trim()}%"));
        return await query.OrderBy(j => j.Title).Take(20).Select(j => new JobOption(j.Id, j.Title + (j.Location == "" ? "" : " · " + j.Location))).ToListAsync(ct);
    }

    private async Task<IEnumerable<JobOption>> SearchAtsAsync(string? text, CancellationToken ct)
    {
        await using var db = await DbFactory.CreateDbContextAsync(ct);
        var query = db.AtsJobs.AsNoTracking().Where(a => a.ConnectionId == Connection.Id);
        if (!string.IsNullOrWhiteSpace(text)) query = query.Where(a => EF.Functions.Like(a.Title, $"%{text.Trim()}%"));
        return await query.OrderBy(a => a.Title).Take(20).Select(a => new JobOption(a.Id, a.Title + (a.Location == null ? "" : " · " + a.Location))).ToListAsync(ct);
    }

    private async Task RefreshAsync()
    {
        if (_jobsList is not null) await _jobsList.RefreshDataAsync();
        if (_atsList is not null) await _atsList.RefreshDataAsync();
        StateHasChanged();
    }

    private async Task<string> ActorAsync() =>
        AuthState is null ? "Company admin" : (await AuthState).User.FindFirstValue(ClaimTypes.Name) ?? "Company admin";

    private async Task JobSearchAsync(string? v) { _jobSearch = v; await RefreshAsync(); }
    private async Task JobStatusAsync(string? v) { _jobStatus = v; await RefreshAsync(); }
    private async Task JobDepartmentAsync(string? v) { _jobDepartment = v; await RefreshAsync(); }
    private async Task MappedAsync(MappedFilter v) { _mapped = v; await RefreshAsync(); }
    private async Task AtsSearchAsync(string? v) { _atsSearch = v; await RefreshAsync(); }
    private async Task AtsStatusAsync(AtsJobStatus? v) { _atsStatus = v; await RefreshAsync(); }
    private async Task AtsDepartmentAsync(string? v) { _atsDepartment = v; await RefreshAsync(); }

    public sealed record JobRow(int Id, string Title, string Location, JobStatus Status, Guid? LinkVersion, string? LinkedTitle, string? Health);

    public sealed record AtsRow(int Id, string Title, string? Location, string? Department, AtsJobStatus Status, int Linked);

    public sealed record JobOption(int Id, string Label);
}
