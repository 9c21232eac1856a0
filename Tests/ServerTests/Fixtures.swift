import Foundation
import JSON
import Protocol

@testable import Server

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent()

/// A temporary workspace: the seeds, an empty `annotations/`, and whatever a
/// test adds. Removed when the test ends.
final class TemporaryWorkspace {
  let root: URL

  /// - Parameter tagger: false writes `{"tagger": false}` to `gloss.json`,
  ///   for tests of what the rules and corrections do on their own.
  init(seeds: Bool = true, tagger: Bool = true) throws {
    root = FileManager.default.temporaryDirectory.appendingPathComponent("gloss-ws-\(UUID().uuidString)")
    try FileManager.default.createDirectory(
      at: root.appendingPathComponent("annotations"), withIntermediateDirectories: true)
    if !tagger {
      try #"{"tagger": false}"#.write(
        to: root.appendingPathComponent("annotations/gloss.json"), atomically: true, encoding: .utf8)
    }
    if seeds {
      try FileManager.default.copyItem(
        at: repositoryRoot.appendingPathComponent("seeds"), to: root.appendingPathComponent("seeds"))
    }
  }

  deinit { try? FileManager.default.removeItem(at: root) }

  func uri(_ path: String) -> String { DocumentURI.fileURI(forPath: root.appendingPathComponent(path).path) }

  func write(_ path: String, _ text: String) throws {
    let url = root.appendingPathComponent(path)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try text.write(to: url, atomically: true, encoding: .utf8)
  }

  func text(_ path: String) throws -> String {
    try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
  }

  static let seed0 = "seeds/000_133120142ad60250.txt"
  static let seed1 = "seeds/001_dbe25a89b6a06857.txt"
}

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
