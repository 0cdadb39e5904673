import Foundation
import FrameFinderMath

extension Model {
    /// A fingerprint of the model: 64-bit FNV-1a over its serialized safetensors file.
    ///
    /// The bytes hashed are `safeTensors.serialized`, FrameFinder's canonical file of the
    /// model (tensors and metadata in sorted order), so every tensor value and every setting
    /// counts, and the same model read from any path has the same identity. Written as
    /// `fnv1a64:` and 16 lower-case hex digits. FNV-1a (Fowler–Noll–Vo, offset basis
    /// 0xcbf29ce484222325, prime 0x100000001b3) is not cryptographic: it tells models apart,
    /// it does not guard against a deliberately forged file.
    public var identity: String {
        "fnv1a64:" + String(format: "%016llx", fnv1a64(safeTensors.serialized))
    }
}

/// `h = 0xcbf29ce484222325; for each byte b: h = (h XOR b) · 0x100000001b3 (mod 2⁶⁴)`.
func fnv1a64(_ data: Data) -> UInt64 {
    data.withUnsafeBytes { bytes in
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
