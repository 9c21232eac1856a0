import JSON
import Protocol

extension LanguageServer {
  /// Every LSP method Gloss answers, and the handler for it.
  static func makeMethodTable() -> MethodTable {
    var table = MethodTable()
    // Lifecycle
    table.request("initialize", InitializeParams.self) { s, p in try s.initialize(p) }
    table.notification("initialized") { s in s.initialized() }
    table.request("shutdown") { s in s.shutdown() }
    // Text synchronisation
    table.notification("textDocument/didOpen", DidOpenTextDocumentParams.self) { s, p in s.didOpen(p) }
    table.notification("textDocument/didChange", DidChangeTextDocumentParams.self) { s, p in
      try s.didChange(p)
    }
    table.notification("textDocument/didClose", DidCloseTextDocumentParams.self) { s, p in s.didClose(p) }
    table.notification("textDocument/didSave", DidSaveTextDocumentParams.self) { s, p in s.didSave(p) }
    // Workspace
    table.notification("workspace/didChangeWatchedFiles", DidChangeWatchedFilesParams.self) { s, p in
      s.didChangeWatchedFiles(p)
    }
    table.notification("workspace/didChangeConfiguration", DidChangeConfigurationParams.self) { s, p in
      s.didChangeConfiguration(p)
    }
    // Highlights
    table.request("textDocument/semanticTokens/full", SemanticTokensParams.self) { s, p in try s.semanticTokensFull(p) }
    table.request("textDocument/semanticTokens/full/delta", SemanticTokensDeltaParams.self) { s, p in
      try s.semanticTokensDelta(p)
    }
    table.request("textDocument/semanticTokens/range", SemanticTokensRangeParams.self) { s, p in
      try s.semanticTokensRange(p)
    }
    table.request("textDocument/inlayHint", InlayHintParams.self) { s, p in try s.inlayHints(p) }
    table.request("textDocument/codeLens", DocumentSymbolParams.self) { s, p in try s.codeLenses(p) }
    // Hover and navigation
    table.request("textDocument/hover", TextDocumentPositionParams.self) { s, p in try s.hover(p) }
    table.request("textDocument/definition", TextDocumentPositionParams.self) { s, p in try s.definition(p) }
    table.request("textDocument/declaration", TextDocumentPositionParams.self) { s, p in try s.declaration(p) }
    table.request("textDocument/references", ReferenceParams.self) { s, p in try s.references(p) }
    table.request("textDocument/documentHighlight", TextDocumentPositionParams.self) { s, p in
      try s.documentHighlight(p)
    }
    table.request("textDocument/documentSymbol", DocumentSymbolParams.self) { s, p in try s.documentSymbol(p) }
    table.request("workspace/symbol", WorkspaceSymbolParams.self) { s, p in try s.workspaceSymbol(p) }
    // Corrections
    table.request("textDocument/codeAction", CodeActionParams.self) { s, p in try s.codeActions(p) }
    table.request("workspace/executeCommand", ExecuteCommandParams.self) { s, p in try s.executeCommand(p) }
    table.request("textDocument/prepareRename", TextDocumentPositionParams.self) { s, p in try s.prepareRename(p) }
    table.request("textDocument/rename", RenameParams.self) { s, p in try s.rename(p) }
    // Diagnostics
    table.request("textDocument/diagnostic", DocumentDiagnosticParams.self) { s, p in try s.documentDiagnostic(p) }
    return table
  }
}
