import Foundation
import GlossTestSupport
import JSON
import Testing

@testable import Extraction
@testable import Store

#if canImport(Glibc)
  import Glibc
#endif

/// The workspace root is a boundary: nothing the store reads or writes
/// lies outside it, links included (issue 16).
@Suite struct RootBoundary {
  let root: URL
  let outside: URL
  let manager = FileManager.default

  init() throws {
    root = try temporaryFolder(annotations: true)
    outside = try temporaryFolder()
  }

  func remove() {
    try? manager.removeItem(at: root)
    try? manager.removeItem(at: outside)
  }

  func link(_ path: String, to destination: String) throws {
    let url = root.appendingPathComponent(path)
    try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try manager.createSymbolicLink(atPath: url.path, withDestinationPath: destination)
  }

  func exists(_ url: URL) -> Bool {
    var info = stat()
    return lstat(url.path, &info) == 0
  }

  @Test func anAnnotationsFolderLinkedOutsideIsNeverWrittenNorRead() throws {
    defer { remove() }
    try manager.removeItem(at: root.appendingPathComponent("annotations"))
    try writeFile("", to: "store/corrections.jsonl", under: outside)
    try link("annotations", to: outside.appendingPathComponent("store").path)
    let log = CorrectionLog(files: FileAccess(root: root))
    #expect(throws: StoreProblem.self) { try log.append(record(0)) }
    let written = try Data(contentsOf: outside.appendingPathComponent("store/corrections.jsonl"))
    #expect(written.isEmpty)
    let (records, problems) = log.load()
    #expect(records.isEmpty)
    let messages = problems.map(\.description)
    #expect(messages.count == 1)
    #expect(messages.first?.hasPrefix("annotations: is a link to ") == true)
    #expect(messages.first?.contains("outside the workspace root") == true)
  }

  @Test func aCorrectionLogLinkedOutsideIsNeverAppendedToNorCreated() throws {
    defer { remove() }
    // A link to an existing file outside.
    try writeFile("", to: "log.jsonl", under: outside)
    try link(CorrectionLog.path, to: outside.appendingPathComponent("log.jsonl").path)
    let log = CorrectionLog(files: FileAccess(root: root))
    #expect(throws: StoreProblem.self) { try log.append(record(0)) }
    let existing = try Data(contentsOf: outside.appendingPathComponent("log.jsonl"))
    #expect(existing.isEmpty)
    #expect(throws: StoreProblem.self) { try log.rewrite([record(1)]) }
    let afterRewrite = try Data(contentsOf: outside.appendingPathComponent("log.jsonl"))
    #expect(afterRewrite.isEmpty)

    // A dangling link: the file it names is not created.
    try manager.removeItem(at: root.appendingPathComponent(CorrectionLog.path))
    try link(CorrectionLog.path, to: outside.appendingPathComponent("new.jsonl").path)
    #expect(throws: StoreProblem.self) { try log.append(record(0)) }
    let created = exists(outside.appendingPathComponent("new.jsonl"))
    #expect(!created)
    let problems = log.load().problems.map(\.description)
    #expect(problems.count == 1)
    #expect(problems.first?.contains("outside the workspace root") == true)
  }

  @Test func noFileIsCreatedThroughALinkEvenInsideTheRoot() throws {
    defer { remove() }
    try link(CorrectionLog.path, to: root.appendingPathComponent("elsewhere.jsonl").path)
    let log = CorrectionLog(files: FileAccess(root: root))
    #expect(throws: StoreProblem.self) { try log.append(record(0)) }
    let created = exists(root.appendingPathComponent("elsewhere.jsonl"))
    #expect(!created)
    // A plain log still works.
    try manager.removeItem(at: root.appendingPathComponent(CorrectionLog.path))
    try log.append(record(0))
    let loaded = log.load().records.count
    #expect(loaded == 1)
  }

