import Foundation
import GlossTestSupport
import JSON
import Protocol
import Testing

@testable import Server

/// Decodes LSP's relative token integers into absolute (line, start, length, type, modifiers).
func decodeTokens(_ data: [JSONValue]) -> [(line: Int, start: Int, length: Int, type: String, modifiers: Int)] {
  let ints = data.compactMap(\.intValue)
  var out: [(Int, Int, Int, String, Int)] = []
  var line = 0
  var start = 0
  for i in stride(from: 0, to: ints.count, by: 5) {
    line += ints[i]
    start = ints[i] == 0 ? start + ints[i + 1] : ints[i + 1]
    out.append((line, start, ints[i + 2], TokenLegend.types[ints[i + 3]], ints[i + 4]))
  }
  return out
}

@Suite struct Highlights {
  @Test func tokensTypeEachKindAndMarkTheDefiningMention() throws {
    let workspace = try TemporaryWorkspace(seeds: false)
    let client = TestClient()
    _ = client.initialize(workspace)
    let text = "Mark Esper met Vietnamese officials in Hà Nội on May 3.\nEsper left 😀 Hanoi."
    let uri = workspace.uri("a.txt")
    client.open(uri, text)
    let result = client.request("textDocument/semanticTokens/full", ["textDocument": ["uri": .string(uri)]])
    let tokens = decodeTokens(result.at("result.data")?.arrayValue ?? [])
    #expect(tokens.map(\.type) == ["class", "type", "enumMember", "number", "class", "enumMember"])
    #expect(tokens[0].modifiers & 1 == 1)  // Mark Esper defines the entity
    #expect(tokens[4].modifiers & 1 == 0)  // the later Esper does not
    // UTF-16 columns: the emoji takes two units before Hanoi.
    #expect(tokens[5].line == 1 && tokens[5].start == 14 && tokens[5].length == 5)
  }

  @Test func deltaEditsOnlyWhatChanged() throws {
    let workspace = try TemporaryWorkspace(seeds: false)
    let client = TestClient()
    _ = client.initialize(workspace)
    let uri = workspace.uri("a.txt")
    client.open(uri, "Talks in Hanoi.\nTalks in Tokyo.")
    let first = client.request("textDocument/semanticTokens/full", ["textDocument": ["uri": .string(uri)]])
    let resultID = first.at("result.resultId")!
    var data = first.at("result.data")?.arrayValue ?? []
    client.notify(
      "textDocument/didChange",
      [
        "textDocument": ["uri": .string(uri), "version": 2],
        "contentChanges": [
          [
            "range": ["start": ["line": 1, "character": 9], "end": ["line": 1, "character": 14]],
            "text": "Ho Chi Minh City",
          ]
        ],
      ])
    let delta = client.request(
      "textDocument/semanticTokens/full/delta", ["textDocument": ["uri": .string(uri)], "previousResultId": resultID])
    let edits = delta.at("result.edits")?.arrayValue ?? []
    #expect(edits.count == 1)
    #expect(edits.first?["start"]?.intValue ?? 0 >= 5)  // the first token (Hanoi) is untouched
    #expect(delta.at("result.resultId") != resultID)
    // Applying the edit gives what a full request gives.
    if let edit = edits.first, let start = edit["start"]?.intValue, let count = edit["deleteCount"]?.intValue {
      data.replaceSubrange(start..<start + count, with: edit["data"]?.arrayValue ?? [])
    }
    let full = client.request("textDocument/semanticTokens/full", ["textDocument": ["uri": .string(uri)]])
    #expect(data == full.at("result.data")?.arrayValue)
    #expect(decodeTokens(data).last?.length == 16)
  }

  @Test func rangeReturnsOnlyTokensInIt() throws {
    let workspace = try TemporaryWorkspace(seeds: false)
    let client = TestClient()
    _ = client.initialize(workspace)
    let uri = workspace.uri("a.txt")
    client.open(uri, "Talks in Hanoi.\nTalks in Tokyo.")
    let result = client.request(
      "textDocument/semanticTokens/range",
      [
        "textDocument": ["uri": .string(uri)],
        "range": ["start": ["line": 1, "character": 0], "end": ["line": 1, "character": 15]],
      ])
    let tokens = decodeTokens(result.at("result.data")?.arrayValue ?? [])
    #expect(tokens.count == 1)
    #expect(tokens.first?.line == 1)
  }

  @Test func utf8PositionsWhenNegotiated() throws {
    let workspace = try TemporaryWorkspace(seeds: false)
    let client = TestClient()
    _ = client.initialize(workspace, capabilities: ["general": ["positionEncodings": ["utf-8"]]])
    let uri = workspace.uri("a.txt")
    client.open(uri, "Việt Nam và Hà Nội")
    let tokens = decodeTokens(
      client.request("textDocument/semanticTokens/full", ["textDocument": ["uri": .string(uri)]]).at("result.data")?
        .arrayValue ?? [])
    #expect(tokens.map(\.start) == [0, 15])
    #expect(tokens.map(\.length) == [10, 9])
  }
}

