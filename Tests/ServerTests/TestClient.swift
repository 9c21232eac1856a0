import JSON
import Protocol
import Synchronization
import Testing

@testable import Server

/// A value shared between the server's callbacks and the test.
final class Locked<Value>: @unchecked Sendable {
  private let lock = Mutex(())
  private var value: Value
  init(_ value: Value) { self.value = value }
  func withLock<R>(_ body: (inout Value) -> R) -> R { lock.withLock { _ in body(&value) } }
}

/// An in-process LSP client: messages go straight into a `LanguageServer` on
/// the test's thread, and everything the server sends is collected, so tests
/// read like a session without pipes or timing.
final class TestClient: @unchecked Sendable {
  private let sent = Locked<[JSONValue]>([])
  private let exitCode = Locked<Int32?>(nil)
  private(set) var server: LanguageServer!
  private var nextID: Int64 = 0

  init() {
    server = LanguageServer(
      logger: Logger(level: .warning, writesToStandardError: false),
      output: { [sent] message in sent.withLock { $0.append(message) } },
      terminate: { [exitCode] code in exitCode.withLock { $0 = code } })
  }

  var terminatedWith: Int32? { exitCode.withLock { $0 } }

  /// Everything the server sent since the last call.
  func takeOutput() -> [JSONValue] {
    sent.withLock { messages in
      defer { messages = [] }
      return messages
    }
  }

  func feed(_ message: IncomingMessage) {
    if server.received(message) { server.handle(message) }
  }

  /// Sends a request and returns the server's answer (the `result` or `error` object's parent).
  @discardableResult
  func request(_ method: String, _ params: JSONValue? = nil) -> JSONValue {
    nextID += 1
    let id = RequestID.int(nextID)
    feed(.request(id: id, method: method, params: params))
    // Take the response; everything else the server sent stays for takeOutput().
    let response = sent.withLock { messages -> JSONValue? in
      guard let i = messages.firstIndex(where: { $0["id"] == id.json && $0["method"] == nil }) else { return nil }
      return messages.remove(at: i)
    }
    guard let response else {
      Issue.record("no response to \(method)")
      return .null
    }
    return response
  }

  func notify(_ method: String, _ params: JSONValue? = nil) {
    feed(.notification(method: method, params: params))
  }

  func initialize(capabilities: JSONValue = [:]) -> JSONValue {
    let response = request("initialize", ["processId": nil, "rootUri": nil, "capabilities": capabilities])
    notify("initialized", [:])
    return response
  }

  func open(_ uri: String, _ text: String, version: Int = 1) {
    notify(
      "textDocument/didOpen",
      [
        "textDocument": [
          "uri": .string(uri), "languageId": "plaintext", "version": .int(Int64(version)), "text": .string(text),
        ]
      ])
  }
}

/// A test document with position markers: `1️⃣` … `9️⃣` mark places in the
/// text and are removed from it; `positions["1️⃣"]` is the LSP position
/// (UTF-16) where the marker stood.
struct MarkedDocument {
  var text: String
  var positions: [String: Position] = [:]

  init(_ marked: String) {
    let markers = (1...9).map { "\($0)\u{FE0F}\u{20E3}" }
    var text = ""
    var line = 0
    var character = 0
    var rest = Substring(marked)
    outer: while !rest.isEmpty {
      for marker in markers where rest.hasPrefix(marker) {
        positions[marker] = Position(line: line, character: character)
        rest = rest.dropFirst(marker.count)
        continue outer
      }
      let c = rest.removeFirst()
      text.append(c)
      if c == "\n" || c == "\r\n" {
        line += 1
        character = 0
      } else {
        character += c.utf16.count
      }
    }
    self.text = text
  }

  subscript(marker: String) -> Position { positions[marker]! }
}
