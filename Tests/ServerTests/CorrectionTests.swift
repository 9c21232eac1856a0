import Foundation
import GlossTestSupport
import JSON
import Protocol
import Testing

@testable import Server

/// Runs a code action's command the way a client does: executeCommand with its arguments.
@discardableResult
func run(_ action: JSONValue, _ client: TestClient) -> JSONValue {
  client.request(
    "workspace/executeCommand",
    ["command": action.at("command.command") ?? .null, "arguments": action.at("command.arguments") ?? .null])
}

func actions(_ client: TestClient, _ uri: String, _ start: Position, _ end: Position) -> [JSONValue] {
  client.request(
    "textDocument/codeAction",
    [
      "textDocument": ["uri": .string(uri)], "range": ["start": start.json, "end": end.json],
      "context": ["diagnostics": []],
    ]
  ).at("result")?.arrayValue ?? []
}

func tokensOf(_ client: TestClient, _ uri: String) -> [(
  line: Int, start: Int, length: Int, type: String, modifiers: Int
)] {
  decodeTokens(
    client.request("textDocument/semanticTokens/full", ["textDocument": ["uri": .string(uri)]]).at("result.data")?
      .arrayValue
      ?? [])
}

/// (text, label, entity) of a document's core mentions in the index.
func coreMentions(_ client: TestClient, _ path: String) -> [(String, String, String?)] {
  // One step at a time: Swift 6.3's debug build has crashed on this member chain written in one expression.
  let server: LanguageServer = client.server
  let workspace = server.workspace
  let documents = workspace.documents
  let mentions = documents[path]?.mentions ?? []
  return mentions.filter { $0.layer == .core }.map { ($0.text, $0.label.rawValue, $0.entity) }
}

@Suite struct Corrections {
  /// The issue's scenario: a phrase in both seeds that the rules do not mark.
  @Test func annotateOnceAppliesInTheOtherSeedWithTheAnalystModifierAndHover() throws {
    let workspace = try TemporaryWorkspace()
    let client = TestClient()
    _ = client.initialize(
      workspace, capabilities: ["workspace": ["semanticTokens": ["refreshSupport": true]]],
      options: ["gloss.author": "alice"])
    let text0 = try workspace.text(TemporaryWorkspace.seed0)
    let text1 = try workspace.text(TemporaryWorkspace.seed1)
    let uri0 = workspace.uri(TemporaryWorkspace.seed0)
    let uri1 = workspace.uri(TemporaryWorkspace.seed1)
    client.open(uri0, text0)
    client.open(uri1, text1)
    let phrase = "comprehensive partnership"
    let position1 = TestClient.position(of: phrase, in: text1)
    #expect(!tokensOf(client, uri1).contains { $0.line == position1.line && $0.start == position1.character })

    let start = TestClient.position(of: phrase, in: text0)
    let end = Position(line: start.line, character: start.character + phrase.count)
    let offered = actions(client, uri0, start, end)
    guard let annotate = offered.first(where: { $0["title"] == "Annotate as DOC" }) else {
      Issue.record("no Annotate as DOC action among \(offered.compactMap { $0["title"]?.stringValue })")
      return
    }
    _ = client.takeOutput()
    let result = run(annotate, client)
    #expect(result.at("result.correction")?.stringValue?.hasPrefix("c-") == true)
    #expect(client.takeOutput().contains { $0["method"] == "workspace/semanticTokens/refresh" })

    let log = try workspace.text("annotations/corrections.jsonl")
    #expect(log.split(separator: "\n").count == 1)
    let record = try JSONValue.parse(String(log.split(separator: "\n")[0]))
    #expect(record["author"] == "alice")
    #expect(record["action"] == "annotate")
    #expect(record.at("body.label") == "DOC")

    // The other seed: highlighted as DOC (string) with the analyst modifier.
    let token = tokensOf(client, uri1).first { $0.line == position1.line && $0.start == position1.character }
    #expect(token?.type == "string")
    #expect((token?.modifiers ?? 0) & 2 == 2)
    let hover = client.request(
      "textDocument/hover", client.at(uri1, Position(line: position1.line, character: position1.character + 3)))
    let value = hover.at("result.contents.value")?.stringValue ?? ""
    #expect(value.contains("analyst correction by alice on 20"))
  }

