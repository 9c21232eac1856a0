import JSON
import Testing

@testable import Protocol

@Suite struct Framing {
  func frames(_ text: String) -> [UInt8] { Array(text.utf8) }

  func drain(_ parser: inout FrameParser) -> [FrameParser.Event] {
    var events: [FrameParser.Event] = []
    while let event = parser.next() { events.append(event) }
    return events
  }

  @Test func severalMessagesInOneRead() {
    var parser = FrameParser()
    parser.append(FrameParser.frame("{\"a\":1}") + FrameParser.frame("{\"b\":2}"))
    #expect(drain(&parser) == [.message(frames("{\"a\":1}")), .message(frames("{\"b\":2}"))])
  }

  @Test func oneByteAtATime() {
    var parser = FrameParser()
    var events: [FrameParser.Event] = []
    for byte in FrameParser.frame("{\"é\":\"ü\"}") {
      parser.append([byte])
      events += drain(&parser)
    }
    #expect(events == [.message(Array("{\"é\":\"ü\"}".utf8))])
  }

  @Test func extraHeadersAndAnyCase() {
    var parser = FrameParser()
    parser.append(frames("content-type: application/vscode-jsonrpc; charset=utf-8\r\nCONTENT-LENGTH: 2\r\n\r\n{}"))
    #expect(drain(&parser) == [.message(frames("{}"))])
  }

  @Test func missingContentLengthIsSkippedToTheNextHeader() {
    var parser = FrameParser()
    parser.append(frames("Content-Type: x\r\n\r\n{}garbage") + FrameParser.frame("{}"))
    let events = drain(&parser)
    #expect(events.count == 2)
    guard case .malformed(let problem) = events.first else {
      Issue.record("expected a problem")
      return
    }
    #expect(problem.contains("without Content-Length"))
    #expect(events.last == .message(frames("{}")))
  }

  @Test func nonNumericContentLength() {
    var parser = FrameParser()
    parser.append(frames("Content-Length: ten\r\n\r\n{}") + FrameParser.frame("[]"))
    let events = drain(&parser)
    guard case .malformed(let problem) = events.first else {
      Issue.record("expected a problem")
      return
    }
    #expect(problem.contains("not a number"))
    #expect(events.last == .message(frames("[]")))
  }

  @Test func oversizedContentLength() {
    var parser = FrameParser(maxContentLength: 10)
    parser.append(frames("Content-Length: 11\r\n\r\n{\"a\":12345}") + FrameParser.frame("{}"))
    let events = drain(&parser)
    guard case .malformed(let problem) = events.first else {
      Issue.record("expected a problem")
      return
    }
    #expect(problem.contains("exceeds the limit"))
    #expect(events.last == .message(frames("{}")))
  }

  @Test func endlessHeaderIsDropped() {
    var parser = FrameParser(maxHeaderLength: 64)
    parser.append(frames(String(repeating: "x", count: 200)))
    guard case .malformed = parser.next() else {
      Issue.record("expected a problem")
      return
    }
    parser.append(FrameParser.frame("{}"))
    #expect(drain(&parser) == [.message(frames("{}"))])
  }

  @Test func partialBodyWaits() {
    var parser = FrameParser()
    parser.append(frames("Content-Length: 4\r\n\r\n{}"))
    #expect(parser.next() == nil)
    parser.append(frames("  "))
    #expect(parser.next() == .message(frames("{}  ")))
  }
}

@Suite struct JSONRPCClassification {
  func classify(_ text: String) -> Result<IncomingMessage, IncomingMessage.Malformed> {
    IncomingMessage.decode(Array(text.utf8))
  }

  @Test func requestsWithNumberAndStringIDs() throws {
    #expect(
      try classify(#"{"jsonrpc":"2.0","id":7,"method":"m","params":{}}"#).get()
        == .request(id: .int(7), method: "m", params: .object(JSONObject())))
    #expect(
      try classify(#"{"jsonrpc":"2.0","id":"a","method":"m"}"#).get()
        == .request(id: .string("a"), method: "m", params: nil))
  }

  @Test func notificationsAndResponses() throws {
    #expect(try classify(#"{"jsonrpc":"2.0","method":"n"}"#).get() == .notification(method: "n", params: nil))
    #expect(
      try classify(#"{"jsonrpc":"2.0","id":1,"result":null}"#).get() == .response(id: .int(1), result: .success(.null)))
  }

  @Test func parseErrorsHaveNoID() {
    guard case .failure(let m) = classify("{oops") else {
      Issue.record("expected failure")
      return
    }
    #expect(m.id == nil)
    #expect(m.error.code == -32700)
  }

  @Test func invalidUTF8IsAParseError() {
    guard case .failure(let m) = IncomingMessage.decode([0x7B, 0x22, 0xC3, 0x28, 0x22, 0x3A, 0x31, 0x7D]) else {
      Issue.record("expected failure")
      return
    }
    #expect(m.error.code == -32700)
  }

  @Test func nonObjectsAndMissingMethodsAreInvalidRequests() throws {
    for text in ["[1,2]", "42", #"{"jsonrpc":"2.0","id":3}"#, #"{"jsonrpc":"2.0","id":3,"method":5}"#] {
      guard case .failure(let m) = classify(text) else {
        Issue.record("expected failure for \(text)")
        return
      }
      #expect(m.error.code == -32600)
    }
    // The id is kept when one was readable.
    var malformed: IncomingMessage.Malformed?
    if case .failure(let m) = classify(#"{"jsonrpc":"2.0","id":3}"#) { malformed = m }
    let m = try #require(malformed)
    #expect(m.id == .int(3))
  }

  /// Issue 16: JSON-RPC 2.0 requires `"jsonrpc": "2.0"`; the id is kept in the answer.
  @Test func aMessageWithoutTheJSONRPCMemberIsAnInvalidRequest() {
    var malformed: IncomingMessage.Malformed?
    if case .failure(let m) = classify(#"{"id":4,"method":"initialize","params":{}}"#) { malformed = m }
    let code = malformed?.error.code
    let id = malformed?.id
    #expect(code == -32600)
    #expect(id == .int(4))
  }

  /// Issue 16: an id of 2^63 is valid JSON: an invalid request (id null), not a parse error.
  @Test func anIDBeyondSixtyFourBitsIsAnInvalidRequestNotAParseError() {
    var malformed: IncomingMessage.Malformed?
    if case .failure(let m) = classify(#"{"jsonrpc":"2.0","id":9223372036854775808,"method":"m"}"#) {
      malformed = m
    }
    let code = malformed?.error.code
    let id = malformed?.id
    #expect(code == -32600)
    #expect(id == nil)
    let largest = try? classify(#"{"jsonrpc":"2.0","id":9223372036854775807,"method":"m"}"#).get()
    #expect(largest == .request(id: .int(Int64.max), method: "m", params: nil))
  }
}
