import Foundation
import JSON
import Protocol
import Store
import Workspace

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

  /// Replaces the scalars in `start..<end` (scalar offsets) with
  /// `replacement`, in place: the line index turns scalar offsets into
  /// UTF-8 offsets, so a keystroke moves bytes and decodes nothing.
  mutating func replace(_ start: Int, _ end: Int, with replacement: String) {
    let utf8 = text.utf8
    let lower = utf8.index(utf8.startIndex, offsetBy: lineIndex.utf8Offset(ofScalar: start))
    let upper = utf8.index(utf8.startIndex, offsetBy: lineIndex.utf8Offset(ofScalar: end))
    text.replaceSubrange(lower..<upper, with: replacement)
    lineIndex = LineIndex(text)
  }
}

extension LanguageServer {
  func didOpen(_ params: DidOpenTextDocumentParams) {
    let item = params.textDocument
    let document = OpenDocument(uri: item.uri, version: item.version, text: item.text)
    documents[item.uri] = document
    indexOpenDocument(document)
    afterDocumentChange()
  }

  func didChange(_ params: DidChangeTextDocumentParams) throws {
    let uri = params.textDocument.uri
    guard var document = documents[uri] else {
      throw ResponseError.invalidParams("textDocument.uri: \(uri) is not open")
    }
    for change in params.contentChanges {
      if let range = change.range {
        let start = document.lineIndex.offset(line: range.start.line, character: range.start.character, encoding)
        let end = max(start, document.lineIndex.offset(line: range.end.line, character: range.end.character, encoding))
        document.replace(start, end, with: change.text)
      } else {
        document = OpenDocument(uri: uri, version: document.version, text: change.text)
      }
    }
    document.version = params.textDocument.version
    documents[uri] = document
    indexOpenDocument(document)
    afterDocumentChange()
  }

  func didClose(_ params: DidCloseTextDocumentParams) {
    let uri = params.textDocument.uri
    documents[uri] = nil
    tokenResults[uri] = nil
    workspace.close(path: key(for: uri))
    if !clientPullsDiagnostics { notify("textDocument/publishDiagnostics", ["uri": .string(uri), "diagnostics": []]) }
  }

  func didSave(_ params: DidSaveTextDocumentParams) {}

  /// The editor's text goes to the index; its line index (already built for
  /// the edit) serves position conversions, so a keystroke builds one, not two.
  func indexOpenDocument(_ document: OpenDocument) {
    let key = key(for: document.uri)
    workspace.update(path: key, text: document.text)
    if let revision = workspace.documents[key]?.revision { lineIndexes[key] = (revision, document.lineIndex) }
  }

  /// One document's text changed: its own tokens are fresh at the next
  /// request; other documents change only through shared entities, which
  /// the diagnostics and a refresh carry.
  func afterDocumentChange() {
    publishDiagnosticsIfPushing()
  }

  /// Files created, changed or deleted on disk (watched-file events).
  func didChangeWatchedFiles(_ params: DidChangeWatchedFilesParams) {
    var changed = false
    var store = Set<String>()
    for event in params.changes {
      let key = key(for: event.uri)
      guard key != event.uri else { continue }  // outside the workspace
      if key.hasPrefix("annotations/") {
        store.insert(key)
      } else if key.hasSuffix(".txt") {
        workspace.reloadFromDisk(path: key)
        changed = true
      }
    }
    if !store.isEmpty {
      // The log alone (this server's own corrections come back this way):
      // the rules are not compiled again, so nothing is read again for them.
      reloadRules(onlyCorrections: store == [CorrectionLog.path])
      changed = true
    }
    if changed { afterWorkspaceChange() }
  }

  /// Store files changed (rules, knowledge base, corrections — perhaps by
  /// another server): read them again, recompile, re-extract.
  func reloadRules(onlyCorrections: Bool = false) {
    // Both only set the reader wanted; the re-reading runs in the background.
    workspace.reloadCorrections()
    if !onlyCorrections { workspace.recompileRules() }
    for problem in workspace.ruleProblems { log(.warning, "\(problem)") }
    publishStoreDiagnostics()
  }
}
