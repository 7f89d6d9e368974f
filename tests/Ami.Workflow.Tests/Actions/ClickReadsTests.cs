using System.Text;
using System.Text.Json;
using Ami.Workflow.Actions;
using Ami.Workflow.Orchestrations;
using Ami.Workflow.Ports;
using Ami.Workflow.Steps;
using Ami.Workflow.Tests.Fakes;
using Ami.Workflow.Tests.Journey;

namespace Ami.Workflow.Tests.Actions;

/// <summary>
/// Each click of a person reads the dossier's journey once (one storage request against the orchestration instance):
/// the status read to check that the step waits is the one the event is raised on. (A read that finds the journey busy
/// between two waits is followed by another a moment later: that is waiting, counted apart.)
/// </summary>
public sealed class ClickReadsTests(JourneyHost host) : IClassFixture<JourneyHost>
{
    [Fact]
    public async Task Clicks_FromValidationToTheBilan_EachReadTheJourneyOnce()
    {
        var counting = new CountingDurableTaskClient(host.Client);
        var dossier = await host.FileAsync(host.Campaign(TimeSpan.FromSeconds(3))); // the jury opens when the call closes

        // Staff through their mailed link.
        await host.StepAsync(dossier.Id, JourneySteps.Validation);
        await ClickAsync(counting, dossier.Id, host.LinkAsync(dossier.Id, JourneySteps.Validation, RecipientRole.Staff), Bodies.Eligible());

        // Jurors through theirs.
        for (var juror = 0; juror < 3; juror++)
        {
            await host.StepAsync(dossier.Id, JourneySteps.JuryScore);
            await ClickAsync(counting, dossier.Id, host.LinkAsync(dossier.Id, JourneySteps.JuryScore, RecipientRole.Juror, juror), Bodies.Scored(2));
        }

        // The jury president from the campaign-wide page (no link).
        await host.StepAsync(dossier.Id, JourneySteps.JuryOpinion);
        counting.Reset();
        var opinion = await host.ActionService.DecideAwaitedAsync(
            new ActionClaims(dossier.Id, JourneySteps.JuryOpinion, 1, "president", StepCatalog.DecisionsOf(JourneySteps.JuryOpinion), DateTimeOffset.UtcNow.AddHours(1)),
            ActionBody.FromJson(JsonSerializer.SerializeToElement(Bodies.Favourable(20000m))),
            counting,
            CancellationToken.None);
        Assert.Equal(ActionResultKind.Ok, opinion.Kind);
        Assert.Equal(1, counting.Reads(dossier.Id));

        await host.StepAsync(dossier.Id, JourneySteps.CpDecision);
        await ClickAsync(counting, dossier.Id, host.LinkAsync(dossier.Id, JourneySteps.CpDecision, RecipientRole.CpSecretariat), Bodies.Granted(20000m));

        // The holder declares the start, then hands in the bilan (the API both hosts route to).
        await host.StepAsync(dossier.Id, JourneySteps.Start);
        counting.Reset();
        var start = await host.HolderAsync((h, r, _) => h.StartAsync(r, dossier.Id, counting, CancellationToken.None), dossier, json: $$"""{ "startDate": "{{JourneyHost.Today}}" }""");
        Assert.Equal(202, start.Status);
        Assert.Equal(1, counting.Reads(dossier.Id));

        await host.StepAsync(dossier.Id, JourneySteps.Bilan);
        counting.Reset();
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent("%PDF-1.4\n% bilan\n"u8.ToArray());
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
        form.Add(file, "report", "bilan.pdf");
        form.Add(new StringContent(JourneyHost.GoodBilan, Encoding.UTF8, "application/json"), "bilan");
        var bilan = await host.HolderAsync((h, r, _) => h.BilanAsync(r, dossier.Id, counting, CancellationToken.None), dossier, multipart: form);
        Assert.Equal(202, bilan.Status);
        Assert.Equal(1, counting.Reads(dossier.Id));
    }

    [Fact]
    public async Task Withdrawal_ReadsTheJourneyOnce()
    {
        var counting = new CountingDurableTaskClient(host.Client);
        var dossier = await host.FileAsync(host.Campaign(TimeSpan.FromSeconds(30)));
        await host.StepAsync(dossier.Id, JourneySteps.Validation);

        var withdrawn = await host.HolderAsync((h, r, _) => h.WithdrawAsync(r, dossier.Id, counting, CancellationToken.None), dossier, json: "{}");

        Assert.Equal(202, withdrawn.Status);
        Assert.Equal(1, counting.Reads(dossier.Id));
    }

    private async Task ClickAsync(CountingDurableTaskClient counting, string dossierId, Task<string> link, object body)
    {
        var token = await link;
        counting.Reset();
        var result = await host.ActionService.DecideAsync(token, ActionBody.FromJson(JsonSerializer.SerializeToElement(body)), counting, CancellationToken.None);
        Assert.True(result.Kind == ActionResultKind.Ok, $"{result.Kind} {result.Code}");
        Assert.Equal(1, counting.Reads(dossierId));
    }
}
