import Foundation
import GlossTestSupport
import JSON
import Protocol
import Testing

@testable import Server

@Suite struct HoverAndNavigation {
  @Test func hoverOnLichNamesNgoXuanLichWithHisTitle() throws {
    let session = try SeedSession(TemporaryWorkspace.seed1)
    let (client, text, uri) = (session.client, session.text, session.uri)
    let hover = client.request(
      "textDocument/hover", client.at(uri, TestClient.position(of: "General Lich", in: text, offset: 9)))
    let value = hover.at("result.contents.value")?.stringValue ?? ""
    #expect(value.contains("**Ngo Xuan Lich** · person"))
    #expect(value.contains("Defence Minister General") || value.contains("Defense Minister"))
    #expect(value.contains("in 2 documents"))
    #expect(value.contains("Source: rule `person.after-title`"))
    #expect(hover.at("result.range.start") == TestClient.position(of: "General Lich", in: text, offset: 8).json)
  }

  @Test func hoverOnAWordThatIsNoEntityIsNull() throws {
    let session = try SeedSession(TemporaryWorkspace.seed1)
    let (client, text, uri) = (session.client, session.text, session.uri)
    let hover = client.request("textDocument/hover", client.at(uri, TestClient.position(of: "warmly", in: text)))
    #expect(hover["result"] == .null)
    #expect(hover["error"] == nil)
  }

  @Test func hoverNamesTheKnowledgeBaseForAGazetteerEntity() throws {
    let workspace = try TemporaryWorkspace()
    let client = TestClient()
    _ = client.initialize(workspace)
    let doc = MarkedDocument("Ships crossed the 1️⃣East Sea.")
    let uri = workspace.uri("notes/a.txt")
    client.open(uri, doc.text)
    let value = client.request("textDocument/hover", client.at(uri, doc["1️⃣"])).at("result.contents.value")?.stringValue
    #expect(value?.contains("**South China Sea** · place") == true)
    #expect(value?.contains("knowledge base `gazetteer:south-china-sea`") == true)
  }

  @Test func definitionOnEsperLandsOnTheFirstFullNameMention() throws {
    let session = try SeedSession(TemporaryWorkspace.seed1)
    let (workspace, client, text1, uri1) = (session.workspace, session.client, session.text, session.uri)
    let result = client.request(
      "textDocument/definition",
      client.at(uri1, TestClient.position(of: "Mark Esper", in: text1, occurrence: 2, offset: 6)))
    let text0 = try workspace.text(TemporaryWorkspace.seed0)
    #expect(result.at("result.uri")?.stringValue == workspace.uri(TemporaryWorkspace.seed0))
    #expect(result.at("result.range.start") == TestClient.position(of: "Mark Esper", in: text0).json)
  }

  @Test func referencesOnEsperListHisMentionsInBothSeeds() throws {
    let session = try SeedSession(TemporaryWorkspace.seed0)
    let (workspace, client, text0, uri0) = (session.workspace, session.client, session.text, session.uri)
    let params = client.at(uri0, TestClient.position(of: "by Esper", in: text0, offset: 4))
    var withContext = params.objectValue!
    withContext["context"] = ["includeDeclaration": true]
    let all = client.request("textDocument/references", .object(withContext)).at("result")?.arrayValue ?? []
    let uris = Set(all.compactMap { $0["uri"]?.stringValue })
    #expect(uris == [uri0, workspace.uri(TemporaryWorkspace.seed1)])
    #expect(all.count == 8)
    withContext["context"] = ["includeDeclaration": false]
    let withoutDefinition = client.request("textDocument/references", .object(withContext)).at("result")?.arrayValue
    #expect(withoutDefinition?.count == 7)
  }

  @Test func documentHighlightMarksTheDefiningMention() throws {
    let session = try SeedSession(TemporaryWorkspace.seed0)
    let (client, text0, uri0) = (session.client, session.text, session.uri)
    let items =
      client.request(
        "textDocument/documentHighlight", client.at(uri0, TestClient.position(of: "by Esper", in: text0, offset: 4))
      )
      .at("result")?.arrayValue ?? []
    #expect(items.count == 3)
    #expect(items.filter { $0["kind"] == 3 }.count == 1)
  }

