using ToxicComments.Data;
using ToxicComments.Data.Filtering;
using ToxicComments.Data.Loading;
using ToxicComments.Data.Splitting;
using ToxicComments.Hub;
using ToxicComments.Tokenization;
using ToxicComments.Modeling;
using ToxicComments.Pipeline;
using ToxicComments.Training;

namespace ToxicComments.NotebookTests;

[Collection(nameof(DataStageNotebooks))]
public sealed class NotebookExecutionTests(DataStageNotebooks notebooks)
{
    [Fact]
    public void EveryNotebook_RunsTopToBottomWithoutAnError()
    {
        string[] errors = notebooks.Executed.Values.Select(n => n.FirstError()).OfType<string>().ToArray();

        Assert.NotEmpty(notebooks.Executed);
        Assert.True(errors.Length == 0, string.Join(Environment.NewLine, errors));
    }

    [Fact]
    public void Setup_RunsATensorOpAndDrawsAChart()
    {
        ExecutedNotebook setup = notebooks["00-setup.ipynb"];

        Assert.Contains("Device = cpu", setup.Cell("PlatformFixes.Describe").Shown);
        Assert.Contains("[[5, 14]", setup.Cell("a.matmul(a.T)").Shown);
        Assert.Equal(1, setup.ChartCount);
    }

    [Fact]
    public void Load_ShowsRowCountsTheFrameAndTwoCharts()
    {
        ExecutedNotebook load = notebooks["01-load.ipynb"];
        CommentSet train = EmbeddedDataset.Synthetic.Train();

        Assert.Contains($"{train.Count:N0} comments from embedded:synthetic/train.csv", load.Cell("JigsawDataset.LoadTrain").Shown);
        string head = load.Cell("frame.Head(5)").Shown;
        Assert.Contains("<th>comment_text</th>", head);
        Assert.Contains(train[0].Id, head);
        Assert.Equal(2, load.ChartCount);
        Assert.Contains("broken.csv:2: column 'threat': expected 0 or 1, found '2'", load.Cell("broken.csv").Shown);
    }

    [Fact]
    public void Filter_SavesTheTutorialsLabelledComments()
    {
        ExecutedNotebook filter = notebooks["02-filter.ipynb"];
        int labelled = EmbeddedDataset.Synthetic.Train().LabelledCount;
        var stages = new StageFolders(notebooks.Artifacts);

        Assert.Contains($"saved {labelled:N0} comments (LabelledOnly)", filter.Cell("DataStages.SaveFiltered").Shown);
        Assert.Equal(1, filter.ChartCount);
        Assert.Equal(CommentFilter.Apply(EmbeddedDataset.Synthetic.Train()), JigsawReader.ReadTrain(stages.FilteredTrain));
    }

    [Fact]
    public void Filter_MeasuresWhatEachFilterDoesToCleanComments()
    {
        ExecutedNotebook filter = notebooks["02-filter.ipynb"];
        string sentences = filter.Cell("FilterComparison.Run").Shown;
        string flagged = filter.Cell("clean_test_comments_flagged_toxic").Shown;
        int clean = EmbeddedDataset.Synthetic.Test().Count(c => c.IsScored && !c.IsLabelled);

        Assert.Contains("Thanks for the fix", sentences);
        Assert.Matches(@"toxic [01]\.\d\d, severe_toxic", sentences);
        Assert.Matches($@"LabelledOnly.*\d+\.\d% of {clean:N0}", flagged.Replace("\n", " "));
        Assert.Matches($@"All.*\d+\.\d% of {clean:N0}", flagged.Replace("\n", " "));
    }

    [Fact]
    public void Split_ReadsTheFilteredFileAndSavesTheRecipesSplit_TestingOnKagglesScoredRows()
    {
        ExecutedNotebook split = notebooks["03-split.ipynb"];
        var stages = new StageFolders(notebooks.Artifacts);

        Assert.Contains(stages.FilteredTrain, split.Cell("stages.LoadFiltered(recipe)").Shown);
        Assert.Contains("<td>validation</td>", split.Cell("random.Summary()").Shown);
        Assert.Equal(1, split.ChartCount);
        DatasetSplit saved = SplitStore.Load(stages.Split);
        Assert.Equal(EmbeddedDataset.Synthetic.Train().LabelledCount, saved.Train.Count + saved.Validation!.Count);
        Assert.Equal(EmbeddedDataset.Synthetic.Test().ScoredCount, saved.Test.Count);
        // The tutorial's recipe: scikit-learn's random split of the training rows.
        DatasetSplit random = DataStages.Split(JigsawReader.ReadTrain(stages.FilteredTrain), "synthetic", Recipe.Tutorial.Split);
        Assert.Equal(random.Validation!.Select(c => c.Id), saved.Validation.Select(c => c.Id));
    }

    [Fact]
    public void Tokenize_ShowsTokensLengthsAndWhatPaddingCosts()
    {
        ExecutedNotebook tokenize = notebooks["04-tokenize.ipynb"];
        DatasetSplit split = SplitStore.Load(new StageFolders(notebooks.Artifacts).Split);
        string first = split.Train[0].Text;
        int comments = split.Train.Count + split.Validation!.Count + split.Test.Count;

        Assert.Contains(string.Join(" ", OfflineModel.Tokenizer().Tokenize(first).Take(30)), tokenize.Cell("tokenizer.Tokenize(c.Text)").Shown);
        Assert.Contains($"{comments:N0} comments, ", tokenize.Cell("EncodedTexts.Encode").Shown);
        Assert.Equal(1, tokenize.ChartCount);
        string costs = tokenize.Cell("PaddingCost.Compare").Shown;
        Assert.Contains("fixed: every row padded to 512 (the tutorial)", costs);
        Assert.Contains("batches of 16 of similar length", costs);
        Assert.Matches(@"input_ids 16 x \d+: \d+ real tokens", tokenize.Cell("TokenBatch.Collate").Shown);
    }

