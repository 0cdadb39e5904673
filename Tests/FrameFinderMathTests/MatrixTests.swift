import FrameFinderMath
import TestSupport
import Testing

/// A matrix of reproducible values in [-1, 1).
func randomMatrix(_ rows: Int, _ columns: Int, seed: UInt64) -> Matrix {
    var generator = SeededGenerator(seed: seed)
    return Matrix(rows: rows, columns: columns, uniformIn: -1...1, using: &generator)
}

@Suite struct MatrixProductTests {
    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func sgemmMatchesTripleLoop(transposeA: Bool, transposeB: Bool) {
        let a = transposeA ? randomMatrix(13, 7, seed: 1) : randomMatrix(7, 13, seed: 1)
        let b = transposeB ? randomMatrix(5, 13, seed: 2) : randomMatrix(13, 5, seed: 2)
        let blas = Matrix.product(a, b, transposeA: transposeA, transposeB: transposeB, alpha: 0.5)
        let loop = Matrix.referenceProduct(a, b, transposeA: transposeA, transposeB: transposeB)
        #expect(blas.shape == (7, 5))
        #expect(maxAbsoluteDifference(blas.elements, loop.scaled(by: 0.5).elements) < 1e-5)
    }

    @Test func multiplyAddAccumulates() {
        let a = randomMatrix(4, 6, seed: 3), b = randomMatrix(6, 3, seed: 4)
        let c0 = randomMatrix(4, 3, seed: 5)
        var c = c0
        Matrix.multiplyAdd(a, b, into: &c, alpha: 2, beta: -1)
        let expected = Matrix.referenceProduct(a, b).scaled(by: 2) - c0
        #expect(isClose(c, expected, absoluteTolerance: 1e-5))
    }

    @Test func emptyInnerDimensionGivesZeros() {
        let product = Matrix.product(Matrix(rows: 3, columns: 0), Matrix(rows: 0, columns: 2))
        #expect(product == Matrix(rows: 3, columns: 2))
    }

    @Test func sgemvMatchesTripleLoop() {
        let a = randomMatrix(5, 8, seed: 6)
        let x = randomMatrix(8, 1, seed: 7), y = randomMatrix(5, 1, seed: 8)
        #expect(maxAbsoluteDifference(a.product(x.elements), Matrix.referenceProduct(a, x).elements) < 1e-5)
        #expect(
            maxAbsoluteDifference(
                a.product(y.elements, transpose: true),
                Matrix.referenceProduct(a, y, transposeA: true).elements) < 1e-5)
    }

    @Test func threadCountCanBeSetAndRestored() {
        let before = BLAS.threadCount
        BLAS.withThreadCount(1) { #expect(BLAS.threadCount == 1) }
        #expect(BLAS.threadCount == before)
    }
}

@Suite struct MatrixArithmeticTests {
    let a = randomMatrix(3, 4, seed: 10)
    let b = randomMatrix(3, 4, seed: 11)

    @Test func elementwiseOperationsAgreeWithLoops() {
        let sum = a + b, difference = a - b, hadamard = a.hadamard(b), scaled = 2.5 * a
        for i in 0..<a.elements.count {
            #expect(sum.elements[i] == a.elements[i] + b.elements[i])
            #expect(difference.elements[i] == a.elements[i] - b.elements[i])
            #expect(hadamard.elements[i] == a.elements[i] * b.elements[i])
            #expect(scaled.elements[i] == 2.5 * a.elements[i])
        }
        var c = a
        c += b
        c -= b
        #expect(isClose(c, a, absoluteTolerance: 1e-6))
    }

    @Test func reductionsAgreeWithLoops() {
        for r in 0..<a.rows {
            let expected = (0..<a.columns).reduce(Float(0)) { $0 + a[r, $1] }
            #expect(abs(a.rowSums[r] - expected) < 1e-6)
            #expect(abs(a.rowMeans[r] - expected / Float(a.columns)) < 1e-6)
        }
        for c in 0..<a.columns {
            let expected = (0..<a.rows).reduce(Float(0)) { $0 + a[$1, c] }
            #expect(abs(a.columnSums[c] - expected) < 1e-6)
            #expect(abs(a.columnMeans[c] - expected / Float(a.rows)) < 1e-6)
        }
        #expect(abs(a.sum - a.rowSums.reduce(0, +)) < 1e-5)
    }

    @Test func addingRowVectorBroadcasts() {
        let v: [Float] = [1, 2, 3, 4]
        let result = a.addingRowVector(v)
        for r in 0..<a.rows { for c in 0..<a.columns { #expect(result[r, c] == a[r, c] + v[c]) } }
    }
}

@Suite struct MatrixRowTests {
    let a = randomMatrix(5, 4, seed: 20)

    @Test func slicesGatherAndConcatenationAreConsistent() {
        #expect(Matrix.concatenatingRows([a.rows(0..<2), a.rows(2..<5)]) == a)
        #expect(Matrix.concatenatingColumns([a.columns(0..<1), a.columns(1..<4)]) == a)
        let gathered = a.gatheringRows([4, 0, 4])
        #expect(Array(gathered.row(0)) == Array(a.row(4)))
        #expect(Array(gathered.row(1)) == Array(a.row(0)))
        #expect(a.transposed.transposed == a)
        #expect(a.transposed[3, 1] == a[1, 3])
    }

    @Test func addRowsIsTheGradientOfGather() {
        var target = Matrix(rows: 5, columns: 4)
        target.addRows(a.gatheringRows([1, 3, 1]), at: [1, 3, 1])
        #expect(Array(target.row(1)) == a.row(1).map { $0 + $0 })
        #expect(Array(target.row(3)) == Array(a.row(3)))
        #expect(Array(target.row(0)) == [0, 0, 0, 0])
    }
}
