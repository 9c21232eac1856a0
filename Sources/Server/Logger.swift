import JSON
import Protocol

#if canImport(Glibc)
  import Glibc
#endif

public enum LogLevel: String, Sendable, CaseIterable, Comparable {
  case error, warning, info, debug

  var rank: Int {
    switch self {
    case .error: return 0
    case .warning: return 1
    case .info: return 2
    case .debug: return 3
    }
  }
  public static func < (a: LogLevel, b: LogLevel) -> Bool { a.rank < b.rank }

  var messageType: MessageType {
    switch self {
    case .error: return .error
    case .warning: return .warning
    case .info: return .info
    case .debug: return .log
    }
  }
}

/// Writes log lines to stderr (never stdout, which carries only protocol
/// bytes) and, through the server, to the client as `window/logMessage`.
public struct Logger: Sendable {
  public var level: LogLevel
  public var writesToStandardError: Bool

  public init(level: LogLevel = .info, writesToStandardError: Bool = true) {
    self.level = level
    self.writesToStandardError = writesToStandardError
  }

  func enabled(_ level: LogLevel) -> Bool { level <= self.level }

  func writeToStandardError(_ level: LogLevel, _ message: String) {
    guard writesToStandardError else { return }
    let line = "gloss [\(level.rawValue)] \(message)\n"
    var bytes = Array(line.utf8)
    bytes.withUnsafeMutableBytes { buffer in
      var done = 0
      while done < buffer.count {
        let n = write(2, buffer.baseAddress! + done, buffer.count - done)
        if n <= 0 { break }
        done += n
      }
    }
  }
}
