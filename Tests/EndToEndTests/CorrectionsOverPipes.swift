import Foundation
import GlossTestSupport
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

@Suite(.serialized) struct CorrectionActionsOverPipes {
  @Test func anAnnotationNeverCutsIntoALongerMentionAndLeavesNoFragment() throws {
    // The rules alone (no tagger): the test is about what an annotation does.
    let root = try workspaceWith([
      "a.txt": "Officials in Da Nang agreed.\nDeputy Defence Minister Gen Nguyen Chi Vinh said so.",
      "b.txt": "Flights resumed at Da Nang airport on Monday. Officials in Da Nang cheered.",
      "annotations/gloss.json": #"{"tagger": false}"#,
    ])
    defer { try? FileManager.default.removeItem(at: root) }
    #expect(try extracted(root, "a.txt").contains("PERSON Gen Nguyen Chi Vinh@53"))
    let session = try PipeSession(root: root)
    try session.open("a.txt")
    let city = try session.position("a.txt", "Da Nang")
    session.choose(
      "Annotate as GPE", from: session.actions("a.txt", city, try session.position("a.txt", "Da Nang", offset: 7)))
    let name = try session.position("a.txt", "Nguyen Chi Vinh")
    session.choose(
      "Annotate as PERSON",
      from: session.actions("a.txt", name, try session.position("a.txt", "Nguyen Chi Vinh", offset: 15)))
    session.close()
    let a = try extracted(root, "a.txt")
    #expect(a.contains("GPE Da Nang@13") && a.contains("PERSON Nguyen Chi Vinh@57"))
    #expect(!a.contains { $0.hasPrefix("PERSON Gen") })
    let b = try extracted(root, "b.txt")
    #expect(b.contains("FAC Da Nang airport@19") && b.contains("GPE Da Nang@59"))
    #expect(!b.contains("GPE Da Nang@19"))
  }

  @Test func aLinkOfAGivenNameLeavesTheNationalityAndEveryScopeIsOffered() throws {
    let root = try workspaceWith([
      "a.txt": "Deputy Foreign Minister Luong Hoang Thai spoke on Friday. Thai said trade would grow.",
      "b.txt": "Thai Prime Minister Prayut Chan-o-cha met him. Luong Hoang Thai spoke. Thai said so.",
    ])
    defer { try? FileManager.default.removeItem(at: root) }
    let session = try PipeSession(root: root)
    try session.open("a.txt")
    session.choose(
      "Annotate as PERSON",
      from: session.actions(
        "a.txt", try session.position("a.txt", "Luong"), try session.position("a.txt", "Hoang Thai", offset: 10)))
    let given = try session.position("a.txt", "Thai said")
    let offered = session.actions("a.txt", given).compactMap { $0["title"]?.stringValue }
    for scope in ["everywhere (2 mentions in 2 documents)", "this document (1 mention)", "this mention"] {
      #expect(offered.contains("Same entity as Luong Hoang Thai (luong-hoang-thai) — \(scope)"), "\(offered)")
      #expect(offered.contains("Change kind of “Thai” to PERSON — \(scope)"), "\(offered)")
      #expect(offered.contains("Not an entity: “Thai” — \(scope)"), "\(offered)")
    }
    session.choose(
      "Same entity as Luong Hoang Thai (luong-hoang-thai) — everywhere", from: session.actions("a.txt", given))
    let hover = session.hover("b.txt", try session.position("b.txt", "Thai said", offset: 1)) ?? ""
    #expect(hover.contains("**Luong Hoang Thai** · person"))
    let nationality = session.hover("b.txt", try session.position("b.txt", "Thai Prime", offset: 1)) ?? ""
    #expect(nationality.contains("nationality"))
    session.close()
  }

  @Test func aRejectionCanBeUndoneInTheEditor() throws {
    let root = try workspaceWith(["a.txt": "Exports to the US rose to US$97 billion."])
    defer { try? FileManager.default.removeItem(at: root) }
    let session = try PipeSession(root: root, author: "ana")
    try session.open("a.txt")
    let money = try session.position("a.txt", "US$", offset: 1)
    session.choose("Not an entity: “US” — this mention", from: session.actions("a.txt", money))
    #expect(session.hover("a.txt", money) == nil)
    let today = String(ISO8601DateFormatter().string(from: Date()).prefix(10))
    session.choose("Undo: Not an entity (ana, \(today))", from: session.actions("a.txt", money))
    #expect(session.hover("a.txt", money)?.contains("**United States**") == true)
    session.close()
    #expect(try extracted(root, "a.txt") == ["GPE US@15", "GPE US@26"])
  }

  @Test func aRetypeDropsTheOldKindsDescription() throws {
    let root = try workspaceWith(["a.txt": "Talks with ASEAN went well."])
    defer { try? FileManager.default.removeItem(at: root) }
    let session = try PipeSession(root: root)
    try session.open("a.txt")
    let at = try session.position("a.txt", "ASEAN", offset: 1)
    #expect(session.hover("a.txt", at)?.contains("regional organisation") == true)
    session.choose("Change kind of “ASEAN” to PERSON — this mention", from: session.actions("a.txt", at))
    let card = session.hover("a.txt", at) ?? ""
    #expect(card.contains("· person"))
    #expect(!card.contains("regional organisation"))
    session.close()
  }
}
