import Foundation
import GlossTestSupport
import Testing

@testable import Extraction
@testable import Store
@testable import Workspace

/// A document starting with a byte-order mark keeps the offsets of its file
/// (issue 16: they were one off), and the mark does not hide its first word.
@Suite struct ByteOrderMark {
  @Test func offsetsCountTheMarkAsTheFileDoes() throws {
    let root = try temporaryFolder(annotations: true)
    defer { try? FileManager.default.removeItem(at: root) }
    try Data([0xEF, 0xBB, 0xBF] + Array("Hanoi welcomed Vietnam's delegation.".utf8)).write(
      to: root.appendingPathComponent("a.txt"))
    try writeFile(#"{"tagger": false}"#, to: "annotations/gloss.json", under: root)
    let store = AnnotationStore(root: root)
    let (reader, problems) = store.documentReader()
    #expect(problems.isEmpty)
    let batch = BatchExtraction.run(paths: ["a.txt"], store: store, reader: reader)
    let mentions = batch.documents.first?.mentions ?? []
    let hanoi = mentions.first { $0.text == "Hanoi" }
    let start = hanoi?.start
    let end = hanoi?.end
    #expect(start == 1)
    #expect(end == 6)
    let settings = store.settings()
    #expect(settings.1.isEmpty)
  }

  @Test func aSettingsFileWithAMarkStillReads() throws {
    let root = try temporaryFolder(annotations: true)
    defer { try? FileManager.default.removeItem(at: root) }
    try Data([0xEF, 0xBB, 0xBF] + Array(#"{"author": "ana"}"#.utf8)).write(
      to: root.appendingPathComponent("annotations/gloss.json"))
    let (settings, problems) = AnnotationStore(root: root).settings()
    #expect(problems.isEmpty)
    #expect(settings.author == "ana")
  }
}
