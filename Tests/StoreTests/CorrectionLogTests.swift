import Foundation
import GlossTestSupport
import JSON
import Testing

@testable import Store

func record(_ i: Int, author: String = "tester") -> CorrectionRecord {
  .make(
    author: author, action: .annotate,
    target: .init(source: "a.txt", exact: "Acme \(i)", prefix: "x", suffix: "y", start: 1, end: 7),
    body: .init(label: "ORG", entity: "acme-\(i)"), scope: .corpus)
}

@Suite struct CorrectionLogFiles {
  @Test func appendThenLoadRoundTrips() throws {
    let root = try temporaryFolder(annotations: true)
    defer { try? FileManager.default.removeItem(at: root) }
    let log = CorrectionLog(files: FileAccess(root: root))
    let records = (0..<3).map { record($0) }
    for r in records { try log.append(r) }
    let (loaded, problems) = log.load()
    #expect(problems.isEmpty)
    #expect(loaded.map(\.record) == records)
    #expect(loaded.map(\.line) == [1, 2, 3])
    let firstLine = try String(contentsOf: root.appendingPathComponent(CorrectionLog.path), encoding: .utf8)
      .split(separator: "\n")[0]
    let json = try JSONValue.parse(String(firstLine))
    #expect(json["target"]?["source"] == "a.txt")
    #expect(json["target"]?["selector"]?.arrayValue?.first?["type"] == "TextQuoteSelector")
    #expect(json["target"]?["selector"]?.arrayValue?.last?["start"] == 1)
  }

  @Test func aMalformedLineIsReportedWithItsNumberAndTheRestLoads() throws {
    let root = try temporaryFolder(annotations: true)
    defer { try? FileManager.default.removeItem(at: root) }
    let log = CorrectionLog(files: FileAccess(root: root))
    try log.append(record(0))
    let url = root.appendingPathComponent(CorrectionLog.path)
    let handle = try FileHandle(forWritingTo: url)
    handle.seekToEndOfFile()
    handle.write(Data("{not json}\n{\"id\":\"x\"}\n".utf8))
    try handle.close()
    try log.append(record(1))
    let before = try Data(contentsOf: url)
    let (loaded, problems) = log.load()
    #expect(loaded.count == 2)
    #expect(problems.map(\.line) == [2, 3])
    #expect(problems.allSatisfy { $0.file == CorrectionLog.path })
    #expect(try Data(contentsOf: url) == before)  // loading never rewrites
  }

  @Test func aTornLastLineLoadsEveryWholeRecordAndTheNextAppendIsClean() throws {
    let root = try temporaryFolder(annotations: true)
    defer { try? FileManager.default.removeItem(at: root) }
    let log = CorrectionLog(files: FileAccess(root: root))
    try log.append(record(0))
    try log.append(record(1))
    let url = root.appendingPathComponent(CorrectionLog.path)
    var bytes = try Data(contentsOf: url)
    bytes.removeLast(20)  // cut in the middle of the last line
    try bytes.write(to: url)
    let (torn, tornProblems) = log.load()
    #expect(torn.first?.record.body.entity == "acme-0")
    #expect(torn.count == 1)
    #expect(tornProblems.count == 1)
    try log.append(record(2))
    let (loaded, problems) = log.load()
    #expect(loaded.count == 2)
    #expect(loaded.last?.record.body.entity == "acme-2")
    #expect(problems.count == 1)  // the torn line stays reported, untouched
  }

  @Test func rewriteReplacesTheWholeFileAtomically() throws {
    let root = try temporaryFolder(annotations: true)
    defer { try? FileManager.default.removeItem(at: root) }
    let log = CorrectionLog(files: FileAccess(root: root))
    for i in 0..<5 { try log.append(record(i)) }
    let kept = Array(log.load().records.map(\.record).prefix(2))
    try log.rewrite(kept)
    #expect(log.load().records.map(\.record) == kept)
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("annotations").path)
    #expect(leftovers == ["corrections.jsonl"])
  }

  @Test func removeWithdrawsAnEarlierCorrection() {
    let a = record(0)
    let b = record(1)
    let removal = CorrectionRecord.make(
      author: "t", action: .remove, target: nil, body: .init(correction: a.id), scope: .corpus)
    #expect(CorrectionLog.active([a, b, removal]).map(\.id) == [b.id])
  }

  @Test func pathsOutsideTheRootAreRefused() throws {
    let root = try temporaryFolder(annotations: true)
    defer { try? FileManager.default.removeItem(at: root) }
    let files = FileAccess(root: root)
    #expect(files.url(of: "../outside.txt") == nil)
    #expect(files.url(of: "annotations/../../etc/passwd") == nil)
    guard case .failure(let problem) = files.read("../x.txt") else {
      Issue.record("expected a refusal")
      return
    }
    #expect(problem.message.contains("outside"))
  }
}
