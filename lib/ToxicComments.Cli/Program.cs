foreach (var r in ToxicComments.Runtime.TorchNativeFix.Apply()) System.Console.WriteLine(r);
System.Console.WriteLine(TorchSharp.torch.ones(3).sum().item<float>());
