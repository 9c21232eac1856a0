import Foundation
import JSON
import Protocol
import Testing

/// A `gloss serve` session over real pipes on a workspace folder, as an
/// editor drives it: code actions, then the command of the one chosen.
final class PipeSession {
  let gloss: GlossProcess
  let root: URL
  private var nextID = 1

  init(root: URL, author: String = "ana") throws {
    self.root = root
    gloss = try GlossProcess(["serve"], directory: root)
    let initialize = request(
      "initialize",
      [
        "processId": nil, "rootUri": .string(DocumentURI.fileURI(forPath: root.path)), "capabilities": [:],
        "initializationOptions": ["gloss.author": .string(author)],
      ])
    #expect(initialize.at("result.capabilities") != nil)
    gloss.notify("initialized", [:])
  }

  func uri(_ path: String) -> String { DocumentURI.fileURI(forPath: root.appendingPathComponent(path).path) }

  @discardableResult
  func request(_ method: String, _ params: JSONValue) -> JSONValue {
    nextID += 1
    return gloss.request(nextID, method, params)
  }

  func open(_ path: String) throws {
    let text = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    gloss.notify(
      "textDocument/didOpen",
      ["textDocument": ["uri": .string(uri(path)), "languageId": "plaintext", "version": 1, "text": .string(text)]])
  }

  /// The position of the `occurrence`-th `needle` in a file (UTF-16, as the default encoding).
  func position(_ path: String, _ needle: String, occurrence: Int = 1, offset: Int = 0) throws -> JSONValue {
    let text = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    var from = text.startIndex
    var found = text.startIndex
    for _ in 0..<occurrence {
      guard let range = text.range(of: needle, range: from..<text.endIndex) else { throw TestFailure("no \(needle)") }
      found = range.lowerBound
      from = range.upperBound
    }
    let before = text[..<found]
    let line = before.filter { $0 == "\n" }.count
    let lineStart = before.lastIndex(of: "\n").map { text.index(after: $0) } ?? text.startIndex
    return ["line": .int(Int64(line)), "character": .int(Int64(text[lineStart..<found].utf16.count + offset))]
  }

  /// The code actions offered on a range (from `start` to `end`, the same by default).
  func actions(_ path: String, _ start: JSONValue, _ end: JSONValue? = nil) -> [JSONValue] {
    request(
      "textDocument/codeAction",
      [
        "textDocument": ["uri": .string(uri(path))], "range": ["start": start, "end": end ?? start],
        "context": ["diagnostics": []],
      ]
    ).at("result")?.arrayValue ?? []
  }

  /// Runs the action whose title starts with `title`; records an issue when none is offered.
  @discardableResult
  func choose(_ title: String, from offered: [JSONValue]) -> JSONValue? {
    guard let action = offered.first(where: { $0["title"]?.stringValue?.hasPrefix(title) == true }) else {
      Issue.record("no action “\(title)” among \(offered.compactMap { $0["title"]?.stringValue })")
      return nil
    }
    return request(
      "workspace/executeCommand",
      ["command": action.at("command.command") ?? .null, "arguments": action.at("command.arguments") ?? .null])
  }

  func hover(_ path: String, _ position: JSONValue) -> String? {
    request("textDocument/hover", ["textDocument": ["uri": .string(uri(path))], "position": position]).at(
      "result.contents.value")?.stringValue
  }

  func close() {
    _ = request("shutdown", .null)
    gloss.notify("exit", .null)
    _ = gloss.waitForExit()
  }
}

struct TestFailure: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

/// `gloss extract --format jsonl` on a folder: "LABEL text@start" for each core span of a document.
func extracted(_ root: URL, _ path: String, rulesOnly: Bool = false) throws -> [String] {
  let result = try runGloss(["extract", "--format", "jsonl"] + (rulesOnly ? ["--rules-only"] : []), in: root)
  #expect(result.status == 0, "\(result.stderr)")
  return result.stdout.split(separator: "\n").compactMap { line -> String? in
    guard let span = try? JSONValue.parse(String(line)), span["doc"]?.stringValue == path, span["layer"] == nil,
      let label = span["label"]?.stringValue, let text = span["text"]?.stringValue, let start = span["start"]?.intValue
    else { return nil }
    return "\(label) \(text)@\(start)"
  }
}

@Suite(.serialized) struct CorrectionsOverPipes {
  @Test func extractPrintsTheCorrectedMentionsAfterAReject() throws {
    let root = try workspaceWith([
      "a.txt": "Exports to the US rose to US$97 billion.\nThe US said so.",
      "b.txt": "Investment reached US$20 billion from the US.",
    ])
    defer { try? FileManager.default.removeItem(at: root) }
    #expect(try extracted(root, "a.txt").contains("GPE US@26"))
    let session = try PipeSession(root: root)
    try session.open("a.txt")
    session.choose("Not an entity: “US”", from: session.actions("a.txt", try session.position("a.txt", "US$")))
    session.close()
    let a = try extracted(root, "a.txt")
    #expect(!a.contains("GPE US@26"))
    #expect(a.contains("GPE US@15") && a.contains("GPE US@45"))
    // The same reading in the same context elsewhere goes too; the country stays.
    let b = try extracted(root, "b.txt")
    #expect(b == ["GPE US@42"])
    // --rules-only: the rules alone.
    #expect(try extracted(root, "a.txt", rulesOnly: true).contains("GPE US@26"))
  }
}
