import JSON
import Protocol
import Testing

@testable import Server

@Suite struct Lifecycle {
  @Test func initializeAdvertisesPositionEncodingAndSync() {
    let client = TestClient()
    let response = client.initialize()
    #expect(response.at("result.capabilities.positionEncoding") == "utf-16")
    #expect(response.at("result.capabilities.textDocumentSync.change") == 2)
    #expect(response.at("result.serverInfo.name") == "gloss")
  }

  @Test func negotiatesUTF8WhenTheClientPrefersIt() {
    let client = TestClient()
    let response = client.initialize(capabilities: ["general": ["positionEncodings": ["utf-8", "utf-16"]]])
    #expect(response.at("result.capabilities.positionEncoding") == "utf-8")
  }

  @Test func requestsBeforeInitializeAreRefused() {
    let client = TestClient()
    let response = client.request("textDocument/hover", [:])
    #expect(response.at("error.code") == -32002)
  }

  @Test func initializeTwiceIsAnInvalidRequest() {
    let client = TestClient()
    _ = client.initialize()
    #expect(client.request("initialize", ["capabilities": [:]]).at("error.code") == -32600)
  }

  @Test func shutdownThenExitGivesZero() {
    let client = TestClient()
    _ = client.initialize()
    #expect(client.request("shutdown").at("result") == .null)
    #expect(client.request("textDocument/hover", [:]).at("error.code") == -32600)
    client.notify("exit")
    #expect(client.terminatedWith == 0)
  }

  @Test func exitWithoutShutdownGivesOne() {
    let client = TestClient()
    _ = client.initialize()
    client.notify("exit")
    #expect(client.terminatedWith == 1)
  }

  @Test func endOfInputWithoutShutdownGivesOne() {
    let client = TestClient()
    _ = client.initialize()
    client.server.endOfInput()
    #expect(client.terminatedWith == 1)
  }
}

@Suite struct BadInput {
  @Test func unknownRequestIsMethodNotFound() {
    let client = TestClient()
    _ = client.initialize()
    let response = client.request("gloss/nonsense", [:])
    #expect(response.at("error.code") == -32601)
  }

  @Test func unknownNotificationIsIgnored() {
    let client = TestClient()
    _ = client.initialize()
    client.notify("$/somethingNew", [:])
    client.notify("custom/thing")
    #expect(client.takeOutput().allSatisfy { $0["method"] == "window/logMessage" })
  }

  @Test func missingParamsNameTheField() {
    let client = TestClient()
    let response = client.request("initialize", [:])
    #expect(response.at("error.code") == -32602)
    #expect(response.at("error.message")?.stringValue?.contains("capabilities") == true)
  }

  @Test func wrongParamTypeNamesThePath() {
    let client = TestClient()
    _ = client.initialize()
    client.notify(
      "textDocument/didOpen",
      ["textDocument": ["uri": "file:///a.txt", "languageId": "plaintext", "version": "one", "text": ""]])
    let logs = client.takeOutput().compactMap { $0.at("params.message")?.stringValue }
    #expect(logs.contains { $0.contains("textDocument.version") })
  }

  @Test func malformedMessagesAreAnsweredAndTheServerCarriesOn() {
    let client = TestClient()
    _ = client.initialize()
    for body in ["{not json", "[1]", #"{"jsonrpc":"2.0","id":9}"#] {
      if case .failure(let malformed) = IncomingMessage.decode(Array(body.utf8)) {
        client.server.handleMalformed(malformed)
      }
    }
    let errors = client.takeOutput().filter { $0["error"] != nil }
    #expect(errors.map { $0.at("error.code") } == [-32700, -32600, -32600])
    #expect(errors.map { $0["id"] } == [.null, .null, 9])
    #expect(client.request("shutdown").at("result") == .null)
  }

  @Test func cancelledRequestIsAnsweredWithRequestCancelled() {
    let client = TestClient()
    _ = client.initialize()
    // The reader thread sees both messages before the worker runs the request.
    let request = IncomingMessage.request(id: .int(42), method: "shutdown", params: nil)
    #expect(client.server.received(request))
    #expect(!client.server.received(.notification(method: "$/cancelRequest", params: ["id": 42])))
    client.server.handle(request)
    #expect(client.takeOutput().last?.at("error.code") == -32800)
    // The cancellation did not leak into the next request with that id.
    client.feed(request)
    #expect(client.takeOutput().last?.at("result") == .null)
  }
}

@Suite struct TextSynchronisation {
  func change(_ client: TestClient, _ uri: String, version: Int, _ changes: [JSONValue]) {
    client.notify(
      "textDocument/didChange",
      ["textDocument": ["uri": .string(uri), "version": .int(Int64(version))], "contentChanges": .array(changes)])
  }

  func range(_ a: Position, _ b: Position) -> JSONValue { ["start": a.json, "end": b.json] }

  @Test func incrementalEditsApplyInOrder() {
    let client = TestClient()
    _ = client.initialize()
    let doc = MarkedDocument("Hà Nội 😀 1️⃣Lich2️⃣\r\nEsper3️⃣")
    client.open("file:///w/a.txt", doc.text)
    change(
      client, "file:///w/a.txt", version: 2,
      [
        ["range": range(doc["1️⃣"], doc["2️⃣"]), "text": "General Lich"],
        ["range": range(Position(line: 1, character: 5), Position(line: 1, character: 5)), "text": "!"],
      ])
    let document = client.server.documents["file:///w/a.txt"]
    #expect(document?.text == "Hà Nội 😀 General Lich\r\nEsper!")
    #expect(document?.version == 2)
  }

  @Test func fullReplacement() {
    let client = TestClient()
    _ = client.initialize()
    client.open("file:///w/a.txt", "old")
    change(client, "file:///w/a.txt", version: 5, [["text": "new text"]])
    #expect(client.server.documents["file:///w/a.txt"]?.text == "new text")
  }

  @Test func closeForgetsTheDocument() {
    let client = TestClient()
    _ = client.initialize()
    client.open("file:///w/a.txt", "x")
    client.notify("textDocument/didClose", ["textDocument": ["uri": "file:///w/a.txt"]])
    #expect(client.server.documents["file:///w/a.txt"] == nil)
  }
}
