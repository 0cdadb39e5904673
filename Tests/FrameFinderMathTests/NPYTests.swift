import Foundation
import FrameFinderMath
import TestSupport
import Testing

@Suite struct NPYTests {
    @Test func roundTripKeepsShapeAndValues() throws {
        let array = NPYArray(shape: [2, 3], values: [0, 1.5, -2, .pi, 1e-7, 65504])
        let parsed = try NPYArray(npyData: array.npyData)
        #expect(parsed == array)
        #expect((array.npyData.count - array.values.count * 4) % 64 == 0)
    }

    @Test func refusesDataShorterThanShape() throws {
        var data = NPYArray(shape: [4], values: [1, 2, 3, 4]).npyData
        data.removeLast(5)
        #expect(throws: FileError.self) { try NPYArray(npyData: data) }
    }

    @Test func refusesNonNPY() {
        #expect(throws: FileError.self) { try NPYArray(npyData: Data("hello world".utf8)) }
    }
}
