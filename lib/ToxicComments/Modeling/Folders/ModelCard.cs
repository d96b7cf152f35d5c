using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ToxicComments.Evaluation;

namespace ToxicComments.Modeling.Folders;

/// <summary>
/// A saved classifier's <c>README.md</c>, in Hugging Face's model-card form: a YAML header (<c>license</c>,
/// <c>pipeline_tag</c>, <c>tags</c>, <c>datasets</c>, <c>base_model</c>), then the labels, how the model was trained
/// and on what, its test metrics, how to load it in C#, Python and JavaScript, and what a toxicity classifier is
/// and is not fit for. What the caller does not know (a model saved outside a run) is left out, not guessed.
/// </summary>
public sealed record ModelCard
{
    private const string EvaluationHeading = "## Evaluation";

    /// <summary>The pretrained encoder the model was fine-tuned from, as a Hugging Face id or a folder.</summary>
    public string? BaseModel { get; init; }

    /// <summary>The base model's licence identifier (<c>apache-2.0</c> for all-MiniLM-L6-v2); null writes <c>other</c>.</summary>
    public string? License { get; init; }

    /// <summary>Hugging Face dataset ids of the training data (<c>jigsaw_toxicity_pred</c> for Kaggle's Jigsaw files).</summary>
    public IReadOnlyList<string> Datasets { get; init; } = [];

    /// <summary>The training data in a sentence: where it came from, how many comments trained and validated.</summary>
    public string? TrainingData { get; init; }

    /// <summary>The training settings, one row each (name, value).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Training { get; init; } = [];

    /// <summary>The card of the model saved with <paramref name="config"/>, as Markdown.</summary>
    public string Render(JsonObject config, IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(labels);
        bool remoteCode = ClassifierConfig.NeedsModelingFile(config);
        string architecture = config["architectures"]?[0]?.GetValue<string>() ?? "a sequence classifier";
        var card = new StringBuilder();
        card.Append("---\n");
        card.Append(CultureInfo.InvariantCulture, $"license: {License ?? "other"}\n");
        card.Append("library_name: transformers\n");
        card.Append("pipeline_tag: text-classification\n");
        card.Append("language:\n- en\n");
        card.Append("tags:\n- text-classification\n- multi-label-classification\n- toxicity\n- torchsharp\n- onnx\n");
        if (remoteCode)
        {
            card.Append("- custom_code\n");
        }
        if (Datasets.Count > 0)
        {
            card.Append("datasets:\n");
            foreach (string dataset in Datasets)
            {
                card.Append(CultureInfo.InvariantCulture, $"- {dataset}\n");
            }
        }
        if (BaseModel is not null)
        {
            card.Append(CultureInfo.InvariantCulture, $"base_model: {BaseModel}\n");
        }
        card.Append("---\n\n");

        card.Append("# Toxic comment classifier\n\n");
        card.Append(CultureInfo.InvariantCulture, $"A multilabel classifier of comments ({architecture}{(BaseModel is null ? "" : $", fine-tuned from {BaseModel}")}), ");
        card.Append("saved by ToxicComments, a C# library that fine-tunes Hugging Face encoders with TorchSharp. ");
        card.Append("Each label gets its own probability (a sigmoid of its logit): a comment can be an insult and obscene at once, or nothing.\n\n");

        card.Append("## Labels\n\n| index | label |\n|---|---|\n");
        for (int i = 0; i < labels.Count; i++)
        {
            card.Append(CultureInfo.InvariantCulture, $"| {i} | {labels[i]} |\n");
        }
        card.Append('\n');

        AppendUsage(card, remoteCode);

        card.Append("## Training\n\n");
        card.Append(TrainingData is null ? "Not recorded: this model was saved outside a training run.\n\n" : $"{TrainingData}\n\n");
        if (Training.Count > 0)
        {
            card.Append("| setting | value |\n|---|---|\n");
            foreach ((string name, string value) in Training)
            {
                card.Append(CultureInfo.InvariantCulture, $"| {name} | {value} |\n");
            }
            card.Append('\n');
        }

        card.Append(EvaluationHeading).Append("\n\nNot evaluated yet: stage 07 (`toxic evaluate --run DIR`, or `toxic run`) writes the test metrics here.\n\n");

        card.Append("## Intended use and limits\n\n");
        card.Append("- **For** helping people review comments: ranking a moderation queue, flagging comments for a second look, measuring how often a kind of abuse occurs.\n");
        card.Append("- **Not for** removing comments or sanctioning people without a human decision. A score is a guess from the words used, not a judgement of intent.\n");
        card.Append("- **Known failure modes of toxicity classifiers**, this one included: comments that mention an identity (\"gay\", \"muslim\", \"black\") score higher than comparable comments that do not, because such words were frequent in the abusive training comments; quoting, reclaiming or condemning an insult can score as the insult; sarcasm and coded language are missed; English only.\n");
        card.Append("- **The labels are Jigsaw's**, from crowd workers rating Wikipedia talk-page comments; other communities draw the lines elsewhere. Rare labels (threat, identity_hate) rest on few training examples: check their metrics before relying on them.\n");
        card.Append("- **Thresholds**: 0.5 is a default, not a tuned choice. Stage 07 tunes one per label on the validation split (`metrics.json`).\n");
        return card.ToString();
    }

