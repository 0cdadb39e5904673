import FrameFinderMath

/// The Adam optimiser with decoupled weight decay (AdamW), as `torch.optim.AdamW`.
///
/// For each tensor `θ` with gradient `g` at step `t`:
/// ```
/// m = β₁·m + (1 − β₁)·g,   v = β₂·v + (1 − β₂)·g²
/// θ = θ − lr·( m/(1 − β₁ᵗ) / (√(v/(1 − β₂ᵗ)) + ε) + λ·θ )
/// ```
/// (Loshchilov & Hutter, "Decoupled Weight Decay Regularization", 2019).
public struct Adam: Sendable {
    public var learningRate: Float
    public var beta1: Float = 0.9
    public var beta2: Float = 0.999
    public var epsilon: Float = 1e-8
    /// `λ`, applied to matrices only (a tensor with more than one row); vectors are not decayed.
    public var weightDecay: Float
    private var beta1Power: Float = 1
    private var beta2Power: Float = 1
    private var firstMoments = ParameterSet()
    private var secondMoments = ParameterSet()

    public init(learningRate: Float = 1e-3, weightDecay: Float = 0) {
        self.learningRate = learningRate
        self.weightDecay = weightDecay
    }

    /// Applies one update to every tensor of `parameters` that `gradients` names.
    public mutating func update(_ parameters: inout ParameterSet, with gradients: ParameterSet) {
        beta1Power *= beta1
        beta2Power *= beta2
        let correction1 = 1 - beta1Power
        let correction2 = 1 - beta2Power
        for name in gradients.names {
            let g = gradients[name]
            if !firstMoments.contains(name) {
                firstMoments[name] = Matrix(rows: g.rows, columns: g.columns)
                secondMoments[name] = Matrix(rows: g.rows, columns: g.columns)
            }
            var m = firstMoments[name], v = secondMoments[name], theta = parameters[name]
            let decay = theta.rows > 1 ? weightDecay : 0
            let (b1, b2, lr, eps) = (beta1, beta2, learningRate, epsilon)
            for i in 0..<g.elements.count {
                let gi = g.elements[i]
                m.elements[i] = b1 * m.elements[i] + (1 - b1) * gi
                v.elements[i] = b2 * v.elements[i] + (1 - b2) * gi * gi
                let mHat = m.elements[i] / correction1
                let vHat = v.elements[i] / correction2
                theta.elements[i] -= lr * (mHat / (vHat.squareRoot() + eps) + decay * theta.elements[i])
            }
            firstMoments[name] = m
            secondMoments[name] = v
            parameters[name] = theta
        }
    }
}
