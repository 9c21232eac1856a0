import Foundation
import GlossTestSupport
import JSON
import Protocol
import Testing

@testable import Server

/// Hover on a DATE or TIME: its text and normalised value.
@Suite struct DateHover {
  @Test func aDateResolvesAgainstTheFirstFullDateOfTheText() throws {
    let workspace = try TemporaryWorkspace(seeds: false, tagger: false)
    let client = TestClient()
    _ = client.initialize(workspace)
    let doc = MarkedDocument("November 22, 2019 | 1️⃣09:59\nTalks ended 2️⃣yesterday and resume on 3️⃣November 25.")
    let uri = workspace.uri("a.txt")
    client.open(uri, doc.text)
    let hover = { (marker: String) in
      client.request("textDocument/hover", client.at(uri, doc[marker])).at("result.contents.value")?.stringValue ?? ""
    }
    let time = hover("1️⃣")
    #expect(time.contains("**09:59** · time"), "\(time)")
    #expect(time.contains("Value: `2019-11-22T09:59`"), "\(time)")
    let yesterday = hover("2️⃣")
    #expect(yesterday.contains("Value: `2019-11-21`"), "\(yesterday)")
    #expect(yesterday.contains("Document date: 2019-11-22 (from the text)"), "\(yesterday)")
    let later = hover("3️⃣")
    #expect(later.contains("Value: `2019-11-25`"), "\(later)")
  }

  @Test func gloss_jsonGivesTheDateWhenTheTextHasNone() throws {
    let workspace = try TemporaryWorkspace(seeds: false, tagger: false)
    try workspace.write("annotations/gloss.json", #"{"tagger": false, "documentDate": {"a.txt": "2020-03-04"}}"#)
    let client = TestClient()
    _ = client.initialize(workspace)
    let doc = MarkedDocument("The ministers met on 1️⃣Tuesday and again 2️⃣yesterday.")
    let a = workspace.uri("a.txt")
    let b = workspace.uri("b.txt")
    client.open(a, doc.text)
    client.open(b, doc.text)
    let hover = { (uri: String, marker: String) in
      client.request("textDocument/hover", client.at(uri, doc[marker])).at("result.contents.value")?.stringValue ?? ""
    }
    let tuesday = hover(a, "1️⃣")
    #expect(tuesday.contains("Value: `2020-03-03`"), "\(tuesday)")
    #expect(tuesday.contains("(annotations/gloss.json)"), "\(tuesday)")
    let unresolvedWeekday = hover(b, "1️⃣")
    #expect(unresolvedWeekday.contains("Value: `XXXX-WXX-2` (partly unresolved)"), "\(unresolvedWeekday)")
    let unresolved = hover(b, "2️⃣")
    #expect(unresolved.contains("Value: unresolved (no document date)"), "\(unresolved)")
  }
}