    /// <summary>
    /// <paramref name="readme"/> (a card this class rendered) with its evaluation section replaced by the test metrics
    /// of <paramref name="evaluation"/>, measured on <paramref name="test"/> (a description of the test comments).
    /// </summary>
    public static string WithEvaluation(string readme, TestEvaluation evaluation, string test)
    {
        ArgumentNullException.ThrowIfNull(readme);
        ArgumentNullException.ThrowIfNull(evaluation);
        int start = readme.IndexOf("\n" + EvaluationHeading + "\n", StringComparison.Ordinal);
        if (start < 0)
        {
            return readme; // Not a card of this library's: left as the owner wrote it.
        }
        int end = readme.IndexOf("\n## ", start + EvaluationHeading.Length + 1, StringComparison.Ordinal);
        var section = new StringBuilder();
        section.Append('\n').Append(EvaluationHeading).Append("\n\n");
        section.Append(CultureInfo.InvariantCulture, $"{evaluation.Rows:N0} comments: {test}. ROC AUC is computed on the probabilities (not on 0/1 predictions); ");
        section.Append("F1 at 0.5 counts a label as predicted when its probability is 0.5 or more.\n\n");
        section.Append("| label | ROC AUC | average precision | F1 at 0.5 |\n|---|---|---|---|\n");
        for (int i = 0; i < evaluation.Labels.Count; i++)
        {
            LabelRocAuc auc = evaluation.RocAuc.PerLabel[i];
            string rocAuc = auc.Value is { } value ? value.ToString("F4", CultureInfo.InvariantCulture) : $"undefined ({auc.UndefinedReason})";
            section.Append(CultureInfo.InvariantCulture,
                $"| {evaluation.Labels[i]} | {rocAuc} | {evaluation.AveragePrecision[i]:F4} | {evaluation.AtHalf.Report.PerLabel[i].F1:F4} |\n");
        }
        string macro = evaluation.RocAuc.Macro is { } mean ? mean.ToString("F4", CultureInfo.InvariantCulture) : "undefined";
        section.Append(CultureInfo.InvariantCulture, $"| **mean** | **{macro}** | {evaluation.AveragePrecisionMacro:F4} | |\n");
        return readme[..start] + section + (end < 0 ? "" : readme[end..]);
    }

