using System.Globalization;
using Ami.Domain.Campaigns;
using Ami.Domain.Dossiers;
using Ami.Domain.Money;
using Ami.Domain.Payments;
using Ami.Domain.Scoring;
using Ami.Domain.States;
using Ami.Workflow.Configuration;
using Ami.Workflow.Ports;
using Microsoft.Extensions.Options;

namespace Ami.Workflow.Mail;

/// <summary>
/// Builds each mail's values from the dossier, its campaign and the notification's
/// <see cref="Notification.Values"/>, then renders its templates. Every link is absolute, from
/// <see cref="AmiOptions.PublicBaseUrl"/>; amounts are <see cref="Euros.ToFrench"/>; dates are Paris, in French.
/// </summary>
public sealed class MailComposer
{
    private static readonly CultureInfo FrenchCulture = CultureInfo.GetCultureInfo("fr-FR");
    private readonly MailTemplates _templates;
    private readonly string _baseUrl;
    private readonly Links.HolderLinks? _holderLinks;
    private readonly TimeProvider _clock;

    /// <param name="holderLinks">When given, the holder's mails link to "Mon dossier" with a fresh personal link.</param>
    public MailComposer(MailTemplates templates, IOptions<AmiOptions> options, Links.HolderLinks? holderLinks = null, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _templates = templates;
        _holderLinks = holderLinks;
        _clock = clock ?? TimeProvider.System;
        _baseUrl = options.Value.PublicBaseUrl.TrimEnd('/');
        if (!Uri.TryCreate(_baseUrl, UriKind.Absolute, out _))
        {
            throw new MailTemplateException($"Ami:PublicBaseUrl '{_baseUrl}' is not an absolute URL.");
        }
    }

    /// <summary>Whether <paramref name="kind"/> needs the dossier as filed (<see cref="IDossierStore.GetSubmissionAsync"/>).</summary>
    public static bool NeedsSubmission(MailKind kind) => kind == MailKind.PaymentOrder;

    /// <summary>The holder's status link: <c>{PublicBaseUrl}/api/dossiers/{id}</c>.</summary>
    public string DossierUrl(string dossierId) => $"{_baseUrl}/api/dossiers/{Uri.EscapeDataString(dossierId)}";

    /// <summary>
    /// The link of a mail about the dossier: for the holder, a fresh personal link to "Mon dossier" (renewed with
    /// each mail); for staff, the status API.
    /// </summary>
    public string StatusUrl(string dossierId, bool forStaff) =>
        forStaff || _holderLinks is null ? DossierUrl(dossierId) : _holderLinks.PageUrl(dossierId, _clock.GetUtcNow());

    public string ActionUrl(string token) => $"{_baseUrl}/api/actions/{Uri.EscapeDataString(token)}";

    /// <exception cref="MailTemplateException">A value is missing, unknown or badly written.</exception>
    public MailContent Compose(Notification notification, DossierRecord dossier, Campaign campaign, DossierSubmission? submission)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentNullException.ThrowIfNull(dossier);
        ArgumentNullException.ThrowIfNull(campaign);
        if (notification.Kind is MailKind.StaffDigest or MailKind.LateSubmission)
        {
            throw new MailTemplateException($"{notification.Kind} is not a dossier mail.");
        }

        var model = CampaignModel(campaign)
            .Set("dossierId", dossier.DossierId)
            .Set("reference", dossier.Reference)
            .Set("actionTitle", dossier.ActionTitle)
            .Set("holderName", dossier.HolderName)
            .Set("contactEmailOfHolder", dossier.ContactEmail)
            .Set("status", dossier.Status.ToFrench())
            .Set("statusUrl", StatusUrl(dossier.DossierId, notification.To.Role == RecipientRole.Staff))
            .Set("requestedAmount", dossier.RequestedAmount.ToFrench())
            .Set("submittedAt", French.DateTime(dossier.SubmittedAt))
            .Set("forStaff", notification.To.Role == RecipientRole.Staff);

