import Extraction
import JSON
import Protocol
import Workspace

/// Code actions: each carries a `gloss.*` command the server executes.
extension LanguageServer {
  func codeActions(_ params: CodeActionParams) throws -> JSONValue {
    let uri = params.textDocument.uri
    let (key, start) = try offset(uri, params.range.start)
    let (_, end) = try offset(uri, params.range.end)
    guard root != nil, key != uri else { return [] }  // corrections only inside the workspace
    let rangeJSON = params.range.json
    var actions: [JSONValue] = []
    func action(_ title: String, _ command: GlossCommand, _ extra: JSONObject = [:], kind: String = "quickfix") {
      var args: JSONObject = ["uri": .string(uri), "range": rangeJSON]
      for entry in extra { args[entry.key] = entry.value }
      actions.append(
        [
          "title": .string(title), "kind": .string(kind),
          "command": ["title": .string(title), "command": .string(command.rawValue), "arguments": [.object(args)]],
        ])
    }
    let mention = workspace.mention(at: start, in: key).flatMap { $0.layer == .core && end <= $0.end ? $0 : nil }
    let isExactMention = mention.map { $0.start == start && $0.end == end } ?? false
    if end > start && !isExactMention {
      for label in EntityLabel.core {
        action("Annotate as \(label.rawValue)", .annotate, ["label": .string(label.rawValue)])
      }
      for label in EntityLabel.core {
        action(
          "Annotate as \(label.rawValue) only in this document", .annotate,
          ["label": .string(label.rawValue), "scope": "document"])
      }
    }
    if let mention {
      let name = "“\(mention.text)”"
      action("Not an entity: \(name)", .reject)
      action("Not an entity: \(name) only in this document", .reject, ["scope": "document"])
      for label in EntityLabel.core where label != mention.label {
        action("Change kind of \(name) to \(label.rawValue)", .retype, ["label": .string(label.rawValue)])
      }
      for candidate in sameEntityCandidates(mention) {
        action(
          "Same entity as \(candidate.name) (\(candidate.id))", .link, ["entity": .string(candidate.id)],
          kind: "refactor")
      }
      if mention.entity != nil {
        action("Unlink \(name) from \(workspace.summaryName(mention.entity!))", .unlink, kind: "refactor")
        action("Pin \(name) as the definition", .pin, kind: "refactor")
      }
      if let correction = workspace.correction(of: mention) {
        action(
          "Remove my correction (\(correction.action.rawValue) by \(correction.author))", .remove,
          ["correction": .string(correction.id)])
      }
    }
    return .array(actions)
  }

  /// Entities of the same kind whose names share a word with the mention,
  /// most shared words first (at most five).
  func sameEntityCandidates(_ mention: Mention) -> [(id: String, name: String)] {
    let words = Set(Folding.key(mention.text).split(separator: " ").map(String.init))
    var scored: [(Int, String, String)] = []
    for summary in workspace.search(mention.text, limit: 40) where summary.id != mention.entity {
      guard summary.label == mention.label else { continue }
      let shared = words.intersection(Folding.key(summary.name).split(separator: " ").map(String.init)).count
      scored.append((shared, summary.id, summary.name))
    }
    for word in words where word.count > 2 {
      for summary in workspace.search(word, limit: 20)
      where summary.id != mention.entity && summary.label == mention.label
        && !scored.contains(where: { $0.1 == summary.id })
      {
        scored.append((1, summary.id, summary.name))
      }
    }
    return scored.sorted { ($0.0, $1.1) > ($1.0, $0.1) }.prefix(5).map { ($0.1, $0.2) }
  }
}
