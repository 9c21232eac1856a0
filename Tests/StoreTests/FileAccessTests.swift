import Foundation
import GlossTestSupport
import Testing

@testable import Store

@Suite struct CorpusFiles {
  /// Writes `text` at a root-relative path, creating folders.
  func write(_ root: URL, _ path: String, _ text: String = "x") throws {
    let url = root.appendingPathComponent(path)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try text.write(to: url, atomically: false, encoding: .utf8)
  }

  @Test func theWalkSkipsHiddenFoldersTheStoreAndLinksThatLeaveTheRoot() throws {
    let root = try temporaryFolder(annotations: true)
    let outside = try temporaryFolder(annotations: true)
    defer {
      try? FileManager.default.removeItem(at: root)
      try? FileManager.default.removeItem(at: outside)
    }
    try write(root, "b.txt")
    try write(root, "news/2024/a.txt")
    try write(root, "news/notes.md")
    try write(root, ".git/HEAD.txt")
    try write(root, "news/.hidden.txt")
    try write(root, "annotations/gold/readme.txt")
    try write(outside, "secret.txt")
    let manager = FileManager.default
    try manager.createSymbolicLink(
      atPath: root.appendingPathComponent("news/leak.txt").path,
      withDestinationPath: outside.appendingPathComponent("secret.txt").path)
    try manager.createSymbolicLink(
      atPath: root.appendingPathComponent("news/alias.txt").path,
      withDestinationPath: root.appendingPathComponent("b.txt").path)
    try manager.createSymbolicLink(
      atPath: root.appendingPathComponent("news/loop").path,
      withDestinationPath: root.appendingPathComponent("news").path)

    let files = FileAccess(root: root)
    let corpus = files.files(suffix: ".txt")
    #expect(corpus == ["b.txt", "news/2024/a.txt", "news/alias.txt"])
    let news = files.files(under: "news", suffix: ".txt")
    #expect(news == ["news/2024/a.txt", "news/alias.txt"])
    let store = files.files(under: "annotations", suffix: ".txt", includeAnnotations: true)
    #expect(store == ["annotations/gold/readme.txt"])
    let one = files.files(under: "b.txt", suffix: ".txt")
    #expect(one == ["b.txt"])
    let escaping = files.files(under: "../", suffix: ".txt")
    #expect(escaping == [])
  }

  @Test func readingGetsEveryByteOfEmptySmallAndLargeFiles() throws {
    let root = try temporaryFolder(annotations: true)
    defer { try? FileManager.default.removeItem(at: root) }
    let large = String(repeating: "Hà Nội, Vietnam. ", count: 20_000)  // > 64 KiB
    try write(root, "empty.txt", "")
    try write(root, "small.txt", "Hanoi")
    try write(root, "large.txt", large)
    let files = FileAccess(root: root)
    #expect(try files.readText("empty.txt").get() == "")
    #expect(try files.readText("small.txt").get() == "Hanoi")
    #expect(try files.readText("large.txt").get() == large)
    let missing = files.read("missing.txt")
    guard case .failure(let problem) = missing else {
      Issue.record("a missing file was read")
      return
    }
    #expect(problem.file == "missing.txt")
  }

  @Test func aFingerprintChangesWhenTheFileDoes() throws {
    let root = try temporaryFolder(annotations: true)
    defer { try? FileManager.default.removeItem(at: root) }
    try write(root, "a.txt", "one")
    let files = FileAccess(root: root)
    let before = files.fingerprint("a.txt")
    try write(root, "a.txt", "one more")  // within the same tick the size still differs
    let after = files.fingerprint("a.txt")
    #expect(before != nil)
    #expect(before != after)
    #expect(files.fingerprint("gone.txt") == nil)
    #expect(files.fingerprint("../outside.txt") == nil)
  }
}
