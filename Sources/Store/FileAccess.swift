// Longer than the ~400 lines files aim for: every file access of the
// domain is here on purpose, so the workspace root is checked in one place.
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// File access for the store and the corpus. The workspace root is a
/// boundary: every path is resolved with its links followed, and one that
/// ends outside the root is refused with a problem naming the link. Files
/// are written only with `O_NOFOLLOW` on the last component, never through a
/// link; only regular files are read (FIFOs, devices and sockets are
/// reported, never opened blocking).
///
/// Paths are workspace-relative strings with `/`. A file name that is not
/// UTF-8 is kept readable: each byte that does not decode is held as the
/// private-use scalar U+10FF00 + byte (`decodeName`), turned back into that
/// byte for the system (`systemPath`), and shown as `\xNN` (`display`).
public struct FileAccess: Sendable {
  public let root: URL

  public init(root: URL) {
    let standard = root.standardizedFileURL
    if let real = Self.realPath(standard.path) {
      self.root = URL(fileURLWithPath: real, isDirectory: true)
    } else {
      self.root = standard.resolvingSymlinksInPath()
    }
  }

  /// The workspace-relative path (with `/`) of a URL inside the root, or nil
  /// when the URL is outside it.
  public func relativePath(of url: URL) -> String? {
    let standard = url.standardizedFileURL.path
    let path = Self.realPath(standard) ?? url.standardizedFileURL.resolvingSymlinksInPath().path
    let base = root.path.hasSuffix("/") ? root.path : root.path + "/"
    guard path.hasPrefix(base) else { return nil }
    return String(path.dropFirst(base.count))
  }

