import Foundation
import GlossTestSupport
import JSON
import Protocol
import Testing

@testable import Server

/// Hover's "Source:" line follows the rule's kind, not its id's prefix.
@Suite struct HoverSource {
  @Test func aWorkspaceKnowledgeBaseEntryIsNamedAsSuchAndAWorkspacePatternAsARule() throws {
    let workspace = try TemporaryWorkspace(seeds: false, tagger: false)
    try workspace.write("annotations/entities.jsonl", #"{"id":"acme-widgets","label":"ORG","name":"Acme Widgets"}"#)
    try workspace.write(
      "annotations/rules/ships.jsonl",
      #"{"type":"pattern","id":"ship","label":"FAC","pattern":[{"lower":"hms"},{"shape":"capitalized","op":"+"}]}"#)
    let client = TestClient()
    _ = client.initialize(workspace)
    let doc = MarkedDocument("1️⃣Acme Widgets sent the 2️⃣HMS Spey to 3️⃣Hanoi.")
    let uri = workspace.uri("a.txt")
    client.open(uri, doc.text)
    let hover = { (marker: String) in
      client.request("textDocument/hover", client.at(uri, doc[marker])).at("result.contents.value")?.stringValue ?? ""
    }
    let acme = hover("1️⃣")
    #expect(acme.contains("Source: knowledge base `gazetteer:acme-widgets` (annotations/entities.jsonl:1)"), "\(acme)")
    let ship = hover("2️⃣")
    #expect(ship.contains("Source: workspace rule `ship` (annotations/rules/ships.jsonl:1)"), "\(ship)")
    let hanoi = hover("3️⃣")
    #expect(hanoi.contains("Source: knowledge base `capital:hanoi` (built-in countries.jsonl:"), "\(hanoi)")
  }
}
