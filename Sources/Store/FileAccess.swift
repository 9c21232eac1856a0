import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// File reading for the store and the corpus. Every path is checked against
/// the workspace root: nothing outside it is read or written.
public struct FileAccess: Sendable {
  public let root: URL

  public init(root: URL) { self.root = root.standardizedFileURL.resolvingSymlinksInPath() }

  /// The workspace-relative path (with `/`) of a URL inside the root, or nil
  /// when the URL is outside it.
  public func relativePath(of url: URL) -> String? {
    let path = url.standardizedFileURL.resolvingSymlinksInPath().path
    let base = root.path.hasSuffix("/") ? root.path : root.path + "/"
    guard path.hasPrefix(base) else { return nil }
    return String(path.dropFirst(base.count))
  }

  /// The URL of a workspace-relative path, or nil when it would leave the root.
  public func url(of path: String) -> URL? {
    let url = root.appendingPathComponent(path).standardizedFileURL
    guard lexicalRelativePath(url) != nil else { return nil }
    return url
  }

  private func lexicalRelativePath(_ url: URL) -> String? {
    let base = root.path.hasSuffix("/") ? root.path : root.path + "/"
    return url.path.hasPrefix(base) ? String(url.path.dropFirst(base.count)) : nil
  }

  /// The bytes of a file, or a problem naming it.
  public func read(_ relativePath: String) -> Result<[UInt8], StoreProblem> {
    guard let url = url(of: relativePath) else {
      return .failure(StoreProblem(file: relativePath, message: "outside the workspace root"))
    }
    // read(2) directly: Foundation's Data(contentsOf:) leaks its buffer for empty files
    // (LeakSanitizer), and the bytes are all we need.
    let fd = open(url.path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else {
      return .failure(StoreProblem(file: relativePath, message: "cannot be read: \(String(cString: strerror(errno)))"))
    }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 64 * 1024)
    while true {
      let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
      if n < 0 && errno == EINTR { continue }
      if n < 0 {
        return .failure(
          StoreProblem(file: relativePath, message: "cannot be read: \(String(cString: strerror(errno)))"))
      }
      if n == 0 { break }
      bytes.append(contentsOf: chunk[0..<n])
    }
    return .success(bytes)
  }

  /// The text of a file that must be UTF-8; a file that is not gets a problem naming it.
  public func readText(_ relativePath: String) -> Result<String, StoreProblem> {
    switch read(relativePath) {
    case .failure(let problem): return .failure(problem)
    case .success(let bytes): return Self.decodeUTF8(bytes, file: relativePath)
    }
  }

  public static func decodeUTF8(_ bytes: [UInt8], file: String) -> Result<String, StoreProblem> {
    var bytes = bytes
    // A byte-order mark is not text.
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
    guard let text = String(validating: bytes, as: UTF8.self) else {
      return .failure(StoreProblem(file: file, message: "is not UTF-8 text"))
    }
    return .success(text)
  }

  /// Files under a workspace-relative folder whose names end in `suffix`,
  /// skipping hidden folders, `.build` and (unless asked for) `annotations`;
  /// sorted by path, the corpus order.
  public func files(under folder: String = "", suffix: String, includeAnnotations: Bool = false) -> [String] {
    guard let start = folder.isEmpty ? root : url(of: folder) else { return [] }
    let manager = FileManager.default
    var isDirectory: ObjCBool = false
    guard manager.fileExists(atPath: start.path, isDirectory: &isDirectory) else { return [] }
    if !isDirectory.boolValue {
      return start.lastPathComponent.hasSuffix(suffix) ? [relativePath(of: start)].compactMap { $0 } : []
    }
    var out: [String] = []
    guard
      let enumerator = manager.enumerator(
        at: start, includingPropertiesForKeys: [.isDirectoryKey], options: [.skipsPackageDescendants])
    else { return [] }
    for case let url as URL in enumerator {
      let name = url.lastPathComponent
      let isDir = (try? url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) ?? false
      if isDir {
        let skip =
          name.hasPrefix(".")
          || (!includeAnnotations && name == "annotations"
            && url.deletingLastPathComponent().standardizedFileURL.path == root.path)
        if skip { enumerator.skipDescendants() }
        continue
      }
      if name.hasSuffix(suffix), !name.hasPrefix("."), let relative = relativePath(of: url) { out.append(relative) }
    }
    return out.sorted()
  }
}

/// The workspace root: the nearest folder upward holding `annotations/`,
/// else the folder itself.
public enum WorkspaceRoot {
  public static func find(from folder: URL) -> URL {
    var current = folder.standardizedFileURL
    while true {
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(
        atPath: current.appendingPathComponent("annotations").path, isDirectory: &isDirectory),
        isDirectory.boolValue
      {
        return current
      }
      let parent = current.deletingLastPathComponent()
      if parent.path == current.path { return folder.standardizedFileURL }
      current = parent
    }
  }
}
