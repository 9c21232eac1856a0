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
  public init(textDocument: TextDocumentIdentifier, position: Position) {
    self.textDocument = textDocument
    self.position = position
  }
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

public struct SemanticTokensParams: Codable, Sendable {
  public var textDocument: TextDocumentIdentifier
  public init(textDocument: TextDocumentIdentifier) { self.textDocument = textDocument }
}

public struct SemanticTokensDeltaParams: Codable, Sendable {
  public var textDocument: TextDocumentIdentifier
  public var previousResultId: String
}

public struct SemanticTokensRangeParams: Codable, Sendable {
  public var textDocument: TextDocumentIdentifier
  public var range: Range
}

public struct ReferenceParams: Codable, Sendable {
  public struct Context: Codable, Sendable {
    public var includeDeclaration: Bool
  }
  public var textDocument: TextDocumentIdentifier
  public var position: Position
  public var context: Context?
}

public struct DocumentSymbolParams: Codable, Sendable {
  public var textDocument: TextDocumentIdentifier
}

public struct WorkspaceSymbolParams: Codable, Sendable {
  public var query: String
}

public struct InlayHintParams: Codable, Sendable {
  public var textDocument: TextDocumentIdentifier
  public var range: Range
}

public struct DocumentDiagnosticParams: Codable, Sendable {
  public var textDocument: TextDocumentIdentifier
  public var previousResultId: String?
}

public struct FileEvent: Codable, Sendable {
  public var uri: String
  /// 1 created, 2 changed, 3 deleted.
  public var type: Int
}

public struct DidChangeWatchedFilesParams: Codable, Sendable {
  public var changes: [FileEvent]
}

public struct DidChangeConfigurationParams: Codable, Sendable {
  public var settings: JSONValue?
}

public struct Diagnostic: Codable, Sendable, Equatable {
  public var range: Range
  /// 1 error, 2 warning, 3 information, 4 hint.
  public var severity: Int
  public var source: String
  public var message: String
  public var code: String?
  public init(range: Range, severity: Int, message: String, code: String? = nil, source: String = "gloss") {
    self.range = range
    self.severity = severity
    self.source = source
    self.message = message
    self.code = code
  }
}

extension Position {
  public var json: JSONValue { ["line": .int(Int64(line)), "character": .int(Int64(character))] }
}

extension Range {
  public var json: JSONValue { ["start": start.json, "end": end.json] }
}

extension Location {
  public var json: JSONValue { ["uri": .string(uri), "range": range.json] }
}

public struct CodeActionParams: Codable, Sendable {
  public var textDocument: TextDocumentIdentifier
  public var range: Range
}

public struct ExecuteCommandParams: Codable, Sendable {
  public var command: String
  public var arguments: [JSONValue]?
  public init(command: String, arguments: [JSONValue]?) {
    self.command = command
    self.arguments = arguments
  }
}

public struct RenameParams: Codable, Sendable {
  public var textDocument: TextDocumentIdentifier
  public var position: Position
  public var newName: String
}
