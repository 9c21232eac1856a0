import Foundation
import GlossTestSupport
import JSON
import Protocol
import Testing

/// Runs the built `gloss` binary over real pipes.
final class GlossProcess {
  let process = Process()
  let stdin = Pipe()
  let stdout = Pipe()
  let stderr = Pipe()
  var parser = FrameParser()
  var pending: [JSONValue] = []

  init(_ arguments: [String] = ["serve"], directory: URL? = nil) throws {
    process.executableURL = glossBinary
    process.arguments = arguments
    process.standardInput = stdin
    process.standardOutput = stdout
    process.standardError = stderr
    if let directory { process.currentDirectoryURL = directory }
    try process.run()
    // A watchdog: a server that stops answering fails the test instead of hanging it.
    let process = self.process
    DispatchQueue.global().asyncAfter(deadline: .now() + 60) { if process.isRunning { process.terminate() } }
  }

  func write(_ bytes: [UInt8]) { stdin.fileHandleForWriting.write(Data(bytes)) }

  func send(_ message: JSONValue) { write(FrameParser.frame(message.jsonText)) }

  func request(_ id: Int, _ method: String, _ params: JSONValue) -> JSONValue {
    send(["jsonrpc": "2.0", "id": .int(Int64(id)), "method": .string(method), "params": params])
    return next { $0["id"] == .int(Int64(id)) }
  }

  func notify(_ method: String, _ params: JSONValue) {
    send(["jsonrpc": "2.0", "method": .string(method), "params": params])
  }

  /// The next message satisfying `predicate`; others are kept for later.
  func next(where predicate: (JSONValue) -> Bool) -> JSONValue {
    while true {
      if let index = pending.firstIndex(where: predicate) { return pending.remove(at: index) }
      let data = stdout.fileHandleForReading.availableData
      if data.isEmpty { return .null }
      parser.append(Array(data))
      while let event = parser.next() {
        if case .message(let body) = event, let value = try? JSONValue.parse(body) { pending.append(value) }
      }
    }
  }

  func closeInput() { try? stdin.fileHandleForWriting.close() }

  func waitForExit() -> Int32 {
    process.waitUntilExit()
    return process.terminationStatus
  }
}

let initializeParams: JSONValue = ["processId": nil, "rootUri": nil, "capabilities": [:]]

@Suite(.serialized) struct ServeOverPipes {
  @Test func fullSessionExitsZero() throws {
    let gloss = try GlossProcess()
    let initialize = gloss.request(1, "initialize", initializeParams)
    #expect(initialize.at("result.capabilities.positionEncoding") == "utf-16")
    gloss.notify("initialized", [:])
    gloss.notify(
      "textDocument/didOpen",
      ["textDocument": ["uri": "file:///tmp/x.txt", "languageId": "plaintext", "version": 1, "text": "Hà Nội"]])
    gloss.notify(
      "textDocument/didChange",
      [
        "textDocument": ["uri": "file:///tmp/x.txt", "version": 2],
        "contentChanges": [
          ["range": ["start": ["line": 0, "character": 6], "end": ["line": 0, "character": 6]], "text": "!"]
        ],
      ])
    #expect(gloss.request(2, "shutdown", nil).at("result") == .null)
    gloss.notify("exit", nil)
    #expect(gloss.waitForExit() == 0)
  }

  @Test func badInputIsAnsweredAndTheServerCarriesOn() throws {
    let gloss = try GlossProcess()
    _ = gloss.request(1, "initialize", initializeParams)
    gloss.write(FrameParser.frame("{nope"))
    #expect(gloss.next { $0.at("error.code") == -32700 }["id"] == .null)
    gloss.write(Array("Content-Length: 5\r\n\r\n".utf8) + [0x22, 0xFF, 0xFE, 0x22, 0x20])
    #expect(gloss.next { $0.at("error.code") == -32700 }["id"] == .null)
    gloss.write(FrameParser.frame("[]"))
    #expect(gloss.next { $0.at("error.code") == -32600 }["id"] == .null)
    #expect(gloss.request(2, "no/such", [:]).at("error.code") == -32601)
    #expect(gloss.request(3, "textDocument/hover", ["textDocument": 3]).at("error.code") != nil)
    // A header without a usable length: logged, skipped, no reply.
    gloss.write(Array("Content-Length: lots\r\n\r\n{}".utf8))
    let log = gloss.next {
      $0["method"] == "window/logMessage" && $0.at("params.message")?.stringValue?.contains("Content-Length") == true
    }
    #expect(log != .null)
    #expect(gloss.request(4, "shutdown", nil).at("result") == .null)
    gloss.notify("exit", nil)
    #expect(gloss.waitForExit() == 0)
  }

  @Test func endOfInputWithoutShutdownExitsOne() throws {
    let gloss = try GlossProcess()
    _ = gloss.request(1, "initialize", initializeParams)
    gloss.closeInput()
    #expect(gloss.waitForExit() == 1)
  }

  @Test func aWholeSessionOneByteAtATime() throws {
    let gloss = try GlossProcess()
    var bytes: [UInt8] = []
    for message: JSONValue in [
      ["jsonrpc": "2.0", "id": 1, "method": "initialize", "params": initializeParams],
      ["jsonrpc": "2.0", "method": "initialized", "params": [:]],
      [
        "jsonrpc": "2.0", "method": "textDocument/didOpen",
        "params": [
          "textDocument": ["uri": "file:///tmp/y.txt", "languageId": "plaintext", "version": 1, "text": "Việt Nam 😀"]
        ],
      ],
      ["jsonrpc": "2.0", "id": 2, "method": "shutdown"],
      ["jsonrpc": "2.0", "method": "exit"],
    ] {
      bytes += FrameParser.frame(message.jsonText)
    }
    for byte in bytes { gloss.write([byte]) }
    #expect(gloss.next { $0["id"] == 1 }.at("result.capabilities") != nil)
    #expect(gloss.next { $0["id"] == 2 }.at("result") == .null)
    #expect(gloss.waitForExit() == 0)
  }
}
