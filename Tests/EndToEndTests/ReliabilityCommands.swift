import Foundation
import GlossTestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Issue 16 in batch: FIFOs and devices in the corpus are reported, never
/// waited on; store links outside the root are refused; usage errors exit 64.
@Suite struct ReliabilityCommands {
  @Test func aFIFOAndADeviceNamedTxtAreReportedAndTheRestIsExtracted() throws {
    let folder = try workspaceWith(["a.txt": "Talks in Hanoi."])
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(mkfifo(folder.appendingPathComponent("pipe.txt").path, 0o644) == 0)
    let device = mknod(folder.appendingPathComponent("zero.txt").path, S_IFCHR | 0o600, dev_t(0x105)) == 0
    let extract = try runGloss(["extract", "--root", folder.path], in: folder)
    #expect(extract.status == 1)
    #expect(extract.stdout.contains("Hanoi"))
    #expect(extract.stderr.contains("pipe.txt: is a FIFO, not a regular file: skipped"))
    if device { #expect(extract.stderr.contains("zero.txt: is a character device, not a regular file: skipped")) }
    // Named on the command line.
    let named = try runGloss(["extract", "--root", folder.path, "pipe.txt", "a.txt"], in: folder)
    #expect(named.status == 1)
    #expect(named.stdout.contains("Hanoi"))
    #expect(named.stderr.contains("pipe.txt: is a FIFO"))
    let check = try runGloss(["check", "--root", folder.path, "pipe.txt"], in: folder)
    #expect(check.status == 1)
    #expect(check.stdout.contains("pipe.txt: is a FIFO"))
  }

  @Test func checkRefusesAGoldDocumentAndRulesLinkedOutside() throws {
    let outside = try temporaryFolder()
    let folder = try workspaceWith([
      "annotations/gold/a.jsonl":
        #"{"doc":"leak.txt","start":0,"end":6,"label":"ORG","text":"Secret","entity":"secret"}"#
    ])
    defer {
      try? FileManager.default.removeItem(at: folder)
      try? FileManager.default.removeItem(at: outside)
    }
    try writeFile("Secret Agency report.", to: "secret.txt", under: outside)
    try writeFile(#"{"id":"zorb","label":"ORG","name":"Zorbocorp"}"#, to: "rules/r.jsonl", under: outside)
    try FileManager.default.createSymbolicLink(
      atPath: folder.appendingPathComponent("leak.txt").path,
      withDestinationPath: outside.appendingPathComponent("secret.txt").path)
    try FileManager.default.createSymbolicLink(
      atPath: folder.appendingPathComponent("annotations/rules").path,
      withDestinationPath: outside.appendingPathComponent("rules").path)
    try FileManager.default.createSymbolicLink(
      atPath: folder.appendingPathComponent("annotations/entities.jsonl").path, withDestinationPath: "/etc/passwd")
    let result = try runGloss(["check", "--root", folder.path], in: folder)
    #expect(result.status == 1)
    #expect(result.stdout.contains("leak.txt: is a link to"))
    #expect(result.stdout.contains("annotations/rules: is a link to"))
    #expect(result.stdout.contains("annotations/entities.jsonl: is a link to /etc/passwd, outside the workspace root"))
    #expect(!result.stdout.contains("root:x:0"))
  }

  @Test func aMissingRootOrGoldFolderIsAUsageError() throws {
    let folder = try workspaceWith(["a.txt": "Talks in Hanoi."])
    defer { try? FileManager.default.removeItem(at: folder) }
    let missing = folder.appendingPathComponent("no-such-folder").path
    for arguments in [
      ["check", "--root", missing], ["extract", "--root", missing], ["corrections", "list", "--root", missing],
      ["check", "--root", folder.path, "--gold", "no-such-gold"], ["check", "--root", folder.path, "--gold", "/etc"],
    ] {
      let result = try runGloss(arguments, in: folder)
      #expect(result.status == 64, "\(arguments)")
    }
  }
}

extension ReliabilityCommands {
  @Test func aFileNameThatIsNotUTF8IsExtractedAndShownEscaped() throws {
    let folder = try workspaceWith([:])
    defer { try? FileManager.default.removeItem(at: folder) }
    // "caf\xE9.txt": Latin-1, not UTF-8.
    let path = Array(folder.path.utf8) + [0x2F, 0x63, 0x61, 0x66, 0xE9, 0x2E, 0x74, 0x78, 0x74, 0]
    let fd = path.withUnsafeBufferPointer { buffer in
      buffer.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT, 0o644) }
    }
    #expect(fd >= 0)
    _ = write(fd, "Talks in Hanoi.", 15)
    close(fd)
    let result = try runGloss(["extract", "--root", folder.path], in: folder)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains(#""doc":"caf\\xE9.txt""#))
    #expect(result.stdout.contains("Hanoi"))
  }
}

extension ReliabilityCommands {
  /// A folder that cannot be read is reported, not skipped without a word.
  /// Root reads every folder, so as root `gloss` runs as nobody (setpriv).
  @Test(
    .enabled(
      if: getuid() != 0 || FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"),
      "as root, needs setpriv to drop privileges"))
  func anUnreadableFolderIsReported() throws {
    let folder = try workspaceWith(["a.txt": "Talks in Hanoi.", "locked/b.txt": "Talks in Paris."])
    let locked = folder.appendingPathComponent("locked").path
    defer {
      chmod(locked, 0o755)
      try? FileManager.default.removeItem(at: folder)
    }
    chmod(folder.path, 0o755)
    chmod(locked, 0)
    let process = Process()
    if getuid() == 0 {
      process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
      process.arguments = [
        "--reuid=65534", "--regid=65534", "--clear-groups", glossBinary.path, "extract", "--root", folder.path,
      ]
    } else {
      process.executableURL = glossBinary
      process.arguments = ["extract", "--root", folder.path]
    }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 1)
    #expect(stdout.contains("Hanoi"))
    #expect(stderr.contains("locked: folder cannot be read: Permission denied: skipped"), "\(stderr)")
  }
}
