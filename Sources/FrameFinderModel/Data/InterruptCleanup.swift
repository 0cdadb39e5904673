import Dispatch
import Foundation

/// What a run leaves behind if it is interrupted, and its removal on SIGINT or SIGTERM.
///
/// `Video` registers each `ffmpeg` child and each temporary frame folder while they exist.
/// Once `install()` has been called (the `framefinder` command does it at start), SIGINT
/// and SIGTERM stop every registered child (SIGTERM), remove every registered folder, and
/// then end the process by the same signal, as if it had not been caught. A run killed by
/// SIGKILL cannot clean up: folders of dead runs are removed by the next video run
/// (`removeStaleFolders`), since each folder's name holds its process id.
public enum InterruptCleanup {
    /// The registered children and folders, behind a lock (the signal handler runs on its
    /// own queue while the run goes on).
    private final class Registry: @unchecked Sendable {
        let lock = NSLock()
        var resources: [UUID: Resource] = [:]
        var sources: [any DispatchSourceSignal] = []
        var interrupted = false
    }

    private static let registry = Registry()

    /// Catches SIGINT and SIGTERM for the rest of the process (once; later calls do nothing).
    public static func install() {
        registry.lock.lock()
        defer { registry.lock.unlock() }
        guard registry.sources.isEmpty else { return }
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { cleanUp(andRaise: signalNumber) }
            source.resume()
            registry.sources.append(source)
        }
    }

    /// What an interrupted run must clean up.
    enum Resource {
        /// A running child process, stopped with SIGTERM.
        case process(Int32)
        /// A temporary folder, removed.
        case folder(URL)
    }

    /// Registers a child or a folder; returns the token that `unregister` takes.
    static func register(_ resource: Resource) -> UUID {
        let token = UUID()
        registry.lock.lock()
        registry.resources[token] = resource
        registry.lock.unlock()
        return token
    }

    /// Forgets a child or folder (it ended, or was removed).
    static func unregister(_ token: UUID) {
        registry.lock.lock()
        registry.resources[token] = nil
        registry.lock.unlock()
    }

    /// Stops the children, waits up to a second for them to end, removes the folders, and
    /// ends the process by `signalNumber`.
    private static func cleanUp(andRaise signalNumber: Int32) {
        registry.lock.lock()
        registry.interrupted = true
        var processes: [Int32] = [], folders: [URL] = []
        for resource in registry.resources.values {
            switch resource {
            case .process(let pid): processes.append(pid)
            case .folder(let url): folders.append(url)
            }
        }
        registry.lock.unlock()
        for pid in processes { kill(pid, SIGTERM) }
        for _ in 0..<100 where processes.contains(where: { kill($0, 0) == 0 && !isZombie($0) }) { usleep(10_000) }
        for folder in folders { try? FileManager.default.removeItem(at: folder) }
        signal(signalNumber, SIG_DFL)
        // To the process, not this thread: dispatch's threads block signals, the others do not.
        kill(getpid(), signalNumber)
    }

    /// Parks the calling thread for good when an interruption is being cleaned up: a child
    /// that ended because the handler stopped it must not be reported as a failure while
    /// the handler is about to end the process by its signal.
    static func parkIfInterrupted() {
        registry.lock.lock()
        let interrupted = registry.interrupted
        registry.lock.unlock()
        guard interrupted else { return }
        while true { pause() }
    }

    /// True when `pid` has ended but was not yet reaped (it still answers `kill(pid, 0)`).
    private static func isZombie(_ pid: Int32) -> Bool {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
        return status.split(separator: ")").last?.split(separator: " ").first == "Z"
    }

    /// The prefix of temporary frame folders; the process id and a UUID follow.
    static let folderPrefix = "framefinder-video-"

    /// A new temporary folder name for this process: `framefinder-video-PID-UUID`.
    static func temporaryFolder(in directory: URL) -> URL {
        directory.appendingPathComponent("\(folderPrefix)\(getpid())-\(UUID().uuidString)", isDirectory: true)
    }

    /// Removes the frame folders in `directory` whose process no longer runs (killed runs).
    static func removeStaleFolders(in directory: URL) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return }
        for name in names where name.hasPrefix(folderPrefix) {
            let rest = name.dropFirst(folderPrefix.count)
            guard let dash = rest.firstIndex(of: "-"), let pid = Int32(rest[..<dash]), pid > 0 else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                try? FileManager.default.removeItem(at: directory.appendingPathComponent(name))
            }
        }
    }
}
