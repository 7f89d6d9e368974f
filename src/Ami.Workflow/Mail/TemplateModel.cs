namespace Ami.Workflow.Mail;

/// <summary>
/// The values a mail's templates may show. Every name a template uses must be set (an empty string is a value):
/// a missing one throws <see cref="MailTemplateException"/>, so a mail never goes out with a hole in it.
/// Inside <c>{{#each}}</c>, names are looked up in the item first, then in the enclosing model.
/// </summary>
public sealed class TemplateModel
{
    private readonly Dictionary<string, object> _values = new(StringComparer.Ordinal);
    private readonly TemplateModel? _parent;

    public TemplateModel()
    {
    }

    private TemplateModel(TemplateModel parent) => _parent = parent;

    public TemplateModel Set(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _values[name] = value;
        return this;
    }

    public TemplateModel Set(string name, bool value)
    {
        _values[name] = value;
        return this;
    }

    public TemplateModel Set(string name, IReadOnlyList<TemplateModel> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        _values[name] = items;
        return this;
    }

    public bool Has(string name) => _values.ContainsKey(name) || (_parent?.Has(name) ?? false);

    /// <summary>A model that sees <paramref name="item"/>'s values over this one's.</summary>
    internal TemplateModel Scope(TemplateModel item)
    {
        var scoped = new TemplateModel(this);
        foreach (var (k, v) in item._values)
        {
            scoped._values[k] = v;
        }

        return scoped;
    }

    /// <summary>
    /// The values as the template engine reads them: strings, booleans and lists of dictionaries, each list item
    /// holding the enclosing values under its own (Handlebars looks a name up in the current item only).
    /// </summary>
    internal Dictionary<string, object> ToContext() => Flatten(new Dictionary<string, object>(StringComparer.Ordinal));

    private Dictionary<string, object> Flatten(Dictionary<string, object> enclosing)
    {
        var chain = new Stack<TemplateModel>();
        for (var m = this; m is not null; m = m._parent)
        {
            chain.Push(m);
        }

        var context = new Dictionary<string, object>(enclosing, StringComparer.Ordinal);
        foreach (var model in chain)
        {
            foreach (var (k, v) in model._values)
            {
                context[k] = v;
            }
        }

        var scalars = new Dictionary<string, object>(context.Where(kv => kv.Value is not IReadOnlyList<TemplateModel>), StringComparer.Ordinal);
        foreach (var (k, v) in context.Where(kv => kv.Value is IReadOnlyList<TemplateModel>).ToList())
        {
            context[k] = ((IReadOnlyList<TemplateModel>)v).Select(item => item.Flatten(scalars)).ToList();
        }

        return context;
    }
}
