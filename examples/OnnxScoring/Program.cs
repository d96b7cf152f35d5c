using System.Text.Json;
using OnnxScoring;

// dotnet run --project examples/OnnxScoring -- EXPORTED_FOLDER "a comment" "another comment"
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: onnx-scoring EXPORTED_FOLDER TEXT [TEXT ...]   (the folder from toxic export onnx)");
    return 2;
}
using var model = new ToxicityModel(args[0]);
float[][] probabilities = model.Score(args[1..]);
for (int row = 0; row < probabilities.Length; row++)
{
    var scores = model.Labels.Select((label, i) => (label, probabilities[row][i])).ToDictionary(p => p.label, p => Math.Round(p.Item2, 4));
    Console.WriteLine(JsonSerializer.Serialize(new { text = args[row + 1], probabilities = scores }));
}
return 0;
