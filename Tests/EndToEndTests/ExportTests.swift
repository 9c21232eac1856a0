import Foundation
import GlossTestSupport
import JSON
import Testing

/// What `gloss extract` writes for other tools: values, sources, brat, CSV.
@Suite(.serialized) struct Exports {
  /// The seeds' spans as `gloss extract --format jsonl` prints them.
  static func seedSpans() throws -> [JSONValue] {
    let result = try runGloss(["extract", "--format", "jsonl", "seeds"], in: repositoryRoot)
    #expect(result.status == 0, "\(result.stderr)")
    return try result.stdout.split(separator: "\n").map { try JSONValue.parse(String($0)) }
  }

  @Test func jsonlGivesDatesTheirValues() throws {
    let spans = try Self.seedSpans()
    func value(_ text: String, in doc: String) -> String? {
      spans.first { $0["text"]?.stringValue == text && ($0["doc"]?.stringValue ?? "").hasPrefix(doc) }?["value"]?
        .stringValue
    }
    // Seed 000 dates itself (its dateline, November 22, 2019); seed 001's
    // date comes from annotations/gloss.json.
    let range = value("November 20-21", in: "seeds/000")
    #expect(range == "2019-11-20/2019-11-21")
    let dateline = value("November 22, 2019", in: "seeds/000")
    #expect(dateline == "2019-11-22")
    let time = value("09:59", in: "seeds/000")
    #expect(time == "2019-11-22T09:59")
    let nextYear = value("next year", in: "seeds/001")
    #expect(nextYear == "2020")
    let november = value("November 20", in: "seeds/001")
    #expect(november == "2019-11-20")
    let hanoi = spans.first { $0["text"]?.stringValue == "Hanoi" }
    let hanoiValue = hanoi?["value"]
    #expect(hanoiValue == nil)
  }

  @Test func withoutADocumentDateAValueStaysPartial() throws {
    let result = try runGloss(
      ["extract", "--format", "jsonl", "-"], in: repositoryRoot, stdin: "They met on November 20 and yesterday.")
    let spans = try result.stdout.split(separator: "\n").map { try JSONValue.parse(String($0)) }
    let november = spans.first { $0["text"]?.stringValue == "November 20" }?["value"]?.stringValue
    #expect(november == "XXXX-11-20")
    let yesterday = spans.first { $0["text"]?.stringValue == "yesterday" }
    let yesterdayValue = yesterday?["value"]
    #expect(yesterday != nil)
    #expect(yesterdayValue == nil)
  }
}
