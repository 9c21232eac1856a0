import Dispatch
import Foundation
import GlossTestSupport
import JSON
import Protocol
import Synchronization
import Testing

@testable import Server

/// A server on a real worker queue with real background threads (what
/// `gloss serve` runs), driven from the test's thread: messages are handed
/// to the worker as the transport hands them, answers are waited for.
final class AsyncSession: @unchecked Sendable {
  let queue = DispatchQueue(label: "gloss.test.worker")
  let server: LanguageServer
  private let sent = Locked<[JSONValue]>([])
  private var nextID: Int64 = 0

  init(scheduler: (DispatchQueue) -> Scheduler) {
    let sent = self.sent
    server = LanguageServer(
      logger: Logger(level: .error, writesToStandardError: false), scheduler: scheduler(queue),
      output: { message in sent.withLock { $0.append(message) } }, terminate: { _ in })
  }

  func feed(_ message: IncomingMessage) {
    if server.received(message) { queue.async { [server] in server.handle(message) } }
  }

  func notify(_ method: String, _ params: JSONValue) { feed(.notification(method: method, params: params)) }

  /// Sends a request and waits for its answer (at most a minute).
  @discardableResult
  func request(_ method: String, _ params: JSONValue) -> JSONValue {
    nextID += 1
    let id = RequestID.int(nextID)
    feed(.request(id: id, method: method, params: params))
    let deadline = Date().addingTimeInterval(60)
    while Date() < deadline {
      let response = sent.withLock { messages -> JSONValue? in
        guard let i = messages.firstIndex(where: { $0["id"] == id.json && $0["method"] == nil }) else { return nil }
        return messages.remove(at: i)
      }
      if let response { return response }
      usleep(200)
    }
    Issue.record("no response to \(method)")
    return .null
  }

  /// Reads the server's state on its worker, between two of its tasks.
  func onWorker<T>(_ body: (LanguageServer) -> T) -> T { queue.sync { body(server) } }

  /// Waits until indexing and every re-reading have been installed.
  func settle() -> Bool {
    let deadline = Date().addingTimeInterval(120)
    while Date() < deadline {
      let settled = onWorker { server in
        let index = server.workspace
        return !server.indexing && index.isSettled
      }
      if settled { return true }
      usleep(2_000)
    }
    return false
  }
}

/// Reader generations: indexing, corrections and requests together on real
/// threads end where a cold start on the final store begins, and no request
/// ever sees documents of two generations.
@Suite(.serialized) struct ReaderGenerations {
  /// Many documents: copies of the seeds under other names, a line apart.
  func workspace(copies: Int) throws -> TemporaryWorkspace {
    let workspace = try TemporaryWorkspace()
    let seeds = [try workspace.text(TemporaryWorkspace.seed0), try workspace.text(TemporaryWorkspace.seed1)]
    for i in 0..<copies {
      try workspace.write(String(format: "corpus/d%03d.txt", i), "Report \(i).\n\n" + seeds[i % 2])
    }
    return workspace
  }

  /// Every document's mentions, by path.
  func mentions(_ server: LanguageServer) -> [String: [String]] {
    let index = server.workspace
    let documents = index.documents
    return documents.mapValues { document in
      document.mentions.map { "\($0.start) \($0.end) \($0.label.rawValue) \($0.entity ?? "-") \($0.rule.id)" }
    }
  }

  func annotate(_ session: AsyncSession, _ uri: String, _ text: String, _ phrase: String, _ label: String) -> JSONValue
  {
    let start = TestClient.position(of: phrase, in: text)
    let end = Position(line: start.line, character: start.character + phrase.utf16.count)
    return session.request(
      "workspace/executeCommand",
      [
        "command": "gloss.annotate",
        "arguments": [["uri": .string(uri), "range": Range(start: start, end: end).json, "label": .string(label)]],
      ])
  }

  @Test func correctionsWhileIndexingEndAsAColdStartOnTheFinalStore() throws {
    let workspace = try workspace(copies: 120)
    // Indexing (the first background task) waits until the corrections are
    // acknowledged: its results are then read with an older reader.
    let gate = DispatchSemaphore(value: 0)
    let first = Mutex(true)
    let session = AsyncSession { queue in
      let dispatch = Scheduler.dispatch(worker: queue)
      return Scheduler(
        background: { work in
          let isFirst = first.withLock { value in
            defer { value = false }
            return value
          }
          DispatchQueue.global().async {
            if isFirst { gate.wait() }
            work()
          }
        }, worker: dispatch.worker, lowPriority: dispatch.lowPriority)
    }
    let initialize = session.request(
      "initialize",
      [
        "processId": nil, "rootUri": .string(DocumentURI.fileURI(forPath: workspace.root.path)),
        "capabilities": [:], "initializationOptions": ["gloss.author": "ana"],
      ])
    #expect(initialize["result"] != nil)
    session.notify("initialized", [:])
    let seed = TemporaryWorkspace.seed0
    let text = try workspace.text(seed)
    let uri = workspace.uri(seed)
    session.notify(
      "textDocument/didOpen",
      ["textDocument": ["uri": .string(uri), "languageId": "plaintext", "version": 1, "text": .string(text)]])
    let answer = annotate(session, uri, text, "comprehensive partnership", "DOC")
    #expect(answer.at("result.correction") != nil)

    // Requests keep coming while everything is read again; each runs
    // between two worker tasks and must see one reader generation.
    let stop = Mutex(false)
    let mixed = Mutex(0)
    let checks = Mutex(0)
    let checker = Thread {
      while !stop.withLock({ $0 }) {
        session.queue.sync {
          let index = session.server.workspace
          if !index.isConsistent { mixed.withLock { $0 += 1 } }
          checks.withLock { $0 += 1 }
        }
        usleep(500)
      }
    }
    checker.start()
    gate.signal()
    // A second correction while the first one's re-reading (and perhaps indexing) runs.
    usleep(50_000)
    let second = annotate(session, uri, text, "Esper", "ORG")
    #expect(second.at("result.correction") != nil)
    for _ in 0..<50 {
      let hover = session.request(
        "textDocument/hover", ["textDocument": ["uri": .string(uri)], "position": ["line": 0, "character": 1]])
      #expect(hover["error"] == nil)
    }
    let settled = session.settle()
    stop.withLock { $0 = true }
    while checker.isExecuting { usleep(1_000) }
    #expect(settled)
    let violations = mixed.withLock { $0 }
    let checked = checks.withLock { $0 }
    #expect(violations == 0)
    #expect(checked > 0)
    // The race happened: indexing results arrived read with an older reader.
    let stale = session.onWorker { server in
      let index = server.workspace
      return index.staleInstalls
    }
    #expect(stale >= 1)
    let live = session.onWorker { mentions($0) }

    // A cold start on the final store, with the same document open.
    let cold = TestClient()
    _ = cold.initialize(workspace)
    cold.open(uri, text)
    let expected = mentions(cold.server)
    #expect(live.count == expected.count)
    #expect(live.count == 122)
    let differing = expected.keys.filter { live[$0] != expected[$0] }.sorted()
    #expect(differing.isEmpty, "\(differing.prefix(5))")
  }
}
