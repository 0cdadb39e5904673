import Foundation

/// Paths as the file system holds them: bytes, which need not be UTF-8.
///
/// A Swift `String` holds only valid Unicode, and Foundation turns the bytes of a name that
/// is not UTF-8 into U+FFFD, after which the file cannot be opened. Here such a byte `b`
/// (outside any valid UTF-8 sequence) is kept as the private-use scalar `U+10FF00 + b`, and
/// turned back into `b` whenever the path is handed to the system (`withCString`), so a file
/// listed or named on the command line is opened by the very bytes it has. Names are printed
/// with those scalars: lossily, but the item is never lost. Valid UTF-8 is unchanged.
public enum FileSystemName {
    /// The scalar standing for raw byte 0 (a byte `b` is `base + b`).
    static let base: UInt32 = 0x10FF00

    /// `bytes` as a string: UTF-8 where valid, each other byte as `U+10FF00 + byte`.
    public static func string(_ bytes: [UInt8]) -> String {
        var scalars = String.UnicodeScalarView()
        var i = 0
        while i < bytes.count {
            let length = validSequenceLength(bytes, at: i)
            if length == 0 {
                scalars.append(Unicode.Scalar(base + UInt32(bytes[i]))!)
                i += 1
            } else {
                scalars.append(contentsOf: String(decoding: bytes[i..<i + length], as: UTF8.self).unicodeScalars)
                i += length
            }
        }
        return String(scalars)
    }

    /// The bytes `path` stands for: raw-byte scalars back to their byte, the rest as UTF-8.
    public static func bytes(_ path: String) -> [UInt8] {
        var result: [UInt8] = []
        for scalar in path.unicodeScalars {
            if scalar.value >= base && scalar.value <= base + 0xFF {
                result.append(UInt8(scalar.value - base))
            } else {
                result.append(contentsOf: String(scalar).utf8)
            }
        }
        return result
    }

    /// Runs `body` with the NUL-terminated bytes of `path`, for a system or C library call.
    public static func withCString<T>(_ path: String, _ body: (UnsafePointer<CChar>) throws -> T) rethrows -> T {
        let terminated = bytes(path) + [0]
        return try terminated.withUnsafeBufferPointer { buffer in
            try buffer.withMemoryRebound(to: CChar.self) { try body($0.baseAddress!) }
        }
    }

    /// The names in the directory `path` (not `.` and `..`), or nil when it cannot be listed.
    public static func contentsOfDirectory(_ path: String) -> [String]? {
        guard let directory = withCString(path, { opendir($0) }) else { return nil }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            if name != [46] && name != [46, 46] { names.append(string(name)) }
        }
        return names
    }

    /// What is at `path`: `stat` (following links) or `lstat`; nil when nothing is.
    public static func status(_ path: String, followingLinks: Bool = true) -> stat? {
        var info = stat()
        let result = withCString(path) { followingLinks ? stat($0, &info) : lstat($0, &info) }
        return result == 0 ? info : nil
    }

    /// True when `path` is a directory (following links).
    public static func isDirectory(_ path: String) -> Bool {
        status(path).map { $0.st_mode & S_IFMT == S_IFDIR } ?? false
    }

    /// The length (1…4) of the valid UTF-8 sequence at `i`, or 0 when the byte there starts none.
    private static func validSequenceLength(_ bytes: [UInt8], at i: Int) -> Int {
        let lead = bytes[i]
        if lead < 0x80 { return 1 }
        let length: Int, second: ClosedRange<UInt8>
        switch lead {
        case 0xC2...0xDF: (length, second) = (2, 0x80...0xBF)
        case 0xE0: (length, second) = (3, 0xA0...0xBF)
        case 0xED: (length, second) = (3, 0x80...0x9F)
        case 0xE1...0xEF: (length, second) = (3, 0x80...0xBF)
        case 0xF0: (length, second) = (4, 0x90...0xBF)
        case 0xF1...0xF3: (length, second) = (4, 0x80...0xBF)
        case 0xF4: (length, second) = (4, 0x80...0x8F)
        default: return 0
        }
        guard i + length <= bytes.count, second.contains(bytes[i + 1]) else { return 0 }
        for k in 2..<length where !(0x80...0xBF).contains(bytes[i + k]) { return 0 }
        return length
    }
}
