import Foundation

/// Row-major floats read in place: a matrix's elements or a memory-mapped file's tensor.
///
/// Element `(r, c)` is at `base[r * columns + c]`, as in `Matrix`. A view made by
/// `Matrix.withView` is valid only inside that call; a view of a `MappedFile` keeps the
/// mapping alive (`owner`) for as long as it exists.
public struct MatrixView: @unchecked Sendable {
    public let rows: Int
    public let columns: Int
    /// The first element; nil only when the view is empty.
    public let base: UnsafePointer<Float>?
    /// What keeps the memory alive (a `MappedFile`), or nil inside `withView`.
    public let owner: AnyObject?

    public init(rows: Int, columns: Int, base: UnsafePointer<Float>?, owner: AnyObject?) {
        precondition(rows >= 0 && columns >= 0 && (base != nil || rows * columns == 0), "A view needs its elements")
        self.rows = rows
        self.columns = columns
        self.base = base
        self.owner = owner
    }

    /// The elements as a buffer.
    public var elements: UnsafeBufferPointer<Float> { UnsafeBufferPointer(start: base, count: rows * columns) }

    /// A copy of the elements as a matrix.
    public var matrix: Matrix { Matrix(rows: rows, columns: columns, elements: Array(elements)) }

    /// True when every element is finite (no NaN, no infinity).
    public var isFinite: Bool { elements.allSatisfy { $0.isFinite } }
}

extension Matrix {
    /// Runs `body` with a view of the elements, valid during the call.
    public func withView<T>(_ body: (MatrixView) throws -> T) rethrows -> T {
        try elements.withUnsafeBufferPointer { buffer in
            try body(MatrixView(rows: rows, columns: columns, base: buffer.baseAddress, owner: nil))
        }
    }
}

/// A file mapped read-only into memory (`mmap(2)`), unmapped when the last reference goes.
///
/// Pages are read from the file as they are touched and can be dropped again by the kernel:
/// a mapped index costs page cache, not the process's own memory.
public final class MappedFile: @unchecked Sendable {
    /// The file's bytes.
    public let bytes: UnsafeRawBufferPointer
    public let path: String

    /// Maps the whole of `url`.
    ///
    /// - Throws: `FileError` when the file cannot be opened or mapped.
    public init(contentsOf url: URL) throws(FileError) {
        path = url.path
        let descriptor = open(url.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileError(path: url.path, reason: "cannot read file") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            throw FileError(path: url.path, reason: "cannot read file (not a regular file)")
        }
        guard status.st_size > 0 else { throw FileError(path: url.path, reason: "truncated: 0 bytes, an empty file") }
        let size = Int(status.st_size)
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED else {
            throw FileError(path: url.path, reason: "cannot map file (\(String(cString: strerror(errno))))")
        }
        bytes = UnsafeRawBufferPointer(start: address, count: size)
    }

    /// The bytes as `Data`, without a copy (valid while this object lives).
    public var data: Data {
        Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: bytes.baseAddress!), count: bytes.count, deallocator: .none)
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count) }
}
