import Foundation

/// Named tensors and string metadata as stored in a safetensors file, the format PyTorch and
/// Hugging Face use for model weights.
///
/// The file is an 8-byte little-endian header length `n`, `n` bytes of JSON, then the
/// tensors' little-endian bytes. The JSON maps each tensor name to
/// `{"dtype": "F32", "shape": [r, c], "data_offsets": [begin, end]}` (offsets into the data
/// after the header) and may hold a `"__metadata__"` object of string to string.
///
/// Values are held as `Float` in `NPYArray`s (shape and C-order values). Reading accepts
/// F32, F64, F16, BF16, I64, I32, I16, I8, U8 and BOOL tensors, converted to `Float`;
/// writing stores F32. Written files are byte-identical to those of Python's
/// `safetensors.numpy.save_file` for the same float32 tensors and metadata: tensors in
/// byte order of their names, compact JSON, the header padded with spaces to a multiple of
/// 8 bytes. (Python orders metadata keys by a hash map, so with more than one key its
/// header order varies from run to run; FrameFinder sorts them.)
public struct SafeTensors: Sendable, Equatable {
    /// The tensors by name.
    public var tensors: [String: NPYArray]
    /// The `__metadata__` map; written only when not empty.
    public var metadata: [String: String]
    /// The file the tensors were read from, named in the errors of `tensor(_:shape:)`.
    public var source: String

    /// Creates a set of tensors to write.
    public init(tensors: [String: NPYArray] = [:], metadata: [String: String] = [:], source: String = "<memory>") {
        self.tensors = tensors
        self.metadata = metadata
        self.source = source
    }

    /// The largest header accepted, as in the reference implementation (100 MB).
    public static let maximumHeaderLength = 100_000_000

    /// The tensor `name`, checked against an expected shape.
    ///
    /// - Throws: `FileError` when the tensor is missing or has another shape.
    public func tensor(_ name: String, shape: [Int]? = nil) throws -> NPYArray {
        guard let tensor = tensors[name] else {
            throw FileError(path: source, reason: "missing tensor '\(name)'")
        }
        if let shape, tensor.shape != shape {
            throw FileError(path: source, reason: "tensor '\(name)' has shape \(tensor.shape), expected \(shape)")
        }
        return tensor
    }

    /// The 2-D tensor `name` as a matrix of `rows × columns` (either may be left open).
    ///
    /// - Throws: `FileError` when the tensor is missing, not 2-D or of another shape.
    public func matrix(_ name: String, rows: Int? = nil, columns: Int? = nil) throws -> Matrix {
        let tensor = try tensor(name)
        guard tensor.shape.count == 2,
            rows.map({ $0 == tensor.shape[0] }) ?? true,
            columns.map({ $0 == tensor.shape[1] }) ?? true
        else {
            let expected = "[\(rows.map(String.init) ?? "?"), \(columns.map(String.init) ?? "?")]"
            throw FileError(path: source, reason: "tensor '\(name)' has shape \(tensor.shape), expected \(expected)")
        }
        return Matrix(rows: tensor.shape[0], columns: tensor.shape[1], elements: tensor.values)
    }
}

// MARK: - Element types

extension SafeTensors {
    /// A tensor element type of the format, by its name in the header.
    public enum DType: String, Sendable, CaseIterable {
        case float64 = "F64"
        case float32 = "F32"
        case float16 = "F16"
        case bfloat16 = "BF16"
        case int64 = "I64"
        case int32 = "I32"
        case int16 = "I16"
        case int8 = "I8"
        case uint8 = "U8"
        case bool = "BOOL"

        /// Bytes per element.
        public var size: Int {
            switch self {
            case .float64, .int64: 8
            case .float32, .int32: 4
            case .float16, .bfloat16, .int16: 2
            case .int8, .uint8, .bool: 1
            }
        }

        /// Element `index` of little-endian data at `base`, as a `Float`.
        func load(_ base: UnsafeRawPointer, _ index: Int) -> Float {
            let p = base + index * size
            switch self {
            case .float32: return Float(bitPattern: UInt32(littleEndian: p.loadUnaligned(as: UInt32.self)))
            case .float64: return Float(Double(bitPattern: UInt64(littleEndian: p.loadUnaligned(as: UInt64.self))))
            case .float16: return Float(Float16(bitPattern: UInt16(littleEndian: p.loadUnaligned(as: UInt16.self))))
            case .bfloat16:
                return Float(bitPattern: UInt32(UInt16(littleEndian: p.loadUnaligned(as: UInt16.self))) << 16)
            case .int64: return Float(Int64(littleEndian: p.loadUnaligned(as: Int64.self)))
            case .int32: return Float(Int32(littleEndian: p.loadUnaligned(as: Int32.self)))
            case .int16: return Float(Int16(littleEndian: p.loadUnaligned(as: Int16.self)))
            case .int8: return Float(p.load(as: Int8.self))
            case .uint8, .bool: return Float(p.load(as: UInt8.self))
            }
        }
    }
}

// MARK: - Reading

