import Foundation
import Testing

@testable import Store
@testable import Workspace

@Suite struct ReAnchoring {
  let original = "Officials met at Da Nang airport on Monday. Later, Da Nang airport closed for repairs."

  func target(_ occurrence: Int = 2) -> CorrectionRecord.Target {
    var start = 0
    var from = original.startIndex
    for _ in 0..<occurrence {
      let r = original.range(of: "Da Nang airport", range: from..<original.endIndex)!
      start = original.unicodeScalars.distance(from: original.unicodeScalars.startIndex, to: r.lowerBound)
      from = r.upperBound
    }
    return Anchoring.target(in: original, start: start, end: start + 15, source: "a.txt")
  }

  @Test func unchangedTextFindsTheSamePlace() {
    let t = target()
    #expect(Anchoring.locate(t, in: original).map { [$0.start, $0.end] } == [t.start, t.end])
  }

  @Test func anEditBeforeShiftsIt() {
    let edited =
      "Senior officials from both sides met at Da Nang airport on Monday. Later, Da Nang airport closed for repairs."
    let found = Anchoring.locate(target(), in: edited)
    let expected = edited.unicodeScalars.count - " closed for repairs.".unicodeScalars.count - 15
    #expect(found?.start == expected)
  }

  @Test func contextPicksTheRightOccurrence() {
    // Same quote twice; the context ("Later, " … " closed") picks the second.
    let found = Anchoring.locate(target(2), in: original)
    #expect(found?.start == target(2).start)
    let first = Anchoring.locate(target(1), in: original)
    #expect(first?.start == target(1).start)
  }

  @Test func anEditInsideIsFoundFuzzily() {
    let edited = original.replacingOccurrences(of: "Later, Da Nang airport", with: "Later, Danang airport")
    let found = Anchoring.locate(target(), in: edited)
    #expect(found != nil)
    if let found {
      let scalars = Array(edited.unicodeScalars)
      var view = String.UnicodeScalarView()
      view.append(contentsOf: scalars[found.start..<found.end])
      #expect(String(view).contains("Danang airpor"))
    }
  }

  @Test func anEditAroundKeepsTheQuote() {
    let edited = "Later that week, Da Nang airport was closed."
    #expect(Anchoring.locate(target(), in: edited)?.start == 17)
  }

  @Test func aDeletedQuoteIsAnOrphan() {
    let edited = "Officials met on Monday. Later, the terminal closed for repairs."
    #expect(Anchoring.locate(target(), in: edited) == nil)
  }
}
