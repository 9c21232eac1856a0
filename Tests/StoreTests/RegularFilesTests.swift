import Foundation
import GlossTestSupport
import Testing

@testable import Store

#if canImport(Glibc)
  import Glibc
#endif

/// Only regular files are read: FIFOs and devices are reported and never
/// opened blocking; unreadable folders are reported; names that are not
/// UTF-8 are read (issue 16).
@Suite struct RegularFiles {
  @Test func aFIFONamedTxtIsReportedAndNeverOpenedBlocking() throws {
    let root = try temporaryFolder(annotations: true)
    defer { try? FileManager.default.removeItem(at: root) }
    try writeFile("Hanoi.", to: "news/a.txt", under: root)
    #expect(mkfifo(root.appendingPathComponent("news/pipe.txt").path, 0o644) == 0)
    let files = FileAccess(root: root)
    let listed = files.list(suffix: ".txt")
    #expect(listed.paths == ["news/a.txt"])
    let problems = listed.problems.map(\.description)
    #expect(problems == ["news/pipe.txt: is a FIFO, not a regular file: skipped"])
    // Named directly (a command-line path), it is refused at once, not waited on.
    let read = files.read("news/pipe.txt")
    guard case .failure(let problem) = read else {
      Issue.record("a FIFO was read")
      return
    }
    #expect(problem.message == "is a FIFO, not a regular file: skipped")
  }

  /// `extract` crashed on one (signal 6). Needs CAP_MKNOD; passes vacuously without.
  @Test func aCharacterDeviceNamedTxtIsReportedNotRead() throws {
    let root = try temporaryFolder(annotations: true)
    defer { try? FileManager.default.removeItem(at: root) }
    let device = root.appendingPathComponent("zero.txt").path
    guard mknod(device, S_IFCHR | 0o600, dev_t(0x105)) == 0 else { return }  // /dev/zero: 1, 5  // no CAP_MKNOD here
    let files = FileAccess(root: root)
    let problems = files.list(suffix: ".txt").problems.map(\.description)
    #expect(problems == ["zero.txt: is a character device, not a regular file: skipped"])
    let read = files.read("zero.txt")
    guard case .failure = read else {
      Issue.record("a device was read")
      return
    }
  }

  @Test(.enabled(if: getuid() != 0, "root reads every folder"))
  func anUnreadableFolderIsReported() throws {
    let root = try temporaryFolder(annotations: true)
    defer {
      chmod(root.appendingPathComponent("locked").path, 0o755)
      try? FileManager.default.removeItem(at: root)
    }
    try writeFile("x", to: "locked/a.txt", under: root)
    chmod(root.appendingPathComponent("locked").path, 0)
    let problems = FileAccess(root: root).list(suffix: ".txt").problems.map(\.description)
    #expect(problems.count == 1)
    #expect(problems.first?.hasPrefix("locked: folder cannot be read") == true)
  }

  @Test func aFileNameThatIsNotUTF8IsReadAndShownEscaped() throws {
    let root = try temporaryFolder(annotations: true)
    defer { try? FileManager.default.removeItem(at: root) }
    // "caf\xE9.txt" in Latin-1.
    let name: [UInt8] = [0x63, 0x61, 0x66, 0xE9, 0x2E, 0x74, 0x78, 0x74]
    let path = Array(root.path.utf8) + [0x2F] + name + [0]
    let fd = path.withUnsafeBufferPointer { buffer in
      buffer.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT, 0o644) }
    }
    #expect(fd >= 0)
    _ = write(fd, "Hanoi.", 6)
    close(fd)
    let files = FileAccess(root: root)
    let listed = files.list(suffix: ".txt")
    #expect(listed.problems.isEmpty)
    #expect(listed.paths.count == 1)
    let relative = listed.paths.first ?? ""
    #expect(FileAccess.display(relative) == "caf\\xE9.txt")
    let text = try files.readText(relative).get()
    #expect(text == "Hanoi.")
    let problem = StoreProblem(file: relative, message: "x").description
    #expect(problem == "caf\\xE9.txt: x")
  }
}
