import FrameFinderFrames
import FrameFinderModel
import FrameFinderReport
import FrameFinderSearch
import Testing

@Suite struct BitmapFontTests {
    @Test func everyGlyphIsFiveBySeven() {
        for (character, rows) in BitmapFont.glyphs {
            #expect(rows.count == BitmapFont.glyphHeight, "glyph \(character)")
            #expect(rows.allSatisfy { $0 < 1 << BitmapFont.glyphWidth }, "glyph \(character)")
        }
        #expect(BitmapFont.glyphs.keys.filter { $0 != " " }.allSatisfy { BitmapFont.glyphs[$0]!.contains { $0 != 0 } })
    }

    @Test func everyPrintableASCIICharacterHasItsOwnGlyph() {
        let printable = (0x20...0x7E).map { Character(UnicodeScalar(UInt8($0))) }
        #expect(printable.allSatisfy { BitmapFont.glyphs[$0] != nil })
        #expect(Set(printable.map { BitmapFont.glyph(for: $0) }).count == printable.count)
    }

    @Test func drawsEachGlyphPixelAsAScaledSquare() {
        let text = "#7 t=1:05.0s"
        let scale = 2
        var image = RGBImage(width: BitmapFont.width(of: text, scale: scale) + 4, height: 20)
        let ink = RGBColour(255, 255, 255)
        BitmapFont.draw(text, into: &image, x: 2, y: 3, scale: scale, colour: ink)
        for (n, character) in text.enumerated() {
            let glyph = BitmapFont.glyph(for: character)
            for row in 0..<BitmapFont.glyphHeight * scale {
                for column in 0..<BitmapFont.advance * scale
                where 2 + n * BitmapFont.advance * scale + column < image.width - 2 {
                    let on =
                        column < BitmapFont.glyphWidth * scale
                        && glyph[row / scale] & (0x10 >> UInt8(column / scale)) != 0
                    let pixel = image.pixel(x: 2 + n * BitmapFont.advance * scale + column, y: 3 + row)
                    #expect(pixel == (on ? ink : RGBColour(0, 0, 0)), "\(character) at \(column), \(row)")
                }
            }
        }
    }

    @Test func unknownCharactersDrawAsQuestionMarksAndLongTextIsCut() {
        #expect(BitmapFont.glyph(for: "é") == BitmapFont.glyph(for: "?"))
        var cut = RGBImage(width: 40, height: 7)
        BitmapFont.draw("88888888", into: &cut, x: 0, y: 0, scale: 1, colour: RGBColour(9, 9, 9), maxWidth: 11)
        var two = RGBImage(width: 40, height: 7)
        BitmapFont.draw("88", into: &two, x: 0, y: 0, scale: 1, colour: RGBColour(9, 9, 9))
        #expect(cut == two)
    }

    @Test func contactSheetCaptionsUseOnlyDrawnCharacters() throws {
        let ranking = try RankingInputs.ranking(frames: 12, top: 12, fps: 0.1)
        for result in ranking.results {
            for line in ContactSheet.captions(for: result) {
                #expect(line.allSatisfy { BitmapFont.glyphs[$0] != nil }, "\(line)")
                #expect(BitmapFont.width(of: line, scale: ContactSheet.fontScale) <= ContactSheet.tileSide, "\(line)")
            }
        }
    }
}
