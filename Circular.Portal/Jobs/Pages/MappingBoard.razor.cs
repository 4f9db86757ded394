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
/// Circular jobs beside the connection's ATS jobs, both virtualised and paged in SQL (see <see cref="MappingBoardQueries"/>)
/// so thousands on each side stay smooth. Drag a Circular job onto an ATS job to link it, take a suggestion, accept all
/// suggestions from a threshold, or link from two searchable selects with the keyboard. Every change names the link
/// version the admin saw, so a second admin's stale change is refused and the board shows the current state.
/// </summary>
public sealed partial class MappingBoard
{
    /// <summary>Suggestions below this are not worth showing.</summary>
    public const double ShownSuggestionScore = 0.5;

    [Parameter, EditorRequired] public AtsConnection Connection { get; set; } = default!;
    [Parameter, EditorRequired] public string VendorName { get; set; } = "";
    [CascadingParameter] private Task<AuthenticationState>? AuthState { get; set; }

    [Inject] private IDbContextFactory<PortalDbContext> DbFactory { get; set; } = default!;
    [Inject] private JobLinker Linker { get; set; } = default!;
    [Inject] private MatchSuggester Suggester { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;

    private Virtualize<CircularJobRow>? _jobsList;
    private Virtualize<AtsJobRow>? _atsList;
    private int _loadedConnectionId;
    private Task<MatchPool> _pool = Task.FromResult(MatchPool.Empty);
    private readonly Dictionary<int, IReadOnlyList<MatchSuggestion>> _suggestions = [];
    private Dictionary<int, AtsKind> _connections = [];
    private List<string> _jobDepartments = [], _atsDepartments = [];
    private int? _jobsTotal, _atsTotal;

    private CircularJobRow? _dragging;
    private int? _dropTarget;
    private bool _busy;
    private BoardMessage? _message;
    private double _threshold = 0.8;

    private BoardPick? _pickJob, _pickAts;
    private MatchSuggestion? _pickSuggestion;

    private CircularJobFilter _jobFilter = new();
    private AtsJobFilter _atsFilter = new();

    protected override async Task OnParametersSetAsync()
    {
        if (Connection.Id == _loadedConnectionId) return;
        _loadedConnectionId = Connection.Id;
        _suggestions.Clear();
        _pool = LoadPoolAsync(Connection.Id);
        await using var db = await DbFactory.CreateDbContextAsync();
        _connections = await db.Connections.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Kind);
        _jobDepartments = await MappingBoardQueries.CircularDepartmentsAsync(db, default);
        _atsDepartments = await MappingBoardQueries.AtsDepartmentsAsync(db, Connection.Id, default);
        if (_jobsList is not null) await RefreshAsync();
    }

    /// <summary>The ATS jobs suggestions may point at, normalised once for the whole board.</summary>
    private async Task<MatchPool> LoadPoolAsync(int connectionId)
    {
        await using var db = await DbFactory.CreateDbContextAsync();
        var targets = await MappingBoardQueries.SuggestionTargetsAsync(db, connectionId, default);
        return await Task.Run(() => Suggester.Prepare(targets));
    }

    private async ValueTask<ItemsProviderResult<CircularJobRow>> LoadJobsAsync(ItemsProviderRequest request)
    {
        await using var db = await DbFactory.CreateDbContextAsync(request.CancellationToken);
        var (rows, total) = await MappingBoardQueries.CircularJobsAsync(db, _jobFilter, request.StartIndex, request.Count, request.CancellationToken);
        var pool = await _pool;
        var missing = rows.Where(r => r.Link is null && !_suggestions.ContainsKey(r.Id)).ToList();
        if (missing.Count > 0)
        {
            var ranked = await Task.Run(() => missing
                .Select(r => (r.Id, Ranked: Suggester.Rank(new MatchCandidate(r.Id, r.Title, r.Location), pool, take: 3, ShownSuggestionScore)))
                .ToList(), request.CancellationToken);
            foreach (var (id, list) in ranked) _suggestions[id] = list;
        }
        if (_jobsTotal != total)
        {
            _jobsTotal = total;
            StateHasChanged();
        }
        return new ItemsProviderResult<CircularJobRow>(rows, total);
    }

    private async ValueTask<ItemsProviderResult<AtsJobRow>> LoadAtsAsync(ItemsProviderRequest request)
    {
        await using var db = await DbFactory.CreateDbContextAsync(request.CancellationToken);
        var (rows, total) = await MappingBoardQueries.AtsJobsAsync(db, Connection.Id, _atsFilter, request.StartIndex, request.Count, request.CancellationToken);
        if (_atsTotal != total)
        {
            _atsTotal = total;
            StateHasChanged();
        }
        return new ItemsProviderResult<AtsJobRow>(rows, total);
    }