    [Fact]
    public void FineTune_TrainsWithALiveChart_AndSavesTheBestModelAsAHuggingFaceFolder()
    {
        ExecutedNotebook fineTune = notebooks["05-fine-tune.ipynb"];
        var stages = new StageFolders(notebooks.Artifacts);
        DatasetSplit split = SplitStore.Load(stages.Split);

        Assert.Contains($"training_comments = {split.Train.Count}", fineTune.Cell("FineTuning.Prepare").Shown);
        Assert.Contains("outcome = Completed", fineTune.Cell("job.Train(progress").Shown);
        // The live chart (which VS Code redraws and Jupyter leaves as it began), then the whole run's steps.
        CellOutput[] charts = fineTune.Cell("job.Train(progress").Outputs.Where(o => o.IsPlotlyChart).ToArray();
        Assert.Equal(2, charts.Length);
        Assert.Matches("\"x\":\\[\\d", charts[^1].Html);
        LossHistory history = LossHistory.Load(stages.StepLosses, stages.EpochLosses);
        Assert.Equal(2, history.Epochs.Count);
        Assert.All(history.Epochs, e => Assert.NotNull(e.ValidationLoss));
        (TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor, TorchSharp.torch.Tensor, TorchSharp.torch.Tensor> model,
         IReadOnlyList<string> labels) = PretrainedModels.LoadSequenceClassifier(stages.Model);
        model.Dispose();
        Assert.Equal(LabelNames.All, labels);
    }

    [Fact]
    public void PlotLoss_DrawsLossPerEpochAndPerStep_AndSaysWhetherItOverfits()
    {
        ExecutedNotebook plot = notebooks["06-plot-loss.ipynb"];
        LossHistory history = LossHistory.Load(new StageFolders(notebooks.Artifacts).StepLosses, new StageFolders(notebooks.Artifacts).EpochLosses);

        Assert.Equal(2, plot.ChartCount);
        Assert.Contains($"train_loss = {history.Epochs[0].TrainLoss}", plot.Cell("history.Epochs.Select").Shown);
        Assert.Matches("Over-fitting starts at epoch|No over-fitting in 2 epochs", plot.Cell("OverfittingEpoch").Shown);
    }

    [Fact]
    public void Evaluate_ScoresTheTestSplitWithTheTrainedModel_AndWritesItsMetrics()
    {
        ExecutedNotebook evaluate = notebooks["07-evaluate.ipynb"];
        var stages = new StageFolders(notebooks.Artifacts);
        DatasetSplit split = SplitStore.Load(stages.Split);

        Assert.Contains($"{split.Test.Count:N0} test and {split.Validation!.Count:N0} validation comments", evaluate.Cell("Evaluating.Run(stages").Shown);
        Assert.Contains("micro avg", evaluate.Cell("EvaluationFrames.Report(evaluation.AtHalf)").Shown);
        Assert.Contains("on 0/1 predictions at 0.5 (tutorial)", evaluate.Cell("EvaluationFrames.RocAuc").Shown);
        Assert.Equal(3, evaluate.ChartCount);
        using var metrics = System.Text.Json.JsonDocument.Parse(File.ReadAllText(stages.Metrics));
        Assert.Equal(split.Test.Count, metrics.RootElement.GetProperty("rows").GetInt32());
        Assert.Equal(split.Test.Count + 1, File.ReadAllLines(Path.Combine(stages.Evaluate, "predictions.csv")).Length);
        // The same stage as toxic run's: the model's digest and the thread count in metrics.json, and the report page.
        Assert.Equal(64, metrics.RootElement.GetProperty("model").GetProperty("weights").GetProperty("sha256").GetString()!.Length);
        Assert.True(metrics.RootElement.GetProperty("model").TryGetProperty("cpu_threads", out _));
        Assert.True(File.Exists(stages.Report), "no report.html");
    }

    [Fact]
    public void Predict_ScoresNewCommentsWithTheSavedModel()
    {
        string shown = notebooks["08-predict.ipynb"].Cell("scorer.Score(comments)").Shown;

        Assert.Contains("I will find where you live.", shown);
        // Each comment's six probabilities, in the plain-text and the HTML rendering of the table.
        int rows = System.Text.RegularExpressions.Regex.Count(shown, @"toxic (0|1)\.\d{3}, severe_toxic (0|1)\.\d{3}, obscene (0|1)\.\d{3}, threat (0|1)\.\d{3}, insult (0|1)\.\d{3}, identity_hate (0|1)\.\d{3}");
        Assert.True(rows is 4 or 8, $"{rows} rows of probabilities");
    }

    [Fact]
    public void Predict_ExportsTheModelToOnnx()
    {
        string shown = notebooks["08-predict.ipynb"].Cell("OnnxFolder.Export").Shown;
        var stages = new StageFolders(notebooks.Artifacts);

        foreach (string file in (string[])["config.json", "onnx/model.onnx", "tokenizer.json", "README.md"])
        {
            Assert.Contains(file, shown);
            Assert.True(File.Exists(Path.Combine(stages.Root, "08-predict", "onnx", file)), $"{file} was not written");
        }
    }
}