  /// “ASEAN” is a name the rules know: rejected in “with ASEAN,” it goes
  /// wherever it stands before an attached comma, and stays elsewhere.
  @Test func notAnEntityOnAKnownNameGeneralisesOnlyToTheSameLocalContext() throws {
    let workspace = try TemporaryWorkspace()
    let client = TestClient()
    _ = client.initialize(workspace)
    let text0 = try workspace.text(TemporaryWorkspace.seed0)
    let uri0 = workspace.uri(TemporaryWorkspace.seed0)
    client.open(uri0, text0)
    let at = TestClient.position(of: "with ASEAN,", in: text0, offset: 7)
    guard
      let reject = actions(client, uri0, at, at).first(where: {
        $0["title"]?.stringValue?.hasPrefix("Not an entity: “ASEAN” — everywhere (2 mentions in 2 documents)") == true
      })
    else {
      Issue.record("no Not an entity action")
      return
    }
    run(reject, client)
    let here = client.request("textDocument/hover", client.at(uri0, at))
    #expect(here["result"] == .null)
    let uri1 = workspace.uri(TemporaryWorkspace.seed1)
    let text1 = try workspace.text(TemporaryWorkspace.seed1)
    client.open(uri1, text1)
    let sameContext = client.request(
      "textDocument/hover", client.at(uri1, TestClient.position(of: "by ASEAN,", in: text1, offset: 4)))
    #expect(sameContext["result"] == .null)
    let elsewhereHere = client.request(
      "textDocument/hover", client.at(uri0, TestClient.position(of: "ties with ASEAN", in: text0, offset: 11)))
    #expect(elsewhereHere["result"] != .null)
    let otherContext = client.request(
      "textDocument/hover", client.at(uri1, TestClient.position(of: "the ASEAN Chair", in: text1, offset: 5)))
    let card = otherContext.at("result.contents.value")?.stringValue ?? ""
    #expect(card.contains("**ASEAN** · organisation"))
  }

  @Test func documentScopeAppliesOnlyThere() throws {
    let workspace = try TemporaryWorkspace(seeds: false, tagger: false)
    try workspace.write("a.txt", "The Blue House said so.")
    try workspace.write("b.txt", "The Blue House said no.")
    let client = TestClient()
    _ = client.initialize(workspace)
    let uri = workspace.uri("a.txt")
    let start = Position(line: 0, character: 4)
    let end = Position(line: 0, character: 14)
    let action = actions(client, uri, start, end).first { $0["title"] == "Annotate as FAC only in this document" }!
    run(action, client)
    // Read outside #expect: Swift 6.3's debug build crashed expanding #expect over this member chain.
    let labelsA = coreMentions(client, "a.txt").map(\.1)
    let labelsB = coreMentions(client, "b.txt").map(\.1)
    #expect(labelsA.contains("FAC"))
    #expect(!labelsB.contains("FAC"))
  }

