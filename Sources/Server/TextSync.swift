import JSON
import Protocol

/// A document the editor has open: the editor's text wins over the disk's.
struct OpenDocument {
  var uri: String
  var version: Int
  var text: String
  var lineIndex: LineIndex

  init(uri: String, version: Int, text: String) {
    self.uri = uri
    self.version = version
    self.text = text
    self.lineIndex = LineIndex(text)
  }

  /// Replaces the scalars in `start..<end` (scalar offsets) with `replacement`.
  mutating func replace(_ start: Int, _ end: Int, with replacement: String) {
    let scalars = text.unicodeScalars
    let lower = scalars.index(scalars.startIndex, offsetBy: start)
    let upper = scalars.index(lower, offsetBy: end - start)
    var updated = String.UnicodeScalarView()
    updated.append(contentsOf: scalars[..<lower])
    updated.append(contentsOf: replacement.unicodeScalars)
    updated.append(contentsOf: scalars[upper...])
    text = String(updated)
    lineIndex = LineIndex(text)
  }
}

extension LanguageServer {
  func didOpen(_ params: DidOpenTextDocumentParams) {
    let item = params.textDocument
    documents[item.uri] = OpenDocument(uri: item.uri, version: item.version, text: item.text)
  }

  func didChange(_ params: DidChangeTextDocumentParams) throws {
    let uri = params.textDocument.uri
    guard var document = documents[uri] else {
      throw ResponseError.invalidParams("textDocument.uri: \(uri) is not open")
    }
    for change in params.contentChanges {
      if let range = change.range {
        let start = offset(of: range.start, in: document)
        let end = max(start, offset(of: range.end, in: document))
        document.replace(start, end, with: change.text)
      } else {
        document = OpenDocument(uri: uri, version: document.version, text: change.text)
      }
    }
    document.version = params.textDocument.version
    documents[uri] = document
  }

  func didClose(_ params: DidCloseTextDocumentParams) {
    documents[params.textDocument.uri] = nil
  }

  func didSave(_ params: DidSaveTextDocumentParams) {}

  func offset(of position: Position, in document: OpenDocument) -> Int {
    document.lineIndex.offset(line: position.line, character: position.character, encoding)
  }

  func position(of offset: Int, in document: OpenDocument) -> Position {
    let (line, character) = document.lineIndex.position(of: offset, encoding)
    return Position(line: line, character: character)
  }
}
