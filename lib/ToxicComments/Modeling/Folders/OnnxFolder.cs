using System.Text.Json.Nodes;
using ToxicComments.IO;
using ToxicComments.Modeling.Onnx;
using ToxicComments.Tokenization;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ToxicComments.Modeling.Folders;

/// <summary>
/// A saved classifier exported for serving, laid out as Hugging Face's ONNX folders are (what transformers.js and
/// Optimum read): <c>config.json</c> (<see cref="ClassifierConfig.ForOnnx"/>), the tokenizer (<c>tokenizer.json</c>,
/// <c>tokenizer_config.json</c>, <c>vocab.txt</c>), <c>onnx/model.onnx</c> (encoder, pooling and head in one graph,
/// <see cref="ClassifierOnnx"/>) and the model card. Scoring it needs no TorchSharp: ONNX Runtime and a tokenizer
/// that reads <c>tokenizer.json</c> are enough.
/// </summary>
public static class OnnxFolder
{
    /// <summary>The graph's path inside the folder.</summary>
    public const string GraphPath = "onnx/model.onnx";

    /// <summary>Exports the classifier saved in <paramref name="model"/> into <paramref name="folder"/>, replacing it whole.</summary>
    /// <exception cref="DirectoryNotFoundException">The model folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">A file the model folder needs is missing.</exception>
    /// <exception cref="InvalidDataException">A file of the model folder is malformed.</exception>
    /// <exception cref="NotSupportedException">The model has no ONNX form (an activation other than gelu or relu).</exception>
    public static void Export(string model, string folder)
    {
        (Module<Tensor, Tensor, Tensor, Tensor> classifier, IReadOnlyList<string> labels) = PretrainedModels.LoadSequenceClassifier(model);
        using (classifier)
        {
            BertWordPieceTokenizer tokenizer = BertTokenizerFiles.Load(model);
            int maxLength = Math.Min(tokenizer.Options.ModelMaxLength, PretrainedModels.MaxPositions(model));
            JsonObject config = ClassifierConfig.ForOnnx(classifier, labels);
            // transformers.js reads the float32 graph (onnx/model.onnx) without being told.
            config["transformers.js_config"] = new JsonObject { ["dtype"] = "fp32" };
            string card = File.Exists(Path.Combine(model, "README.md"))
                ? File.ReadAllText(Path.Combine(model, "README.md"))
                : new ModelCard().Render(ClassifierConfig.For(classifier, labels), labels);
            AtomicFolder.Replace(folder, target =>
            {
                ConfigFiles.WriteObject(Path.Combine(target, "config.json"), config);
                PretrainedModels.SaveTokenizer(tokenizer, target, maxLength);
                Directory.CreateDirectory(Path.Combine(target, Path.GetDirectoryName(GraphPath)!));
                AtomicFile.Write(Path.Combine(target, GraphPath), stream => ClassifierOnnx.Write(classifier, stream));
                bool tokenTypes = config["model_type"]?.GetValue<string>() == "bert";
                AtomicFile.WriteText(Path.Combine(target, "README.md"), writer => writer.Write(ModelCard.AsOnnxExport(card, tokenTypes)));
            });
        }
    }
}