  @Test func declarationUsesTheKnowledgeBaseRecord() throws {
    let workspace = try TemporaryWorkspace()
    try workspace.write(
      "annotations/entities.jsonl",
      """
      {"id":"acme-widgets","label":"ORG","name":"Acme Widgets","aliases":["Acme"]}
      {"id":"zed-corp","label":"ORG","name":"Zed Corp"}
      """)
    let client = TestClient()
    _ = client.initialize(workspace)
    let doc = MarkedDocument("Shares of 1️⃣Zed Corp fell.")
    let uri = workspace.uri("notes/b.txt")
    client.open(uri, doc.text)
    let result = client.request("textDocument/declaration", client.at(uri, doc["1️⃣"]))
    #expect(result.at("result.uri")?.stringValue == workspace.uri("annotations/entities.jsonl"))
    #expect(result.at("result.range.start.line") == 1)
  }
}

@Suite struct SymbolsAndHints {
  @Test func workspaceSymbolsFoldDiacritics() throws {
    let workspace = try TemporaryWorkspace()
    let client = TestClient()
    _ = client.initialize(workspace)
    let result = client.request("workspace/symbol", ["query": "vinh"]).at("result")?.arrayValue ?? []
    #expect(result.contains { $0["name"] == "Nguyễn Chí Vịnh" })
    let fuzzy = client.request("workspace/symbol", ["query": "mrksp"]).at("result")?.arrayValue ?? []
    #expect(fuzzy.contains { $0["name"] == "Mark Esper" })
  }

  @Test func documentSymbolsAreGroupedByKind() throws {
    let workspace = try TemporaryWorkspace()
    let client = TestClient()
    _ = client.initialize(workspace)
    let uri = workspace.uri(TemporaryWorkspace.seed0)
    client.open(uri, try workspace.text(TemporaryWorkspace.seed0))
    let groups =
      client.request("textDocument/documentSymbol", ["textDocument": ["uri": .string(uri)]]).at("result")?.arrayValue
      ?? []
    let people = groups.first { $0["detail"] == "PERSON" }
    let names = people?["children"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
    #expect(Set(names) == ["Mark Esper", "Le Thi Thu Hang", "Nguyễn Chí Vịnh", "Ngo Xuan Lich"])
    #expect(groups.contains { $0["detail"] == "GPE" })
    // Group names are proper plurals.
    let titles = Dictionary(
      uniqueKeysWithValues: groups.compactMap { g in g["detail"]?.stringValue.map { ($0, g["name"]?.stringValue ?? "") }
      })
    #expect(titles["PERSON"] == "People")
    #expect(titles["FAC"] == "Facilities")
    #expect(titles["ORG"] == "Organisations")
  }

  @Test func hoverPastTheEndOfADocumentIsNull() throws {
    let workspace = try TemporaryWorkspace(seeds: false)
    let client = TestClient()
    _ = client.initialize(workspace)
    let uri = workspace.uri("a.txt")
    client.open(uri, "Talks in Hanoi")
    let atEnd = client.request("textDocument/hover", client.at(uri, Position(line: 0, character: 14)))
    #expect(atEnd.at("result.contents.value")?.stringValue?.contains("**Hanoi**") == true)
    for position in [Position(line: 0, character: 40), Position(line: 3, character: 0)] {
      let past = client.request("textDocument/hover", client.at(uri, position))
      #expect(past["result"] == .null, "\(position)")
      #expect(past["error"] == nil)
    }
  }

  @Test func inlayHintsAreOffUnlessEnabled() throws {
    let workspace = try TemporaryWorkspace()
    let doc = "Talks in Hanoi."
    let range: JSONValue = ["start": ["line": 0, "character": 0], "end": ["line": 0, "character": 15]]
    let off = TestClient()
    _ = off.initialize(workspace)
    off.open(workspace.uri("n.txt"), doc)
    #expect(
      off.request("textDocument/inlayHint", ["textDocument": ["uri": .string(workspace.uri("n.txt"))], "range": range])
        .at("result") == [])
    let on = TestClient()
    _ = on.initialize(workspace, options: ["gloss.inlayHints": true])
    on.open(workspace.uri("n.txt"), doc)
    let hints =
      on.request("textDocument/inlayHint", ["textDocument": ["uri": .string(workspace.uri("n.txt"))], "range": range])
      .at("result")?.arrayValue ?? []
    #expect(hints.count == 1)
    #expect(hints.first?["label"] == "GPE")
    #expect(hints.first?.at("position.character") == 14)
  }
}
