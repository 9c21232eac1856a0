import Extraction
import JSON
import Protocol
import Workspace

/// Semantic tokens: one token per core mention, typed by label with standard
/// LSP token types so default themes colour each kind differently.
///
/// | label | token type | | label | token type |
/// |---|---|---|---|---|
/// | PERSON | `class` | | EVENT | `event` |
/// | ORG | `namespace` | | DOC | `string` |
/// | GPE, LOC | `enumMember` | | DATE, TIME | `number` |
/// | FAC | `property` | | NORP | `type` |
///
/// Modifiers: `definition` on an entity's defining mention, `modification`
/// on a span an analyst made or changed, `uncertain` (Gloss's own) on a
/// mention the tagger found with confidence under `uncertainBelow`, so an
/// editor can show guesses apart (Neovim: `@lsp.mod.uncertain`).
enum TokenLegend {
  static let types = ["class", "namespace", "enumMember", "property", "event", "string", "number", "type"]
  static let modifiers = ["definition", "modification", "uncertain"]
  static let uncertainBelow = 0.8

  static func type(of label: EntityLabel) -> UInt32 {
    switch label {
    case .PERSON: return 0
    case .ORG: return 1
    case .GPE, .LOC: return 2
    case .FAC: return 3
    case .EVENT: return 4
    case .DOC: return 5
    case .DATE, .TIME: return 6
    case .NORP, .TITLE: return 7
    }
  }

  static var json: JSONValue {
    ["tokenTypes": .array(types.map { .string($0) }), "tokenModifiers": .array(modifiers.map { .string($0) })]
  }
}

extension LanguageServer {
  /// The encoded tokens of a document (LSP's relative five-integer form).
  func tokenData(_ key: String, in range: (Int, Int)? = nil) -> [UInt32]? {
    guard let document = workspace.documents[key], let index = lineIndex(for: key) else { return nil }
    var data: [UInt32] = []
    data.reserveCapacity(document.mentions.count * 5)
    var previousLine = 0
    var previousCharacter = 0
    // Where each entity is defined, when it is here: looked up once per entity.
    var definedAt: [String: Int] = [:]
    for m in document.mentions where m.layer == .core {
      if let (start, end) = range, m.end <= start || m.start >= end { continue }
      let s = index.position(of: m.start, encoding)
      let e = index.position(of: m.end, encoding)
      guard s.line == e.line, e.character > s.character else { continue }  // tokens are single-line
      var modifiers: UInt32 = 0
      if let entity = m.entity {
        var start = definedAt[entity]
        if start == nil {
          start = definition(of: entity).flatMap { $0.path == key ? $0.mention.start : nil } ?? -1
          definedAt[entity] = start
        }
        if start == m.start { modifiers |= 1 }
      }
      if m.rule.origin.tier == .correction { modifiers |= 2 }
      if let confidence = m.confidence, confidence < TokenLegend.uncertainBelow { modifiers |= 4 }
      let deltaLine = s.line - previousLine
      let deltaCharacter = deltaLine == 0 ? s.character - previousCharacter : s.character
      data.append(UInt32(deltaLine))
      data.append(UInt32(deltaCharacter))
      data.append(UInt32(e.character - s.character))
      data.append(TokenLegend.type(of: m.label))
      data.append(modifiers)
      previousLine = s.line
      previousCharacter = s.character
    }
    return data
  }

  func semanticTokensFull(_ params: SemanticTokensParams) throws -> JSONValue {
    let key = key(for: params.textDocument.uri)
    guard let data = tokenData(key) else { return .null }
    nextTokenResultID += 1
    let id = String(nextTokenResultID)
    tokenResults[params.textDocument.uri] = (id, data)
    return ["resultId": .string(id), "data": .array(data.map { .int(Int64($0)) })]
  }

  /// A delta against the client's previous result: one edit replacing the
  /// integers between the common prefix and the common suffix.
  func semanticTokensDelta(_ params: SemanticTokensDeltaParams) throws -> JSONValue {
    let uri = params.textDocument.uri
    guard let previous = tokenResults[uri], previous.id == params.previousResultId else {
      return try semanticTokensFull(SemanticTokensParams(textDocument: params.textDocument))
    }
    guard let data = tokenData(key(for: uri)) else { return .null }
    nextTokenResultID += 1
    let id = String(nextTokenResultID)
    tokenResults[uri] = (id, data)
    let old = previous.data
    var prefix = 0
    while prefix < old.count && prefix < data.count && old[prefix] == data[prefix] { prefix += 1 }
    var suffix = 0
    while suffix < old.count - prefix && suffix < data.count - prefix
      && old[old.count - 1 - suffix] == data[data.count - 1 - suffix]
    {
      suffix += 1
    }
    if prefix == old.count && prefix == data.count { return ["resultId": .string(id), "edits": []] }
    let inserted = data[prefix..<(data.count - suffix)].map { JSONValue.int(Int64($0)) }
    let edit: JSONValue = [
      "start": .int(Int64(prefix)), "deleteCount": .int(Int64(old.count - prefix - suffix)), "data": .array(inserted),
    ]
    return ["resultId": .string(id), "edits": [edit]]
  }

  func semanticTokensRange(_ params: SemanticTokensRangeParams) throws -> JSONValue {
    let (key, start) = try offset(params.textDocument.uri, params.range.start)
    let (_, end) = try offset(params.textDocument.uri, params.range.end)
    guard let data = tokenData(key, in: (start, end)) else { return .null }
    return ["data": .array(data.map { .int(Int64($0)) })]
  }
}
