using System.Text;
using ToxicComments.Data.Splitting;

namespace ToxicComments.Data.Synthetic;

/// <summary>
/// Generates comments in the Jigsaw schema, deterministically from a seed, for the embedded default data set
/// (Kaggle's files need an account and cannot be shipped). Label combinations follow the frequencies of Kaggle's
/// train.csv (about 90% clean; severe_toxic only with toxic; obscene and insult mostly together), and each label
/// has its own vocabulary, mixed with ordinary talk-page sentences, so a classifier has something real to learn.
/// The texts are mild stand-ins, with obscenities starred out; they are labelled as synthetic wherever they appear.
/// </summary>
public static class SyntheticComments
{
    private const ToxicLabels T = ToxicLabels.Toxic;
    private const ToxicLabels S = ToxicLabels.SevereToxic;
    private const ToxicLabels O = ToxicLabels.Obscene;
    private const ToxicLabels Th = ToxicLabels.Threat;
    private const ToxicLabels I = ToxicLabels.Insult;
    private const ToxicLabels H = ToxicLabels.IdentityHate;

    /// <summary>Label combinations and their approximate counts among Kaggle's 159,571 training rows.</summary>
    private static readonly (ToxicLabels Labels, int Weight)[] Combinations =
    [
        (ToxicLabels.None, 143_346), (T, 5_666), (T | O | I, 3_800), (T | O, 1_758), (T | I, 1_215),
        (T | S | O | I, 989), (T | O | I | H, 618), (O, 317), (I, 301), (T | H, 266), (T | S | O | I | H, 265),
        (O | I, 181), (T | O | I | Th, 160), (T | S | O, 158), (T | Th, 150), (T | I | H, 134),
        (T | S | O | I | Th, 64), (T | S, 41), (T | O | H, 35), (T | S | O | I | Th | H, 31), (T | I | Th, 30),
        (Th, 22), (T | O | Th, 20),
    ];

    private static readonly string[] Articles =
    [
        "Battle of Hastings", "Photosynthesis", "Jazz", "Mount Everest", "Ada Lovelace", "Roman Empire",
        "Coral reef", "Printing press", "Saturn", "Football in Brazil", "Baroque music", "Tea",
    ];

    private static readonly string[] Topics =
    [
        "early life", "reception", "geography", "the references", "the infobox", "the lead", "history", "legacy",
    ];

    private static readonly string[] CleanSentences =
    [
        "I have reverted your edit to [[{a}]] because it was not supported by a reliable source.",
        "Thanks for the help with the {a} article, the new section on {t} reads much better.",
        "Please discuss on the talk page before making further changes to {a}.",
        "Could you add a citation for the claim about {t}? I could not find it in the source.",
        "== {t} ==\nI think this section needs a rewrite; the second paragraph repeats the first.",
        "Welcome to Wikipedia! If you have any questions, ask me on my talk page. ~~~~",
        "The image you uploaded for {a} lacks a licence tag and may be deleted.",
        "I agree with the merge proposal, both articles cover {t}.",
        "The source says \"{t} is disputed\", so I kept that wording.",
        "Good catch on the date, I have fixed it in {a} and in the infobox.",
        "Per WP:NPOV the paragraph on {t} should give both views equal weight.",
        "I'm not sure the {t} belongs in the lead; maybe move it further down?",
    ];

    private static readonly (ToxicLabels Label, string[] Phrases)[] LabelPhrases =
    [
        (T, ["this is the most stupid edit I have ever seen", "shut up and stop reverting", "nobody cares about your pathetic opinion",
             "get lost, your edits are useless", "what a ridiculous waste of everyone's time", "stop vandalising {a}, it is pathetic"]),
        (S, ["you are a worthless piece of garbage", "I hope you rot, disgusting human being", "you are the scum of the earth",
             "crawl back under your rock, vile creature"]),
        (O, ["this f***ing article is a mess", "what a load of s***", "take your b******t elsewhere", "you a**hole",
             "this is crap, damn it", "stop this f***ing nonsense"]),
        (Th, ["I will find you and you will regret this", "watch your back", "I know where you live",
              "I am going to hurt you", "you will pay for this, I promise"]),
        (I, ["you are an idiot", "what a moron", "only a clueless loser would write this", "you clown",
             "listen here, imbecile", "you dimwit"]),
        (H, ["people of your religion ruin everything", "your kind should be banned from editing", "go back to your country",
             "those foreigners should not be allowed here", "your whole ethnicity is a disgrace"]),
    ];

