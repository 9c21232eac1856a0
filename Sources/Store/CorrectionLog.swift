import Foundation
import JSON

#if canImport(Glibc)
  import Glibc
#endif

/// One analyst action, as stored in `annotations/corrections.jsonl`. The
/// target follows the W3C Web Annotation model: the document and two
/// selectors (TextQuoteSelector with 32 characters of context each side,
/// TextPositionSelector in Unicode scalars).
public struct CorrectionRecord: Codable, Sendable, Equatable {
  public enum Action: String, Codable, Sendable, CaseIterable {
    case annotate, reject, retype, link, unlink, rename, pin, remove
  }
  /// Where a correction applies: only at its anchored place (`mention`),
  /// there and wherever the rules read the same form the same way in its
  /// document (`document`), or in every document (`corpus`).
  public enum Scope: String, Codable, Sendable, CaseIterable {
    case corpus, document, mention
  }
  public struct Target: Codable, Sendable, Equatable {
    public var source: String
    public var exact: String
    public var prefix: String
    public var suffix: String
    public var start: Int
    public var end: Int
    public init(source: String, exact: String, prefix: String, suffix: String, start: Int, end: Int) {
      self.source = source
      self.exact = exact
      self.prefix = prefix
      self.suffix = suffix
      self.start = start
      self.end = end
    }
  }
  public struct Body: Codable, Sendable, Equatable {
    public var label: String?
    public var entity: String?
    public var name: String?
    /// For `remove`: the id of the correction withdrawn.
    public var correction: String?
    /// For `retype` and `link`: the label the rules gave the span when the
    /// correction was made, so that it generalises only to the same reading
    /// (a `reject` keeps it in `label`). Older records have none.
    public var from: String?
    public init(
      label: String? = nil, entity: String? = nil, name: String? = nil, correction: String? = nil,
      from: String? = nil
    ) {
      self.label = label
      self.entity = entity
      self.name = name
      self.correction = correction
      self.from = from
    }
  }

  public var id: String
  public var created: String
  public var author: String
  public var action: Action
  public var target: Target?
  public var body: Body
  public var scope: Scope

  public init(
    id: String, created: String, author: String, action: Action, target: Target?, body: Body, scope: Scope
  ) {
    self.id = id
    self.created = created
    self.author = author
    self.action = action
    self.target = target
    self.body = body
    self.scope = scope
  }

  /// A new record with a fresh id and the current time (ISO 8601, UTC).
  public static func make(author: String, action: Action, target: Target?, body: Body, scope: Scope) -> CorrectionRecord
  {
    let now = Date()
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    let random = String(UInt32.random(in: 0...UInt32.max), radix: 36)
    let id = "c-\(Int(now.timeIntervalSince1970 * 1000))-\(random)"
    return CorrectionRecord(
      id: id, created: formatter.string(from: now), author: author, action: action, target: target, body: body,
      scope: scope)
  }

  /// The stored form: the target as a Web Annotation target with selectors.
  public var json: JSONValue {
    var object: JSONObject = [
      "id": .string(id), "created": .string(created), "author": .string(author), "action": .string(action.rawValue),
    ]
    if let target {
      object["target"] = [
        "source": .string(target.source),
        "selector": [
          [
            "type": "TextQuoteSelector", "exact": .string(target.exact), "prefix": .string(target.prefix),
            "suffix": .string(target.suffix),
          ],
          ["type": "TextPositionSelector", "start": .int(Int64(target.start)), "end": .int(Int64(target.end))],
        ],
      ]
    }
    object["body"] = (try? JSONValue(encoding: body)) ?? [:]
    object["scope"] = .string(scope.rawValue)
    return .object(object)
  }

