using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Circular.Portal.Marketplace;
using Circular.Portal.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Circular.Portal.Tests.Marketplace;

public sealed class MarketplaceApiTests(MarketplaceApiTests.Host host) : IClassFixture<MarketplaceApiTests.Host>
{
    public sealed class Host : IDisposable
    {
        public PortalFactory Factory { get; } = new();
        public void Dispose() => Factory.Dispose();
    }

    private PortalFactory Factory => host.Factory;
    private PlatformClient Platform(string? key = PortalFactory.PlatformKey) => new(Factory.CreateClient(), key);

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    public async Task Calls_without_the_platform_key_are_unauthorized(string? key)
    {
        var jobId = await Factory.PublishedJobIdAsync("Northwind Robotics");
        var response = await Platform(key).CreateApplicationAsync(new { platformApplicationId = "unauth-1", jobId, firstName = "A", lastName = "B", email = "a@b.example" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, await Factory.QueryAsync(db => db.Applications.CountAsync(a => a.PlatformApplicationId == "unauth-1")));
    }

    [Fact]
    public async Task Invalid_application_answers_problem_details_naming_each_field()
    {
        var response = await Platform().CreateApplicationAsync(new { platformApplicationId = "", jobId = 0, firstName = "", lastName = "X", email = "nope" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "PlatformApplicationId", "JobId", "FirstName", "Email" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");
        }
    }

    [Fact]
    public async Task A_retried_create_returns_the_first_application_and_creates_nothing_twice()
    {
        var jobId = await Factory.PublishedJobIdAsync("Northwind Robotics");
        var body = new { platformApplicationId = "retry-1", jobId, firstName = "Alan", lastName = "Kay", email = "alan.kay@example.com" };

        var first = await Platform().CreateApplicationAsync(body);
        var second = await Platform().CreateApplicationAsync(body);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var a = await first.Content.ReadFromJsonAsync<JsonElement>();
        var b = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(a.GetProperty("applicationId").GetInt32(), b.GetProperty("applicationId").GetInt32());
        Assert.Equal(1, await Factory.QueryAsync(db => db.Applications.CountAsync(x => x.PlatformApplicationId == "retry-1")));
        Assert.Equal(1, await Factory.QueryAsync(db => db.Candidates.CountAsync(c => c.Email == "alan.kay@example.com")));
    }

    [Fact]
    public async Task Concurrent_retries_still_create_one_application()
    {
        var jobId = await Factory.PublishedJobIdAsync("Northwind Robotics");
        var body = new { platformApplicationId = "race-1", jobId, firstName = "Barbara", lastName = "Liskov", email = "barbara@example.com" };

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Platform().CreateApplicationAsync(body)));

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, r.StatusCode.ToString()));
        Assert.Equal(1, await Factory.QueryAsync(db => db.Applications.CountAsync(x => x.PlatformApplicationId == "race-1")));
    }

    [Fact]
    public async Task Ten_parallel_applications_of_one_new_person_make_one_candidate_and_all_succeed()
    {
        var jobId = await Factory.PublishedJobIdAsync("Northwind Robotics");
        const string email = "burst.person@example.com";

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Platform().CreateApplicationAsync(
            new { platformApplicationId = $"burst-{i}", jobId, firstName = "Burst", lastName = "Person", email = i % 2 == 0 ? email : " Burst.Person@Example.com " })));
        var retry = await Platform().CreateApplicationAsync(new { platformApplicationId = "burst-10", jobId, firstName = "Burst", lastName = "Person", email });

        foreach (var response in responses.Append(retry))
        {
            Assert.True(response.IsSuccessStatusCode, $"answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        var candidateIds = await Factory.QueryAsync(db => db.Candidates.Where(c => c.Email == email).Select(c => c.Id).ToListAsync());
        var candidateId = Assert.Single(candidateIds);
        Assert.Equal(11, await Factory.QueryAsync(db => db.Applications.CountAsync(a => a.PlatformApplicationId.StartsWith("burst-") && a.CandidateId == candidateId)));
    }

    [Fact]
    public async Task Reusing_a_platform_id_for_another_job_is_a_conflict()
    {
        var jobs = await Factory.QueryAsync(db => db.Jobs.Where(j => j.Status == JobStatus.Published).OrderBy(j => j.Id).Select(j => j.Id).Take(2).ToListAsync());
        await Platform().CreateApplicationAsync(new { platformApplicationId = "conflict-1", jobId = jobs[0], firstName = "A", lastName = "B", email = "ab@example.com" });

        var response = await Platform().CreateApplicationAsync(new { platformApplicationId = "conflict-1", jobId = jobs[1], firstName = "A", lastName = "B", email = "ab@example.com" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task A_draft_or_unknown_job_is_refused()
    {
        var draft = await Factory.QueryAsync(db => db.Jobs.Where(j => j.Status == JobStatus.Draft).Select(j => j.Id).FirstAsync());

        var toDraft = await Platform().CreateApplicationAsync(new { platformApplicationId = "draft-1", jobId = draft, firstName = "A", lastName = "B", email = "d@example.com" });
        var toNowhere = await Platform().CreateApplicationAsync(new { platformApplicationId = "none-1", jobId = 999_999, firstName = "A", lastName = "B", email = "n@example.com" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, toDraft.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, toNowhere.StatusCode);
    }

    [Fact]
    public async Task A_pdf_cv_is_stored_with_the_candidate()
    {
        var jobId = await Factory.PublishedJobIdAsync("Fjord Analytics");

        var response = await Platform().CreateApplicationWithCvAsync(PlatformClient.Fields("cv-ok-1", jobId, "cv.ok@example.com"), CvSamples.Pdf(), "Grace Hopper CV.pdf");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var cv = await Factory.QueryAsync(db => db.Candidates.AsNoTracking().Where(c => c.Email == "cv.ok@example.com").Select(c => c.Cv).SingleAsync());
        Assert.NotNull(cv);
        Assert.Equal("application/pdf", cv.ContentType);
        Assert.True(File.Exists(Path.Combine(Factory.DataFolder, "cvs", cv.StoredName)));
    }

    [Fact]
    public async Task A_cv_that_is_not_a_document_is_refused_by_content_whatever_its_name()
    {
        var jobId = await Factory.PublishedJobIdAsync("Fjord Analytics");

        var response = await Platform().CreateApplicationWithCvAsync(PlatformClient.Fields("cv-bad-1", jobId, "cv.bad@example.com"), CvSamples.Text(), "resume.pdf");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("The CV must be a PDF, DOCX or DOC document.", problem.GetProperty("errors").GetProperty("cv")[0].GetString());
        Assert.Equal(0, await Factory.QueryAsync(db => db.Applications.CountAsync(a => a.PlatformApplicationId == "cv-bad-1")));
    }

    [Fact]
    public async Task A_cv_over_10_MB_is_refused()
    {
        var jobId = await Factory.PublishedJobIdAsync("Fjord Analytics");
        var big = new byte[CvStore.MaxBytes + 1];
        CvSamples.Pdf().CopyTo(big, 0);

        var response = await Platform().CreateApplicationWithCvAsync(PlatformClient.Fields("cv-big-1", jobId, "cv.big@example.com"), big, "big.pdf");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("larger than 10 MB", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await Factory.QueryAsync(db => db.Applications.CountAsync(a => a.PlatformApplicationId == "cv-big-1")));
    }

    [Fact]
    public async Task Interview_answers_move_the_application_and_illegal_answers_are_refused()
    {
        var jobId = await Factory.PublishedJobIdAsync("Northwind Robotics");
        await Platform().CreateApplicationAsync(new { platformApplicationId = "answer-1", jobId, firstName = "Ken", lastName = "Thompson", email = "ken@example.com" });

        var tooEarly = await Platform().AnswerAsync("answer-1", accepted: true);
        Assert.Equal(HttpStatusCode.Conflict, tooEarly.StatusCode);

        var applicationId = await Factory.QueryAsync(db => db.Applications.Where(a => a.PlatformApplicationId == "answer-1").Select(a => a.Id).SingleAsync());
        await Factory.QueryAsync(async db =>
        {
            var application = await db.Applications.SingleAsync(a => a.Id == applicationId);
            application.Stage = ApplicationStage.InterviewRequested;
            return await db.SaveChangesAsync();
        });

        var accepted = await Platform().AnswerAsync("answer-1", accepted: true);
        var again = await Platform().AnswerAsync("answer-1", accepted: true);

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(ApplicationStage.InterviewAccepted, await Factory.QueryAsync(db => db.Applications.Where(a => a.Id == applicationId).Select(a => a.Stage).SingleAsync()));
        Assert.Equal(1, await Factory.QueryAsync(db => db.StageChanges.CountAsync(h => h.ApplicationId == applicationId && h.To == ApplicationStage.InterviewAccepted)));
    }
}
