/// Splits a byte stream into LSP frames (`Content-Length: N\r\n\r\n` + N bytes).
///
/// Bytes may arrive in any grouping: one byte at a time, several frames per
/// read. A frame whose header is unusable (no or non-numeric Content-Length,
/// a length over the limit, a header block over `maxHeaderLength`) is reported
/// once and skipped up to the next `Content-Length:` header, so one bad frame
/// never takes the session down.
public struct FrameParser: Sendable {
  public enum Event: Sendable, Equatable {
    case message([UInt8])
    case malformed(String)
  }

  public var maxContentLength: Int
  public var maxHeaderLength: Int
  private var buffer: [UInt8] = []
  private var start = 0
  /// Set once a header has been read and its body is awaited.
  private var pendingLength: Int?

  public init(maxContentLength: Int = 64 << 20, maxHeaderLength: Int = 8192) {
    self.maxContentLength = maxContentLength
    self.maxHeaderLength = maxHeaderLength
  }

  public mutating func append<C: Collection>(_ bytes: C) where C.Element == UInt8 {
    if start > 0 && start >= buffer.count / 2 {
      buffer.removeSubrange(0..<start)
      start = 0
    }
    buffer.append(contentsOf: bytes)
  }

  /// Bytes received but not yet part of a complete frame.
  public var bufferedCount: Int { buffer.count - start }

  /// The next complete frame or header problem, or nil when more bytes are needed.
  public mutating func next() -> Event? {
    while true {
      if let length = pendingLength {
        guard buffer.count - start >= length else { return nil }
        let body = Array(buffer[start..<start + length])
        start += length
        pendingLength = nil
        return .message(body)
      }
      guard let headerEnd = find(Self.headerTerminator, from: start) else {
        if buffer.count - start > maxHeaderLength {
          resynchronise(after: start)
          return .malformed("header longer than \(maxHeaderLength) bytes without an end; skipped")
        }
        return nil
      }
      if headerEnd - start > maxHeaderLength {
        resynchronise(after: start)
        return .malformed("header longer than \(maxHeaderLength) bytes; skipped")
      }
      let header = String(decoding: buffer[start..<headerEnd], as: UTF8.self)
      let headerStart = start
      switch Self.contentLength(in: header) {
      case .success(let length) where length > maxContentLength:
        resynchronise(after: headerStart)
        return .malformed("Content-Length \(length) exceeds the limit of \(maxContentLength) bytes; skipped")
      case .success(let length):
        start = headerEnd + Self.headerTerminator.count
        pendingLength = length
      case .failure(let problem):
        resynchronise(after: headerStart)
        return .malformed("\(problem.message); skipped")
      }
    }
  }

  struct HeaderProblem: Error { var message: String }

  static func contentLength(in header: String) -> Result<Int, HeaderProblem> {
    var found: Int?
    for line in header.split(separator: "\r\n", omittingEmptySubsequences: true) {
      guard let colon = line.firstIndex(of: ":") else {
        return .failure(HeaderProblem(message: "header line without a colon: \(line.prefix(80))"))
      }
      let name = line[..<colon].trimmingSpaces.lowercased()
      guard name == "content-length" else { continue }  // Content-Type and others are allowed and ignored
      let value = line[line.index(after: colon)...].trimmingSpaces
      guard !value.isEmpty, value.allSatisfy({ $0.isASCII && $0.isNumber }), let length = Int(value) else {
        return .failure(HeaderProblem(message: "Content-Length is not a number: \(value.prefix(40))"))
      }
      found = length
    }
    guard let found else { return .failure(HeaderProblem(message: "header without Content-Length")) }
    return .success(found)
  }

  static let headerTerminator: [UInt8] = Array("\r\n\r\n".utf8)
  static let resyncMarker: [UInt8] = Array("content-length:".utf8)

  /// Drops bytes up to the next `Content-Length:` (any case) after `position`.
  private mutating func resynchronise(after position: Int) {
    pendingLength = nil
    var i = position + 1
    let marker = Self.resyncMarker
    while i + marker.count <= buffer.count {
      var matched = true
      for j in 0..<marker.count where Self.lower(buffer[i + j]) != marker[j] {
        matched = false
        break
      }
      if matched {
        start = i
        return
      }
      i += 1
    }
    // Keep only a tail that could still become the marker as more bytes arrive.
    var tail = max(position + 1, buffer.count - (marker.count - 1))
    while tail < buffer.count {
      if (tail..<buffer.count).allSatisfy({ Self.lower(buffer[$0]) == marker[$0 - tail] }) { break }
      tail += 1
    }
    start = tail
  }

  private static func lower(_ byte: UInt8) -> UInt8 { byte >= 65 && byte <= 90 ? byte + 32 : byte }

  private func find(_ needle: [UInt8], from: Int) -> Int? {
    guard buffer.count - from >= needle.count else { return nil }
    var i = from
    let last = buffer.count - needle.count
    while i <= last {
      if buffer[i] == needle[0] && buffer[i + 1] == needle[1] && buffer[i + 2] == needle[2]
        && buffer[i + 3] == needle[3]
      {
        return i
      }
      i += 1
    }
    return nil
  }

  /// Wraps a message body in its header.
  public static func frame(_ body: String) -> [UInt8] {
    let bytes = Array(body.utf8)
    return Array("Content-Length: \(bytes.count)\r\n\r\n".utf8) + bytes
  }
}

extension Substring {
  fileprivate var trimmingSpaces: Substring {
    var s = self
    while let first = s.first, first == " " || first == "\t" { s.removeFirst() }
    while let last = s.last, last == " " || last == "\t" { s.removeLast() }
    return s
  }
}
