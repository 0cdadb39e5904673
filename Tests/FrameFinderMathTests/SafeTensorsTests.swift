import Foundation
import FrameFinderMath
import TestSupport
import Testing

@Suite struct SafeTensorsTests {
    let pythonF32 = TestData.fixture("python_f32.safetensors", in: .module)

    @Test func readsAFileWrittenByPython() throws {
        let file = try SafeTensors(contentsOf: pythonF32)
        #expect(Set(file.tensors.keys) == ["wq", "Wk", "bias", "scalar", "empty", "cube"])
        #expect(file.metadata == ["format": "framefinder-test \"1\"\n"])
        #expect(try file.tensor("wq").shape == [3, 4])
        #expect(try file.tensor("scalar").shape == [])
        #expect(try file.tensor("empty").shape == [0, 3])
        #expect(try file.matrix("Wk", rows: 2, columns: 4).elements.count == 8)
    }

    @Test func writesBytesIdenticalToPython() throws {
        let python = try Data(contentsOf: pythonF32)
        let file = try SafeTensors(data: python)
        let rewritten = SafeTensors(tensors: file.tensors, metadata: file.metadata)
        #expect(rewritten.serialized == python)
    }

    @Test func convertsOtherDtypesAsNumpyDoes() throws {
        let mixed = try SafeTensors(contentsOf: TestData.fixture("python_mixed.safetensors", in: .module))
        let expected = try SafeTensors(contentsOf: TestData.fixture("python_mixed_expected.safetensors", in: .module))
        #expect(mixed.metadata == ["a": "1", "b": "two", "c": "é"])
        #expect(mixed.tensors == expected.tensors)
    }

    @Test func roundTripsThroughAFile() throws {
        let directory = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("model.safetensors")
        let original = SafeTensors(
            tensors: ["w": Matrix(rows: 2, columns: 3, elements: [1, -2, 3.5, .pi, 0, 1e-20]).npyArray],
            metadata: ["version": "1", "sample_rate": "16000"]
        )
        try original.write(to: url)
        let read = try SafeTensors(contentsOf: url)
        #expect(read.tensors == original.tensors && read.metadata == original.metadata)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["model.safetensors"])
    }

    @Test(
        .enabled(
            if: SafeTensorsTests.pythonHasSafetensors,
            "needs python3 with numpy and safetensors (tools/requirements.txt)"))
    func pythonLoadsWhatFrameFinderWrites() throws {
        let directory = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("written.safetensors")
        let matrix = randomMatrix(3, 5, seed: 99)
        try SafeTensors(
            tensors: ["weights": matrix.npyArray, "bias": NPYArray(shape: [5], values: [1, 2, 3, 4, 5])],
            metadata: ["kind": "test"]
        ).write(to: url)
        // Python prints each value as a float32 bit pattern so the comparison is exact.
        let script = """
            import sys, numpy as np
            from safetensors.numpy import load_file
            from safetensors import safe_open
            t = load_file(sys.argv[1])
            with safe_open(sys.argv[1], "np") as f: print(f.metadata()["kind"])
            for name in ("weights", "bias"):
                a = t[name]
                print(name, a.dtype, list(a.shape), " ".join(str(v) for v in a.reshape(-1).view(np.uint32)))
            """
        let output = try Self.run(["python3", "-c", script, url.path])
        let lines = output.split(separator: "\n").map(String.init)
        let bits = { (values: [Float]) in values.map { String($0.bitPattern) }.joined(separator: " ") }
        #expect(
            lines == [
                "test",
                "weights float32 [3, 5] " + bits(matrix.elements),
                "bias float32 [5] " + bits([1, 2, 3, 4, 5]),
            ])
    }

    // MARK: - Untrusted input

    /// A file with the given JSON header and `dataBytes` zero bytes of data.
    func file(header json: String, dataBytes: Int) -> Data {
        var data = Data()
        withUnsafeBytes(of: UInt64(json.utf8.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: Array(json.utf8))
        return data + Data(count: dataBytes)
    }

    func reason(_ data: Data) -> String? {
        do {
            _ = try SafeTensors(data: data, source: "m.safetensors")
            return nil
        } catch let error as FileError {
            #expect(error.path == "m.safetensors")
            return error.reason
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test func refusesTruncatedFiles() throws {
        let python = try Data(contentsOf: pythonF32)
        #expect(reason(python.prefix(5))?.contains("truncated") == true)
        #expect(reason(python.prefix(40))?.contains("truncated") == true)
        #expect(reason(python.dropLast(4))?.contains("truncated") == true)
    }

    @Test func refusesAHugeHeaderLengthBeforeAllocating() {
        var data = Data([0, 0, 0, 0, 0, 0, 0, 0x7f])
        data.append(contentsOf: Array("{}".utf8))
        #expect(reason(data)?.contains("exceeds") == true)
    }

    @Test func refusesBadHeaders() throws {
        // Each header describes one float32 of data; the file holds exactly 4 data bytes.
        func one(_ entries: String) -> Data { file(header: "{\(entries)}", dataBytes: 4) }
        #expect(
            reason(one(#""x":{"dtype":"F8_E4M3","shape":[1],"data_offsets":[0,4]}"#))?.contains("unsupported dtype")
                == true)
        #expect(
            reason(one(#""x":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}"#))?.contains("does not match") == true)
        #expect(
            reason(one(#""x":{"dtype":"F32","shape":[1],"data_offsets":[0,8]}"#))?.contains("does not match") == true)
        #expect(reason(one(#""x":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}"#))?.contains("bad shape") == true)
        #expect(reason(one(#""x":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}"#))?.contains("bad shape") == true)
        #expect(reason(one(#""x":{"dtype":"F32","shape":[1]}"#))?.contains("lacks") == true)
        #expect(
            reason(one(#""x":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}"#))?.contains("bad data_offsets") == true)
        #expect(
            reason(one(#""__metadata__":{"a":1},"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}"#))?.contains(
                "not a string") == true)
        #expect(
            reason(
                one(
                    #""x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"#
                        + #""y":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}"#
                ))?.contains("overlaps") == true)
        #expect(
            reason(one(#""x":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,4]}"#))?.contains(
                "too large") == true)
        #expect(reason(one(#""x":{"dtype":"F32","shape":[0],"data_offsets":[0,0]}"#))?.contains("cover") == true)
        #expect(reason(one("not json")) != nil)
    }

    @Test func namesAMissingTensorOrWrongShape() throws {
        let file = try SafeTensors(contentsOf: pythonF32)
        #expect(throws: FileError(path: pythonF32.path, reason: "missing tensor 'wv'")) { try file.tensor("wv") }
        #expect(throws: FileError.self) { try file.tensor("wq", shape: [4, 3]) }
        #expect(throws: FileError.self) { try file.matrix("cube") }
        #expect(throws: FileError.self) { try file.matrix("wq", columns: 5) }
    }

    // MARK: - Python

    /// True when `python3 -c "import safetensors, numpy"` succeeds.
    static let pythonHasSafetensors: Bool = (try? run(["python3", "-c", "import safetensors, numpy"])) != nil

    /// Runs a command and returns its standard output; throws when it fails.
    static func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw FileError(path: arguments.joined(separator: " "), reason: "exit status \(process.terminationStatus)")
        }
        return String(decoding: output, as: UTF8.self)
    }
}