  @Test func retypeLinkUnlinkPinRenameAndRemoveEachChangeTheOtherDocument() throws {
    let workspace = try TemporaryWorkspace(seeds: false, tagger: false)
    try workspace.write("a.txt", "Officials from Zorvia met. ZHG grew.")
    try workspace.write("b.txt", "ZHG and Zorvia again.")
    try workspace.write(
      "annotations/entities.jsonl",
      #"{"id":"zorvia-holdings","label":"ORG","name":"Zorvia Holdings Group","aliases":["ZHG"]}"#)
    let client = TestClient()
    _ = client.initialize(workspace)
    let uri = workspace.uri("a.txt")
    let mentions = { (path: String) in coreMentions(client, path) }
    // Annotate "Zorvia" as GPE everywhere.
    run(
      actions(client, uri, Position(line: 0, character: 15), Position(line: 0, character: 21)).first {
        $0["title"] == "Annotate as GPE"
      }!, client)
    let observed3 = mentions("b.txt")
    #expect(observed3.contains { $0.0 == "Zorvia" && $0.1 == "GPE" })
    // Retype it to ORG: the other document follows.
    let at = Position(line: 0, character: 16)
    run(
      actions(client, uri, at, at).first {
        $0["title"]?.stringValue?.hasPrefix("Change kind of “Zorvia” to ORG — everywhere") == true
      }!, client)
    let observed4 = mentions("b.txt")
    #expect(observed4.contains { $0.0 == "Zorvia" && $0.1 == "ORG" })
    // Link "Zorvia" to the company. Before: its own entity, beside the company's ZHG.
    let observed5 = mentions("b.txt")
    #expect(observed5.contains { $0.0 == "ZHG" && $0.2 == "zorvia-holdings" })
    let zorviaBefore = observed5.first { $0.0 == "Zorvia" }?.2
    #expect(zorviaBefore == "zorvia")
    let link = try #require(
      actions(client, uri, at, at).first {
        $0["title"]?.stringValue?.hasPrefix("Same entity as Zorvia Holdings Group") == true
      })
    run(link, client)
    // After: both documents share the company's id.
    let zorviaInA = mentions("a.txt").first { $0.0 == "Zorvia" }?.2
    let zorviaInB = mentions("b.txt").first { $0.0 == "Zorvia" }?.2
    #expect(zorviaInA == "zorvia-holdings")
    #expect(zorviaInB == "zorvia-holdings")
    // Unlink again.
    run(actions(client, uri, at, at).first { $0["title"]?.stringValue?.hasPrefix("Unlink") == true }!, client)
    let observed7 = mentions("b.txt")
    #expect(observed7.first { $0.0 == "Zorvia" }?.2 == "zorvia")
    // Pin the mention in b.txt as the definition of zorvia.
    let uriB = workspace.uri("b.txt")
    client.open(uriB, "ZHG and Zorvia again.")
    let pinAt = Position(line: 0, character: 9)
    run(actions(client, uriB, pinAt, pinAt).first { $0["title"]?.stringValue?.hasPrefix("Pin") == true }!, client)
    let definition = client.request("textDocument/definition", client.at(uri, at))
    #expect(definition.at("result.uri")?.stringValue == uriB)
    #expect(definition.at("result.range.start.character") == 8)
    // Rename: the canonical name changes, the id and the text do not.
    let renamed = client.request(
      "textDocument/rename",
      ["textDocument": ["uri": .string(uri)], "position": at.json, "newName": "Republic of Zorvia"])
    #expect(renamed.at("result.changes") == [:])
    let hover =
      client.request("textDocument/hover", client.at(uriB, pinAt)).at("result.contents.value")?.stringValue ?? ""
    #expect(hover.contains("**Republic of Zorvia**"))
    #expect(try workspace.text("b.txt") == "ZHG and Zorvia again.")
    // Remove the pin: it goes, and the definition returns to the first mention.
    let remove = try #require(
      actions(client, uriB, pinAt, pinAt).first {
        $0["title"]?.stringValue?.hasPrefix("Undo: Pin as the definition") == true
      })
    let lines = try workspace.text("annotations/corrections.jsonl").split(separator: "\n").count
    run(remove, client)
    #expect(try workspace.text("annotations/corrections.jsonl").split(separator: "\n").count == lines + 1)
    let unpinned = client.request("textDocument/definition", client.at(uriB, pinAt))
    let definitionURI = unpinned.at("result.uri")?.stringValue
    let definitionStart = unpinned.at("result.range.start.character")
    #expect(definitionURI == uri)
    #expect(definitionStart == 15)
  }

  @Test func prepareRenameRefusesNonEntities() throws {
    let workspace = try TemporaryWorkspace(seeds: false, tagger: false)
    let client = TestClient()
    _ = client.initialize(workspace)
    let uri = workspace.uri("a.txt")
    client.open(uri, "Talks in Hanoi went well.")
    let refused = client.request("textDocument/prepareRename", client.at(uri, Position(line: 0, character: 1)))
    #expect(refused.at("error.code") == -32803)
    let accepted = client.request("textDocument/prepareRename", client.at(uri, Position(line: 0, character: 10)))
    #expect(accepted.at("result.placeholder") == "Hanoi")
  }

  @Test func commandsOutsideTheWorkspaceAreRefused() throws {
    let workspace = try TemporaryWorkspace(seeds: false, tagger: false)
    let client = TestClient()
    _ = client.initialize(workspace)
    let outside = "file:///tmp/elsewhere-\(UUID().uuidString).txt"
    client.open(outside, "Talks in Hanoi.")
    let result = client.request(
      "workspace/executeCommand",
      [
        "command": "gloss.annotate",
        "arguments": [
          [
            "uri": .string(outside),
            "range": ["start": ["line": 0, "character": 0], "end": ["line": 0, "character": 5]], "label": "ORG",
          ]
        ],
      ])
    #expect(result.at("error.code") == -32602)
    #expect(result.at("error.message")?.stringValue?.contains("outside the workspace root") == true)
    #expect(
      !FileManager.default.fileExists(
        atPath: workspace.root.appendingPathComponent("annotations/corrections.jsonl").path))
    let bad = client.request(
      "workspace/executeCommand", ["command": "gloss.annotate", "arguments": [["label": "ORG"]]])
    #expect(bad.at("error.code") == -32602)
  }

  @Test func aMalformedLogLineIsADiagnosticOnTheLogAndOrphansAreReported() throws {
    let workspace = try TemporaryWorkspace(seeds: false, tagger: false)
    try workspace.write("a.txt", "The Blue House said so.")
    try workspace.write(
      "annotations/corrections.jsonl",
      """
      {"id":"c-1","created":"2026-01-01T00:00:00Z","author":"bob","action":"annotate","target":{"source":"a.txt","selector":[{"type":"TextQuoteSelector","exact":"Red Palace of Kings","prefix":"","suffix":""},{"type":"TextPositionSelector","start":4,"end":23}]},"body":{"label":"FAC","entity":"red-palace"},"scope":"corpus"}
      this is not json

      """)
    let client = TestClient()
    _ = client.initialize(workspace)
    let published = client.takeOutput().filter {
      $0["method"] == "textDocument/publishDiagnostics"
        && $0.at("params.uri")?.stringValue == workspace.uri("annotations/corrections.jsonl")
    }
    let diagnostics = published.last?.at("params.diagnostics")?.arrayValue ?? []
    #expect(diagnostics.contains { $0.at("range.start.line") == 1 && $0["code"] == "store" })
    #expect(diagnostics.contains { $0.at("range.start.line") == 0 && $0["code"] == "orphan" })
  }

  @Test func twoServersOnOneWorkspaceSeeEachOthersCorrections() throws {
    let workspace = try TemporaryWorkspace(seeds: false, tagger: false)
    try workspace.write("a.txt", "The Blue House said so.")
    let first = TestClient()
    let second = TestClient()
    _ = first.initialize(workspace)
    _ = second.initialize(workspace)
    let uri = workspace.uri("a.txt")
    let action = actions(first, uri, Position(line: 0, character: 4), Position(line: 0, character: 14)).first {
      $0["title"] == "Annotate as FAC"
    }!
    run(action, first)
    // The second server checks the store itself before answering (no watched-file event).
    second.server.lastDiskCheck = .distantPast
    let hover = second.request("textDocument/hover", second.at(uri, Position(line: 0, character: 6)))
    #expect(hover.at("result.contents.value")?.stringValue?.contains("analyst correction") == true)
  }
}
