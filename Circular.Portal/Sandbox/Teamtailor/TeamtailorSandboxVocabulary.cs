using System.Text.Json.Nodes;
using static Circular.Portal.Sandbox.Teamtailor.TeamtailorSandboxGate;
using static Circular.Portal.Sandbox.Teamtailor.TeamtailorSandboxQuery;

namespace Circular.Portal.Sandbox.Teamtailor;

/// <summary>The account's reject reasons and stages, below /{region}/v1, paged as every Teamtailor list.</summary>
internal static class TeamtailorSandboxVocabulary
{
    public static void Map(IEndpointRouteBuilder vendorRoot, TeamtailorEmulator emulator)
    {
        var api = vendorRoot.MapGroup("/{region}/v1");

        api.MapGet("/reject-reasons", async (HttpContext http, string region) =>
        {
            var (call, failure) = await EnterAsync(http, region, emulator, TtNeed.Read);
            if (call is null) return failure!;
            return Page(http, TeamtailorSandboxSeed.RejectReasons, r => TeamtailorSandboxWire.RejectReason(r.Id, r.Reason, call.Api));
        });

        api.MapGet("/stages", async (HttpContext http, string region) =>
        {
            var (call, failure) = await EnterAsync(http, region, emulator, TtNeed.Read);
            if (call is null) return failure!;
            List<TtStage> stages;
            lock (call.Account.Sync) stages = call.Account.Stages.OrderBy(s => s.RowOrder).ToList();
            return Page(http, stages, s => TeamtailorSandboxWire.Stage(s, call.Api));
        });
    }
}
