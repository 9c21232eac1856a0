import Foundation
import GlossTestSupport
import JSON
import Protocol

@testable import Server

extension TestClient {
  /// Initializes on a workspace folder (indexing runs inline in tests).
  func initialize(_ workspace: TemporaryWorkspace, capabilities: JSONValue = [:], options: JSONValue? = nil)
    -> JSONValue
  {
    var params: JSONObject = [
      "processId": nil, "rootUri": .string(DocumentURI.fileURI(forPath: workspace.root.path)),
      "capabilities": capabilities,
    ]
    if let options { params["initializationOptions"] = options }
    let response = request("initialize", .object(params))
    notify("initialized", [:])
    return response
  }

  /// The LSP position of the `occurrence`-th match of `needle` in a text (UTF-16).
  static func position(of needle: String, in text: String, occurrence: Int = 1, offset: Int = 0) -> Position {
    var searchStart = text.startIndex
    var found = text.startIndex
    for _ in 0..<occurrence {
      let range = text.range(of: needle, range: searchStart..<text.endIndex)!
      found = range.lowerBound
      searchStart = range.upperBound
    }
    let before = text[..<found]
    let line = before.filter { $0 == "\n" }.count
    let lineStart = before.lastIndex(of: "\n").map { text.index(after: $0) } ?? text.startIndex
    return Position(line: line, character: text[lineStart..<found].utf16.count + offset)
  }

  func at(_ uri: String, _ position: Position) -> JSONValue {
    ["textDocument": ["uri": .string(uri)], "position": position.json]
  }
}

/// A session on a fresh copy of the seeds with one seed open in the editor.
struct SeedSession {
  let workspace: TemporaryWorkspace
  let client: TestClient
  let text: String
  let uri: String

  init(_ seed: String, capabilities: JSONValue = [:]) throws {
    workspace = try TemporaryWorkspace()
    client = TestClient()
    _ = client.initialize(workspace, capabilities: capabilities)
    text = try workspace.text(seed)
    uri = workspace.uri(seed)
    client.open(uri, text)
  }

  /// Position parameters at the `occurrence`-th `needle`, `offset` characters in.
  func at(_ needle: String, occurrence: Int = 1, offset: Int = 0) -> JSONValue {
    client.at(uri, TestClient.position(of: needle, in: text, occurrence: occurrence, offset: offset))
  }
}
