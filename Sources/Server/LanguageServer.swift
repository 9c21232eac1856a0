import Foundation
import JSON
import Protocol
import Workspace

/// The server's state and message dispatch. Every method runs on one worker
/// (the transport's serial queue, or the test client's thread), so the state
/// needs no locks; only `cancellation` is shared with the reader thread.
public final class LanguageServer: @unchecked Sendable {
  public static let version = "0.1.0"

  enum Lifecycle { case uninitialized, running, shutDown }

  let output: @Sendable (JSONValue) -> Void
  let terminate: @Sendable (Int32) -> Void
  public let cancellation = CancellationRegistry()
  var logger: Logger
  var lifecycle = Lifecycle.uninitialized
  var encoding = PositionEncoding.utf16
  var clientCapabilities: JSONValue = .object(JSONObject())
  var documents: [String: OpenDocument] = [:]
  let scheduler: Scheduler
  /// The workspace root (nil when the client opened no folder).
  var root: URL?
  var workspace = WorkspaceIndex(store: nil)
  var settings = ServerSettings()
  /// Derived per-document data, reused while the document's revision holds.
  var lineIndexes: [String: (revision: Int, index: LineIndex)] = [:]
  var tokenResults: [String: (id: String, data: [UInt32])] = [:]
  var nextTokenResultID = 0
  var indexing = false
  var publishedStoreFiles: Set<String> = []
  var lastDiskCheck = Date.distantPast
  var diskCheckRunning = false
  var diskSnapshot: DiskSnapshot?
  private var nextOutgoingID: Int64 = 0
  private var awaitingClient: [RequestID: (Result<JSONValue, ResponseError>) -> Void] = [:]

  static let methods = makeMethodTable()

  /// - Parameters:
  ///   - output: sends one message to the client.
  ///   - terminate: ends the process with an exit code (`exit`, end of input).
  ///   - scheduler: where background work (indexing) runs and how results
  ///     come back to the worker; synchronous in tests.
  public init(
    logger: Logger = Logger(), scheduler: Scheduler = .synchronous, output: @escaping @Sendable (JSONValue) -> Void,
    terminate: @escaping @Sendable (Int32) -> Void
  ) {
    self.logger = logger
    self.scheduler = scheduler
    self.output = output
    self.terminate = terminate
  }

  /// Called on the reader thread as soon as a message is read, before it
  /// is queued. Returns false when the message needs no further handling.
  public func received(_ message: IncomingMessage) -> Bool {
    switch message {
    case .request(let id, _, _):
      cancellation.received(id)
    case .notification("$/cancelRequest", let params):
      if let raw = params?["id"], let id = RequestID(json: raw) { cancellation.cancel(id) }
      return false
    default: break
    }
    return true
  }

  public func handle(_ message: IncomingMessage) {
    switch message {
    case .request(let id, let method, let params):
      defer { cancellation.finished(id) }
      let result = dispatchRequest(id: id, method: method, params: params)
      switch result {
      case .success(let value): output(OutgoingMessage.response(id: id, result: value))
      case .failure(let error): output(OutgoingMessage.error(id: id, error))
      }
    case .notification(let method, let params):
      dispatchNotification(method: method, params: params)
    case .response(let id, let result):
      guard let callback = awaitingClient.removeValue(forKey: id) else {
        return log(.warning, "response to an unknown request \(id)")
      }
      callback(result)
    }
  }

  private func dispatchRequest(id: RequestID, method: String, params: JSONValue?) -> Result<
    JSONValue, ResponseError
  > {
    if cancellation.isCancelled(id) { return .failure(.cancelled) }
    switch lifecycle {
    case .uninitialized where method != "initialize": return .failure(.serverNotInitialized)
    case .shutDown: return .failure(.invalidRequest("the server is shut down; only exit is accepted"))
    default: break
    }
    guard let handler = Self.methods.requests[method] else { return .failure(.methodNotFound(method)) }
    if lifecycle == .running { checkDiskIfDue() }
    do {
      let value = try handler(self, params)
      // A request cancelled while it ran is answered as cancelled: the client
      // has already dropped interest and may have changed the document.
      if cancellation.isCancelled(id) { return .failure(.cancelled) }
      return .success(value)
    } catch let error as ResponseError {
      if error.code == ResponseError.internalErrorCode { log(.error, "\(method): \(error.message)") }
      return .failure(error)
    } catch {
      log(.error, "\(method): \(error)")
      return .failure(.internalError("\(error)"))
    }
  }

  private func dispatchNotification(method: String, params: JSONValue?) {
    if method == "exit" { return terminate(lifecycle == .shutDown ? 0 : 1) }
    guard lifecycle == .running else {
      if lifecycle == .uninitialized { log(.debug, "\(method) before initialize ignored") }
      return
    }
    guard let handler = Self.methods.notifications[method] else {
      // Unknown notifications are ignored, as LSP asks (`$/` ones in particular).
      return log(.debug, "ignored notification \(method)")
    }
    do { try handler(self, params) } catch let error as ResponseError {
      log(.warning, "\(method): \(error.message)")
    } catch { log(.warning, "\(method): \(error)") }
  }

  /// A frame that was not a JSON-RPC message: answered when it had an id or
  /// could not be parsed at all (id null), as JSON-RPC asks.
  public func handleMalformed(_ malformed: IncomingMessage.Malformed) {
    log(.warning, malformed.error.message)
    output(OutgoingMessage.error(id: malformed.id, malformed.error))
  }

  /// A framing problem (bad header): no id could be read, so there is no answer.
  public func transportProblem(_ description: String) {
    log(.error, "framing: \(description)")
  }

  /// The client closed our input. Exit code 0 only after `shutdown`.
  public func endOfInput() {
    terminate(lifecycle == .shutDown ? 0 : 1)
  }

  // MARK: Talking to the client

  func notify(_ method: String, _ params: JSONValue?) {
    output(OutgoingMessage.notification(method: method, params: params))
  }

  func sendRequest(
    _ method: String, _ params: JSONValue?, onResponse: @escaping (Result<JSONValue, ResponseError>) -> Void = { _ in }
  ) {
    nextOutgoingID += 1
    let id = RequestID.string("gloss-\(nextOutgoingID)")
    awaitingClient[id] = onResponse
    output(OutgoingMessage.request(id: id, method: method, params: params))
  }

  func log(_ level: LogLevel, _ message: String) {
    guard logger.enabled(level) else { return }
    logger.writeToStandardError(level, message)
    notify("window/logMessage", ["type": .int(Int64(level.messageType.rawValue)), "message": .string(message)])
  }
}
