import Foundation
import FrameFinderMath
import TestSupport
import Testing

@Suite struct SoftmaxTests {
    /// numpy's softmax and log-sum-exp of rows with huge, tiny, equal and −∞ logits.
    let fixture: SafeTensors

    init() throws {
        fixture = try SafeTensors(contentsOf: TestData.fixture("softmax.safetensors", in: .module))
    }

    @Test func matchesNumpyOnExtremeLogits() throws {
        let logits = try fixture.matrix("logits")
        let softmax = logits.rowSoftmax()
        #expect(softmax.isFinite)
        #expect(maxAbsoluteDifference(softmax.elements, try fixture.tensor("softmax").values) < 1e-6)
        #expect(maxRelativeDifference(softmax.elements, try fixture.tensor("softmax").values, floor: 1e-30) < 1e-5)
        let lse = logits.rowLogSumExp()
        let expected = try fixture.tensor("logSumExp").values
        for (value, reference) in zip(lse, expected) {
            if reference == -.infinity {
                #expect(value == -.infinity)
            } else {
                #expect(abs(value - reference) <= 1e-5 * max(1, abs(reference)))
            }
        }
    }

    @Test func rowsSumToOneOrZeroWhenFullyMasked() throws {
        let softmax = try fixture.matrix("logits").rowSoftmax()
        for (r, sum) in softmax.rowSums.enumerated() {
            #expect(abs(sum - (r == 5 ? 0 : 1)) < 1e-6)
        }
    }

    @Test func vectorExpMatchesLibm() {
        var worst: Float = 0
        for i in -8700...8800 {
            let x = Float(i) / 100
            worst = max(worst, abs(VectorKernels.exp(x) - Foundation.exp(x)) / Foundation.exp(x))
        }
        #expect(worst < 4e-7)
        #expect(VectorKernels.exp(-.infinity) == 0)
        #expect(VectorKernels.exp(0) == 1)
    }
}
