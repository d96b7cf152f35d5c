using System.ComponentModel;
using System.Globalization;
using ToxicComments.Modeling;
using ToxicComments.Pipeline;

namespace ToxicComments.Cli.Commands;

/// <summary>Reads <c>--head tutorial|huggingface|mean-pooled</c>.</summary>
internal sealed class ClassifierHeadConverter : TypeConverter
{
    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) => sourceType == typeof(string);

    public override object ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        (value as string)?.ToLowerInvariant() switch
        {
            "tutorial" => ClassifierHead.Tutorial,
            "huggingface" or "hugging-face" => ClassifierHead.HuggingFace,
            "mean-pooled" or "meanpooled" => ClassifierHead.MeanPooled,
            _ => throw new OptionValueException($"--head must be tutorial, huggingface or mean-pooled, not '{value}'."),
        };
}

/// <summary>Reads <c>--head-init random|linear-probe</c>.</summary>
internal sealed class HeadInitializationConverter : TypeConverter
{
    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) => sourceType == typeof(string);

    public override object ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        (value as string)?.ToLowerInvariant() switch
        {
            "random" => HeadInitialization.Random,
            "linear-probe" or "linearprobe" => HeadInitialization.LinearProbe,
            _ => throw new OptionValueException($"--head-init must be random or linear-probe, not '{value}'."),
        };
}