    /// <summary>Generates <paramref name="rows"/> scored comments.</summary>
    public static CommentSet Generate(int rows, uint seed, string source)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        var random = new NumpyRandomState(seed);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var comments = new Comment[rows];
        for (int row = 0; row < rows; row++)
        {
            ToxicLabels labels = DrawLabels(random);
            comments[row] = new Comment(NewId(random, ids), Compose(labels, random), labels);
        }
        return new CommentSet(comments, source);
    }

    /// <summary>
    /// A Kaggle-like pair of files' worth of rows: <paramref name="trainRows"/> training rows, and a quarter as
    /// many test rows of which about 40% are unscored (Kaggle marks those -1).
    /// </summary>
    public static (CommentSet Train, CommentSet Test) GenerateKaggleLike(int trainRows, uint seed)
    {
        CommentSet all = Generate(trainRows + (trainRows / 4), seed, $"synthetic (seed {seed})");
        var random = new NumpyRandomState(seed ^ 0x5eed);
        Comment[] test = all.Skip(trainRows)
            .Select(c => random.NextDouble() < 0.4 ? c with { Labels = ToxicLabels.None, IsScored = false } : c)
            .ToArray();
        return (new CommentSet(all.Take(trainRows).ToArray(), all.Source + " train"), new CommentSet(test, all.Source + " test"));
    }

    private static ToxicLabels DrawLabels(NumpyRandomState random)
    {
        int total = Combinations.Sum(c => c.Weight);
        double draw = random.NextDouble() * total;
        foreach ((ToxicLabels labels, int weight) in Combinations)
        {
            draw -= weight;
            if (draw < 0)
            {
                return labels;
            }
        }
        return ToxicLabels.None;
    }

    private static string Compose(ToxicLabels labels, NumpyRandomState random)
    {
        string[] cues = LabelPhrases
            .Where(entry => (labels & entry.Label) != 0)
            .Select(entry => Fill(Pick(entry.Phrases, random), random))
            .ToArray();
        random.Shuffle<string>(cues);
        var parts = new List<string>(cues);
        bool labelled = labels != ToxicLabels.None;
        int cleanSentences = labelled ? (int)random.Interval(1) : 1 + (int)random.Interval(2);
        for (int i = 0; i < cleanSentences; i++)
        {
            parts.Insert((int)random.Interval((uint)parts.Count), Fill(Pick(CleanSentences, random), random));
        }

        var text = new StringBuilder();
        for (int i = 0; i < parts.Count; i++)
        {
            string part = parts[i];
            // Shouting is common in toxic comments, rare in clean ones.
            if (labelled && random.NextDouble() < 0.25)
            {
                part = part.ToUpperInvariant();
            }
            text.Append(i == 0 ? "" : random.NextDouble() < 0.3 ? "\n\n" : " ").Append(Capitalize(part));
            if (!char.IsPunctuation(part[^1]))
            {
                text.Append(labelled && random.NextDouble() < 0.5 ? "!!" : ".");
            }
        }
        return text.ToString();
    }

    private static string Fill(string template, NumpyRandomState random) =>
        template.Replace("{a}", Pick(Articles, random), StringComparison.Ordinal)
            .Replace("{t}", Pick(Topics, random), StringComparison.Ordinal);

    private static string Pick(string[] options, NumpyRandomState random) => options[random.Interval((uint)options.Length - 1)];

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string NewId(NumpyRandomState random, HashSet<string> taken)
    {
        while (true)
        {
            string id = $"{random.NextUInt32():x8}{random.NextUInt32():x8}";
            if (taken.Add(id))
            {
                return id;
            }
        }
    }
}
