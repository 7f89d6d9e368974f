using System.Globalization;
using System.Text.Json;
using Ami.Domain.States;
using Ami.Workflow.Orchestrations;
using Ami.Workflow.Ports;

namespace Ami.Workflow.Tests.Journey;

/// <summary>
/// Concurrent requests for a holder's move that the journey takes once: exactly one is accepted (202), every other
/// one gets 409 saying what was kept, and nothing of the losers is stored.
/// </summary>
public sealed class HolderRaceTests(JourneyHost host) : IClassFixture<JourneyHost>
{
    [Fact]
    public async Task Start_FiveAtOnceWithFiveDates_OneAcceptedTheOthersToldTheKeptDate()
    {
        var dossier = await host.FileAsync(host.Campaign(TimeSpan.FromSeconds(3)));
        await host.ToGrantedAsync(dossier);
        var today = DateOnly.ParseExact(JourneyHost.Today, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var dates = Enumerable.Range(0, 5).Select(i => today.AddDays(i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToArray();

        var answers = await Task.WhenAll(dates.Select(d => Task.Run(() => host.StartAsync(dossier, d))));

        var accepted = Assert.Single(answers, a => a.Status == 202);
        var kept = JsonDocument.Parse(accepted.Body).RootElement.GetProperty("startDate").GetString();
        var refused = answers.Where(a => a.Status != 202).ToList();
        Assert.Equal(4, refused.Count);
        Assert.All(refused, r =>
        {
            Assert.Equal(409, r.Status);
            var problem = JsonDocument.Parse(r.Body).RootElement;
            Assert.Equal("already-declared", problem.GetProperty("code").GetString());
            Assert.Equal(kept, problem.GetProperty("startDate").GetString());
        });

        await host.StepAsync(dossier.Id, JourneySteps.Bilan);
        Assert.Equal(kept, host.Dossiers[dossier.Id].StartDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Assert.Single(await host.MailsAsync(dossier.Id, MailKind.StartAcknowledged, role: RecipientRole.Holder));

        // Asked again later: the same answer, with the kept date.
        var later = await host.StartAsync(dossier, dates[^1]);
        Assert.Equal(409, later.Status);
        Assert.Equal(kept, JsonDocument.Parse(later.Body).RootElement.GetProperty("startDate").GetString());
    }

    [Fact]
    public async Task Bilan_ThreeAtOnce_OneAcceptedOneReportStored()
    {
        var dossier = await host.FileAsync(host.Campaign(TimeSpan.FromSeconds(3)));
        await host.ToStartedAsync(dossier);

        var answers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => host.BilanAsync(dossier, JourneyHost.GoodBilan))));

        Assert.Single(answers, a => a.Status == 202);
        Assert.All(answers.Where(a => a.Status != 202), r =>
        {
            Assert.Equal(409, r.Status);
            Assert.Equal("already-submitted", JsonDocument.Parse(r.Body).RootElement.GetProperty("code").GetString());
        });
        Assert.Equal(1, host.Bilans.Stores[dossier.Id]);
        Assert.Single(host.Dossiers[dossier.Id].Attachments, a => a.Kind == "bilan-report");
        await host.StepAsync(dossier.Id, JourneySteps.BilanValidation);
        Assert.Single(await host.MailsAsync(dossier.Id, MailKind.BilanReceived, role: RecipientRole.Holder));
    }

    [Fact]
    public async Task Withdraw_ThreeAtOnce_OneAcceptedTheOthers409()
    {
        var dossier = await host.FileAsync(host.Campaign(TimeSpan.FromSeconds(30)));
        await host.StepAsync(dossier.Id, JourneySteps.Validation);

        var answers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => host.WithdrawAsync(dossier))));

        Assert.Single(answers, a => a.Status == 202);
        Assert.All(answers.Where(a => a.Status != 202), r => Assert.Equal(409, r.Status));
        Assert.Equal("withdrawn", (await host.OutcomeAsync(dossier.Id)).Status);
        Assert.Single(host.Timeline.Events(dossier.Id), e => e.Event == "withdrawn");
        Assert.Equal(DossierStatus.Withdrawn, host.Dossiers[dossier.Id].Status);
    }
}
