import Extraction
import Foundation
import JSON
import Protocol
import Workspace

/// Hover: a Markdown card on an entity — who or what it is, where else it
/// appears, and why Gloss thinks so.
extension LanguageServer {
  func hover(_ params: TextDocumentPositionParams) throws -> JSONValue {
    let (key, offset) = try offset(params.textDocument.uri, params.position)
    guard let index = lineIndex(for: key), !index.isPastEnd(params.position, encoding),
      let mention = workspace.mention(at: offset, in: key)
    else { return .null }
    let markdown: String
    if let entity = mention.entity, let summary = workspace.summary(entity) {
      markdown = card(summary, mention)
    } else if mention.label == .DATE || mention.label == .TIME {
      markdown = dateCard(mention, in: key)
    } else {
      // A title of no one: the label and the rule.
      markdown = "**\(markdownEscaped(mention.text))** · \(Self.kindName(mention.label))\n\n" + source(mention.rule)
    }
    return [
      "contents": ["kind": "markdown", "value": .string(markdown)],
      "range": try JSONValue(encoding: range(mention.start, mention.end, in: index)),
    ]
  }

  /// A DATE or TIME: its text, its normalised value (TIMEX3 / ISO 8601) and
  /// what the value was resolved against, and the rule.
  func dateCard(_ mention: Mention, in path: String) -> String {
    let settings = workspace.store?.settings().0.documentDate
    let mentions = workspace.documents[path]?.mentions ?? []
    let reference = DateValues.documentDate(path: path, mentions: mentions, settings: settings)
    var lines = ["**\(markdownEscaped(mention.text))** · \(Self.kindName(mention.label))"]
    if let value = DateValues.value(of: mention, reference: reference) {
      lines.append("Value: `\(value)`" + (value.contains("X") ? " (partly unresolved)" : ""))
    } else {
      lines.append("Value: unresolved" + (reference == nil ? " (no document date)" : ""))
    }
    if let reference {
      let fromText = settings?.byPath[path] == nil && Temporal.documentDate(in: mentions) != nil
      lines.append("Document date: \(reference) (\(fromText ? "from the text" : "annotations/gloss.json"))")
    }
    lines.append(source(mention.rule))
    return lines.joined(separator: "\n\n")
  }

  static func kindName(_ label: EntityLabel) -> String {
    switch label {
    case .PERSON: return "person"
    case .NORP: return "nationality or group"
    case .ORG: return "organisation"
    case .GPE: return "country, city or state"
    case .LOC: return "place"
    case .FAC: return "facility"
    case .EVENT: return "event"
    case .DOC: return "agreement or document"
    case .DATE: return "date"
    case .TIME: return "time"
    case .TITLE: return "title"
    }
  }

  func card(_ s: EntitySummary, _ hovered: Mention) -> String {
    var lines: [String] = []
    var head = "**\(markdownEscaped(s.name))** · \(Self.kindName(s.label))"
    if let title = s.titles.first { head += " · \(markdownEscaped(title))" }
    lines.append(head)
    if let description = s.description { lines.append("_\(markdownEscaped(description))_") }
    if s.titles.count > 1 { lines.append("Titles: " + s.titles.map(markdownEscaped).joined(separator: " · ")) }
    if !s.aliases.isEmpty { lines.append("Also: " + s.aliases.prefix(8).map(markdownEscaped).joined(separator: " · ")) }
    lines.append(
      "Mentions: \(s.mentions) in \(s.documents) document\(s.documents == 1 ? "" : "s") · id `\(s.id)`")
    if let first = workspace.firstMention(s.id) {
      lines.append("First mention: \(first.path):\(line(of: first)) — “\(markdownEscaped(quote(first)))”")
    }
    let companions = workspace.companions(s.id)
    if !companions.isEmpty {
      let names = companions.map { c in
        "\(markdownEscaped(workspace.summaryName(c.id))) (\(c.documents))"
      }
      lines.append("Appears with: " + names.joined(separator: ", "))
    }
    lines.append(source(hovered.rule, confidence: hovered.confidence))
    return lines.joined(separator: "\n\n")
  }

  /// Where the label came from: a rule, a knowledge-base entry, or an analyst's correction.
  func source(_ rule: RuleRef, confidence: Double? = nil) -> String {
    if let confidence {
      return "Source: model, \(String(format: "%.2f", confidence)) (the statistical tagger; no rule found this)"
    }
    let place = "\(rule.origin.file):\(rule.origin.line)"
    switch rule.origin.tier {
    case .correction:
      guard let info = workspace.correctionSource(rule) else { return "Source: analyst correction" }
      return
        "Source: analyst correction by \(markdownEscaped(info.author)) on \(info.created.prefix(10)) (`\(info.id)`, \(place))"
    case .workspace:
      if rule.kind.namesAnEntity { return "Source: knowledge base `\(rule.id)` (\(place))" }
      return "Source: workspace rule `\(rule.id)` (\(place))"
    case .builtIn:
      if rule.kind.namesAnEntity { return "Source: knowledge base `\(rule.id)` (built-in \(place))" }
      return "Source: rule `\(rule.id)` (built-in \(rule.origin.file))"
    }
  }

  func line(of ref: MentionRef) -> Int {
    (lineIndex(for: ref.path)?.position(of: ref.mention.start, .utf32).line ?? 0) + 1
  }

  /// The sentence-ish context around a mention, at most ~100 characters.
  func quote(_ ref: MentionRef) -> String {
    guard let text = workspace.documents[ref.path]?.text else { return ref.mention.text }
    let scalars = Array(text.unicodeScalars)
    var start = max(0, ref.mention.start - 50)
    var end = min(scalars.count, ref.mention.end + 50)
    if let lineStart = (start..<ref.mention.start).last(where: { scalars[$0] == "\n" }) {
      start = lineStart + 1
    } else if start > 0, let space = (start..<ref.mention.start).first(where: { scalars[$0] == " " }) {
      start = space + 1  // whole words only
    }
    if let lineEnd = (ref.mention.end..<end).first(where: { scalars[$0] == "\n" }) {
      end = lineEnd
    } else if end < scalars.count, let space = (ref.mention.end..<end).last(where: { scalars[$0] == " " }) {
      end = space
    }
    var view = String.UnicodeScalarView()
    view.append(contentsOf: scalars[start..<end])
    let prefix = start > 0 && scalars[start - 1] != "\n" ? "…" : ""
    let suffix = end < scalars.count && scalars[end] != "\n" ? "…" : ""
    return prefix + String(view).trimmingWhitespace + suffix
  }

  func markdownEscaped(_ text: String) -> String {
    var out = ""
    for c in text {
      if "\\`*_[]<>#|".contains(c) { out.append("\\") }
      out.append(c)
    }
    return out
  }
}

extension WorkspaceIndex {
  /// The display name of an entity.
  func summaryName(_ id: String) -> String {
    renamed(id) ?? rules.entities[id]?.name ?? definition(id)?.mention.canonicalName ?? definition(id)?.mention.text
      ?? id
  }
}

extension String {
  var trimmingWhitespace: String {
    var s = Substring(self)
    while let c = s.first, c.isWhitespace { s.removeFirst() }
    while let c = s.last, c.isWhitespace { s.removeLast() }
    return String(s)
  }
}
