import JSON
import Protocol

extension LanguageServer {
  /// Every LSP method Gloss answers, and the handler for it.
  static func makeMethodTable() -> MethodTable {
    var table = MethodTable()
    // Lifecycle
    table.request("initialize", InitializeParams.self) { s, p in try s.initialize(p) }
    table.notification("initialized") { _ in }
    table.request("shutdown") { s in s.shutdown() }
    // Text synchronisation
    table.notification("textDocument/didOpen", DidOpenTextDocumentParams.self) { s, p in s.didOpen(p) }
    table.notification("textDocument/didChange", DidChangeTextDocumentParams.self) { s, p in
      try s.didChange(p)
    }
    table.notification("textDocument/didClose", DidCloseTextDocumentParams.self) { s, p in s.didClose(p) }
    table.notification("textDocument/didSave", DidSaveTextDocumentParams.self) { s, p in s.didSave(p) }
    return table
  }
}
