import ArgumentParser
import Foundation
import Store

/// A helper for the store's crash and concurrency tests (hidden from help):
/// appends records one by one and prints each id once its append returned,
/// that is once it is on disk.
struct StoreStress: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "store-stress", abstract: "Append test corrections (for the store's tests).", shouldDisplay: false)

  @Option var root: String
  @Option var count: Int = 1000
  @Option var tag: String = "writer"

  func run() throws {
    let log = CorrectionLog(files: FileAccess(root: URL(fileURLWithPath: root)))
    for i in 0..<count {
      let record = CorrectionRecord.make(
        author: tag, action: .annotate,
        target: .init(source: "a.txt", exact: "Acme \(i)", prefix: "", suffix: "", start: 0, end: 6),
        body: .init(label: "ORG", entity: "acme-\(tag)-\(i)"), scope: .corpus)
      try log.append(record)
      FileHandle.standardOutput.write(Data((record.id + "\n").utf8))
    }
  }
}
