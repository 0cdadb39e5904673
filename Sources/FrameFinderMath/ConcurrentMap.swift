import Dispatch
import Foundation

/// `transform` applied to every element by `jobs` threads (default: all cores); results in input order.
package func concurrentMap<T: Sendable, R: Sendable>(
    _ items: [T], jobs: Int = ProcessInfo.processInfo.activeProcessorCount, _ transform: @Sendable (T) -> R
) -> [R] {
    let results = UnsafeMutableBufferPointer<R?>.allocate(capacity: items.count)
    results.initialize(repeating: nil)
    defer { results.deallocate() }
    let box = UncheckedSendableBox(results)
    let workers = max(1, min(jobs, items.count))
    DispatchQueue.concurrentPerform(iterations: workers) { w in
        for i in stride(from: w, to: items.count, by: workers) { box.value[i] = transform(items[i]) }
    }
    return results.map { $0! }
}

/// Hands a buffer whose disjoint elements are written by different threads to `concurrentPerform`.
private struct UncheckedSendableBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