    private IReadOnlyList<MatchSuggestion> SuggestionsFor(CircularJobRow job) =>
        job.Link is null && _suggestions.TryGetValue(job.Id, out var list) ? list : [];

    private void DragStart(CircularJobRow job)
    {
        _dragging = job;
        _message = null;
    }

    private void DragEnd()
    {
        _dragging = null;
        _dropTarget = null;
    }

    private async Task DropAsync(AtsJobRow ats)
    {
        _dropTarget = null;
        if (_dragging is not { } job) return;
        _dragging = null;
        if (ats.Status == AtsJobStatus.Closed)
        {
            _message = new(Severity.Warning, $"\"{ats.Title}\" is closed in {VendorName}; link to an open or draft job.");
            return;
        }
        await LinkAsync(job, ats.Id, ats.Title, LinkOrigin.Manual);
    }

    private Task AcceptSuggestionAsync(CircularJobRow job, MatchSuggestion suggestion) =>
        LinkAsync(job, suggestion.AtsJobId, suggestion.Title, LinkOrigin.Suggestion);

    private async Task LinkAsync(CircularJobRow job, int atsJobId, string atsTitle, LinkOrigin origin)
    {
        if (job.Link?.AtsJobId == atsJobId && job.Link.ConnectionId == Connection.Id)
        {
            _message = new(Severity.Info, $"\"{job.Title}\" is already linked to \"{atsTitle}\".");
            return;
        }
        if (job.Link is { } current && !await ConfirmMoveAsync(job.Title, current.ConnectionId, current.AtsTitle, atsTitle)) return;
        _busy = true;
        try
        {
            var result = await Linker.LinkAsync(job.Id, atsJobId, job.Link?.Version, origin, await ActorAsync(), default);
            _message = result.Succeeded ? new(Severity.Success, $"Linked \"{job.Title}\" to {VendorName} job \"{atsTitle}\".") : Failure(result);
        }
        finally
        {
            _busy = false;
        }
        await RefreshAsync();
    }

    private async Task UnlinkAsync(CircularJobRow job)
    {
        if (job.Link is not { } link) return;
        _busy = true;
        try
        {
            var result = await Linker.UnlinkAsync(job.Id, link.Version, default);
            _message = result.Succeeded ? new(Severity.Info, $"Unlinked \"{job.Title}\" from \"{link.AtsTitle}\".") : Failure(result);
        }
        finally
        {
            _busy = false;
        }
        await RefreshAsync();
    }

    private async Task AcceptAllAsync()
    {
        _busy = true;
        _message = null;
        try
        {
            var threshold = _threshold;
            await using var db = await DbFactory.CreateDbContextAsync();
            var unmapped = await MappingBoardQueries.UnmappedJobsAsync(db, default);
            var pool = await _pool;
            var pairs = await Task.Run(() => Suggester.BestMatches(unmapped, pool, threshold).Select(m => (m.Job.Id, m.Best.AtsJobId)).ToList());
            if (pairs.Count == 0)
            {
                _message = new(Severity.Info, $"No unmapped job has a suggestion of {threshold:P0} or more.");
                return;
            }
            var confirmed = await Dialogs.ShowMessageBoxAsync("Accept suggestions",
                $"Link {Jobs(pairs.Count)} to {(pairs.Count == 1 ? "its" : "their")} best {VendorName} match ({threshold:P0} or more)? Any link can be undone afterwards.",
                yesText: $"Link {Jobs(pairs.Count)}", cancelText: "Cancel");
            if (confirmed != true) return;
            var linked = await Linker.LinkManyAsync(pairs, await ActorAsync(), default);
            var skipped = pairs.Count - linked;
            _message = new(skipped == 0 ? Severity.Success : Severity.Warning, $"Linked {Jobs(linked)} by suggestion."
                + (skipped == 0 ? "" : $" {Jobs(skipped)} had been changed by someone else meanwhile and kept their current link."));
        }
        finally
        {
            _busy = false;
        }
        await RefreshAsync();
    }

    private async Task PickJobAsync(BoardPick? pick)
    {
        _pickJob = pick;
        _pickSuggestion = null;
        if (pick is { LinkVersion: null })
        {
            var pool = await _pool;
            _pickSuggestion = Suggester.Rank(new MatchCandidate(pick.Id, pick.Title, pick.Location), pool, take: 1, ShownSuggestionScore).FirstOrDefault();
        }
    }

