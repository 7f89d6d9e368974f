using Ami.Domain.Money;
using Ami.Domain.States;
using Ami.Workflow.Orchestrations;
using Ami.Workflow.Ports;

namespace Ami.Workflow.Tests.Journey;

public sealed class BilanTests(JourneyHost host) : IClassFixture<JourneyHost>
{
    [Fact]
    public async Task Bilan_NotHandedIn_RemindedBeforeDueThenOverdueToHolderAndStaff()
    {
        var dossier = await host.FileAsync(host.Campaign(TimeSpan.FromSeconds(3)));
        await host.ToStartedAsync(dossier, amount: 10000m);
        var due = host.Dossiers[dossier.Id].BilanDueAt!.Value;

        var overdue = await host.MailsAsync(dossier.Id, MailKind.BilanOverdue, count: 3);
        Assert.True(DateTimeOffset.UtcNow > due);
        Assert.Equal([RecipientRole.Holder, RecipientRole.Staff, RecipientRole.Staff], overdue.Select(m => m.To.Role).Order());
        Assert.Equal(2, host.Notifier.To(dossier.Id, MailKind.BilanReminder, RecipientRole.Holder).Count);
        Assert.Equal(DossierStatus.BilanDue, host.Dossiers[dossier.Id].Status);
        Assert.Contains(host.Timeline.Events(dossier.Id), e => e.Event == "bilan:due");

        Assert.Equal(202, (await host.BilanAsync(dossier, JourneyHost.GoodBilan)).Status);
        await host.DecideStepAsync(dossier.Id, JourneySteps.BilanValidation, RecipientRole.Staff, Bodies.BilanAccepted());
        Assert.Equal("closed", (await host.OutcomeAsync(dossier.Id)).Status);
        var paid = await host.Ledger.ListAsync(dossier.Id, CancellationToken.None);
        Assert.Equal([Euros.FromDecimal(7000m), Euros.FromDecimal(3000m)], paid.Select(p => p.Amount));
    }

    [Fact]
    public async Task Bilan_ChangesRequested_GoesBackToTheHolderThenAcceptedOnTheSecondBilan()
    {
        var dossier = await host.FileAsync(host.Campaign(TimeSpan.FromSeconds(3)));
        await host.ToStartedAsync(dossier);

        Assert.Equal(202, (await host.BilanAsync(dossier, JourneyHost.GoodBilan)).Status);
        await host.DecideStepAsync(dossier.Id, JourneySteps.BilanValidation, RecipientRole.Staff, Bodies.BilanChanges("Détaillez les frais de mission."));

        var again = await host.StepAsync(dossier.Id, JourneySteps.Bilan, attempt: 2);
        Assert.Contains(JourneyEvents.BilanSubmitted, again.Accepts);
        var asked = Assert.Single(await host.MailsAsync(dossier.Id, MailKind.BilanChangesRequested, role: RecipientRole.Holder));
        Assert.Equal("Détaillez les frais de mission.", asked.Values!["comment"]);
        Assert.Equal(DossierStatus.BilanDue, host.Dossiers[dossier.Id].Status);
        Assert.Single(await host.Ledger.ListAsync(dossier.Id, CancellationToken.None));

        var invalid = await host.BilanAsync(dossier, """{ "spent": [ { "category": "yacht", "amount": -3 } ] }""");
        Assert.Equal(400, invalid.Status);
        Assert.Contains("spent[0].category", invalid.Body, StringComparison.Ordinal);
        Assert.Contains("spent[0].amount", invalid.Body, StringComparison.Ordinal);
        Assert.Contains("\"summary\"", invalid.Body, StringComparison.Ordinal);

        Assert.Equal(202, (await host.BilanAsync(dossier, JourneyHost.GoodBilan)).Status);
        await host.DecideStepAsync(dossier.Id, JourneySteps.BilanValidation, RecipientRole.Staff, Bodies.BilanAccepted(), index: 1, attempt: 2);

        Assert.Equal("closed", (await host.OutcomeAsync(dossier.Id)).Status);
        Assert.True(host.Bilans.Saved.ContainsKey((dossier.Id, 1)));
        Assert.True(host.Bilans.Saved.ContainsKey((dossier.Id, 2)));
        Assert.Equal(2, (await host.Ledger.ListAsync(dossier.Id, CancellationToken.None)).Count);
        Assert.Contains(host.Dossiers[dossier.Id].Attachments, a => a.Kind == "bilan-report" && a.Id == "bilan-2");
        Assert.Equal(
            [DossierStatus.Started, DossierStatus.BilanSubmitted, DossierStatus.BilanDue, DossierStatus.BilanSubmitted, DossierStatus.Closed],
            host.Dossiers.StatusesOf(dossier.Id).SkipWhile(s => s != DossierStatus.Started));
    }

    [Fact]
    public async Task Bilan_MultipartWithoutItsClosingBoundary_Is400MalformedUploadAndCanBeSentAgain()
    {
        var dossier = await host.FileAsync(host.Campaign(TimeSpan.FromSeconds(3)));
        await host.ToStartedAsync(dossier);
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent("%PDF-1.4\n% bilan\n"u8.ToArray());
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
        form.Add(file, "report", "bilan.pdf");
        form.Add(new StringContent(JourneyHost.GoodBilan, System.Text.Encoding.UTF8, "application/json"), "bilan");
        var bytes = await form.ReadAsByteArrayAsync();
        var closing = System.Text.Encoding.ASCII.GetBytes("--" + form.Headers.ContentType!.Parameters.Single(p => p.Name == "boundary").Value!.Trim('"') + "--");
        var truncated = new ByteArrayContent(bytes[..bytes.AsSpan().LastIndexOf(closing)]);

        var cut = await host.HolderAsync((h, r, c) => h.BilanAsync(r, dossier.Id, c, CancellationToken.None), dossier, raw: (truncated, form.Headers.ContentType.ToString()));

        Assert.Equal(400, cut.Status);
        Assert.Equal("malformed-upload", System.Text.Json.JsonDocument.Parse(cut.Body).RootElement.GetProperty("code").GetString());
        Assert.False(host.Bilans.Stores.ContainsKey(dossier.Id));
        Assert.Equal(202, (await host.BilanAsync(dossier, JourneyHost.GoodBilan)).Status);
    }
}
