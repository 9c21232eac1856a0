import JSON
import Protocol
import Workspace

/// Diagnostics: pulled (`textDocument/diagnostic`) when the client supports
/// it, pushed (`textDocument/publishDiagnostics`) otherwise.
extension LanguageServer {
  var clientPullsDiagnostics: Bool { clientCapabilities.at("textDocument.diagnostic") != nil }

  func diagnostics(for key: String) -> [Diagnostic] {
    guard let index = lineIndex(for: key) else { return [] }
    // A reading an analyst made or accepted is settled: no second look.
    let findings = workspace.findings(in: key).filter { finding in
      workspace.mention(at: finding.start, in: key)?.rule.origin.tier != .correction
    }
    let found = findings.map { finding in
      Diagnostic(
        range: range(finding.start, finding.end, in: index), severity: finding.kind == .ambiguous ? 3 : 4,
        message: finding.message, code: finding.kind.rawValue)
    }
    // The review queue: what the tagger is less than 80% sure of.
    let review = workspace.lowConfidenceMentions(in: key).map { m in
      Diagnostic(
        range: range(m.start, m.end, in: index), severity: 4,
        message:
          "the tagger is \(Int(((m.confidence ?? 0) * 100).rounded()))% sure “\(m.text)” is \(m.label.rawValue): "
          + "Accept, or Not an entity",
        code: ReviewQueue.lowConfidenceCode)
    }
    return (found + review).sorted {
      ($0.range.start.line, $0.range.start.character) < ($1.range.start.line, $1.range.start.character)
    }
  }

  func documentDiagnostic(_ params: DocumentDiagnosticParams) throws -> JSONValue {
    let key = key(for: params.textDocument.uri)
    guard workspace.documents[key] != nil else {
      throw ResponseError.invalidParams(
        "textDocument.uri: \(params.textDocument.uri) is not open and not in the workspace")
    }
    return ["kind": "full", "items": try JSONValue(encoding: diagnostics(for: key))]
  }

  /// Pushes diagnostics for every open document (clients without pull).
  func publishDiagnosticsIfPushing() {
    guard !clientPullsDiagnostics else { return }
    for (uri, _) in documents.sorted(by: { $0.key < $1.key }) {
      let items = (try? JSONValue(encoding: diagnostics(for: key(for: uri)))) ?? []
      notify("textDocument/publishDiagnostics", ["uri": .string(uri), "diagnostics": items])
    }
  }
}