  @Test func rulesAndAKnowledgeBaseLinkedOutsideAreRefusedNamingTheLink() throws {
    defer { remove() }
    let entity = #"{"id":"zorb","label":"ORG","name":"Zorbocorp Industries"}"#
    try writeFile(entity, to: "rules/x.jsonl", under: outside)
    try writeFile(entity, to: "kb.jsonl", under: outside)
    try link("annotations/rules", to: outside.appendingPathComponent("rules").path)
    try link("annotations/entities.jsonl", to: outside.appendingPathComponent("kb.jsonl").path)
    let store = AnnotationStore(root: root)
    var builder = RuleSetBuilder()
    let problems = store.addWorkspaceRules(to: &builder).map(\.description)
    #expect(problems.count == 2)
    #expect(problems.contains { $0.hasPrefix("annotations/rules: is a link to ") && $0.contains("outside") })
    #expect(problems.contains { $0.hasPrefix("annotations/entities.jsonl: is a link to ") && $0.contains("outside") })
    let found = Extractor(rules: builder.build()).extract("Zorbocorp Industries said so.").map(\.entity)
    #expect(!found.contains("zorb"))

    // /etc/passwd, the issue's example.
    try manager.removeItem(at: root.appendingPathComponent("annotations/entities.jsonl"))
    try link("annotations/entities.jsonl", to: "/etc/passwd")
    var again = RuleSetBuilder()
    let passwd = store.addWorkspaceRules(to: &again).map(\.description)
    #expect(
      passwd.contains("annotations/entities.jsonl: is a link to /etc/passwd, outside the workspace root: refused"))
  }

  @Test func aCorpusFolderLinkedOutsideIsRefused() throws {
    defer { remove() }
    try writeFile("Secret.", to: "news/secret.txt", under: outside)
    try writeFile("Inside.", to: "mine/a.txt", under: root)
    try link("news", to: outside.appendingPathComponent("news").path)
    let store = AnnotationStore(root: root)
    let corpus = store.corpus(Settings(corpus: ["news", "mine"]))
    #expect(corpus.paths == ["mine/a.txt"])
    let problems = corpus.problems.map(\.description)
    #expect(problems.count == 1)
    #expect(problems.first?.hasPrefix("news: is a link to ") == true)
    let read = store.files.read("news/secret.txt")
    guard case .failure(let problem) = read else {
      Issue.record("a file behind a link outside was read")
      return
    }
    #expect(problem.file == "news")
  }

  @Test func goldDocumentsOutsideTheRootAreProblemsAndNeverRead() throws {
    defer { remove() }
    try writeFile("Secret text.", to: "secret.txt", under: outside)
    try link("leak.txt", to: outside.appendingPathComponent("secret.txt").path)
    let spans = [
      #"{"doc":"../../etc/passwd","start":0,"end":4,"label":"ORG","text":"root","entity":"x"}"#,
      #"{"doc":"/etc/passwd","start":0,"end":4,"label":"ORG","text":"root","entity":"x"}"#,
      #"{"doc":"leak.txt","start":0,"end":6,"label":"ORG","text":"Secret","entity":"x"}"#,
    ]
    try writeFile(spans.joined(separator: "\n"), to: "annotations/gold/g.jsonl", under: root)
    let store = AnnotationStore(root: root)
    let (gold, problems) = store.spans()
    #expect(gold.map(\.doc) == ["leak.txt"])
    let lines = problems.map(\.line)
    #expect(lines == [1, 2])
    let read = store.files.readText("leak.txt")
    guard case .failure(let problem) = read else {
      Issue.record("a gold document linked outside was read")
      return
    }
    #expect(problem.description.contains("outside the workspace root"))
  }

  @Test func correctionsWhoseSourceLeavesTheRootOrWhoseStartIsNegativeAreProblems() throws {
    defer { remove() }
    func line(source: String, start: Int) -> String {
      #"{"id":"c-\#(source.count)-\#(start)","created":"2026-01-01T00:00:00Z","author":"a","action":"reject","#
        + #""target":{"source":"\#(source)","selector":[{"type":"TextQuoteSelector","exact":"US"},"#
        + #"{"type":"TextPositionSelector","start":\#(start),"end":\#(start + 2)}]},"body":{},"scope":"corpus"}"#
    }
    let lines = [
      line(source: "a.txt", start: 0), line(source: "../../etc/passwd", start: 0),
      line(source: "/etc/passwd", start: 0), line(source: "a.txt", start: -5),
    ]
    try writeFile(lines.joined(separator: "\n") + "\n", to: CorrectionLog.path, under: root)
    let (records, problems) = CorrectionLog(files: FileAccess(root: root)).load()
    #expect(records.count == 1)
    let numbers = problems.map(\.line)
    #expect(numbers == [2, 3, 4])
    let messages = problems.map(\.message)
    #expect(messages[0].contains("not a path inside the workspace root"))
    #expect(messages[2].contains("negative"))
  }
}