@Suite struct IndexingAndChanges {
  @Test func progressIsReportedWhenTheClientSupportsIt() throws {
    let workspace = try TemporaryWorkspace()
    let client = TestClient()
    _ = client.request(
      "initialize",
      [
        "processId": nil, "rootUri": .string(DocumentURI.fileURI(forPath: workspace.root.path)),
        "capabilities": ["window": ["workDoneProgress": true]],
      ])
    client.notify("initialized", [:])
    let sent = client.takeOutput()
    #expect(sent.contains { $0["method"] == "window/workDoneProgress/create" })
    let kinds = sent.filter { $0["method"] == "$/progress" }.compactMap { $0.at("params.value.kind")?.stringValue }
    #expect(kinds.first == "begin")
    #expect(kinds.contains("report"))
    #expect(kinds.last == "end")
  }

  @Test func watchedFileEventsUpdateTheIndex() throws {
    let workspace = try TemporaryWorkspace()
    let client = TestClient()
    _ = client.initialize(workspace)
    let observed1 = symbolNames(client, "kritenbrink")
    #expect(observed1.first == "Daniel Kritenbrink")
    try workspace.write("more/new.txt", "Prime Minister Jacinda Ardern visited Wellington.")
    client.notify(
      "workspace/didChangeWatchedFiles", ["changes": [["uri": .string(workspace.uri("more/new.txt")), "type": 1]]])
    let observed2 = symbolNames(client, "ardern")
    #expect(observed2.first == "Jacinda Ardern")
    try FileManager.default.removeItem(at: workspace.root.appendingPathComponent("more/new.txt"))
    client.notify(
      "workspace/didChangeWatchedFiles", ["changes": [["uri": .string(workspace.uri("more/new.txt")), "type": 3]]])
    let observed3 = symbolNames(client, "ardern")
    #expect(!observed3.contains("Jacinda Ardern"))
  }

  @Test func theServerNoticesDiskChangesWithoutEvents() throws {
    let workspace = try TemporaryWorkspace()
    let client = TestClient()
    _ = client.initialize(workspace)
    try workspace.write("more/new.txt", "Prime Minister Jacinda Ardern visited Wellington.")
    client.server.lastDiskCheck = .distantPast  // the check is due
    let observed4 = symbolNames(client, "ardern")
    #expect(observed4.first == "Jacinda Ardern")
  }

  @Test func openDocumentsUseTheEditorsText() throws {
    let workspace = try TemporaryWorkspace()
    let client = TestClient()
    _ = client.initialize(workspace)
    let uri = workspace.uri(TemporaryWorkspace.seed1)
    client.open(uri, "Only Daniel Kritenbrink is here now.")
    let refs = client.request("workspace/symbol", ["query": "Esper"]).at("result")?.arrayValue ?? []
    // Esper remains through seed 000, but seed 001's disk text no longer counts.
    #expect(refs.first?.at("location.uri")?.stringValue == workspace.uri(TemporaryWorkspace.seed0))
    client.notify("textDocument/didClose", ["textDocument": ["uri": .string(uri)]])
    let hover = client.request("workspace/symbol", ["query": "Phuc"]).at("result")?.arrayValue ?? []
    #expect(hover.count == 1)  // back to the disk's text
  }

  @Test func ambiguousMentionsAreDiagnosedOncePerSurfaceForm() throws {
    let workspace = try TemporaryWorkspace(seeds: false)
    try workspace.write("a.txt", "Minister Pham Thu Hang spoke. Hang said yes.")
    try workspace.write("b.txt", "Spokesperson Le Thi Thu Hang spoke. Hang said no. Hang left.")
    let client = TestClient()
    _ = client.initialize(workspace, capabilities: ["textDocument": ["diagnostic": [:]]])
    let result = client.request("textDocument/diagnostic", ["textDocument": ["uri": .string(workspace.uri("b.txt"))]])
    let items = result.at("result.items")?.arrayValue ?? []
    #expect(result.at("result.kind") == "full")
    #expect(items.count == 1)
    #expect(items.first?["severity"] == 3)
    #expect(items.first?["message"]?.stringValue?.contains("2 entities") == true)
  }

  @Test func diagnosticsArePushedWhenTheClientDoesNotPull() throws {
    let workspace = try TemporaryWorkspace(seeds: false)
    try workspace.write("a.txt", "Minister Pham Thu Hang spoke. Hang said yes.")
    let client = TestClient()
    _ = client.initialize(workspace)
    _ = client.takeOutput()
    client.open(workspace.uri("b.txt"), "Spokesperson Le Thi Thu Hang spoke. Hang said no.")
    let pushed = client.takeOutput().filter { $0["method"] == "textDocument/publishDiagnostics" }
    #expect(pushed.first?.at("params.diagnostics")?.arrayValue?.count == 1)
  }
}

func symbolNames(_ client: TestClient, _ query: String) -> [String] {
  (client.request("workspace/symbol", ["query": .string(query)]).at("result")?.arrayValue ?? []).compactMap {
    $0["name"]?.stringValue
  }
}