extension SafeTensors {
    /// Reads a safetensors file (memory-mapped; only validated tensors are copied out).
    ///
    /// - Throws: `FileError` naming the file and the problem.
    public init(contentsOf url: URL) throws {
        let data: Data
        do { data = try Data(contentsOf: url, options: .alwaysMapped) } catch {
            throw FileError(path: url.path, reason: "cannot read file")
        }
        try self.init(data: data, source: url.path)
    }

    /// Parses the bytes of a safetensors file; `source` names it in errors.
    ///
    /// The header is checked by `layout(of:source:)`; then each tensor is converted to `Float`.
    ///
    /// - Throws: `FileError` describing the first problem found.
    public init(data: Data, source: String = "<data>") throws {
        let (metadata, entries) = try Self.layout(of: data, source: source)
        var tensors: [String: NPYArray] = [:]
        data.withUnsafeBytes { raw in
            for entry in entries {
                let count = entry.bytes.count / entry.dtype.size
                let start = raw.baseAddress! + entry.bytes.lowerBound
                let values = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                    for i in 0..<count { buffer[i] = entry.dtype.load(start, i) }
                    initialized = count
                }
                tensors[entry.name] = NPYArray(shape: entry.shape, values: values)
            }
        }
        self.init(tensors: tensors, metadata: metadata, source: source)
    }

    /// Where a tensor lies in a safetensors file, as its checked header says.
    public struct Entry: Sendable, Equatable {
        public let name: String
        public let dtype: DType
        public let shape: [Int]
        /// The tensor's bytes, as offsets from the start of the file.
        public let bytes: Range<Int>
    }

    /// The metadata and the tensors' places in the bytes of a safetensors file, checked,
    /// without reading the tensors: a reader can then use them in place (a mapped index).
    ///
    /// Every size in the untrusted header is checked before anything is allocated from it:
    /// the header length against the file size and `maximumHeaderLength`, each dtype is
    /// known, each shape's element count × dtype size equals its byte range, and the byte
    /// ranges lie inside the data, do not overlap and leave no gap (as the reference
    /// implementation requires).
    ///
    /// - Throws: `FileError` describing the first problem found.
    public static func layout(of data: Data, source: String) throws -> (metadata: [String: String], entries: [Entry]) {
        func fail(_ reason: String) -> FileError { FileError(path: source, reason: reason) }
        guard data.count >= 8 else { throw fail("truncated: \(data.count) bytes, no safetensors header length") }
        let declared = data.prefix(8).enumerated().reduce(UInt64(0)) {
            $0 | UInt64($1.element) << (8 * UInt64($1.offset))
        }
        // A safetensors header is a JSON object: byte 8 is `{`, and its length is plausible.
        // Anything else (a WAV, a text file, a PNG) is not a safetensors file at all.
        if data.count > 8 && data[data.startIndex + 8] != UInt8(ascii: "{") {
            throw fail("not a safetensors file (its header does not start with '{')")
        }
        guard declared <= UInt64(Self.maximumHeaderLength) else {
            throw fail(
                "not a safetensors file (header length \(declared) exceeds the \(Self.maximumHeaderLength)-byte limit)")
        }
        let headerLength = Int(declared)
        guard headerLength <= data.count - 8 else {
            throw fail("truncated: header needs \(headerLength) bytes, file has \(data.count - 8) after the length")
        }
        let headerBytes = data.subdata(in: data.startIndex + 8..<data.startIndex + 8 + headerLength)
        guard headerBytes.first == UInt8(ascii: "{"),
            let object = try? JSONSerialization.jsonObject(with: headerBytes),
            let header = object as? [String: Any]
        else { throw fail("header is not a JSON object") }

        let dataStart = 8 + headerLength
        let dataLength = data.count - dataStart
        var metadata: [String: String] = [:]
        var entries: [(name: String, dtype: DType, shape: [Int], begin: Int, end: Int)] = []
        for (name, value) in header {
            if name == "__metadata__" {
                guard let map = value as? [String: Any] else { throw fail("__metadata__ is not an object") }
                for (key, item) in map {
                    guard let text = item as? String else {
                        throw fail("__metadata__ value for '\(key)' is not a string")
                    }
                    metadata[key] = text
                }
                continue
            }
            guard let info = value as? [String: Any],
                let dtypeName = info["dtype"] as? String,
                let shapeValues = info["shape"] as? [Any],
                let offsetValues = info["data_offsets"] as? [Any]
            else { throw fail("tensor '\(name)' lacks dtype, shape or data_offsets") }
            guard let dtype = DType(rawValue: dtypeName) else {
                throw fail("tensor '\(name)' has unsupported dtype \(dtypeName)")
            }
            let shape = shapeValues.compactMap(Self.nonNegativeInteger)
            let offsets = offsetValues.compactMap(Self.nonNegativeInteger)
            guard shape.count == shapeValues.count else { throw fail("tensor '\(name)' has a bad shape") }
            guard offsets.count == 2, offsets[0] <= offsets[1] else {
                throw fail("tensor '\(name)' has bad data_offsets")
            }
            var count = 1
            for n in shape {
                let (product, overflow) = count.multipliedReportingOverflow(by: n)
                guard !overflow else { throw fail("tensor '\(name)' shape \(shape) is too large") }
                count = product
            }
            let (bytes, overflow) = count.multipliedReportingOverflow(by: dtype.size)
            guard !overflow, bytes == offsets[1] - offsets[0] else {
                throw fail(
                    "tensor '\(name)' shape \(shape) of \(dtypeName) does not match its "
                        + "\(offsets[1] - offsets[0]) bytes"
                )
            }
            guard offsets[1] <= dataLength else {
                throw fail("truncated: tensor '\(name)' ends at byte \(offsets[1]) of \(dataLength) data bytes")
            }
            entries.append((name, dtype, shape, offsets[0], offsets[1]))
        }
        entries.sort { ($0.begin, $0.end) < ($1.begin, $1.end) }
        var expectedBegin = 0
        for entry in entries {
            guard entry.begin == expectedBegin else {
                throw fail(
                    entry.begin < expectedBegin
                        ? "tensor '\(entry.name)' overlaps another tensor"
                        : "gap in the data before tensor '\(entry.name)'")
            }
            expectedBegin = entry.end
        }
        guard expectedBegin == dataLength else {
            throw fail("data holds \(dataLength) bytes but the tensors cover \(expectedBegin)")
        }

        return (
            metadata,
            entries.map {
                Entry(
                    name: $0.name, dtype: $0.dtype, shape: $0.shape,
                    bytes: dataStart + $0.begin..<dataStart + $0.end)
            }
        )
    }

    /// A JSON number that is a non-negative integer (not a fraction).
    private static func nonNegativeInteger(_ value: Any) -> Int? {
        guard let integer = value as? Int, integer >= 0 else { return nil }
        return integer
    }
}

