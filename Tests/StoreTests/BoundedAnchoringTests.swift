import Foundation
import Testing

@testable import Store
@testable import Workspace

/// Fuzzy re-anchoring is bounded: it looks around the old position only
/// (issue 16: 20 corrections whose quotes changed in a 1 MB document took
/// 19–22 s before `initialize` was answered).
@Suite struct BoundedAnchoring {
  /// About 1 MB of varied text with 20 names, each at a known place.
  static func document() -> (text: [Unicode.Scalar], targets: [CorrectionRecord.Target]) {
    var text = ""
    var targets: [CorrectionRecord.Target] = []
    var n = 0
    while text.utf8.count < 1_000_000 {
      n += 1
      if n % 400 == 0 && targets.count < 20 {
        let name = "Nguyen Van Thanh\(targets.count) of Hai Phong"
        let start = text.unicodeScalars.count
        text += name + " said on Monday. "
        targets.append(
          Anchoring.target(in: text, start: start, end: start + name.unicodeScalars.count, source: "big.txt"))
      }
      text += "Paragraph \(n) reports on the port, the harbour and the weather at sea. "
    }
    return (Array(text.unicodeScalars), targets)
  }

  @Test func twentyChangedQuotesInAMegabyteArePlacedQuickly() {
    let (original, targets) = Self.document()
    // Every quote changed a little: "Nguyen" became "Nguyễn".
    var text = original
    for t in targets.reversed() {
      text.replaceSubrange(t.start..<t.start + 6, with: "Nguyễn".unicodeScalars)
    }
    let clock = ContinuousClock()
    var placed: [Int?] = []
    let elapsed = clock.measure {
      placed = targets.map { Anchoring.locate($0, in: text)?.start }
    }
    #expect(placed == targets.map { Optional($0.start) })
    // Milliseconds in release; a debug build on a loaded machine takes a
    // few seconds (the whole-document search took minutes).
    #expect(elapsed < .seconds(6), "\(elapsed)")
  }

  @Test func aQuoteChangedAndMovedFarAwayGivesUp() {
    let quote = "the Hai Phong port authority"
    let original = "Yesterday " + quote + " said so."
    let target = Anchoring.target(in: original, start: 10, end: 10 + quote.unicodeScalars.count, source: "a.txt")
    let filler = String(repeating: "Nothing to see here at all. ", count: 400)  // > fuzzyWindow
    let moved = filler + "Yesterday the Hai Phong port authorities said so."
    let found = Anchoring.locate(target, in: moved)
    #expect(found == nil)
    // Near its old place it is still found.
    let near = "Yesterday the Hai Phong port authorities said so." + filler
    let nearFound = Anchoring.locate(target, in: near)
    #expect(nearFound?.start == 10)
  }
}
