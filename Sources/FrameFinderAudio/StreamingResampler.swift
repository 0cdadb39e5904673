internal import CSoxr

/// A libsoxr HQ resampler for one channel of float32, fed block by block.
///
/// `soxr_quality_spec(SOXR_HQ, 0)` with float32 in and out is the recipe of Python's
/// `soxr.resample(x, sr_in, sr_out, quality="HQ")`, which `librosa.resample` uses by
/// default; streaming through `soxr_process` and ending with NULL input gives output
/// bit-identical to the one-shot call.
final class StreamingResampler {
    private let handle: soxr_t
    private let ratio: Double
    private let path: String
    private var output: [Float] = []

    /// Creates a resampler from `inputRate` to `outputRate` Hz; `path` names errors.
    init(inputRate: Int, outputRate: Int, path: String) throws {
        var error: soxr_error_t? = nil
        var io = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I)
        var quality = soxr_quality_spec(UInt(SOXR_HQ), 0)
        let created = soxr_create(Double(inputRate), Double(outputRate), 1, &error, &io, &quality, nil)
        guard let created, error == nil else {
            let message = error.map { String(cString: $0) } ?? "soxr_create failed"
            if let created { soxr_delete(created) }
            throw AudioError(path: path, reason: .resampler(message))
        }
        handle = created
        ratio = Double(outputRate) / Double(inputRate)
        self.path = path
    }

    deinit { soxr_delete(handle) }

    /// Resamples `input` and hands every block of output to `emit`.
    func process(_ input: UnsafeBufferPointer<Float>, _ emit: (UnsafeBufferPointer<Float>) throws -> Void) throws {
        var consumed = 0
        while consumed < input.count {
            let remaining = input.count - consumed
            reserve(Int((Double(remaining) * ratio).rounded(.up)) + 64)
            var inputDone = 0
            let produced = try run(input.baseAddress! + consumed, remaining, &inputDone)
            consumed += inputDone
            try emitOutput(produced, emit)
            if inputDone == 0 && produced == 0 {
                throw AudioError(path: path, reason: .resampler("libsoxr made no progress"))
            }
        }
    }

    /// Flushes the samples still held in the filter (the end of the clip) into `emit`.
    func finish(_ emit: (UnsafeBufferPointer<Float>) throws -> Void) throws {
        reserve(Int(ratio.rounded(.up)) * 64 + 4_096)
        while true {
            var inputDone = 0
            let produced = try run(nil, 0, &inputDone)
            if produced == 0 { return }
            try emitOutput(produced, emit)
        }
    }

    private func reserve(_ capacity: Int) {
        if output.count < capacity { output = [Float](repeating: 0, count: capacity) }
    }

    private func run(_ input: UnsafePointer<Float>?, _ length: Int, _ inputDone: inout Int) throws -> Int {
        var done = 0
        var produced = 0
        let error = output.withUnsafeMutableBufferPointer { out in
            soxr_process(handle, input, length, &done, out.baseAddress, out.count, &produced)
        }
        if let error { throw AudioError(path: path, reason: .resampler(String(cString: error))) }
        inputDone = done
        return produced
    }

    private func emitOutput(_ count: Int, _ emit: (UnsafeBufferPointer<Float>) throws -> Void) throws {
        guard count > 0 else { return }
        try output.withUnsafeBufferPointer { try emit(UnsafeBufferPointer(rebasing: $0.prefix(count))) }
    }
}
