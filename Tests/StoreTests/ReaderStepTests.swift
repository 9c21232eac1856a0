import Extraction
import Foundation
import GlossTestSupport
import Store
import Testing

@testable import Workspace

/// A correction's re-reading, step by step: which documents it reads, and
/// that the index ends where a cold start on the same store begins.
@Suite struct ReaderSteps {
  static let files = [
    "a.txt": "Officials met Zorvia Holdings in Hanoi on Monday.",
    "b.txt": "Shares of Zorvia Holdings rose in Singapore.",
    "c.txt": "Holdings in Hanoi rose; nothing else happened.",
    "d.txt": "The minister spoke in Hanoi about trade.",
  ]

  func index(_ root: URL) -> WorkspaceIndex {
    let index = WorkspaceIndex(store: AnnotationStore(root: WorkspaceRoot.find(from: root)))
    let (loaded, _) = WorkspaceIndex.load(store: index.store!, reader: index.reader)
    #expect(index.install(loaded, generation: index.readerGeneration))
    return index
  }

  func annotate(_ index: WorkspaceIndex, _ path: String, _ phrase: String, _ label: EntityLabel) throws {
    let text = try #require(index.documents[path]?.text)
    let range = try #require(text.range(of: phrase))
    let start = text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: range.lowerBound)
    let target = Anchoring.target(
      in: text, start: start, end: start + phrase.unicodeScalars.count, source: path)
    let record = CorrectionRecord.make(
      author: "ana", action: .annotate, target: target, body: .init(label: label.rawValue, entity: "zorvia"),
      scope: .corpus)
    try CorrectionLog(files: index.store!.files).append(record)
    #expect(index.reloadCorrections())
  }

  func readings(_ index: WorkspaceIndex) -> [String: [Mention]] { index.documents.mapValues(\.mentions) }

  /// The invariant after every step: each document reads as the published reader reads its text.
  func readsAsPublished(_ index: WorkspaceIndex) -> Bool {
    index.isConsistent
      && index.documents.values.allSatisfy { document in
        let fresh = index.reader.read(document.text, path: document.path)
        return fresh.mentions == document.mentions && fresh.rejected == document.rejected
      }
  }

  @Test func aCorrectionReadsOnlyTheDocumentsHoldingItsPhrase() throws {
    let root = try workspaceWith(Self.files.merging(["annotations/gloss.json": #"{"tagger": false}"#]) { $1 })
    defer { try? FileManager.default.removeItem(at: root) }
    let index = index(root)
    let before = index.readerGeneration
    try annotate(index, "a.txt", "Zorvia Holdings", .ORG)
    // Not yet read: the published reader is still the old one.
    #expect(!index.isCurrent)
    #expect(index.isConsistent)
    let job = try #require(index.nextJob())
    #expect(job.kind == .partial)
    let paths = job.paths ?? []
    #expect(paths == ["a.txt", "b.txt"])  // c.txt holds "Holdings", not "Zorvia"
    #expect(index.nextJob() == nil)  // one at a time
    #expect(index.finish(WorkspaceIndex.run(job), job: job))
    #expect(index.readerGeneration == before + 1)
    #expect(index.isSettled && index.isConsistent)
    let cold = self.index(root)
    #expect(readings(index) == readings(cold))
    let b = index.documents["b.txt"]?.mentions.map(\.text) ?? []
    #expect(b.contains("Zorvia Holdings"))
  }

  @Test func aLessonForTheTaggerReadsEverythingInASecondStep() throws {
    let root = try workspaceWith(Self.files)
    defer { try? FileManager.default.removeItem(at: root) }
    let index = index(root)
    try annotate(index, "a.txt", "Zorvia Holdings", .ORG)
    let first = try #require(index.nextJob())
    #expect(first.kind == .partial)
    #expect(index.finish(WorkspaceIndex.run(first), job: first))
    #expect(!index.isCurrent)
    #expect(readsAsPublished(index))
    let second = try #require(index.nextJob())
    #expect(second.kind == .full)
    #expect(index.finish(WorkspaceIndex.run(second), job: second))
    #expect(index.isSettled && readsAsPublished(index))
    #expect(readings(index) == readings(self.index(root)))
    // Another lesson: its partial step starts from what the taught extractor read.
    try annotate(index, "b.txt", "Singapore", .GPE)
    let third = try #require(index.nextJob())
    #expect(third.kind == .partial)
    index.finish(WorkspaceIndex.run(third), job: third)
    #expect(readsAsPublished(index))
    index.catchUp()
    #expect(index.isSettled && readsAsPublished(index))
    #expect(readings(index) == readings(self.index(root)))
  }

  @Test func aNewerCorrectionCancelsAFullStepAndAnEditDuringAStepIsReadAgain() throws {
    let root = try workspaceWith(Self.files)
    defer { try? FileManager.default.removeItem(at: root) }
    let index = index(root)
    try annotate(index, "a.txt", "Zorvia Holdings", .ORG)
    let first = try #require(index.nextJob())
    index.finish(WorkspaceIndex.run(first), job: first)
    let full = try #require(index.nextJob())
    try annotate(index, "b.txt", "Singapore", .GPE)
    #expect(full.cancelled.isCancelled)
    #expect(!index.finish(WorkspaceIndex.run(full), job: full))
    // An edit while the next step runs: read again at install.
    let next = try #require(index.nextJob())
    index.update(path: "d.txt", text: "Zorvia Holdings opened an office in Singapore.", isOpen: false)
    index.finish(WorkspaceIndex.run(next), job: next)
    let edited = index.documents["d.txt"]?.mentions ?? []
    let published = index.reader.read("Zorvia Holdings opened an office in Singapore.", path: "d.txt").mentions
    #expect(edited == published)
    #expect(edited.contains { $0.text == "Zorvia Holdings" && $0.label == .ORG })
    index.catchUp()
    #expect(index.isSettled && index.isConsistent)
    try "Zorvia Holdings opened an office in Singapore.".write(
      to: root.appendingPathComponent("d.txt"), atomically: true, encoding: .utf8)
    let cold = self.index(root)
    #expect(readings(index) == readings(cold))
  }
}
