import Foundation
import FrameFinderMath
import FrameFinderModel
import FrameFinderSearch
import TestSupport
import Testing

@Suite struct ClipListTests {
    private func touch(_ url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("x".utf8).write(to: url)
    }

    @Test func aDirectoryIsSearchedRecursivelyForAudioByExtension() throws {
        let folder = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in [
            "b.WAV", "a.flac", "sub/deeper/c.ogg", "sub/d.mp3", "notes.txt", ".hidden.wav", ".git/e.wav", "f.png",
        ] {
            try touch(folder.appendingPathComponent(name))
        }
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("folder.wav"), withIntermediateDirectories: true)
        let list = try ClipList(contentsOf: folder)
        #expect(
            list.urls.map(\.path)
                == ["a.flac", "b.WAV", "sub/d.mp3", "sub/deeper/c.ogg"].map {
                    folder.appendingPathComponent($0).standardizedFileURL.path
                })
    }

    @Test func aDirectoryIsListedInNaturalOrder() throws {
        let folder = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["clip10.wav", "clip2.wav", "clip1.wav", "take3/a.wav", "take12/a.wav"] {
            try touch(folder.appendingPathComponent(name))
        }
        let list = try ClipList(contentsOf: folder)
        #expect(
            list.urls.map(\.path)
                == ["clip1.wav", "clip2.wav", "clip10.wav", "take3/a.wav", "take12/a.wav"].map {
                    folder.appendingPathComponent($0).standardizedFileURL.path
                })
    }

    @Test func manifestsKeepTheirOrderAndResolveRelativePaths() throws {
        let folder = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let lists = folder.appendingPathComponent("lists")
        try FileManager.default.createDirectory(at: lists, withIntermediateDirectories: true)
        let text = lists.appendingPathComponent("clips.txt")
        try Data("z.wav\n\n../up, with comma.wav\n/abs/a.wav\n".utf8).write(to: text)
        #expect(
            try ClipList(contentsOf: text).urls.map(\.path) == [
                lists.appendingPathComponent("z.wav").path, folder.appendingPathComponent("up, with comma.wav").path,
                "/abs/a.wav",
            ])
        let csv = lists.appendingPathComponent("clips.csv")
        try Data("speaker,File,label\ntheo,\"q, 1.wav\",3\njackson,q2.wav,4\n".utf8).write(to: csv)
        #expect(try ClipList(contentsOf: csv).urls.map(\.lastPathComponent) == ["q, 1.wav", "q2.wav"])
        let audio = lists.appendingPathComponent("one.flac")
        try touch(audio)
        #expect(try ClipList(contentsOf: audio).urls == [audio.standardizedFileURL])
    }

    @Test func emptyOrMissingListsAreErrors() throws {
        let folder = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let empty = folder.appendingPathComponent("empty.txt")
        try Data("\n\n".utf8).write(to: empty)
        let badCSV = folder.appendingPathComponent("bad.csv")
        try Data("label,file\n3\n".utf8).write(to: badCSV)
        let cases: [(URL, String)] = [
            (folder, "no audio file found (by extension)"),
            (empty, "manifest lists no file"),
            (badCSV, "line 2 has no 'file' field"),
            (folder.appendingPathComponent("missing"), "no such file or directory"),
        ]
        for (url, reason) in cases {
            #expect(throws: FileError(path: url.path, reason: reason)) { try ClipList(contentsOf: url) }
        }
    }
}

/// Clips whose names are not UTF-8 are found and opened by their bytes; a folder a search
/// cannot list is named in a warning, never dropped in silence.
@Suite struct ClipListWarningTests {
    /// The bytes of `folder/caf\u{E9}.wav` as Latin-1 writes it (0xE9 alone is not UTF-8).
    private func latin1Path(in folder: URL) -> [UInt8] {
        Array(folder.path.utf8) + Array("/caf".utf8) + [0xE9] + Array(".wav".utf8)
    }

    @Test func aNameThatIsNotUTF8IsFoundByItsBytes() throws {
        let folder = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = latin1Path(in: folder)
        let descriptor = (path + [0]).withUnsafeBufferPointer {
            $0.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_CREAT | O_WRONLY, 0o644) }
        }
        #expect(descriptor >= 0)
        close(descriptor)
        try Data().write(to: folder.appendingPathComponent("good.wav"))
        let list = try ClipList(contentsOf: folder)
        #expect(list.warnings.isEmpty)
        #expect(list.urls.count == 2)
        #expect(list.urls.map { FileSystemName.bytes($0.path) }.contains(path))
        #expect(list.urls.allSatisfy { FileSystemName.status($0.path) != nil })
    }

    @Test(.enabled(if: geteuid() != 0, "root reads every folder")) func anUnreadableSubfolderIsNamedInAWarning() throws
    {
        let folder = try TestData.temporaryDirectory()
        let locked = folder.appendingPathComponent("locked")
        try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
        try Data().write(to: locked.appendingPathComponent("hidden.wav"))
        try Data().write(to: folder.appendingPathComponent("open.wav"))
        chmod(locked.path, 0)
        defer {
            chmod(locked.path, 0o755)
            try? FileManager.default.removeItem(at: folder)
        }
        let list = try ClipList(contentsOf: folder)
        #expect(list.urls.map(\.lastPathComponent) == ["open.wav"])
        #expect(
            list.warnings == ["\(locked.path): cannot list this folder (permission denied?); its clips are left out"])
    }
}