    private async Task LinkPickedAsync()
    {
        if (_pickJob is not { } job || _pickAts is not { } ats) return;
        if (job.LinkedConnectionId is { } linkedTo && job.LinkedTo is { } linkedTitle && !await ConfirmMoveAsync(job.Title, linkedTo, linkedTitle, ats.Title)) return;
        _busy = true;
        try
        {
            var result = await Linker.LinkAsync(job.Id, ats.Id, job.LinkVersion, LinkOrigin.Manual, await ActorAsync(), default);
            if (result.Succeeded)
            {
                _message = new(Severity.Success, $"Linked \"{job.Title}\" to {VendorName} job \"{ats.Title}\".");
                _pickJob = null;
                _pickAts = null;
                _pickSuggestion = null;
            }
            else
            {
                _message = Failure(result);
                // Show what the link is now; linking again is then a choice made knowing it.
                await using var db = await DbFactory.CreateDbContextAsync();
                _pickJob = (await MappingBoardQueries.PickCircularJobsAsync(db, null, default, job.Id)).FirstOrDefault();
            }
        }
        finally
        {
            _busy = false;
        }
        await RefreshAsync();
    }

    /// <summary>
    /// A link that would leave another ATS is moved only after the admin agrees, with both vendors named: that ATS's
    /// import will then offer its job again as new.
    /// </summary>
    private async Task<bool> ConfirmMoveAsync(string jobTitle, int fromConnectionId, string fromTitle, string toTitle)
    {
        if (fromConnectionId == Connection.Id) return true;
        var from = _connections.TryGetValue(fromConnectionId, out var kind) ? kind.ToString() : "another ATS";
        var confirmed = await Dialogs.ShowMessageBoxAsync($"Move the link from {from} to {VendorName}?",
            $"\"{jobTitle}\" is linked to {from} job \"{fromTitle}\". Linking it to {VendorName} job \"{toTitle}\" removes that link: candidates go to {VendorName} " +
            $"from now on, and {from}'s import will offer \"{fromTitle}\" as a new job again.",
            yesText: $"Move to {VendorName}", cancelText: "Cancel");
        if (confirmed == true) return true;
        _message = new(Severity.Info, $"\"{jobTitle}\" stays linked to {from} job \"{fromTitle}\".");
        return false;
    }

    private async Task<IEnumerable<BoardPick>> SearchJobsAsync(string? text, CancellationToken ct)
    {
        await using var db = await DbFactory.CreateDbContextAsync(ct);
        return await MappingBoardQueries.PickCircularJobsAsync(db, text, ct);
    }

    private async Task<IEnumerable<BoardPick>> SearchAtsAsync(string? text, CancellationToken ct)
    {
        await using var db = await DbFactory.CreateDbContextAsync(ct);
        return await MappingBoardQueries.PickAtsJobsAsync(db, Connection.Id, text, ct);
    }

    private async Task RefreshAsync()
    {
        _suggestions.Clear();
        if (_jobsList is not null) await _jobsList.RefreshDataAsync();
        if (_atsList is not null) await _atsList.RefreshDataAsync();
        StateHasChanged();
    }

    private async Task<string> ActorAsync() =>
        AuthState is null ? "Company admin" : (await AuthState).User.Identity?.Name ?? "Company admin";

    private static BoardMessage Failure(LinkResult result) =>
        new(result.Outcome == LinkOutcome.Stale ? Severity.Warning : Severity.Error, result.Message);

    private string LinkLabel(BoardLink link) =>
        link.ConnectionId == Connection.Id || !_connections.TryGetValue(link.ConnectionId, out var kind)
            ? link.AtsTitle
            : $"{link.AtsTitle} ({kind})";

    private static string HealthLabel(BoardLink link) => link.Health switch
    {
        LinkHealth.RenamedInAts => "Renamed in the ATS",
        LinkHealth.ClosedInAts => "Closed in the ATS",
        LinkHealth.DeletedInAts => "Deleted in the ATS",
        _ => "Check this link",
    };

    /// <summary>One line, cut with an ellipsis: the rows have a fixed height for the virtualised list.</summary>
    private const string CaptionStyle = "display:block;white-space:nowrap;overflow:hidden;text-overflow:ellipsis";

    private static string Caption(params string?[] parts) => string.Join(" · ", parts.Where(p => !string.IsNullOrWhiteSpace(p)));

    private static string Jobs(int count) => count == 1 ? "1 job" : $"{count:N0} jobs";

    private static string Percent(double score) => $"{score:P0}";

    private Task JobFilterAsync(CircularJobFilter filter)
    {
        _jobFilter = filter;
        return RefreshAsync();
    }

    private Task AtsFilterAsync(AtsJobFilter filter)
    {
        _atsFilter = filter;
        return RefreshAsync();
    }

    private sealed record BoardMessage(Severity Severity, string Text);
}
