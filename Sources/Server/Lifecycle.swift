import JSON
import Protocol

extension LanguageServer {
  func initialize(_ params: InitializeParams) throws -> JSONValue {
    guard lifecycle == .uninitialized else { throw ResponseError.invalidRequest("initialize was already called") }
    clientCapabilities = params.capabilities
    let offered = params.capabilities.at("general.positionEncodings")?.arrayValue?.compactMap(\.stringValue)
    encoding = PositionEncoding.negotiate(clientOffers: offered)
    lifecycle = .running
    return [
      "capabilities": capabilities(),
      "serverInfo": ["name": "gloss", "version": .string(Self.version)],
    ]
  }

  func capabilities() -> JSONValue {
    [
      "positionEncoding": .string(encoding.rawValue),
      "textDocumentSync": [
        "openClose": true,
        "change": 2,  // incremental
        "save": ["includeText": false],
      ],
    ]
  }

  func shutdown() -> NullResult {
    lifecycle = .shutDown
    return NullResult()
  }
}
