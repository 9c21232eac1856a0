import JSON
import Protocol

/// The one place that maps an LSP method name to its handler. Adding a
/// feature means adding a line in `LanguageServer+Methods.swift` and the
/// handler's own file.
struct MethodTable: Sendable {
  typealias RequestHandler = @Sendable (LanguageServer, JSONValue?) throws -> JSONValue
  typealias NotificationHandler = @Sendable (LanguageServer, JSONValue?) throws -> Void

  private(set) var requests: [String: RequestHandler] = [:]
  private(set) var notifications: [String: NotificationHandler] = [:]

  mutating func request<P: Decodable & Sendable, R: Encodable & Sendable>(
    _ method: String, _ params: P.Type, _ handler: @escaping @Sendable (LanguageServer, P) throws -> R
  ) {
    requests[method] = { server, raw in
      let result = try handler(server, try decodeParams(P.self, raw))
      return try encodeResult(result)
    }
  }

  mutating func request<R: Encodable & Sendable>(
    _ method: String, _ handler: @escaping @Sendable (LanguageServer) throws -> R
  ) {
    requests[method] = { server, _ in try encodeResult(try handler(server)) }
  }

  mutating func notification<P: Decodable & Sendable>(
    _ method: String, _ params: P.Type, _ handler: @escaping @Sendable (LanguageServer, P) throws -> Void
  ) {
    notifications[method] = { server, raw in try handler(server, try decodeParams(P.self, raw)) }
  }

  mutating func notification(_ method: String, _ handler: @escaping @Sendable (LanguageServer) -> Void) {
    notifications[method] = { server, _ in handler(server) }
  }
}

/// Decodes params; a failure is -32602 naming the field.
func decodeParams<P: Decodable>(_ type: P.Type, _ raw: JSONValue?) throws -> P {
  do { return try (raw ?? .object(JSONObject())).decode(P.self) } catch {
    throw ResponseError.invalidParams(describeDecodingError(error))
  }
}

func encodeResult<R: Encodable>(_ result: R) throws -> JSONValue {
  do { return try JSONValue(encoding: result) } catch {
    throw ResponseError.internalError("could not encode the result: \(error)")
  }
}

/// A result that is JSON `null` (`Optional.none` would otherwise be left out).
struct NullResult: Encodable, Sendable {
  func encode(to encoder: Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encodeNil()
  }
}
