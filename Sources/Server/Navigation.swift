import Extraction
import JSON
import Protocol
import Workspace

/// Definition, declaration, references and document highlights.
extension LanguageServer {
  /// A document-symbol group's name: the kind in the plural (“Facilities”, not “Facilitys”).
  static func groupName(_ label: EntityLabel) -> String {
    switch label {
    case .PERSON: return "People"
    case .NORP: return "Nationalities and groups"
    case .ORG: return "Organisations"
    case .GPE: return "Countries, cities and states"
    case .LOC: return "Places"
    case .FAC: return "Facilities"
    case .EVENT: return "Events"
    case .DOC: return "Agreements and documents"
    case .DATE: return "Dates"
    case .TIME: return "Times"
    case .TITLE: return "Titles"
    }
  }

  func entityAt(_ params: TextDocumentPositionParams) throws -> (key: String, mention: Mention, entity: String)? {
    let (key, offset) = try offset(params.textDocument.uri, params.position)
    guard let mention = workspace.mention(at: offset, in: key), let entity = mention.entity else { return nil }
    return (key, mention, entity)
  }

  /// The defining mention: the first full-name mention in corpus order, or
  /// the one an analyst pinned.
  func definition(_ params: TextDocumentPositionParams) throws -> JSONValue {
    guard let (_, _, entity) = try entityAt(params), let ref = definition(of: entity), let location = location(ref)
    else { return .null }
    return try JSONValue(encoding: location)
  }

  /// The entity's record in `annotations/entities.jsonl` when it has one,
  /// else the definition.
  func declaration(_ params: TextDocumentPositionParams) throws -> JSONValue {
    guard let (_, _, entity) = try entityAt(params) else { return .null }
    if let rule = workspace.rules.entities[entity]?.rule, rule.origin.tier == .workspace, let root {
      let line = max(0, rule.origin.line - 1)
      let uri = DocumentURI.fileURI(forPath: root.appendingPathComponent(rule.origin.file).path)
      let position = Position(line: line, character: 0)
      return try JSONValue(encoding: Location(uri: uri, range: Range(start: position, end: position)))
    }
    return try definition(params)
  }

  func references(_ params: ReferenceParams) throws -> JSONValue {
    let position = TextDocumentPositionParams(textDocument: params.textDocument, position: params.position)
    guard let (_, _, entity) = try entityAt(position) else { return .null }
    var refs = workspace.references(entity)
    if params.context?.includeDeclaration == false, let definition = definition(of: entity) {
      refs.removeAll { $0.path == definition.path && $0.mention.start == definition.mention.start }
    }
    // Built directly: a common entity can have 100,000 mentions.
    return .array(refs.compactMap { ref in location(ref).map(\.json) })
  }

  func documentHighlight(_ params: TextDocumentPositionParams) throws -> JSONValue {
    guard let (key, _, entity) = try entityAt(params), let document = workspace.documents[key],
      let index = lineIndex(for: key)
    else { return .null }
    let definition = definition(of: entity)
    let items: [JSONValue] = document.mentions.filter { $0.layer == .core && $0.entity == entity }.map { m in
      let isDefinition = definition?.path == key && definition?.mention.start == m.start
      // Kind 3 (write) marks the defining mention, 1 (text) the others.
      return [
        "range": (try? JSONValue(encoding: range(m.start, m.end, in: index))) ?? .null, "kind": isDefinition ? 3 : 1,
      ]
    }
    return .array(items)
  }
}

/// Symbols: the document's entities grouped by kind, and entities by name
/// across the workspace.
extension LanguageServer {
  static func symbolKind(_ label: EntityLabel) -> Int {
    // LSP SymbolKind: Class 5, Namespace 3, EnumMember 22, Property 7, Event 24, String 15, Number 16, TypeParameter 26.
    switch label {
    case .PERSON: return 5
    case .ORG: return 3
    case .GPE, .LOC: return 22
    case .FAC: return 7
    case .EVENT: return 24
    case .DOC: return 15
    case .DATE, .TIME: return 16
    case .NORP, .TITLE: return 26
    }
  }

  func documentSymbol(_ params: DocumentSymbolParams) throws -> JSONValue {
    let key = key(for: params.textDocument.uri)
    guard let document = workspace.documents[key], let index = lineIndex(for: key) else { return .null }
    var groups: [EntityLabel: [(String, [Mention])]] = [:]
    for m in document.mentions where m.layer == .core {
      let name = m.entity.map { workspace.summaryName($0) } ?? m.text
      let id = m.entity ?? "\(m.label.rawValue):\(m.text)"
      if let i = groups[m.label]?.firstIndex(where: { $0.0 == id }) {
        groups[m.label]![i].1.append(m)
      } else {
        groups[m.label, default: []].append((id, [m]))
        _ = name
      }
    }
    var out: [JSONValue] = []
    for label in EntityLabel.core where groups[label] != nil {
      let entries = groups[label]!
      var children: [JSONValue] = []
      for (id, mentions) in entries {
        let first = mentions[0]
        let name = first.entity.map { workspace.summaryName($0) } ?? first.text
        children.append(
          [
            "name": .string(name), "detail": .string(mentions.count == 1 ? id : "\(id) · \(mentions.count) mentions"),
            "kind": .int(Int64(Self.symbolKind(label))),
            "range": try JSONValue(encoding: range(first.start, mentions.last!.end, in: index)),
            "selectionRange": try JSONValue(encoding: range(first.start, first.end, in: index)),
          ])
      }
      let all = entries.flatMap(\.1)
      let start = all.map(\.start).min()!
      let end = all.map(\.end).max()!
      out.append(
        [
          "name": .string(Self.groupName(label)), "detail": .string(label.rawValue),
          "kind": .int(Int64(Self.symbolKind(label))),
          "range": try JSONValue(encoding: range(start, end, in: index)),
          "selectionRange": try JSONValue(encoding: range(first(all).start, first(all).end, in: index)),
          "children": .array(children),
        ])
    }
    return .array(out)
  }

  private func first(_ mentions: [Mention]) -> Mention { mentions.min { $0.start < $1.start }! }

  func workspaceSymbol(_ params: WorkspaceSymbolParams) throws -> JSONValue {
    var out: [JSONValue] = []
    for summary in workspace.search(params.query) {
      guard let location = location(summary.definition) else { continue }
      out.append(
        [
          "name": .string(summary.name), "kind": .int(Int64(Self.symbolKind(summary.label))),
          "containerName": .string(summary.label.rawValue), "location": try JSONValue(encoding: location),
        ])
    }
    return .array(out)
  }

  /// Inlay hints naming each mention's kind: the highlighting fallback for
  /// editors without semantic tokens; off unless `gloss.inlayHints` is on.
  func inlayHints(_ params: InlayHintParams) throws -> JSONValue {
    guard settings.inlayHints else { return [] }
    let (key, start) = try offset(params.textDocument.uri, params.range.start)
    let (_, end) = try offset(params.textDocument.uri, params.range.end)
    guard let document = workspace.documents[key], let index = lineIndex(for: key) else { return .null }
    var out: [JSONValue] = []
    for m in document.mentions where m.layer == .core && m.end > start && m.start < end {
      let p = index.position(of: m.end, encoding)
      out.append(
        [
          "position": ["line": .int(Int64(p.line)), "character": .int(Int64(p.character))],
          "label": .string(m.label.rawValue), "kind": 1, "paddingLeft": true,
        ])
    }
    return .array(out)
  }
}

extension String {
  var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