  /// The URL of a workspace-relative path, or nil when it would leave the
  /// root as written (links are not resolved here: see `resolve`).
  public func url(of path: String) -> URL? {
    guard !path.hasPrefix("/") else { return nil }  // an absolute path is no workspace path
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

  private func isInside(_ absolute: String) -> Bool {
    absolute == root.path || absolute.hasPrefix(root.path.hasSuffix("/") ? root.path : root.path + "/")
  }

  /// Where a workspace-relative path leads, as an absolute path with every
  /// existing link resolved, or a problem naming the link when it leaves
  /// the root (a dangling link is judged by where it points). The part that
  /// does not exist yet is appended as written. With `forWriting`, the last
  /// component must not be a link at all: the store never creates or writes
  /// a file through a link.
  public func resolve(_ relativePath: String, forWriting: Bool = false) -> Result<String, StoreProblem> {
    if relativePath.isEmpty { return .success(root.path) }
    guard let url = url(of: relativePath), let lexical = lexicalRelativePath(url, orRoot: true) else {
      return .failure(StoreProblem(file: relativePath, message: "is outside the workspace root \(root.path)"))
    }
    let components = lexical.split(separator: "/").map(String.init)
    var current = root.path
    for (i, component) in components.enumerated() {
      let next = current + "/" + component
      var info = stat()
      guard lstat(Self.systemPath(next), &info) == 0 else {
        // Missing: the rest lies below a folder already resolved inside the root.
        return .success(([next] + components[(i + 1)...]).joined(separator: "/"))
      }
      guard info.st_mode & S_IFMT == S_IFLNK else {
        current = next
        continue
      }
      let shown = components[...i].joined(separator: "/")
      let isLast = i == components.count - 1
      let target = Self.linkTarget(next) ?? "?"
      guard let real = Self.realPath(next) else {
        // A dangling link: where it would lead decides.
        let base = URL(fileURLWithPath: current, isDirectory: true)
        let destination =
          target.hasPrefix("/")
          ? URL(fileURLWithPath: target).standardizedFileURL.path
          : base.appendingPathComponent(target).standardizedFileURL.path
        if !isInside(destination) {
          return .failure(
            StoreProblem(
              file: shown, message: "is a link to \(target), outside the workspace root: refused"))
        }
        if forWriting && isLast {
          return .failure(
            StoreProblem(file: shown, message: "is a link (to \(target)): the store never writes through a link"))
        }
        return .success(([next] + components[(i + 1)...]).joined(separator: "/"))
      }
      guard isInside(real) else {
        return .failure(
          StoreProblem(file: shown, message: "is a link to \(real), outside the workspace root: refused"))
      }
      if forWriting && isLast {
        return .failure(
          StoreProblem(file: shown, message: "is a link (to \(target)): the store never writes through a link"))
      }
      current = real
    }
    return .success(current)
  }

  /// Whether something (a file, a folder, a link, even a dangling one) is
  /// at a workspace-relative path, as written.
  public func exists(_ relativePath: String) -> Bool {
    guard let url = url(of: relativePath) else { return false }
    var info = stat()
    return lstat(Self.systemPath(url.path), &info) == 0
  }

  /// What a file is, for a problem: "a FIFO", "a folder", ….
  static func kind(_ mode: mode_t) -> String {
    switch mode & S_IFMT {
    case S_IFDIR: "a folder"
    case S_IFIFO: "a FIFO"
    case S_IFCHR: "a character device"
    case S_IFBLK: "a block device"
    case S_IFSOCK: "a socket"
    case S_IFLNK: "a link"
    default: "not a regular file"
    }
  }

  /// The bytes of a regular file inside the root, or a problem naming it.
  public func read(_ relativePath: String) -> Result<[UInt8], StoreProblem> {
    let path: String
    switch resolve(relativePath) {
    case .failure(let problem): return .failure(problem)
    case .success(let resolved): path = resolved
    }
    // read(2) directly: Foundation's Data(contentsOf:) leaks its buffer for empty files
    // (LeakSanitizer), and the bytes are all we need. O_NONBLOCK: opening a
    // FIFO must not wait for a writer; O_NOFOLLOW: the path is resolved, so a
    // link here now was put there meanwhile.
    let fd = open(Self.systemPath(path), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
    guard fd >= 0 else {
      return .failure(StoreProblem(file: relativePath, message: "cannot be read: \(String(cString: strerror(errno)))"))
    }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else {
      return .failure(StoreProblem(file: relativePath, message: "cannot be read: \(String(cString: strerror(errno)))"))
    }
    guard info.st_mode & S_IFMT == S_IFREG else {
      return .failure(
        StoreProblem(file: relativePath, message: "is \(Self.kind(info.st_mode)), not a regular file: skipped"))
    }
    // Read into the array's own storage, sized by fstat and grown if the
    // file grows meanwhile: no fixed chunk zeroed and copied per file.
    var bytes = [UInt8](repeating: 0, count: max(Int(info.st_size), 0) + 1)
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

  /// A leading byte-order mark stays: it is the document's first scalar, so
  /// offsets are those of the file as every other tool (and an editor that
  /// keeps it) counts them; the tokenizer reads it as a space, and the
  /// store's JSON readers drop it.
  public static func decodeUTF8(_ bytes: [UInt8], file: String) -> Result<String, StoreProblem> {
    guard let text = String(validating: bytes, as: UTF8.self) else {
      return .failure(StoreProblem(file: file, message: "is not UTF-8 text"))
    }
    return .success(text)
  }

  /// Files under a workspace-relative folder whose names end in `suffix`,
  /// skipping hidden files and folders (so `.build` and `.git`) and (unless
  /// asked for) `annotations`; sorted by path, the corpus order.
  public func files(under folder: String = "", suffix: String, includeAnnotations: Bool = false) -> [String] {
    list(under: folder, suffix: suffix, includeAnnotations: includeAnnotations).paths
  }

  /// `files(under:…)` with the problems met on the way: a folder that
  /// leaves the root or cannot be read, a FIFO, device or socket with the
  /// suffix, a link to a file outside the root. Only regular files (and
  /// links to regular files inside the root) are listed.
  ///
  /// Walks with opendir/readdir: Foundation's enumerator and resource values
  /// cost more than reading the files for a corpus of 10,000 documents.
  /// Linked folders are not followed (no cycles).
  public func list(under folder: String = "", suffix: String, includeAnnotations: Bool = false) -> (
    paths: [String], problems: [StoreProblem]
  ) {
    guard let start = folder.isEmpty ? root : url(of: folder), let relative = lexicalRelativePath(start, orRoot: true)
    else {
      return ([], [StoreProblem(file: folder, message: "is outside the workspace root \(root.path)")])
    }
    let absolute: String
    switch resolve(relative) {
    case .failure(let problem): return ([], [problem])
    case .success(let resolved): absolute = resolved
    }
    var info = stat()
    guard stat(Self.systemPath(absolute), &info) == 0 else { return ([], []) }
    var out: [String] = []
    var problems: [StoreProblem] = []
    if info.st_mode & S_IFMT != S_IFDIR {
      guard start.lastPathComponent.hasSuffix(suffix) else { return ([], []) }
      guard info.st_mode & S_IFMT == S_IFREG else {
        return (
          [], [StoreProblem(file: relative, message: "is \(Self.kind(info.st_mode)), not a regular file: skipped")]
        )
      }
      return ([relative], [])
    }
    walk(absolute, relative, suffix: suffix, includeAnnotations: includeAnnotations, into: &out, &problems)
    return (out.sorted(), problems)
  }

  private func walk(
    _ absolute: String, _ relative: String, suffix: String, includeAnnotations: Bool, into out: inout [String],
    _ problems: inout [StoreProblem]
  ) {
    guard let directory = opendir(Self.systemPath(absolute)) else {
      problems.append(
        StoreProblem(
          file: relative.isEmpty ? "." : relative,
          message: "folder cannot be read: \(String(cString: strerror(errno))): skipped"))
      return
    }
    defer { closedir(directory) }
    while let entry = readdir(directory) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in Self.decodeName(raw.prefix { $0 != 0 }) }
      if name.hasPrefix(".") { continue }  // also . and ..
      let path = absolute + "/" + name
      let child = relative.isEmpty ? name : relative + "/" + name
      var type = entry.pointee.d_type
      if type == UInt8(DT_UNKNOWN) {
        var info = stat()
        guard lstat(Self.systemPath(path), &info) == 0 else { continue }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: type = UInt8(DT_DIR)
        case S_IFLNK: type = UInt8(DT_LNK)
        case S_IFREG: type = UInt8(DT_REG)
        default: type = UInt8(DT_FIFO)  // something else that is no regular file
        }
      }
      switch type {
      case UInt8(DT_DIR):
        if !includeAnnotations && relative.isEmpty && name == AnnotationStore.folder { continue }
        walk(path, child, suffix: suffix, includeAnnotations: includeAnnotations, into: &out, &problems)
      case UInt8(DT_LNK):
        // Only a link to a regular file that stays inside the root.
        guard name.hasSuffix(suffix) else { continue }
        var info = stat()
        guard stat(Self.systemPath(path), &info) == 0 else { continue }  // dangling: nothing to read
        if info.st_mode & S_IFMT == S_IFDIR { continue }  // linked folders are not followed
        guard let real = Self.realPath(path), isInside(real) else {
          problems.append(
            StoreProblem(
              file: child, message: "is a link to \(Self.linkTarget(path) ?? "?"), outside the workspace root: skipped")
          )
          continue
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
          problems.append(
            StoreProblem(file: child, message: "leads to \(Self.kind(info.st_mode)), not a regular file: skipped"))
          continue
        }
        out.append(child)
      case UInt8(DT_REG):
        if name.hasSuffix(suffix) { out.append(child) }
      default:
        guard name.hasSuffix(suffix) else { continue }
        var info = stat()
        let kind = lstat(Self.systemPath(path), &info) == 0 ? Self.kind(info.st_mode) : "not a regular file"
        problems.append(StoreProblem(file: child, message: "is \(kind), not a regular file: skipped"))
      }
    }
  }

