import JSON

/// A JSON-RPC request id: the spec allows numbers and strings.
public enum RequestID: Hashable, Sendable, CustomStringConvertible {
  case int(Int64)
  case string(String)

  public var json: JSONValue {
    switch self {
    case .int(let i): return .int(i)
    case .string(let s): return .string(s)
    }
  }

  public init?(json: JSONValue) {
    switch json {
    case .int(let i): self = .int(i)
    case .double(let d) where Int64(exactly: d) != nil: self = .int(Int64(d))
    case .string(let s): self = .string(s)
    default: return nil
    }
  }

  public var description: String {
    switch self {
    case .int(let i): return String(i)
    case .string(let s): return "\"\(s)\""
    }
  }
}

/// An error answer. Codes are JSON-RPC's and LSP's.
public struct ResponseError: Error, Sendable, Equatable {
  public var code: Int
  public var message: String
  public var data: JSONValue?

  public init(code: Int, message: String, data: JSONValue? = nil) {
    self.code = code
    self.message = message
    self.data = data
  }

  public static let parseErrorCode = -32700
  public static let invalidRequestCode = -32600
  public static let methodNotFoundCode = -32601
  public static let invalidParamsCode = -32602
  public static let internalErrorCode = -32603
  public static let serverNotInitializedCode = -32002
  public static let requestFailedCode = -32803
  public static let requestCancelledCode = -32800

  public static func parseError(_ message: String) -> ResponseError { .init(code: parseErrorCode, message: message) }
  public static func invalidRequest(_ message: String) -> ResponseError {
    .init(code: invalidRequestCode, message: message)
  }
  public static func methodNotFound(_ method: String) -> ResponseError {
    .init(code: methodNotFoundCode, message: "method not found: \(method)")
  }
  public static func invalidParams(_ message: String) -> ResponseError {
    .init(code: invalidParamsCode, message: "invalid params: \(message)")
  }
  public static func internalError(_ message: String) -> ResponseError {
    .init(code: internalErrorCode, message: message)
  }
  public static func requestFailed(_ message: String) -> ResponseError {
    .init(code: requestFailedCode, message: message)
  }
  public static let serverNotInitialized = ResponseError(
    code: serverNotInitializedCode, message: "the server has not been initialized")
  public static let cancelled = ResponseError(code: requestCancelledCode, message: "request cancelled")

  var json: JSONValue {
    var object: JSONObject = ["code": .int(Int64(code)), "message": .string(message)]
    if let data { object["data"] = data }
    return .object(object)
  }
}

/// One message from the client, already checked for JSON-RPC shape.
public enum IncomingMessage: Sendable, Equatable {
  case request(id: RequestID, method: String, params: JSONValue?)
  case notification(method: String, params: JSONValue?)
  case response(id: RequestID, result: Result<JSONValue, ResponseError>)

  /// A message that could not be read as JSON-RPC; `id` is set when one could
  /// be read, so the answer can name it.
  public struct Malformed: Error, Sendable, Equatable {
    public var id: RequestID?
    public var error: ResponseError
  }

  /// Classifies one frame's body. Invalid UTF-8 and invalid JSON are parse
  /// errors (jansson refuses both); anything else that is not a request,
  /// notification or response is an invalid request.
  public static func decode(_ body: [UInt8]) -> Result<IncomingMessage, Malformed> {
    let value: JSONValue
    do { value = try JSONValue.parse(body) } catch {
      // Valid JSON with an integer beyond 64 bits (an id of 2^63): no parse
      // error, an invalid request (its id cannot be echoed).
      if "\(error)".contains("too big integer"),
        case .object(let object)? = try? body.withUnsafeBytes({ try JSONValue.parse($0, integersAsReals: true) })
      {
        if case .double(let d)? = object["id"], Int64(exactly: d) == nil {
          return .failure(
            Malformed(id: nil, error: .invalidRequest("id \(d) is out of range: an id is a 64-bit integer or a string"))
          )
        }
        return .failure(Malformed(id: nil, error: .invalidRequest("an integer is out of range (64 bits)")))
      }
      return .failure(Malformed(id: nil, error: .parseError("parse error: \(error)")))
    }
    return classify(value)
  }

  public static func classify(_ value: JSONValue) -> Result<IncomingMessage, Malformed> {
    guard case .object(let object) = value else {
      return .failure(Malformed(id: nil, error: .invalidRequest("a message must be a JSON object")))
    }
    let rawID = object["id"]
    let id = rawID.flatMap(RequestID.init(json:))
    // JSON-RPC 2.0 requires the member: a message without it is no request.
    if object["jsonrpc"] != "2.0" {
      return .failure(Malformed(id: id, error: .invalidRequest("jsonrpc must be \"2.0\"")))
    }
    if let rawID, id == nil {
      return .failure(
        Malformed(id: nil, error: .invalidRequest("id must be a number or a string, found \(rawID.typeName)")))
    }
    // `"params": null` is not JSON-RPC, but some clients send it with
    // shutdown and exit; it is read as no params.
    let params = object["params"] == .null ? nil : object["params"]
    if let params, params.objectValue == nil, params.arrayValue == nil {
      return .failure(Malformed(id: id, error: .invalidRequest("params must be an object or an array")))
    }
    switch object["method"] {
    case .string(let method)?:
      if let id { return .success(.request(id: id, method: method, params: params)) }
      return .success(.notification(method: method, params: params))
    case let other?:
      return .failure(Malformed(id: id, error: .invalidRequest("method must be a string, found \(other.typeName)")))
    case nil:
      if let id, let result = object["result"] { return .success(.response(id: id, result: .success(result))) }
      if let id, let error = object["error"], let code = error["code"]?.intValue {
        let failure = ResponseError(code: code, message: error["message"]?.stringValue ?? "", data: error["data"])
        return .success(.response(id: id, result: .failure(failure)))
      }
      return .failure(Malformed(id: id, error: .invalidRequest("a request needs a method")))
    }
  }
}

/// Builders for the messages the server sends.
public enum OutgoingMessage {
  public static func response(id: RequestID?, result: JSONValue) -> JSONValue {
    ["jsonrpc": "2.0", "id": id?.json ?? .null, "result": result]
  }
  public static func error(id: RequestID?, _ error: ResponseError) -> JSONValue {
    ["jsonrpc": "2.0", "id": id?.json ?? .null, "error": error.json]
  }
  public static func notification(method: String, params: JSONValue?) -> JSONValue {
    var object: JSONObject = ["jsonrpc": "2.0", "method": .string(method)]
    if let params { object["params"] = params }
    return .object(object)
  }
  public static func request(id: RequestID, method: String, params: JSONValue?) -> JSONValue {
    var object: JSONObject = ["jsonrpc": "2.0", "id": id.json, "method": .string(method)]
    if let params { object["params"] = params }
    return .object(object)
  }
}
