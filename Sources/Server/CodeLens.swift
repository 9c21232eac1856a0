import Extraction
import JSON
import Protocol
import Workspace

/// Code lenses, opt-in (`gloss.codeLens`): over each entity's first mention
/// in the document, what it is and how widely it is mentioned; at the top,
/// how many mentions wait in the review queue. Display only: their commands
/// are empty.
extension LanguageServer {
  func codeLenses(_ params: DocumentSymbolParams) throws -> JSONValue {
    guard settings.codeLens else { return [] }
    let key = key(for: params.textDocument.uri)
    guard let document = workspace.documents[key], let index = lineIndex(for: key) else { return [] }
    var out: [JSONValue] = []
    func lens(_ start: Int, _ end: Int, _ title: String) throws {
      out.append(
        [
          "range": try JSONValue(encoding: range(start, end, in: index)),
          "command": ["title": .string(title), "command": ""],
        ])
    }
    let review = workspace.lowConfidenceMentions(in: key)
    if !review.isEmpty {
      let first = review[0]
      try lens(
        first.start, first.end,
        "Review: \(review.count) mention\(review.count == 1 ? "" : "s") the tagger is unsure of")
    }
    var seen = Set<String>()
    for m in document.mentions where m.layer == .core {
      guard let id = m.entity, seen.insert(id).inserted, let summary = workspace.summary(id) else { continue }
      let documents = "\(summary.documents) document\(summary.documents == 1 ? "" : "s")"
      try lens(
        m.start, m.end,
        "\(summary.name) · \(Self.kindName(summary.label)) · \(summary.mentions) mention\(summary.mentions == 1 ? "" : "s") in \(documents)"
      )
    }
    return .array(out)
  }
}
