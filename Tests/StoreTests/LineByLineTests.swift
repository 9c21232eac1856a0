import Foundation
import GlossTestSupport
import JSON
import Testing

@testable import Extraction
@testable import Store

#if canImport(Glibc)
  import Glibc
#endif

/// One bad line never disables a file: JSON Lines are read line by line,
/// whatever ends the lines, and a failed append leaves nothing behind (issue 16).
@Suite struct LineByLine {
  func bytes(_ records: [CorrectionRecord], separator: String = "\n") -> [UInt8] {
    Array(records.map(\.json.jsonText).joined(separator: separator).utf8) + Array(separator.utf8)
  }

  @Test func aLineThatIsNotUTF8IsSkippedAndEveryOtherCorrectionApplies() throws {
    let root = try temporaryFolder(annotations: true)
    defer { try? FileManager.default.removeItem(at: root) }
    let records = (0..<3).map { record($0) }
    var file = Array((records[0].json.jsonText + "\n").utf8)
    file += [0x7B, 0xFF, 0xFE, 0x7D, 0x0A]  // line 2: not UTF-8
    file += bytes(Array(records[1...]))
    // A torn last line, cut inside a multi-byte character.
    file += Array(#"{"id":"torn","author":"Nguyễn"#.utf8).dropLast(1)
    try Data(file).write(to: root.appendingPathComponent(CorrectionLog.path))
    let (loaded, problems) = CorrectionLog(files: FileAccess(root: root)).load()
    let ids = loaded.map(\.record.id)
    #expect(ids == records.map(\.id))
    let lines = loaded.map(\.line)
    #expect(lines == [1, 3, 4])
    let problemLines = problems.map(\.line)
    #expect(problemLines == [2, 5])
    let messages = problems.map(\.description)
    #expect(messages.first == "annotations/corrections.jsonl:2: not UTF-8 text: line skipped")
  }

  @Test(arguments: ["\r\n", "\r"])
  func crlfAndLoneCRLinesReadInEveryStoreFile(_ ending: String) throws {
    let root = try temporaryFolder(annotations: true)
    defer { try? FileManager.default.removeItem(at: root) }
    let records = (0..<2).map { record($0) }
    try Data(bytes(records, separator: ending)).write(to: root.appendingPathComponent(CorrectionLog.path))
    let (loaded, logProblems) = CorrectionLog(files: FileAccess(root: root)).load()
    #expect(logProblems.isEmpty)
    let lines = loaded.map(\.line)
    #expect(lines == [1, 2])

    let gold = [
      #"{"doc":"a.txt","start":0,"end":4,"label":"GPE","text":"Hanoi","entity":"hanoi"}"#,
      #"{"doc":"a.txt","start":10,"end":14,"label":"GPE","text":"Paris","entity":"paris"}"#,
    ]
    try writeFile(gold.joined(separator: ending) + ending, to: "annotations/gold/a.jsonl", under: root)
    let entities = [
      #"{"id":"zorb","label":"ORG","name":"Zorbocorp"}"#, #"{"id":"quux","label":"ORG","name":"Quuxwerk"}"#,
    ]
    try writeFile(entities.joined(separator: ending), to: "annotations/entities.jsonl", under: root)
    let rules = [
      #"{"type":"entity","id":"velmi","label":"GPE","name":"Velmistan"}"#,
      #"{"type":"entity","id":"orrin","label":"GPE","name":"Orrinland"}"#,
    ]
    try writeFile(rules.joined(separator: ending) + ending, to: "annotations/rules/r.jsonl", under: root)
    let store = AnnotationStore(root: root)
    let (spans, goldProblems) = store.spans()
    #expect(goldProblems.isEmpty)
    #expect(spans.count == 2)
    let (ruleSet, ruleProblems) = store.ruleSet()
    #expect(ruleProblems.isEmpty)
    let found = Extractor(rules: ruleSet).extract("Zorbocorp and Quuxwerk met in Velmistan and Orrinland.")
    let ids = Set(found.compactMap(\.entity))
    #expect(ids.isSuperset(of: ["zorb", "quux", "velmi", "orrin"]))
  }

  @Test func aFileStartingWithAByteOrderMarkReadsItsFirstLine() throws {
    let root = try temporaryFolder(annotations: true)
    defer { try? FileManager.default.removeItem(at: root) }
    try Data([0xEF, 0xBB, 0xBF] + bytes([record(0)])).write(to: root.appendingPathComponent(CorrectionLog.path))
    let (loaded, problems) = CorrectionLog(files: FileAccess(root: root)).load()
    #expect(problems.isEmpty)
    #expect(loaded.count == 1)
  }

  @Test func aFailedAppendTruncatesBackToTheLengthBefore() throws {
    let root = try temporaryFolder(annotations: true)
    defer { try? FileManager.default.removeItem(at: root) }
    var log = CorrectionLog(files: FileAccess(root: root))
    try log.append(record(0))
    let url = root.appendingPathComponent(CorrectionLog.path)
    let before = try Data(contentsOf: url)
    // Disk full in the middle: half the record goes out, then ENOSPC.
    log.writeBytes = { fd, buffer, count in
      let half = write(fd, buffer, max(1, count / 2))
      _ = half
      errno = ENOSPC
      return count > 1 ? -1 : half
    }
    var thrown: StoreProblem?
    do { try log.append(record(1)) } catch let problem as StoreProblem { thrown = problem }
    let message = thrown?.message ?? ""
    #expect(message.contains("No space left on device"))
    #expect(message.contains("nothing was appended"))
    let after = try Data(contentsOf: url)
    #expect(after == before)
    // A short write then a failure: the same.
    let calls = Counter()
    log.writeBytes = { fd, buffer, count in
      if calls.next() == 0 { return write(fd, buffer, count / 3) }
      errno = EIO
      return -1
    }
    #expect(throws: StoreProblem.self) { try log.append(record(2)) }
    let afterShort = try Data(contentsOf: url)
    #expect(afterShort == before)
    // And the log goes on cleanly.
    log.writeBytes = { fd, buffer, count in write(fd, buffer, count) }
    try log.append(record(3))
    let (loaded, problems) = log.load()
    #expect(problems.isEmpty)
    #expect(loaded.count == 2)
  }
}

/// A thread-safe call counter for the write hooks.
final class Counter: @unchecked Sendable {
  private let lock = NSLock()
  private var value = 0
  func next() -> Int {
    lock.lock()
    defer { lock.unlock() }
    value += 1
    return value - 1
  }
}
