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

  /// The path of a URL below the root, compared as written (no links
  /// resolved); with `orRoot`, the root itself is "".
  private func lexicalRelativePath(_ url: URL, orRoot: Bool = false) -> String? {
    if orRoot && url.path == root.path { return "" }
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
    // Read into the array's own storage, sized by fstat and grown if the
    // file grows meanwhile: no fixed chunk zeroed and copied per file.
    var info = stat()
    var bytes = [UInt8](repeating: 0, count: fstat(fd, &info) == 0 ? max(Int(info.st_size), 0) + 1 : 64 * 1024)
    var filled = 0
    while true {
      if filled == bytes.count { bytes.append(contentsOf: repeatElement(0, count: max(4096, bytes.count))) }
      let n = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + filled, $0.count - filled) }
      if n < 0 && errno == EINTR { continue }
      if n < 0 {
        return .failure(
          StoreProblem(file: relativePath, message: "cannot be read: \(String(cString: strerror(errno)))"))
      }
      if n == 0 { break }
      filled += n
    }
    bytes.removeLast(bytes.count - filled)
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
  /// skipping hidden files and folders (so `.build` and `.git`) and (unless
  /// asked for) `annotations`; sorted by path, the corpus order.
  ///
  /// Walks with opendir/readdir: Foundation's enumerator and resource values
  /// cost more than reading the files for a corpus of 10,000 documents. A
  /// symbolic link counts when it leads to a file inside the root; linked
  /// folders are not followed (no cycles).
  public func files(under folder: String = "", suffix: String, includeAnnotations: Bool = false) -> [String] {
    guard let start = folder.isEmpty ? root : url(of: folder), let relative = lexicalRelativePath(start, orRoot: true)
    else { return [] }
    var info = stat()
    guard stat(start.path, &info) == 0 else { return [] }
    if info.st_mode & S_IFMT != S_IFDIR {
      return start.lastPathComponent.hasSuffix(suffix) ? [relativePath(of: start)].compactMap { $0 } : []
    }
    var out: [String] = []
    walk(start.path, relative, suffix: suffix, includeAnnotations: includeAnnotations, into: &out)
    return out.sorted()
  }

  private func walk(
    _ absolute: String, _ relative: String, suffix: String, includeAnnotations: Bool, into out: inout [String]
  ) {
    guard let directory = opendir(absolute) else { return }
    defer { closedir(directory) }
    while let entry = readdir(directory) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      if name.hasPrefix(".") { continue }  // also . and ..
      let path = absolute + "/" + name
      let child = relative.isEmpty ? name : relative + "/" + name
      var type = entry.pointee.d_type
      if type == UInt8(DT_UNKNOWN) {
        var info = stat()
        guard lstat(path, &info) == 0 else { continue }
        type =
          info.st_mode & S_IFMT == S_IFDIR
          ? UInt8(DT_DIR) : info.st_mode & S_IFMT == S_IFLNK ? UInt8(DT_LNK) : UInt8(DT_REG)
      }
      switch type {
      case UInt8(DT_DIR):
        if !includeAnnotations && relative.isEmpty && name == AnnotationStore.folder { continue }
        walk(path, child, suffix: suffix, includeAnnotations: includeAnnotations, into: &out)
      case UInt8(DT_LNK):
        // Only a link to a file that stays inside the root.
        var info = stat()
        guard name.hasSuffix(suffix), stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG,
          relativePath(of: URL(fileURLWithPath: path)) != nil
        else { continue }
        out.append(child)
      default:
        if name.hasSuffix(suffix) { out.append(child) }
      }
    }
  }

  /// A file's modification time (nanoseconds) and size: two writes within
  /// one timestamp tick still differ by size. Nil when it cannot be read.
  public func fingerprint(_ relativePath: String) -> FileFingerprint? {
    guard let url = url(of: relativePath) else { return nil }
    var info = stat()
    guard stat(url.path, &info) == 0 else { return nil }
    return FileFingerprint(
      modified: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec), size: Int64(info.st_size))
  }
}

/// What tells a file's versions apart without reading it.
public struct FileFingerprint: Sendable, Equatable {
  public var modified: Int64
  public var size: Int64
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
