import ArgumentParser
import Foundation
import FrameFinder

/// Standard error: where every message goes, so that standard output holds results alone.
enum Terminal {
    /// True when standard error is a terminal (progress is drawn only then).
    static var standardErrorIsTerminal: Bool { isatty(STDERR_FILENO) != 0 }
    /// Writes `text` to standard error as is.
    static func writeError(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }
    /// One line on standard error.
    static func message(_ line: String) { writeError(line + "\n") }
    /// Back to the start of the line, and clear it (what a progress line is redrawn over).
    static let clearLine = "\r\u{1B}[K"
    /// One `warning:` line on standard error.
    static func warn(_ line: String) { message("warning: \(line)") }

    /// Shows a frame source's encoding on a terminal, and warns of each frame skipped.
    static func show(_ event: FrameSourceEvent) {
        switch event {
        case .encoding(let frames): if standardErrorIsTerminal { writeError("encoding \(frames) frames…") }
        case .encoded(let skipped):
            if standardErrorIsTerminal { writeError(clearLine) }
            for failure in skipped { warn("\(failure) (frame skipped)") }
        }
    }

    /// The line a failure prints: its own `path: problem`, with the flags that help for a
    /// batch's results file (the library names no flag).
    static func line(for error: any Error) -> String {
        guard let batch = error as? BatchError else { return "\(error)" }
        switch batch.kind {
        case .exists: return "\(batch.path): already exists; pass --resume to finish that run, or --force to replace it"
        case .settingDiffers(let key, let value, let earlier):
            return "\(batch.path): --resume with \(key) \(value), but the earlier run used \(earlier); "
                + "resume with the same settings, or pass --force to start over"
        }
    }
}

/// Runs a command's work; a failure prints its one line (`path: problem`) on stderr and
/// exits 1. Usage errors (exit 64) and explicit exits pass through to ArgumentParser. Standard
/// output is flushed at the end: results that could not be written are a failure too.
func reportingFailures(_ work: () async throws -> Void) async throws {
    do {
        try await work()
        // fflush(NULL) flushes standard output (the C stream `print` writes to) and fails when
        // what it holds cannot be written.
        guard fflush(nil) == 0 else {
            throw FileError(path: "standard output", reason: "cannot write (\(String(cString: strerror(errno))))")
        }
    } catch let error as ValidationError {
        throw error
    } catch let error as ExitCode {
        throw error
    } catch {
        Terminal.message(Terminal.line(for: error))
        throw ExitCode.failure
    }
}
