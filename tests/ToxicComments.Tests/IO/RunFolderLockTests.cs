using ToxicComments.IO;
using ToxicComments.Tests.Support;

namespace ToxicComments.Tests.IO;

public sealed class RunFolderLockTests
{
    [Fact]
    public void Acquire_WhileHeld_IsRefusedNamingTheHoldersProcess_AndFreeAgainOnceReleased()
    {
        using var temp = new TempFolder();
        string run = temp.File("run");

        using (RunFolderLock.Acquire(run))
        {
            var error = Assert.Throws<RunFolderInUseException>(() => RunFolderLock.Acquire(run));
            Assert.Equal($"{run}: another toxic process (pid {Environment.ProcessId}) is running in this folder; wait for it to end, or choose another --out.", error.Message);
        }
        using RunFolderLock again = RunFolderLock.Acquire(run);

        Assert.Equal(run, again.Folder);
    }

    [Fact]
    public void Dispose_NothingWritten_RemovesTheFoldersItCreated_ButKeepsWhatARunWrote()
    {
        using var temp = new TempFolder();
        string empty = Path.Combine(temp.Path, "artifacts", "empty");
        string used = Path.Combine(temp.Path, "artifacts", "used");

        using (RunFolderLock.Acquire(empty))
        {
            Assert.True(Directory.Exists(empty));
        }
        bool emptyGone = !Directory.Exists(Path.Combine(temp.Path, "artifacts"));
        using (RunFolderLock.Acquire(used))
        {
            File.WriteAllText(Path.Combine(used, "metrics.json"), "{}");
        }

        Assert.True(emptyGone, "a refused run left its folders behind");
        Assert.True(File.Exists(Path.Combine(used, "metrics.json")));
    }
}
