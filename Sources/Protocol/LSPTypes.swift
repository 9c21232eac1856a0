import JSON

// The LSP structures Gloss uses, declared once; `JSONValue.decode` and
// `JSONValue(encoding:)` map them (see the JSON target).

public struct Position: Codable, Sendable, Equatable, Hashable {
  public var line: Int
  public var character: Int
  public init(line: Int, character: Int) {
    self.line = line
    self.character = character
  }
}

public struct Range: Codable, Sendable, Equatable, Hashable {
  public var start: Position
  public var end: Position
  public init(start: Position, end: Position) {
    self.start = start
    self.end = end
  }
}

public struct Location: Codable, Sendable, Equatable, Hashable {
  public var uri: String
  public var range: Range
  public init(uri: String, range: Range) {
    self.uri = uri
    self.range = range
  }
}

public struct TextDocumentIdentifier: Codable, Sendable, Equatable {
  public var uri: String
  public init(uri: String) { self.uri = uri }
}

public struct VersionedTextDocumentIdentifier: Codable, Sendable, Equatable {
  public var uri: String
  public var version: Int
}

public struct TextDocumentItem: Codable, Sendable, Equatable {
  public var uri: String
  public var languageId: String
  public var version: Int
  public var text: String
}

public struct DidOpenTextDocumentParams: Codable, Sendable {
  public var textDocument: TextDocumentItem
}

public struct TextDocumentContentChangeEvent: Codable, Sendable {
  /// Absent for a whole-document replacement.
  public var range: Range?
  public var text: String
  public init(range: Range?, text: String) {
    self.range = range
    self.text = text
  }
}

public struct DidChangeTextDocumentParams: Codable, Sendable {
  public var textDocument: VersionedTextDocumentIdentifier
  public var contentChanges: [TextDocumentContentChangeEvent]
}

public struct DidCloseTextDocumentParams: Codable, Sendable {
  public var textDocument: TextDocumentIdentifier
}

public struct DidSaveTextDocumentParams: Codable, Sendable {
  public var textDocument: TextDocumentIdentifier
  public var text: String?
}

public struct TextDocumentPositionParams: Codable, Sendable {
  public var textDocument: TextDocumentIdentifier
  public var position: Position
}

public struct CancelParams: Codable, Sendable {
  public var id: JSONValue
}

public struct WorkspaceFolder: Codable, Sendable, Equatable {
  public var uri: String
  public var name: String
}

/// The parts of `initialize`'s params Gloss reads. Capabilities stay a JSON
/// tree: clients send large, version-dependent objects and we query a few paths.
public struct InitializeParams: Codable, Sendable {
  public var processId: Int?
  public var rootUri: String?
  public var rootPath: String?
  public var workspaceFolders: [WorkspaceFolder]?
  public var capabilities: JSONValue
  public var initializationOptions: JSONValue?
  public var clientInfo: ClientInfo?

  public struct ClientInfo: Codable, Sendable {
    public var name: String
    public var version: String?
  }
}

extension JSONValue {
  /// Follows a dotted path of object keys (`general.positionEncodings`).
  public func at(_ path: String) -> JSONValue? {
    var current: JSONValue? = self
    for key in path.split(separator: ".") { current = current?[String(key)] }
    return current
  }
}

public enum MessageType: Int, Codable, Sendable {
  case error = 1
  case warning = 2
  case info = 3
  case log = 4
}
