import Foundation
import GlossTestSupport
import Testing

@testable import Store

/// These start the built `gloss store-stress` helper, which appends records
/// and prints each id once its append (and fsync) returned.
enum Helper {
  static func start(root: URL, count: Int, tag: String) throws -> (Process, Pipe) {
    let process = Process()
    process.executableURL = glossBinary
    process.arguments = ["store-stress", "--root", root.path, "--count", String(count), "--tag", tag]
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    try process.run()
    return (process, out)
  }
}

@Suite(.serialized) struct CrashAndConcurrency {
  @Test func aWriterKilledMidwayLosesNoAcknowledgedRecord() throws {
    let root = try temporaryFolder(annotations: true)
    defer { try? FileManager.default.removeItem(at: root) }
    let (process, out) = try Helper.start(root: root, count: 100_000, tag: "killed")
    var acknowledged: [String] = []
    var buffer = Data()
    // Read acknowledgements until a good number arrived, then SIGKILL.
    while acknowledged.count < 300 {
      let chunk = out.fileHandleForReading.availableData
      if chunk.isEmpty { break }
      buffer.append(chunk)
      let lines = String(decoding: buffer, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
      acknowledged = lines.dropLast().map(String.init)
    }
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    #expect(acknowledged.count >= 300)
    let (loaded, problems) = CorrectionLog(files: FileAccess(root: root)).load()
    let ids = Set(loaded.map(\.record.id))
    #expect(acknowledged.allSatisfy { ids.contains($0) })
    // At most the line being written when the kill came is incomplete.
    #expect(problems.count <= 1)
    try CorrectionLog(files: FileAccess(root: root)).append(record(1))
    #expect(CorrectionLog(files: FileAccess(root: root)).load().records.count == loaded.count + 1)
  }

  @Test func twoWritersLeaveEveryLineWhole() throws {
    let root = try temporaryFolder(annotations: true)
    defer { try? FileManager.default.removeItem(at: root) }
    let (a, _) = try Helper.start(root: root, count: 1000, tag: "a")
    let (b, _) = try Helper.start(root: root, count: 1000, tag: "b")
    a.waitUntilExit()
    b.waitUntilExit()
    #expect(a.terminationStatus == 0 && b.terminationStatus == 0)
    let (loaded, problems) = CorrectionLog(files: FileAccess(root: root)).load()
    #expect(problems.isEmpty)
    #expect(loaded.count == 2000)
    #expect(loaded.filter { $0.record.author == "a" }.count == 1000)
    let text = try String(contentsOf: root.appendingPathComponent(CorrectionLog.path), encoding: .utf8)
    #expect(text.split(separator: "\n").count == 2000)
  }
}
