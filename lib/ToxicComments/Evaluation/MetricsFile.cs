using System.Text.Json;
using ToxicComments.IO;

namespace ToxicComments.Evaluation;

/// <summary>
/// Writes a <see cref="TestEvaluation"/> as <c>metrics.json</c>. Reports use scikit-learn's
/// <c>classification_report(output_dict=True)</c> keys (<c>"micro avg"</c>, <c>"f1-score"</c>), so the file can be
/// compared key for key with Python's; a ROC AUC that is undefined is <c>null</c> with its reason, never NaN.
/// </summary>
public static class MetricsFile
{
    /// <summary>Writes <paramref name="evaluation"/> and <paramref name="context"/> to <paramref name="path"/>, atomically.</summary>
    public static void Write(string path, TestEvaluation evaluation, MetricsContext context)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        ArgumentNullException.ThrowIfNull(context);
        AtomicFile.Write(path, stream =>
        {
            using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            json.WriteStartObject();
            WriteFacts(json, "data", context.Data);
            WriteFacts(json, "model", context.Model);
            json.WriteStartObject("timings_seconds");
            foreach ((string step, double seconds) in context.TimingsSeconds)
            {
                json.WriteNumber(step, seconds);
            }
            json.WriteEndObject();

            json.WriteNumber("rows", evaluation.Rows);
            json.WriteStartArray("labels");
            foreach (string label in evaluation.Labels)
            {
                json.WriteStringValue(label);
            }
            json.WriteEndArray();

            json.WritePropertyName("at_threshold_0_5");
            WriteScores(json, evaluation.Labels, evaluation.AtHalf, null);
            json.WritePropertyName("at_tuned_thresholds");
            if (evaluation.AtTuned is null)
            {
                json.WriteNullValue();
            }
            else
            {
                WriteScores(json, evaluation.Labels, evaluation.AtTuned, evaluation.Tuned);
            }

            json.WritePropertyName("roc_auc");
            WriteRocAuc(json, evaluation.RocAuc, "on the predicted probabilities");
            json.WritePropertyName("roc_auc_on_predictions_at_0_5");
            WriteRocAuc(json, evaluation.TutorialRocAuc,
                "the tutorial's figure: ROC AUC of the 0/1 predictions at 0.5, which is (sensitivity + specificity) / 2 at that threshold, not a ranking measure");

            json.WriteStartObject("average_precision");
            json.WriteStartObject("per_label");
            for (int j = 0; j < evaluation.Labels.Count; j++)
            {
                json.WriteNumber(evaluation.Labels[j], evaluation.AveragePrecision[j]);
            }
            json.WriteEndObject();
            json.WriteNumber("macro", evaluation.AveragePrecisionMacro);
            json.WriteEndObject();
            json.WriteEndObject();
        });
    }

    private static void WriteFacts(Utf8JsonWriter json, string name, IReadOnlyDictionary<string, object?> facts)
    {
        json.WritePropertyName(name);
        JsonSerializer.Serialize(json, facts);
    }

    private static void WriteScores(Utf8JsonWriter json, IReadOnlyList<string> labels, ThresholdedScores scores, TunedThresholds? tuned)
    {
        json.WriteStartObject();
        json.WriteStartObject("thresholds");
        for (int j = 0; j < labels.Count; j++)
        {
            json.WriteNumber(labels[j], scores.Thresholds[j]);
        }
        json.WriteEndObject();
        if (tuned is not null)
        {
            json.WriteString("tuned_on", "validation split, best F1 per label");
            json.WriteStartObject("validation_f1");
            foreach (LabelThreshold label in tuned.PerLabel)
            {
                json.WriteNumber(label.Label, label.ValidationF1);
            }
            json.WriteEndObject();
            json.WriteStartObject("notes");
            foreach (LabelThreshold label in tuned.PerLabel.Where(t => t.Note is not null))
            {
                json.WriteString(label.Label, label.Note);
            }
            json.WriteEndObject();
        }

        ClassificationReport report = scores.Report;
        json.WriteStartObject("classification_report");
        for (int j = 0; j < labels.Count; j++)
        {
            WriteRow(json, labels[j], report.PerLabel[j]);
        }
        WriteRow(json, "micro avg", report.MicroAverage);
        WriteRow(json, "macro avg", report.MacroAverage);
        WriteRow(json, "weighted avg", report.WeightedAverage);
        WriteRow(json, "samples avg", report.SamplesAverage);
        json.WriteEndObject();
        json.WriteNumber("hamming_loss", scores.HammingLoss);
        json.WriteNumber("subset_accuracy", scores.SubsetAccuracy);
        json.WriteEndObject();
    }

    private static void WriteRow(Utf8JsonWriter json, string name, PrecisionRecallF1 row)
    {
        json.WriteStartObject(name);
        json.WriteNumber("precision", row.Precision);
        json.WriteNumber("recall", row.Recall);
        json.WriteNumber("f1-score", row.F1);
        json.WriteNumber("support", row.Support);
        json.WriteEndObject();
    }

    private static void WriteRocAuc(Utf8JsonWriter json, RocAucScores scores, string computedOn)
    {
        json.WriteStartObject();
        json.WriteString("computed_on", computedOn);
        json.WriteStartObject("per_label");
        foreach (LabelRocAuc label in scores.PerLabel)
        {
            if (label.Value is double value)
            {
                json.WriteNumber(label.Label, value);
            }
            else
            {
                json.WriteNull(label.Label);
            }
        }
        json.WriteEndObject();
        json.WriteStartObject("undefined");
        foreach (LabelRocAuc label in scores.PerLabel.Where(s => !s.IsDefined))
        {
            json.WriteString(label.Label, label.UndefinedReason);
        }
        json.WriteEndObject();
        if (scores.Macro is double macro)
        {
            json.WriteNumber("macro", macro);
        }
        else
        {
            json.WriteNull("macro");
        }
        json.WriteStartArray("excluded_from_macro");
        foreach (string label in scores.ExcludedFromMacro)
        {
            json.WriteStringValue(label);
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }
}
