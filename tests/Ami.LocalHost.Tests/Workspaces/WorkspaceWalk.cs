using System.Net;
using System.Text.Json.Nodes;
using Ami.LocalHost.Tests.EndToEnd;
using Ami.Testing;
using Ami.Workflow.Configuration;
using Ami.Workflow.Links;
using Microsoft.Extensions.Options;
using static Ami.LocalHost.Tests.EndToEnd.TestCampaigns;

namespace Ami.LocalHost.Tests.Workspaces;

/// <summary>
/// A small call driven to the jury president through the existing API and mailed links: a campaign counted in seconds
/// with three jurors, a few sample dossiers filed and declared eligible, the call closed, every juror's grid in (the
/// third juror declares a conflict of interest on the last dossier). Then the workspaces' own links, signed as the
/// process signs them.
/// </summary>
internal static class WorkspaceWalk
{
    public const string Juror3 = "jure3@region.e2e.example";

    /// <summary>The sample dossier asks for 30 000 €; the campaign's cap is 40 000 €.</summary>
    public const decimal Requested = 30_000m;

    public static readonly WorkspaceLinks Links = new(
        Options.Create(new LinkSigningOptions { Current = LocalHostProcess.TestLinkKey }),
        Options.Create(new AmiOptions { PublicBaseUrl = AmiSite.PublicBaseUrl }));

    public static string Token(string campaignId, WorkspaceRole role) =>
        Links.Sign(new WorkspaceGrant(campaignId, role), DateTimeOffset.UtcNow.AddDays(30));

    /// <summary>Files <paramref name="count"/> dossiers and walks them to the jury's opinion (each journey waits for it).</summary>
    public static async Task<(string CampaignId, IReadOnlyList<FiledDossier> Dossiers)> ToJuryOpinionAsync(AmiSite site, int count)
    {
        var campaignId = NewId("espace");
        var campaign = InSeconds(campaignId, DateTimeOffset.UtcNow.AddDays(1));
        campaign["jurors"] = new JsonArray(Juror1, Juror2, Juror3);

        // The jury ends when every juror answered; its due date only has to stay ahead of a loaded machine.
        campaign["juryDueAfterClose"] = "PT10M";
        await site.PostCampaignAsync(campaign);
        var dossiers = new List<FiledDossier>();
        for (var i = 0; i < count; i++)
        {
            dossiers.Add(await site.SubmitSampleAsync(campaignId));
        }

        foreach (var dossier in dossiers)
        {
            var request = await site.WaitForMailAsync(Staff, "validation-request", dossier.Id);
            await site.ActOnAsync(request, FormAnswers.Eligible());
        }

        // Once each holder is told (the « eligible » mail: the journey then waits for the close), staff close the call
        // now: the campaign posted again with a deadline in the past. A journey still between two waits at that moment
        // is not told (the API tells the journeys waiting for the close): staff post the change again, as they would.
        foreach (var dossier in dossiers)
        {
            await site.WaitForMailAsync(Holder, "eligible", dossier.Id);
        }

        for (var attempt = 1; ; attempt++)
        {
            campaign["deadline"] = Instant(DateTimeOffset.UtcNow.AddSeconds(-5 - attempt));
            await site.PostCampaignAsync(campaign);
            try
            {
                foreach (var dossier in dossiers)
                {
                    await site.WaitForMailAsync(Juror1, "jury-invitation", dossier.Id, TimeSpan.FromSeconds(20));
                }

                break;
            }
            catch (TimeoutException) when (attempt < 3)
            {
                site.Log($"closing the call: not every journey told, posted again (attempt {attempt + 1})");
            }
        }

        for (var i = 0; i < dossiers.Count; i++)
        {
            var dossier = dossiers[i];
            await site.ActOnAsync(await site.WaitForMailAsync(Juror1, "jury-invitation", dossier.Id, TimeSpan.FromSeconds(90)), FormAnswers.Scores(3, "Très bon projet."));
            await site.ActOnAsync(await site.WaitForMailAsync(Juror2, "jury-invitation", dossier.Id, TimeSpan.FromSeconds(90)), FormAnswers.Scores(i % 2 == 0 ? 2 : 1, "Projet correct."));
            var third = await site.WaitForMailAsync(Juror3, "jury-invitation", dossier.Id, TimeSpan.FromSeconds(90));
            if (i == dossiers.Count - 1)
            {
                // A conflict of interest, declared through the API (the page's form asks for the grid).
                using var conflict = new FormUrlEncodedContent([new("decision", "conflict")]);
                using var answer = await site.Process.Http.PostAsync(new Uri(third.ActionLink(AmiSite.PublicBaseUrl).AbsolutePath, UriKind.Relative), conflict);
                Assert.True(answer.IsSuccessStatusCode, $"conflict: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
            }
            else
            {
                await site.ActOnAsync(third, FormAnswers.Scores(2, "Bien."));
            }
        }

        foreach (var dossier in dossiers)
        {
            await site.WaitForMailAsync(President, "jury-opinion-request", dossier.Id, TimeSpan.FromSeconds(90));
        }

        return (campaignId, dossiers);
    }

    /// <summary>The dossier's status as its holder reads it, and its timeline's events.</summary>
    public static async Task<(string Status, IReadOnlyList<string> Events)> StateAsync(AmiSite site, FiledDossier dossier)
    {
        var view = await site.GetDossierAsync(dossier);
        return (view.GetProperty("status").GetString()!, [.. AmiSite.Events(view)]);
    }

    /// <summary>A form posted as the page's button does, without a browser: the status and the page's text.</summary>
    public static async Task<(HttpStatusCode Status, string Text)> PostAsync(AmiSite site, string path, IEnumerable<KeyValuePair<string, string>> fields)
    {
        using var content = new FormUrlEncodedContent(fields);
        using var response = await site.Process.Http.PostAsync(new Uri(path, UriKind.Relative), content);
        var html = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Replace(html, "<[^>]+>", " ")));
    }
}