        AddInputs(model, notification.Kind, notification.Values ?? new Dictionary<string, string>(), dossier.JuryGrid);
        AddDerived(model, notification, dossier, campaign, submission);
        return _templates.Render(notification.Kind, model);
    }

    public MailContent ComposeLateSubmission(LateSubmission attempt, Campaign campaign)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(campaign);
        var model = CampaignModel(campaign)
            .Set("attemptAt", French.DateTime(attempt.At))
            .Set("holderName", attempt.HolderName)
            .Set("contactEmailOfHolder", attempt.ContactEmail)
            .Set("deadline", French.DateTime(campaign.Deadline.LastAcceptedInstant));
        return _templates.Render(MailKind.LateSubmission, model);
    }

    /// <summary>A mail about a draft (<see cref="MailKind.DraftLink"/>, <see cref="MailKind.DraftReminder"/>): its link and the deadline.</summary>
    public MailContent ComposeDraft(MailKind kind, Campaign campaign, string draftUrl, string? holderName)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        if (kind is not (MailKind.DraftLink or MailKind.DraftReminder))
        {
            throw new MailTemplateException($"{kind} is not a mail about a draft.");
        }

        var model = CampaignModel(campaign)
            .Set("draftUrl", draftUrl)
            .Set("holderName", holderName ?? "")
            .Set("deadline", French.DateTime(campaign.Deadline.LastAcceptedInstant));
        return _templates.Render(kind, model);
    }

    /// <summary>A campaign-wide mail of the calendar (<c>Workspaces.CalendarMails.Kinds</c>): the campaign's values and <paramref name="values"/>.</summary>
    public MailContent ComposeCampaign(MailKind kind, Campaign campaign, TemplateModel values)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(values);
        if (!Workspaces.CalendarMails.Kinds.Contains(kind))
        {
            throw new MailTemplateException($"{kind} is not a campaign-wide mail.");
        }

        return _templates.Render(kind, CampaignModel(campaign).Scope(values));
    }

    internal MailContent ComposeDigest(Campaign campaign, TemplateModel digest)
    {
        var model = CampaignModel(campaign).Scope(digest);
        return _templates.Render(MailKind.StaffDigest, model);
    }

    private TemplateModel CampaignModel(Campaign campaign) => new TemplateModel()
        .Set("campaignTitle", campaign.Title)
        .Set("contactEmail", campaign.ContactEmail)
        .Set("publicBaseUrl", _baseUrl);

    /// <param name="grid">The dossier's scoring grid (frozen when its jury opened).</param>
    private void AddInputs(TemplateModel model, MailKind kind, IReadOnlyDictionary<string, string> values, ScoringGrid grid)
    {
        var inputs = MailValues.InputsOf(kind);
        var known = new HashSet<string>(inputs.Select(i => i.Key), StringComparer.Ordinal);
        if (kind == MailKind.JuryOpinionRequest)
        {
            var scores = new List<TemplateModel>();
            var divergent = values.TryGetValue(MailValues.Divergent, out var d) ? ParseCriteria(d, grid) : [];
            foreach (var criterion in grid.Criteria)
            {
                var key = MailValues.MeanPrefix + criterion.Key;
                known.Add(key);
                var mean = ParseDecimal(key, Required(values, key, kind));
                scores.Add(new TemplateModel()
                    .Set("label", criterion.Label)
                    .Set("mean", mean.ToString("0.00", FrenchCulture))
                    .Set("max", ScoringGrid.MaxLevel.ToString(FrenchCulture))
                    .Set("divergent", divergent.Contains(criterion.Key)));
            }

            model.Set("scores", scores)
                .Set("scoreScale", grid.MaxTotal.ToString(FrenchCulture))
                .Set("divergentLabels", string.Join(", ", grid.Criteria.Where(c => divergent.Contains(c.Key)).Select(c => c.Label)));
        }

        foreach (var key in values.Keys)
        {
            if (!known.Contains(key))
            {
                throw new MailTemplateException($"{kind}: unexpected value '{key}'.");
            }
        }

        foreach (var input in inputs)
        {
            if (!values.TryGetValue(input.Key, out var raw) || (raw.Length == 0 && input.Type != MailInputType.Text))
            {
                if (input.Required)
                {
                    throw new MailTemplateException($"{kind}: value '{input.Key}' is required.");
                }

                model.Set(input.Type == MailInputType.ActionToken ? "actionUrl" : input.Key, "");
                continue;
            }

            switch (input.Type)
            {
                case MailInputType.Text:
                    if (input.Required && string.IsNullOrWhiteSpace(raw))
                    {
                        throw new MailTemplateException($"{kind}: value '{input.Key}' is empty.");
                    }

                    model.Set(input.Key, raw.Trim());
                    break;
                case MailInputType.Instant:
                    model.Set(input.Key, French.DateTime(ParseInstant(input.Key, raw)));
                    break;
                case MailInputType.Date:
                    model.Set(input.Key, French.Date(DateOnly.TryParseExact(raw, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                        ? day
                        : throw new MailTemplateException($"{kind}: '{input.Key}' is not a yyyy-MM-dd day.")));
                    break;
                case MailInputType.Amount:
                    model.Set(input.Key, ParseEuros(input.Key, raw).ToFrench());
                    break;
                case MailInputType.Integer:
                    model.Set(input.Key, int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                        ? n.ToString(FrenchCulture)
                        : throw new MailTemplateException($"{kind}: '{input.Key}' is not a whole number."));
                    break;
                case MailInputType.Decimal:
                    model.Set(input.Key, ParseDecimal(input.Key, raw).ToString("0.00", FrenchCulture));
                    break;
                case MailInputType.ActionToken:
                    model.Set("actionUrl", ActionUrl(raw));
                    break;
                case MailInputType.Opinion:
                    model.Set(input.Key, raw switch
                    {
                        "favourable" => "favorable",
                        "unfavourable" => "défavorable",
                        _ => throw new MailTemplateException($"{kind}: '{input.Key}' must be favourable or unfavourable."),
                    });
                    break;
                case MailInputType.Step:
                    model.Set(input.Key, French.Step(raw));
                    break;
                case MailInputType.CriterionKeys:
                    break;
                default:
                    throw new MailTemplateException($"{kind}: '{input.Key}' has an unknown type.");
            }
        }
    }

    private static void AddDerived(TemplateModel model, Notification notification, DossierRecord dossier, Campaign campaign, DossierSubmission? submission)
    {
        var kind = notification.Kind;
        switch (kind)
        {
            case MailKind.ChangesRequested or MailKind.ChangesReminder:
                model.Set("deadline", French.DateTime(campaign.Deadline.LastAcceptedInstant));
                break;
            case MailKind.DecisionGranted:
            {
                var grant = Plan(dossier, campaign, kind);
                var plan = grant.Instalments;
                model.Set("grantedAmount", grant.Grant.ToFrench())
                    .Set("instalments", plan.Select((p, i) => new TemplateModel()
                        .Set("number", p.Number.ToString(FrenchCulture))
                        .Set("percent", Percent(p.Percent))
                        .Set("amount", p.Amount.ToFrench())
                        .Set("when", When(i, plan.Count)))
                        .ToList())
                    .Set("maxDurationMonths", grant.ExpenseMonths.ToString(FrenchCulture));
                break;
            }

            case MailKind.StartAcknowledged:
            {
                var grant = Plan(dossier, campaign, kind);
                var first = grant.Instalments[0];
                model.Set("grantedAmount", grant.Grant.ToFrench())
                    .Set("firstPercent", Percent(first.Percent))
                    .Set("firstAmount", first.Amount.ToFrench())
                    .Set("startDate", French.Date(dossier.StartDate ?? throw Missing(kind, nameof(dossier.StartDate))))
                    .Set("bilanDueAt", French.Date(dossier.BilanDueAt ?? throw Missing(kind, nameof(dossier.BilanDueAt))))
                    .Set("maxDurationMonths", grant.ExpenseMonths.ToString(FrenchCulture));
                break;
            }

            case MailKind.JuryEscalation:
            {
                var sheets = int.Parse(notification.Values![MailValues.Sheets], CultureInfo.InvariantCulture);
                model.Set("sheetsReceived", French.Count(sheets, "évaluation reçue", "évaluations reçues"))
                    .Set("gridsReceived", French.Count(sheets, "grille d'évaluation reçue", "grilles d'évaluation reçues"));
                break;
            }

            case MailKind.BilanReminder or MailKind.BilanOverdue:
                model.Set("bilanDueAt", French.Date(dossier.BilanDueAt ?? throw Missing(kind, nameof(dossier.BilanDueAt))));
                break;
            case MailKind.Closed:
            {
                var grant = Plan(dossier, campaign, kind);
                var last = grant.Instalments[^1];
                model.Set("grantedAmount", grant.Grant.ToFrench())
                    .Set("lastPercent", Percent(last.Percent))
                    .Set("lastAmount", last.Amount.ToFrench());
                break;
            }

            case MailKind.PaymentOrder:
            {
                var number = int.Parse(notification.Values![MailValues.Instalment], CultureInfo.InvariantCulture);
                var grant = Plan(dossier, campaign, kind);
                var instalment = grant.Instalments.FirstOrDefault(i => i.Number == number)
                    ?? throw new MailTemplateException($"{kind}: instalment {number} does not exist in the dossier's plan.");
                model.Set("percent", Percent(instalment.Percent))
                    .Set("grantedAmount", grant.Grant.ToFrench())
                    .Set("siret", submission?.Holder?.Siret is { Length: > 0 } siret ? siret : throw Missing(kind, "holder.siret"));
                break;
            }
        }
    }

    /// <summary>
    /// The dossier's frozen plan; a dossier granted before plans were stored has none until its first release
    /// (which freezes it before any mail about a payment), so the campaign's split as it is now stands in.
    /// </summary>
    private static GrantPlan Plan(DossierRecord dossier, Campaign campaign, MailKind kind) =>
        dossier.Plan ?? GrantPlan.For(dossier.GrantedAmount ?? throw Missing(kind, nameof(dossier.GrantedAmount)), campaign);

    private static MailTemplateException Missing(MailKind kind, string what) =>
        new($"{kind}: the dossier has no {what}.");

    private static string Percent(int percent) => percent.ToString(FrenchCulture) + "\u00A0%";

    private static string When(int index, int count) =>
        index == 0 ? "au démarrage de l'action"
        : index == count - 1 ? "à la remise du bilan de la première année"
        : "en cours d'action";

    private static string Required(IReadOnlyDictionary<string, string> values, string key, MailKind kind) =>
        values.TryGetValue(key, out var v) && v.Length > 0 ? v : throw new MailTemplateException($"{kind}: value '{key}' is required.");

    private static DateTimeOffset ParseInstant(string key, string raw) =>
        raw.Length > 16 && raw[10] == 'T' && (raw.EndsWith('Z') || raw[^6] is '+' or '-')
        && DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant)
            ? instant
            : throw new MailTemplateException($"'{key}' is not an ISO 8601 instant with an offset.");

    private static decimal ParseDecimal(string key, string raw) =>
        decimal.TryParse(raw, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var d)
            ? d
            : throw new MailTemplateException($"'{key}' is not a number.");

    private static Euros ParseEuros(string key, string raw) =>
        Euros.TryFromDecimal(ParseDecimal(key, raw), out var e) ? e : throw new MailTemplateException($"'{key}' is not an amount in euros.");

    private static HashSet<string> ParseCriteria(string raw, ScoringGrid grid)
    {
        var keys = raw.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var unknown = keys.Where(k => grid.Criteria.All(c => c.Key != k)).ToList();
        return unknown.Count == 0 ? keys : throw new MailTemplateException($"Unknown criteria: {string.Join(", ", unknown)}.");
    }
}