// MARK: - Writing

extension SafeTensors {
    /// The bytes of a safetensors file holding every tensor as F32 and the metadata.
    public var serialized: Data {
        let names = tensors.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var data = Self.header(metadata: metadata, shapes: names.map { ($0, tensors[$0]!.shape) })
        for name in names {
            tensors[name]!.values.withUnsafeBufferPointer { buffer in
                let littleEndian = buffer.map { $0.bitPattern.littleEndian }
                littleEndian.withUnsafeBytes { data.append(contentsOf: $0) }
            }
        }
        return data
    }

    /// The first bytes of a safetensors file, up to its data: the header length and the
    /// header of F32 tensors of `shapes`, stored in that order (sorted by name in the files
    /// FrameFinder writes), and the metadata.
    ///
    /// The data that follow are each tensor's C-order little-endian F32 values in turn; a
    /// writer that streams them (a `framefinder index` built block by block) writes this first.
    public static func header(metadata: [String: String], shapes: [(name: String, shape: [Int])]) -> Data {
        // Built as bytes, each value escaped straight into them: an index's frame list can be
        // tens of megabytes, and intermediate strings would hold it several times over.
        var header: [UInt8] = [UInt8(ascii: "{")]
        header.reserveCapacity(metadata.values.reduce(256) { $0 + $1.utf8.count + 16 } + 128 * shapes.count)
        var first = true
        func separate() {
            if !first { header.append(UInt8(ascii: ",")) }
            first = false
        }
        if !metadata.isEmpty {
            separate()
            header += Array("\"__metadata__\":{".utf8)
            for (i, key) in metadata.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).enumerated() {
                if i > 0 { header.append(UInt8(ascii: ",")) }
                appendJSONString(key, to: &header)
                header.append(UInt8(ascii: ":"))
                appendJSONString(metadata[key]!, to: &header)
            }
            header.append(UInt8(ascii: "}"))
        }
        var offset = 0
        for (name, shape) in shapes {
            let end = offset + shape.reduce(1, *) * 4
            let dimensions = shape.map(String.init).joined(separator: ",")
            separate()
            appendJSONString(name, to: &header)
            header += Array(":{\"dtype\":\"F32\",\"shape\":[\(dimensions)],\"data_offsets\":[\(offset),\(end)]}".utf8)
            offset = end
        }
        header.append(UInt8(ascii: "}"))
        header += [UInt8](repeating: UInt8(ascii: " "), count: (8 - header.count % 8) % 8)
        var data = Data(capacity: 8 + header.count + offset)
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: header)
        return data
    }

    /// Writes the file through `OutputFile`: a regular path atomically (a temporary file
    /// renamed into place, so a reader never sees half a model), a device node in place.
    ///
    /// - Throws: `FileError` when the file cannot be written.
    public func write(to url: URL) throws {
        try OutputFile(path: url.path).write(serialized)
    }

    /// Appends `text` as a JSON string literal escaped as serde_json (the reference writer)
    /// escapes it: `"` and `\`, the short escapes `\b \f \n \r \t`, other control
    /// characters as `\u00XX`, everything else as raw UTF-8.
    public static func appendJSONString(_ text: String, to bytes: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0x08: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x0C: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case 0..<0x20: bytes += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
