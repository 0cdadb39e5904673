import Foundation

/// An n-dimensional array as stored in a NumPy `.npy` file: a shape and C-order values.
///
/// The format (NumPy's `lib.format`, versions 1.0–3.0) is a magic string, a version, a
/// little-endian header length, a Python-literal header dictionary (`descr`,
/// `fortran_order`, `shape`) padded to 64 bytes, then the raw data. Values are held as
/// `Float`; `<f4`, `<f8`, `|u1`, `<i4` and `<i8` files are read, `<f4` is written.
public struct NPYArray: Sendable, Equatable {
    /// The dimensions, outermost first (`()` for a scalar).
    public var shape: [Int]
    /// The values in C (row-major) order.
    public var values: [Float]

    /// Creates an array; `values.count` must equal the product of `shape`.
    public init(shape: [Int], values: [Float]) {
        precondition(shape.reduce(1, *) == values.count, "NPY shape does not match value count")
        self.shape = shape
        self.values = values
    }

    /// The array as a matrix: a 2-D array as is, a 1-D array as one row.
    public var matrix: Matrix? {
        switch shape.count {
        case 1: return Matrix(rows: 1, columns: shape[0], elements: values)
        case 2: return Matrix(rows: shape[0], columns: shape[1], elements: values)
        default: return nil
        }
    }
}

extension NPYArray {
    private static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    /// Reads a `.npy` file.
    ///
    /// - Throws: `FileError` naming the file when it is not a readable `.npy` array.
    public init(contentsOf url: URL) throws {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw FileError(path: url.path, reason: "cannot read file")
        }
        try self.init(npyData: data, path: url.path)
    }

    /// Parses the bytes of a `.npy` file; `path` only names it in errors.
    public init(npyData data: Data, path: String = "<data>") throws {
        let bytes = [UInt8](data)
        func fail(_ reason: String) -> FileError { FileError(path: path, reason: reason) }
        guard bytes.count >= 10, Array(bytes[0..<6]) == Self.magic else {
            throw fail("not a NumPy .npy file (bad magic)")
        }
        let major = bytes[6]
        let headerLength: Int
        let headerStart: Int
        switch major {
        case 1:
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        case 2, 3:
            guard bytes.count >= 12 else { throw fail("truncated header") }
            headerLength = (0..<4).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
            headerStart = 12
        default:
            throw fail("unsupported .npy version \(major)")
        }
        guard headerStart + headerLength <= bytes.count,
            let header = String(bytes: bytes[headerStart..<headerStart + headerLength], encoding: .utf8)
        else { throw fail("truncated header") }

        guard let descr = Self.field("descr", in: header)?.trimmingCharacters(in: CharacterSet(charactersIn: "'\" ")),
            let fortran = Self.field("fortran_order", in: header),
            let shapeText = Self.field("shape", in: header)
        else { throw fail("header lacks descr, fortran_order or shape") }
        guard fortran.trimmingCharacters(in: .whitespaces) == "False" else {
            throw fail("Fortran-order arrays are not supported")
        }
        let dims =
            shapeText
            .trimmingCharacters(in: CharacterSet(charactersIn: "() "))
            .split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        var shape: [Int] = []
        for dim in dims {
            guard let n = Int(dim), n >= 0 else { throw fail("bad shape \(shapeText)") }
            shape.append(n)
        }
        let width: Int
        switch descr {
        case "<f4", "<i4": width = 4
        case "<f8", "<i8": width = 8
        case "|u1", "<u1", "|b1": width = 1
        default: throw fail("unsupported dtype \(descr)")
        }
        var count = 1
        for n in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: n)
            guard !overflow else { throw fail("shape \(shapeText) is too large") }
            count = product
        }
        let dataStart = headerStart + headerLength
        guard bytes.count - dataStart >= count * width else {
            throw fail("data is shorter than shape \(shapeText) needs")
        }
        var values = [Float](repeating: 0, count: count)
        bytes.withUnsafeBytes { raw in
            let base = raw.baseAddress! + dataStart
            for i in 0..<count {
                let p = base + i * width
                switch descr {
                case "<f4": values[i] = Float(bitPattern: UInt32(littleEndian: p.loadUnaligned(as: UInt32.self)))
                case "<f8":
                    values[i] = Float(Double(bitPattern: UInt64(littleEndian: p.loadUnaligned(as: UInt64.self))))
                case "<i4": values[i] = Float(Int32(littleEndian: p.loadUnaligned(as: Int32.self)))
                case "<i8": values[i] = Float(Int64(littleEndian: p.loadUnaligned(as: Int64.self)))
                default: values[i] = Float(p.load(as: UInt8.self))
                }
            }
        }
        self.init(shape: shape, values: values)
    }

    /// The text of `'key': value` in a header dictionary, up to the next top-level comma.
    private static func field(_ key: String, in header: String) -> String? {
        guard let keyRange = header.range(of: "'\(key)'") ?? header.range(of: "\"\(key)\"") else { return nil }
        var rest = header[keyRange.upperBound...].drop { $0 == " " || $0 == ":" }
        var depth = 0
        var end = rest.startIndex
        while end < rest.endIndex {
            let ch = rest[end]
            if ch == "(" { depth += 1 }
            if ch == ")" { depth -= 1 }
            if (ch == "," && depth == 0) || ch == "}" { break }
            end = rest.index(after: end)
        }
        rest = rest[rest.startIndex..<end]
        return String(rest)
    }

    /// The bytes of a version 1.0 `.npy` file holding the values as little-endian float32.
    public var npyData: Data {
        let shapeText: String
        switch shape.count {
        case 0: shapeText = "()"
        case 1: shapeText = "(\(shape[0]),)"
        default: shapeText = "(" + shape.map(String.init).joined(separator: ", ") + ")"
        }
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': \(shapeText), }"
        // Pad with spaces so that magic + version + length + header + "\n" is a multiple of 64.
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var data = Data(Self.magic + [1, 0])
        let length = UInt16(header.utf8.count)
        data.append(contentsOf: [UInt8(length & 0xff), UInt8(length >> 8)])
        data.append(contentsOf: Array(header.utf8))
        values.withUnsafeBufferPointer { buffer in
            var littleEndian = buffer.map { $0.bitPattern.littleEndian }
            data.append(Data(bytes: &littleEndian, count: littleEndian.count * 4))
        }
        return data
    }

    /// Writes the array as a float32 `.npy` file through `OutputFile`: a regular path
    /// atomically (a reader never sees half a file), a device node in place.
    ///
    /// - Throws: `FileError` when the file cannot be written.
    public func write(to url: URL) throws {
        try OutputFile(path: url.path).write(npyData)
    }
}

extension Matrix {
    /// The matrix as a 2-D NumPy array of shape `(rows, columns)`.
    public var npyArray: NPYArray { NPYArray(shape: [rows, columns], values: elements) }
}
