import Testing

@testable import Protocol

@Suite struct LineIndexConversions {
  @Test func lineEndingsOfAllThreeKinds() {
    let index = LineIndex("a\nb\r\nc\rd")
    #expect(index.lineStarts == [0, 2, 5, 7])
    #expect(index.position(of: 5, .utf16) == (2, 0))
    #expect(index.lineContentEnd(1) == 3)
    #expect(index.offset(line: 1, character: 99, .utf16) == 3)
    #expect(index.offset(line: 9, character: 0, .utf16) == 8)
  }

  @Test func loneCRAtTheEnd() {
    let index = LineIndex("x\r")
    #expect(index.lineStarts == [0, 2])
    #expect(index.position(of: 2, .utf16) == (1, 0))
  }

  @Test func nonBMPCharactersCountTwiceInUTF16() {
    // "😀" is one scalar, two UTF-16 units, four UTF-8 bytes.
    let index = LineIndex("a😀b\n😀c")
    #expect(index.position(of: 2, .utf16) == (0, 3))
    #expect(index.position(of: 2, .utf8) == (0, 5))
    #expect(index.position(of: 2, .utf32) == (0, 2))
    #expect(index.offset(line: 0, character: 3, .utf16) == 2)
    #expect(index.offset(line: 1, character: 2, .utf16) == 5)
    // Inside the surrogate pair: the scalar's start.
    #expect(index.offset(line: 0, character: 2, .utf16) == 1)
  }

  @Test func vietnameseDiacriticsAreOneUnitInUTF16() {
    let text = "Nguyễn Chí Vịnh"
    let index = LineIndex(text)
    let end = text.unicodeScalars.count
    #expect(index.position(of: end, .utf16) == (0, 15))
    #expect(index.position(of: end, .utf8) == (0, text.utf8.count))
    #expect(index.offset(line: 0, character: text.utf8.count, .utf8) == end)
  }

  @Test func roundTripsEveryOffset() {
    let text = "Việt Nam\r\n😀 Hà Nội\rend\n"
    let index = LineIndex(text)
    for encoding in PositionEncoding.allCases {
      for offset in 0...text.unicodeScalars.count {
        let (line, character) = index.position(of: offset, encoding)
        let back = index.offset(line: line, character: character, encoding)
        // Offsets inside a CRLF map to the line's end; all others round-trip.
        if back != offset { #expect(index.lineContentEnd(line) == back) }
      }
    }
  }

  @Test func negotiation() {
    #expect(PositionEncoding.negotiate(clientOffers: nil) == .utf16)
    #expect(PositionEncoding.negotiate(clientOffers: ["utf-8", "utf-16"]) == .utf8)
    #expect(PositionEncoding.negotiate(clientOffers: ["latin1", "utf-32"]) == .utf32)
  }
}
