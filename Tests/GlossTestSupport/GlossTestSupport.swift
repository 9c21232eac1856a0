import Foundation
import Protocol

/// What the test targets share: the repository's root, the built `gloss`
/// binary and running it, and temporary workspaces. One copy, so a change
/// to how the binary is found or a workspace is laid out is made once.

/// The repository's root (this file is `Tests/GlossTestSupport/GlossTestSupport.swift`).
public let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent()

/// The built `gloss` binary: `$GLOSS_BINARY`, else the build products
/// folder the test bundle sits in (SwiftPM puts `gloss` next to it).
public var glossBinary: URL {
  if let path = ProcessInfo.processInfo.environment["GLOSS_BINARY"] { return URL(fileURLWithPath: path) }
  let products = Bundle.main.bundleURL
  let candidates = [
    products.appendingPathComponent("gloss"), products.deletingLastPathComponent().appendingPathComponent("gloss"),
  ]
  return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
}

/// What a finished `gloss` run printed, and its exit status.
public typealias GlossResult = (status: Int32, stdout: String, stderr: String)

/// Runs `gloss` with arguments to completion in a folder; `stdin`, when
/// given, is written to its standard input (else it reads an empty one).
public func runGloss(_ arguments: [String], in directory: URL, stdin: String? = nil) throws -> GlossResult {
  let process = Process()
  process.executableURL = glossBinary
  process.arguments = arguments
  process.currentDirectoryURL = directory
  let out = Pipe()
  let err = Pipe()
  let input = Pipe()
  process.standardOutput = out
  process.standardError = err
  process.standardInput = input
  try process.run()
  if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
  try input.fileHandleForWriting.close()
  let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
  let stderrData = err.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return (
    process.terminationStatus, String(decoding: stdoutData, as: UTF8.self), String(decoding: stderrData, as: UTF8.self)
  )
}

/// A new empty folder under the temporary directory (with an empty
/// `annotations/` when asked); the caller removes it.
public func temporaryFolder(annotations: Bool = false) throws -> URL {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent("gloss-test-\(UUID().uuidString)")
  try FileManager.default.createDirectory(
    at: annotations ? url.appendingPathComponent("annotations") : url, withIntermediateDirectories: true)
  return url
}

/// Writes `text` to `path` under `root`, making folders as needed.
public func writeFile(_ text: String, to path: String, under root: URL) throws {
  let url = root.appendingPathComponent(path)
  try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
  try text.write(to: url, atomically: true, encoding: .utf8)
}

/// A temporary workspace folder: an empty `annotations/` and the given
/// files by relative path (folders made as needed). The caller removes it.
public func workspaceWith(_ files: [String: String]) throws -> URL {
  let folder = try temporaryFolder(annotations: true)
  for (path, text) in files { try writeFile(text, to: path, under: folder) }
  return folder
}

/// A temporary workspace: the seeds, an empty `annotations/`, and whatever a
/// test adds. Removed when it goes away.
public final class TemporaryWorkspace {
  public let root: URL

  /// - Parameter tagger: false writes `{"tagger": false}` to `gloss.json`,
  ///   for tests of what the rules and corrections do on their own.
  public init(seeds: Bool = true, tagger: Bool = true) throws {
    root = try temporaryFolder(annotations: true)
    if !tagger { try writeFile(#"{"tagger": false}"#, to: "annotations/gloss.json", under: root) }
    if seeds {
      try FileManager.default.copyItem(
        at: repositoryRoot.appendingPathComponent("seeds"), to: root.appendingPathComponent("seeds"))
    }
  }

  deinit { try? FileManager.default.removeItem(at: root) }

  public func uri(_ path: String) -> String {
    DocumentURI.fileURI(forPath: root.appendingPathComponent(path).path)
  }

  public func write(_ path: String, _ text: String) throws { try writeFile(text, to: path, under: root) }

  public func text(_ path: String) throws -> String {
    try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
  }

  public static let seed0 = "seeds/000_133120142ad60250.txt"
  public static let seed1 = "seeds/001_dbe25a89b6a06857.txt"
}
