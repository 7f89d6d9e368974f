using System.Text;
using Ami.Domain.Campaigns;
using Ami.LocalHost.Campaigns;
using Ami.LocalHost.Dev;
using Ami.Testing;
using Ami.Workflow.Ports;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Ami.LocalHost.Tests;

/// <summary>What a restart of the local host must not undo: the demo campaign as staff left it, the captured mails.</summary>
public sealed class RestartKeepsStateTests
{
    [Fact]
    public async Task Restart_AfterStaffClosedTheDemoCall_TheCallStaysClosed()
    {
        await using var azurite = await AzuriteProcess.StartAsync();
        var taskHub = "t" + Guid.NewGuid().ToString("N")[..16];
        var closedAt = CampaignDeadline.LastSecond(DateTimeOffset.UtcNow.AddHours(-1));

        await using (var first = await InProcessLocalHost.StartAsync(azurite.ConnectionString, taskHubName: taskHub))
        {
            var store = first.Services.GetRequiredService<ICampaignStore>();
            var demo = await store.GetAsync(DemoCampaign.Id, CancellationToken.None);
            Assert.False(demo!.Deadline.IsPassed(DateTimeOffset.UtcNow));
            await store.UpsertAsync(demo with { Deadline = closedAt }, CancellationToken.None);
        }

        await using var second = await InProcessLocalHost.StartAsync(azurite.ConnectionString, taskHubName: taskHub);

        var kept = await second.Services.GetRequiredService<ICampaignStore>().GetAsync(DemoCampaign.Id, CancellationToken.None);
        Assert.Equal(closedAt.ClosesAt, kept!.Deadline.ClosesAt);
        Assert.True(kept.Deadline.IsPassed(DateTimeOffset.UtcNow));
        Assert.Equal(closedAt.ClosesAt, second.Services.GetRequiredService<CampaignLoader>().Demo!.Deadline.ClosesAt);
    }

    [Fact]
    public async Task MailCapture_WithAJournal_ReadsTheMailsBackAfterARestart()
    {
        var journal = Path.Combine(Path.GetTempPath(), "ami-mails-" + Guid.NewGuid().ToString("N") + ".jsonl");
        try
        {
            var before = new MailCapture(journal);
            foreach (var (to, link) in new[] { ("instruction@region.example", "https://ami.example/api/actions/abc"), ("jure1@partner.example", "https://ami.example/api/actions/def") })
            {
                var context = new DefaultHttpContext();
                context.Request.Headers.Authorization = "Bearer SG.local";
                context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes($$"""
                    { "from": { "email": "ami@region.example" }, "subject": "Lien", "personalizations": [ { "to": [ { "email": "{{to}}" } ] } ],
                      "content": [ { "type": "text/plain", "value": "Votre lien : {{link}}" } ], "categories": [ "ami", "validation-request" ], "custom_args": { "dossier_id": "d-1" } }
                    """));
                await before.ReceiveAsync(context.Request);
            }

            var after = new MailCapture(journal);

            Assert.Equal(before.Mails.Select(m => (m.Sequence, m.To[0], m.Subject, m.Text, m.CustomArgs["dossier_id"])), after.Mails.Select(m => (m.Sequence, m.To[0], m.Subject, m.Text, m.CustomArgs["dossier_id"])));
            Assert.Contains("https://ami.example/api/actions/def", after.Mails[1].Text, StringComparison.Ordinal);
            Assert.DoesNotContain("SG.local", await File.ReadAllTextAsync(journal), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(journal);
        }
    }
}