  /// A file's modification time (nanoseconds) and size: two writes within
  /// one timestamp tick still differ by size. Nil when it cannot be read.
  public func fingerprint(_ relativePath: String) -> FileFingerprint? {
    guard let url = url(of: relativePath) else { return nil }
    var info = stat()
    guard stat(Self.systemPath(url.path), &info) == 0 else { return nil }
    return FileFingerprint(
      modified: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec), size: Int64(info.st_size))
  }
}

extension FileAccess {
  /// The first scalar of the range that holds bytes of file names that are not UTF-8.
  static let rawByteBase: UInt32 = 0x10_FF00

  /// A file name's bytes as a string: UTF-8 where it decodes, each other
  /// byte as U+10FF00 + byte (so the name can be turned back into its bytes).
  public static func decodeName<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
    if let text = String(validating: bytes, as: UTF8.self) { return text }
    let a = Array(bytes)
    var scalars = String.UnicodeScalarView()
    var i = 0
    while i < a.count {
      let b = a[i]
      let length = b < 0x80 ? 1 : b >= 0xC2 && b < 0xE0 ? 2 : b >= 0xE0 && b < 0xF0 ? 3 : b >= 0xF0 && b < 0xF5 ? 4 : 0
      if length > 0, i + length <= a.count, let text = String(validating: a[i..<i + length], as: UTF8.self) {
        scalars.append(contentsOf: text.unicodeScalars)
        i += length
      } else {
        scalars.append(Unicode.Scalar(rawByteBase + UInt32(b))!)
        i += 1
      }
    }
    return String(scalars)
  }

  /// A path's bytes for the system (NUL-terminated): the inverse of `decodeName`.
  public static func systemPath(_ path: String) -> [CChar] {
    var out: [CChar] = []
    out.reserveCapacity(path.utf8.count + 1)
    for scalar in path.unicodeScalars {
      if scalar.value >= rawByteBase && scalar.value <= rawByteBase + 0xFF {
        out.append(CChar(bitPattern: UInt8(scalar.value - rawByteBase)))
      } else {
        for unit in String(scalar).utf8 { out.append(CChar(bitPattern: unit)) }
      }
    }
    out.append(0)
    return out
  }

  /// A path as shown to people: bytes that are not UTF-8 as `\xNN`.
  public static func display(_ path: String) -> String {
    guard path.unicodeScalars.contains(where: { $0.value >= rawByteBase && $0.value <= rawByteBase + 0xFF }) else {
      return path
    }
    var out = ""
    for scalar in path.unicodeScalars {
      if scalar.value >= rawByteBase && scalar.value <= rawByteBase + 0xFF {
        out += "\\x" + String(format: "%02X", scalar.value - rawByteBase)
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// The path with every link resolved (realpath(3)), or nil.
  static func realPath(_ path: String) -> String? {
    guard let resolved = Glibc.realpath(systemPath(path), nil) else { return nil }
    defer { free(resolved) }
    return decodeName(
      UnsafeBufferPointer(
        start: UnsafeRawPointer(resolved).assumingMemoryBound(to: UInt8.self), count: strlen(resolved)))
  }

  /// What a link says it points to, or nil.
  static func linkTarget(_ path: String) -> String? {
    var buffer = [UInt8](repeating: 0, count: Int(PATH_MAX) + 1)
    let n = buffer.withUnsafeMutableBytes {
      readlink(systemPath(path), $0.baseAddress!.assumingMemoryBound(to: CChar.self), Int(PATH_MAX))
    }
    guard n >= 0 else { return nil }
    return decodeName(buffer[..<n])
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
