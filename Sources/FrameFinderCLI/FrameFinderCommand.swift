import ArgumentParser
import Foundation
import FrameFinder

/// The `framefinder` command: find the frames of a video that match an audio clip.
@main
struct FrameFinderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "framefinder",
        abstract: "Find the frames of a video that match an audio clip, with cross-attention.",
        discussion: """
            The clip's tokens are the queries Q; the frames' tokens are the keys K and values V. \
            Attention weights say which frames the sound is about.
            """,
        version: "0.1.0",
        subcommands: [Query.self, Batch.self, Eval.self, Train.self, Index.self, Features.self, Inspect.self]
    )

    /// Runs the command line; a first word that is no subcommand gets a suggestion.
    static func main() async {
        // The arguments by their bytes (`FileSystemName`): a path that is not UTF-8 still opens.
        let arguments = (1..<Int(CommandLine.argc)).map { index in
            let argument = CommandLine.unsafeArgv[index]!
            let bytes = UnsafeBufferPointer(start: argument, count: strlen(argument)).map { UInt8(bitPattern: $0) }
            return FileSystemName.string(bytes)
        }
        if let first = arguments.first, let line = unknownCommandLine(first) {
            Terminal.message(line)
            Foundation.exit(ExitCode.validationFailure.rawValue)
        }
        InterruptCleanup.install()
        await main(arguments)
    }

    /// The error line for a first word that is not a subcommand (nil for a subcommand, an
    /// option or `help`), naming the nearest subcommand when it is at most two edits away.
    static func unknownCommandLine(_ word: String) -> String? {
        let names = configuration.subcommands.map { $0._commandName }
        guard !word.hasPrefix("-"), word != "help", !names.contains(word) else { return nil }
        let nearest = names.map { ($0, editDistance(word.lowercased(), $0)) }.min { $0.1 < $1.1 }
        let hint = nearest.flatMap { $0.1 <= 2 ? " Did you mean '\($0.0)'?" : nil } ?? ""
        return "Error: '\(word)' is not a framefinder command.\(hint) Commands: \(names.joined(separator: ", "))."
    }

    /// The Levenshtein distance: the fewest insertions, deletions and substitutions turning `a` into `b`.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let (a, b) = (Array(a), Array(b))
        var previous = Array(0...b.count)
        for i in a.indices {
            var current = [i + 1] + [Int](repeating: 0, count: b.count)
            for j in b.indices {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (a[i] == b[j] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
