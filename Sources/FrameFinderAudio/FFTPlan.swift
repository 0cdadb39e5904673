internal import CFFTW
import Foundation

/// A real-to-complex FFTW plan of one size, made once per process and shared.
///
/// FFTW's planner is not thread-safe, so plans are made (and never destroyed) under a lock;
/// `fftwf_execute_dft_r2c` on other buffers is thread-safe, so one plan serves every clip on
/// every thread as long as the buffers come from `fftwf_malloc` (same alignment as planning).
final class FFTPlan: @unchecked Sendable {
    /// The transform length `n`; the output holds `n/2 + 1` complex bins.
    let size: Int
    private let plan: fftwf_plan

    private init(size: Int) {
        self.size = size
        let input = fftwf_alloc_real(size)!
        let output = fftwf_alloc_complex(size / 2 + 1)!
        // FFTW_ESTIMATE leaves the buffers untouched and plans in microseconds.
        plan = fftwf_plan_dft_r2c_1d(Int32(size), input, output, FFTW_ESTIMATE)!
        fftwf_free(input)
        fftwf_free(output)
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var plans: [Int: FFTPlan] = [:]

    /// The shared plan for real transforms of length `size`.
    static func realForward(size: Int) -> FFTPlan {
        lock.lock()
        defer { lock.unlock() }
        if let plan = plans[size] { return plan }
        let plan = FFTPlan(size: size)
        plans[size] = plan
        return plan
    }

    /// `X[k] = Σ_n x[n]·e^{-2πikn/N}` for `k = 0...N/2`, as interleaved (re, im) pairs.
    func execute(_ input: FFTBuffers) {
        fftwf_execute_dft_r2c(plan, input.real, input.complex)
    }
}

/// Input and output buffers for one `FFTPlan`, aligned by `fftwf_malloc`; one per stream.
final class FFTBuffers {
    /// The `size` real input samples.
    let real: UnsafeMutablePointer<Float>
    /// The `size/2 + 1` complex output bins.
    let complex: UnsafeMutablePointer<fftwf_complex>

    init(size: Int) {
        real = fftwf_alloc_real(size)!
        real.initialize(repeating: 0, count: size)
        complex = fftwf_alloc_complex(size / 2 + 1)!
    }

    deinit {
        fftwf_free(real)
        fftwf_free(complex)
    }

    /// The output bins as interleaved `Float` pairs `(re, im)`.
    var bins: UnsafeMutablePointer<Float> {
        UnsafeMutableRawPointer(complex).assumingMemoryBound(to: Float.self)
    }
}
