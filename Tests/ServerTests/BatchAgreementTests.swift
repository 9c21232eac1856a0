import Extraction
import Foundation
import GlossTestSupport
import JSON
import Protocol
import Testing

@testable import Server

/// A small newswire workspace where the rules make the errors analysts
/// correct: “US” read as a country in “US$”, a missed city, a name cut short.
let newswire: [String: String] = [
  "a.txt": """
  HANOI (Reuters) - Exports to the US rose to US$97 billion, the General Statistics Office said.
  The US said it welcomed the growth. Officials in Da Nang agreed.
  """,
  "b.txt": """
  Foreign investment reached US$20 billion, most of it from the US.
  Flights resumed at Da Nang airport on Monday, and Da Nang officials said so.
  """,
]

@Suite struct BatchAgreement {
  /// The first point: `gloss extract` prints what the editor shows.
  @Test func extractAgreesWithTheServersTokensAfterCorrections() throws {
    let workspace = try TemporaryWorkspace(seeds: false, tagger: false)
    for (path, text) in newswire { try workspace.write(path, text) }
    let client = TestClient()
    _ = client.initialize(workspace)
    let text = newswire["a.txt"]!
    let uri = workspace.uri("a.txt")
    client.open(uri, text)
    // Not an entity: “US” in “US$97”; annotate “Da Nang” as GPE.
    let us = TestClient.position(of: "US$", in: text)
    let reject = try #require(
      actions(client, uri, us, us).first { $0["title"]?.stringValue?.hasPrefix("Not an entity") == true })
    run(reject, client)
    let city = TestClient.position(of: "Da Nang", in: text)
    let cityEnd = Position(line: city.line, character: city.character + 7)
    let annotate = try #require(actions(client, uri, city, cityEnd).first { $0["title"] == "Annotate as GPE" })
    run(annotate, client)

    let extracted = try runGloss(["extract", "--format", "jsonl"], in: workspace.root)
    #expect(extracted.status == 0, "\(extracted.stderr)")
    let spans = extracted.stdout.split(separator: "\n").compactMap { try? JSONValue.parse(String($0)) }
    for path in newswire.keys.sorted() {
      let text = newswire[path]!
      let documentURI = workspace.uri(path)
      client.open(documentURI, text)
      let served = tokensOf(client, documentURI).map { "\($0.line):\($0.start):\($0.length):\($0.type)" }
      let index = LineIndex(text)
      let printed = spans.filter { $0["doc"]?.stringValue == path && $0["layer"] == nil }.compactMap {
        span -> String? in
        guard let start = span["start"]?.intValue, let end = span["end"]?.intValue,
          let label = span["label"]?.stringValue.flatMap(EntityLabel.init(rawValue:))
        else { return nil }
        let s = index.position(of: start, .utf16)
        let e = index.position(of: end, .utf16)
        return
          "\(s.line):\(s.character):\(e.character - s.character):\(TokenLegend.types[Int(TokenLegend.type(of: label))])"
      }
      #expect(served == printed, "\(path)")
    }
    // What the analyst sees: the money's “US” is gone in both documents, the
    // country stays, and “Da Nang” is a city but not inside “Da Nang airport”.
    let texts = spans.filter { $0["doc"] == "b.txt" && $0["layer"] == nil }.compactMap { span -> String? in
      guard let text = span["text"]?.stringValue, let label = span["label"]?.stringValue else { return nil }
      return "\(label) \(text)"
    }
    #expect(texts.filter { $0 == "GPE US" }.count == 1)
    #expect(texts.contains("FAC Da Nang airport"))
    #expect(texts.filter { $0 == "GPE Da Nang" }.count == 1)
  }
}
