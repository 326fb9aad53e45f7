namespace Pipeline.Local.Persistence;

/// <summary>
/// The runtime processes that share one state folder. Each process holds an exclusive lock on its own file
/// under <c>processes/</c>; the operating system releases it when the process ends, even when killed, so a
/// file that can be locked belongs to a process that is gone.
/// </summary>
/// <remarks>
/// Services use <see cref="OtherProcessesAlive"/> before they mark a job or execution that no thread of
/// this process runs as orphaned: while another runtime process lives, the job may be its own.
/// </remarks>
public sealed class RuntimeProcessRegistry : IDisposable
{
    private readonly string _folder;
    private readonly string _ownPath;
    private readonly FileStream _own;

    public RuntimeProcessRegistry(string stateDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stateDirectory);
        _folder = Path.Combine(stateDirectory, "processes");
        Directory.CreateDirectory(_folder);
        _ownPath = Path.Combine(_folder, $"{Environment.ProcessId}-{Guid.NewGuid():N}.lock");
        _own = new FileStream(_ownPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
    }

    /// <summary>Returns true when another runtime process uses the same state folder, and removes the files of ended ones.</summary>
    public bool OtherProcessesAlive()
    {
        var alive = false;
        foreach (var path in Directory.EnumerateFiles(_folder, "*.lock"))
        {
            if (path == _ownPath)
            {
                continue;
            }

            try
            {
                using (new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
                {
                }

                File.Delete(path);
            }
            catch (IOException)
            {
                // The file is locked, so its process is running (or it was deleted by another process just now).
                alive |= File.Exists(path);
            }
            catch (UnauthorizedAccessException)
            {
                alive = true;
            }
        }

        return alive;
    }

    public void Dispose()
    {
        _own.Dispose();
        File.Delete(_ownPath);
    }
}
