import Foundation
import GlossTestSupport
import JSON
import Protocol
import Testing

@testable import Server

#if canImport(Glibc)
  import Glibc
#endif

/// Issue 16 through the server: `gloss.annotate` never writes outside the
/// root, whatever links the store holds, and a FIFO in the corpus does not
/// hang indexing.
@Suite struct RootBoundaryOverLSP {
  func annotate(_ client: TestClient, _ uri: String) -> JSONValue {
    client.request(
      "workspace/executeCommand",
      [
        "command": "gloss.annotate",
        "arguments": [
          [
            "uri": .string(uri),
            "range": ["start": ["line": 0, "character": 9], "end": ["line": 0, "character": 14]],
            "label": "GPE", "entity": "hanoi",
          ]
        ],
      ])
  }

  @Test func annotateRefusesALogOrStoreFolderLinkedOutside() throws {
    let workspace = try TemporaryWorkspace(seeds: false, tagger: false)
    let outside = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: outside) }
    try workspace.write("a.txt", "Talks in Hanoi.")
    let target = outside.appendingPathComponent("stolen.jsonl")
    // A dangling link: annotate used to create the file it names.
    try FileManager.default.createSymbolicLink(
      atPath: workspace.root.appendingPathComponent("annotations/corrections.jsonl").path,
      withDestinationPath: target.path)
    let client = TestClient()
    _ = client.initialize(workspace)
    let uri = workspace.uri("a.txt")
    client.open(uri, "Talks in Hanoi.")
    let refused = annotate(client, uri)
    let code = refused.at("error.code")
    #expect(code == -32803)
    let message = refused.at("error.message")?.stringValue ?? ""
    #expect(message.contains("outside the workspace root"))
    var info = stat()
    let created = lstat(target.path, &info) == 0
    #expect(!created)

    // The whole store folder linked outside: nothing is appended there.
    try FileManager.default.removeItem(at: workspace.root.appendingPathComponent("annotations"))
    try writeFile("", to: "store/corrections.jsonl", under: outside)
    try FileManager.default.createSymbolicLink(
      atPath: workspace.root.appendingPathComponent("annotations").path,
      withDestinationPath: outside.appendingPathComponent("store").path)
    let again = annotate(client, uri)
    let againCode = again.at("error.code")
    #expect(againCode == -32803)
    let written = try Data(contentsOf: outside.appendingPathComponent("store/corrections.jsonl"))
    #expect(written.isEmpty)
  }

  @Test func aFIFOInTheCorpusDoesNotHangIndexing() throws {
    let workspace = try TemporaryWorkspace(seeds: false, tagger: false)
    try workspace.write("a.txt", "Talks in Hanoi.")
    #expect(mkfifo(workspace.root.appendingPathComponent("pipe.txt").path, 0o644) == 0)
    let client = TestClient()
    _ = client.initialize(workspace)
    let symbols = client.request("workspace/symbol", ["query": "hanoi"])
    let found = symbols.at("result")?.arrayValue?.count ?? 0
    #expect(found >= 1)
  }
}
