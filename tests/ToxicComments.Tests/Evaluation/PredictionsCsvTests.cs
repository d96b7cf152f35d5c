using System.Globalization;
using ToxicComments.Evaluation;
using ToxicComments.Tests.Support;

namespace ToxicComments.Tests.Evaluation;

public sealed class PredictionsCsvTests
{
    [Fact]
    public void Write_ThenParse_GivesTheSameIdsProbabilitiesAndTruths()
    {
        using var temp = new TempFolder();
        string[] ids = ["0001", "b2"];
        // Probabilities as a float32 sigmoid gives them: many digits, one of them tiny.
        double[,] probabilities = { { 0.1f, 1e-7f, 0.5, 0.99999994f, 1.0 / 3, 0 }, { 0.25, 0.75, 0.123456789, 1, 0.3f, 0.7f } };
        int[,] labels = { { 0, 0, 1, 1, 0, 0 }, { 1, 1, 1, 1, 1, 0 } };

        PredictionsCsv.Write(temp.File("predictions.csv"), ids, probabilities, labels);

        string[] lines = File.ReadAllLines(temp.File("predictions.csv"));
        Assert.Equal("id,toxic,severe_toxic,obscene,threat,insult,identity_hate,true_toxic,true_severe_toxic,true_obscene,true_threat,true_insult,true_identity_hate", lines[0]);
        Assert.Equal(3, lines.Length);
        for (int row = 0; row < 2; row++)
        {
            string[] fields = lines[row + 1].Split(',');
            Assert.Equal(ids[row], fields[0]);
            for (int j = 0; j < 6; j++)
            {
                Assert.Equal(probabilities[row, j], double.Parse(fields[1 + j], CultureInfo.InvariantCulture));
                Assert.Equal(labels[row, j], int.Parse(fields[7 + j], CultureInfo.InvariantCulture));
            }
        }
    }

    [Fact]
    public void Write_IdWithAComma_IsQuoted()
    {
        using var temp = new TempFolder();

        PredictionsCsv.Write(temp.File("p.csv"), ["a,\"b\""], new double[,] { { 0.5 } }, new[,] { { 1 } }, ["x"]);

        Assert.Equal("\"a,\"\"b\"\"\",0.5,1", File.ReadAllLines(temp.File("p.csv"))[1]);
    }

    [Fact]
    public void Write_MoreIdsThanRows_Throws()
    {
        using var temp = new TempFolder();

        Assert.Throws<ArgumentException>(() => PredictionsCsv.Write(temp.File("p.csv"), ["a", "b"], new double[,] { { 0.5 } }, new[,] { { 1 } }, ["x"]));
        Assert.False(File.Exists(temp.File("p.csv")));
    }
}