  /// Reads the stored form; errors name the field.
  public init(json value: JSONValue) throws {
    struct Raw: Decodable {
      struct Selector: Decodable {
        var type: String
        var exact: String?
        var prefix: String?
        var suffix: String?
        var start: Int?
        var end: Int?
      }
      struct RawTarget: Decodable {
        var source: String
        var selector: [Selector]
      }
      var id: String
      var created: String
      var author: String
      var action: Action
      var target: RawTarget?
      var body: Body?
      var scope: Scope?
    }
    let raw = try value.decode(Raw.self)
    var target: Target?
    if let t = raw.target {
      guard let quote = t.selector.first(where: { $0.type == "TextQuoteSelector" }), let exact = quote.exact else {
        throw RecordProblem("target.selector: needs a TextQuoteSelector with exact")
      }
      let position = t.selector.first { $0.type == "TextPositionSelector" }
      // The document is a path inside the workspace root, as written.
      if t.source.isEmpty || t.source.hasPrefix("/") || t.source.split(separator: "/").contains("..") {
        throw RecordProblem("target.source: \"\(t.source)\" is not a path inside the workspace root")
      }
      if let start = position?.start, start < 0 {
        throw RecordProblem("target.selector: start \(start) is negative")
      }
      if let start = position?.start, let end = position?.end, end < start {
        throw RecordProblem("target.selector: end \(end) is before start \(start)")
      }
      target = Target(
        source: t.source, exact: exact, prefix: quote.prefix ?? "", suffix: quote.suffix ?? "",
        start: position?.start ?? 0, end: position?.end ?? 0)
    }
    self.init(
      id: raw.id, created: raw.created, author: raw.author, action: raw.action, target: target,
      body: raw.body ?? Body(), scope: raw.scope ?? .corpus)
  }
}

public struct RecordProblem: Error, CustomStringConvertible {
  public var description: String
  init(_ description: String) { self.description = description }
}

/// The append-only log of corrections. Appends are crash-safe: `O_APPEND`
/// under an exclusive advisory lock, a leading newline when a crash left the
/// file without one, and `fsync` before the record is acknowledged. Two
/// servers on one workspace interleave whole lines only. Whole-file rewrites
/// go through a temporary file, `fsync` and `rename`. Reading never rewrites.
public struct CorrectionLog: Sendable {
  public let files: FileAccess
  public static let path = "annotations/corrections.jsonl"

  public init(files: FileAccess) { self.files = files }

  /// Every whole, valid record, with problems (file and line) for the rest.
  public func load() -> (records: [(line: Int, record: CorrectionRecord)], problems: [StoreProblem]) {
    guard files.exists(Self.path) else { return ([], []) }
    switch files.read(Self.path) {
    case .failure(let problem): return ([], [problem])
    case .success(let bytes):
      // Line by line: a line that is not UTF-8 or not JSON is reported and the others apply.
      var (lines, problems) = JSONLines.parse(bytes, file: Self.path)
      var records: [(Int, CorrectionRecord)] = []
      var ids = Set<String>()
      for (line, value) in lines {
        do {
          let record = try CorrectionRecord(json: value)
          if !ids.insert(record.id).inserted {
            problems.append(StoreProblem(file: Self.path, line: line, message: "duplicate correction id \(record.id)"))
            continue
          }
          records.append((line, record))
        } catch {
          problems.append(StoreProblem(file: Self.path, line: line, message: describeDecodingError(error)))
        }
      }
      // A last line cut short by a crash is reported but is no error of the analyst's.
      return (records, problems)
    }
  }

  /// Appends one record; returns once it is on disk.
  public func append(_ record: CorrectionRecord) throws {
    try appendLines([record.json.jsonText])
  }

  /// The write(2) appends go through; tests put a failing one here (a
  /// short write, then ENOSPC) to check the rollback.
  var writeBytes: @Sendable (Int32, UnsafeRawPointer?, Int) -> Int = { fd, buffer, count in write(fd, buffer, count) }

  /// Opens the log for appending, never through a link: the path is
  /// resolved inside the root (a folder on the way that links outside is
  /// refused), the folder is created when missing, and the file is opened
  /// relative to its folder with `O_NOFOLLOW` (and `O_NONBLOCK`, so a FIFO
  /// there cannot block); it must be a regular file.
  private func openForWriting(flags: Int32) throws -> Int32 {
    let path: String
    switch files.resolve(Self.path, forWriting: true) {
    case .failure(let problem): throw problem
    case .success(let resolved): path = resolved
    }
    let folder = String(path[..<path.lastIndex(of: "/")!])
    let name = String(path[path.index(after: path.lastIndex(of: "/")!)...])
    var info = stat()
    if lstat(FileAccess.systemPath(folder), &info) != 0 {
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }
    let directory = open(FileAccess.systemPath(folder), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
    guard directory >= 0 else {
      throw StoreProblem(
        file: AnnotationStore.folder, message: "cannot open the folder: \(String(cString: strerror(errno)))")
    }
    defer { close(directory) }
    let fd = openat(directory, name, flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0o644)
    guard fd >= 0 else {
      let reason =
        errno == ELOOP ? "is a link: the store never writes through a link" : String(cString: strerror(errno))
      throw StoreProblem(file: Self.path, message: "cannot open: \(reason)")
    }
    guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
      close(fd)
      throw StoreProblem(file: Self.path, message: "is \(FileAccess.kind(info.st_mode)), not a regular file")
    }
    _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
    return fd
  }