    /// <summary>
    /// The card of a model, for its ONNX export (<see cref="OnnxFolder"/>): tagged <c>onnx</c>-only for the libraries that
    /// read the graph, with a section on the graph's inputs and outputs and how to score it without TorchSharp.
    /// </summary>
    /// <param name="card">The model's card.</param>
    /// <param name="tokenTypes">Whether the graph takes <c>token_type_ids</c> (BERT does, DistilBERT does not).</param>
    public static string AsOnnxExport(string card, bool tokenTypes)
    {
        ArgumentNullException.ThrowIfNull(card);
        card = card.Replace("library_name: transformers\n", "library_name: transformers.js\n", StringComparison.Ordinal)
                   .Replace("- custom_code\n", "", StringComparison.Ordinal);
        string inputs = tokenTypes ? "`input_ids`, `attention_mask` and `token_type_ids`" : "`input_ids` and `attention_mask`";
        return card.TrimEnd('\n') + "\n\n## This folder: the ONNX export\n\n"
            + $"`onnx/model.onnx` is the whole model, encoder, pooling and head, as one ONNX graph (opset {Onnx.ClassifierOnnx.Opset}). "
            + $"It takes {inputs} (int64, batch × sequence, both dynamic) and returns `logits` (float, batch × labels); "
            + "a sigmoid of each logit is that label's probability. The tokenizer is `tokenizer.json` (Hugging Face's tokenizers format); "
            + "truncate to `model_max_length` of `tokenizer_config.json`, keeping `[SEP]` last as Hugging Face's Python and Rust tokenizers do.\n\n"
            + "- **transformers.js**: `pipeline('text-classification', folder)` applies the sigmoid itself (`problem_type` is multi-label). "
            + "For a comment longer than `model_max_length` tokens it truncates after adding `[SEP]`, so the last token differs and so do the probabilities of such comments.\n"
            + "- **ONNX Runtime from C#**, without TorchSharp: see `examples/OnnxScoring` in the ToxicComments repository.\n"
            + "- **Python**: `onnxruntime.InferenceSession(\"onnx/model.onnx\")` with the ids of `tokenizers.Tokenizer.from_file(\"tokenizer.json\")`.\n";
    }

    /// <summary>
    /// Puts the test metrics into the card (<c>README.md</c>) of the model in <paramref name="folder"/>
    /// (<see cref="WithEvaluation"/>); a folder without a card of this library's is left as it is.
    /// </summary>
    public static void AddEvaluation(string folder, TestEvaluation evaluation, string test)
    {
        string path = Path.Combine(folder, "README.md");
        if (File.Exists(path))
        {
            string card = WithEvaluation(File.ReadAllText(path), evaluation, test);
            IO.AtomicFile.WriteText(path, writer => writer.Write(card));
        }
    }

    private static void AppendUsage(StringBuilder card, bool remoteCode)
    {
        card.Append("## How to use\n\n");
        card.Append("C# (ToxicComments, TorchSharp):\n\n```csharp\n");
        card.Append("using ToxicComments.Inference;\n\n");
        card.Append("using var scorer = CommentScorer.Load(\"path/to/this/folder\", TorchSharp.torch.CPU);\n");
        card.Append("double[,] probabilities = scorer.Score([\"You are an idiot\"]); // one row per comment, one column per label\n```\n\n");
        card.Append("or from the command line: `echo '{\"text\": \"You are an idiot\"}' | toxic predict --model path/to/this/folder`.\n\n");
        card.Append("Python (transformers):\n\n```python\nfrom transformers import pipeline\n\n");
        card.Append(remoteCode
            ? "# trust_remote_code runs modeling_toxic_comments.py, shipped in this folder: this head is not a transformers class.\nclassify = pipeline(\"text-classification\", model=\"path/to/this/folder\", trust_remote_code=True, top_k=None)\n"
            : "classify = pipeline(\"text-classification\", model=\"path/to/this/folder\", top_k=None)\n");
        card.Append("classify(\"You are an idiot\", truncation=True)  # a sigmoid per label (problem_type multi_label_classification)\n```\n\n");
        card.Append("JavaScript (transformers.js) and ONNX Runtime: export the model first, with `toxic export onnx --model path/to/this/folder --out onnx-folder`, then:\n\n```js\n");
        card.Append("import { pipeline } from '@huggingface/transformers';\n\n");
        card.Append("const classify = await pipeline('text-classification', 'path/to/onnx-folder', { dtype: 'fp32' });\n");
        card.Append("await classify('You are an idiot', { top_k: null });\n```\n\n");
    }
}
