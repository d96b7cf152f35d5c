using System.ComponentModel;
using System.Globalization;
using ToxicComments.Data.Filtering;

namespace ToxicComments.Cli.Commands;

/// <summary>Reads <c>--filter labelled|all</c>.</summary>
internal sealed class FilterModeConverter : TypeConverter
{
    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) => sourceType == typeof(string);

    public override object ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        (value as string)?.ToLowerInvariant() switch
        {
            "labelled" or "labeled" or "labelledonly" => CommentFilterMode.LabelledOnly,
            "all" => CommentFilterMode.All,
            _ => throw new OptionValueException($"--filter must be 'labelled' or 'all', not '{value}'."),
        };
}