  func appendLines(_ lines: [String]) throws {
    let fd = try openForWriting(flags: O_RDWR | O_APPEND | O_CREAT)
    defer { close(fd) }
    guard flock(fd, LOCK_EX) == 0 else { throw StoreProblem(file: Self.path, message: "cannot lock") }
    defer { flock(fd, LOCK_UN) }
    var text = lines.joined(separator: "\n") + "\n"
    // A crash may have left a last line without its newline: start on a fresh line.
    var status = stat()
    guard fstat(fd, &status) == 0 else { throw StoreProblem(file: Self.path, message: "cannot stat") }
    let before = status.st_size
    if before > 0 {
      var last: UInt8 = 0
      if pread(fd, &last, 1, off_t(before - 1)) == 1, last != 0x0A { text = "\n" + text }
    }
    let bytes = Array(text.utf8)
    var written = 0
    /// A failed append leaves no torn bytes: the file goes back to its length before.
    func rollBack(_ message: String) -> StoreProblem {
      let reason = String(cString: strerror(errno))
      var cut = ftruncate(fd, before)
      while cut != 0 && errno == EINTR { cut = ftruncate(fd, before) }
      _ = fsync(fd)
      return StoreProblem(
        file: Self.path,
        message: "\(message): \(reason)"
          + (cut == 0 ? "; nothing was appended" : "; could not roll back the torn bytes"))
    }
    while written < bytes.count {
      let n = bytes[written...].withUnsafeBytes { writeBytes(fd, $0.baseAddress, $0.count) }
      if n < 0 && errno == EINTR { continue }
      guard n > 0 else { throw rollBack("write failed") }
      written += n
    }
    guard fsync(fd) == 0 else { throw rollBack("fsync failed") }
  }

  /// Replaces the whole log (compaction): temporary file, fsync, rename,
  /// under the same lock as appends.
  public func rewrite(_ records: [CorrectionRecord]) throws {
    let lockFD = try openForWriting(flags: O_WRONLY | O_CREAT)
    defer { close(lockFD) }
    flock(lockFD, LOCK_EX)
    defer { flock(lockFD, LOCK_UN) }
    guard case .success(let path) = files.resolve(Self.path, forWriting: true) else {
      throw StoreProblem(file: Self.path, message: "is a link: the store never writes through a link")
    }
    let folder = String(path[..<path.lastIndex(of: "/")!])
    let temporary = folder + "/.corrections.jsonl.tmp-\(getpid())"
    unlink(FileAccess.systemPath(temporary))
    let fd = open(FileAccess.systemPath(temporary), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw StoreProblem(file: Self.path, message: "cannot create a temporary file") }
    let bytes = Array(records.map { $0.json.jsonText + "\n" }.joined().utf8)
    var written = 0
    while written < bytes.count {
      let n = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
      if n < 0 && errno == EINTR { continue }
      if n <= 0 {
        close(fd)
        unlink(FileAccess.systemPath(temporary))
        throw StoreProblem(file: Self.path, message: "write failed")
      }
      written += n
    }
    guard fsync(fd) == 0 else {
      close(fd)
      unlink(FileAccess.systemPath(temporary))
      throw StoreProblem(file: Self.path, message: "fsync failed")
    }
    close(fd)
    guard rename(FileAccess.systemPath(temporary), FileAccess.systemPath(path)) == 0 else {
      throw StoreProblem(file: Self.path, message: "rename failed")
    }
    // The rename itself is durable once the folder is synced.
    let dir = open(FileAccess.systemPath(folder), O_RDONLY | O_CLOEXEC)
    if dir >= 0 {
      fsync(dir)
      close(dir)
    }
  }

  /// The records still in force: those no `remove` withdrew.
  public static func active(_ records: [CorrectionRecord]) -> [CorrectionRecord] {
    let removed = Set(records.filter { $0.action == .remove }.compactMap(\.body.correction))
    return records.filter { $0.action != .remove && !removed.contains($0.id) }
  }
}
