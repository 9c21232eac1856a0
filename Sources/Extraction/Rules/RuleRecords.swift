import JSON

/// The shapes of the lines in a rules file (`annotations/rules/*.jsonl` and
/// the built-in `Resources/*.jsonl`), one JSON object a line, told apart by
/// `type`. Declared once as Codable structs; the JSON target maps them.
///
/// A key a record does not declare is an error, as in spaCy's
/// `TokenPatternSchema` (`extra = "forbid"`): a misspelt `"lowr"` would
/// otherwise be dropped and leave an element that matches anything. Only
/// `comment` lines may hold what they like.
enum RuleRecord {
  case comment
  case entity(EntityRecord)
  case country(CountryRecord)
  case list(ListRecord)
  case pattern(PatternRecord)
  case test(TestRecord)

  static let types = "entity, country, list, pattern, test, comment"

  static func decode(_ value: JSONValue) throws -> RuleRecord {
    guard case .object(let object) = value else {
      throw RecordError(field: nil, message: "a rule must be a JSON object")
    }
    guard let type = value["type"]?.stringValue else {
      throw RecordError(field: "type", message: "missing; one of \(types)")
    }
    do {
      switch type {
      case "comment": return .comment
      case "entity", "gazetteer":
        try checkKeys(object, EntityRecord.CodingKeys.self)
        return .entity(try value.decode(EntityRecord.self))
      case "country":
        try checkKeys(object, CountryRecord.CodingKeys.self)
        return .country(try value.decode(CountryRecord.self))
      case "list":
        try checkKeys(object, ListRecord.CodingKeys.self)
        return .list(try value.decode(ListRecord.self))
      case "pattern":
        try checkKeys(object, PatternRecord.CodingKeys.self)
        try checkElementKeys(object["pattern"], "pattern", PatternElementRecord.CodingKeys.self)
        return .pattern(try value.decode(PatternRecord.self))
      case "test":
        try checkKeys(object, TestRecord.CodingKeys.self)
        try checkElementKeys(object["expect"], "expect", TestRecord.Expectation.CodingKeys.self)
        try checkElementKeys(object["reject"], "reject", TestRecord.Expectation.CodingKeys.self)
        return .test(try value.decode(TestRecord.self))
      default:
        throw RecordError(field: "type", message: "unknown type \"\(type)\"; one of \(types)")
      }
    } catch let error as RecordError {
      throw error
    } catch {
      let text = describeDecodingError(error)
      let field = text.split(separator: ":").first.map(String.init)
      throw RecordError(field: field, message: String(text.dropFirst((field?.count ?? 0) + 2)))
    }
  }

  /// Throws for the first key of `object` (in line order) that is neither
  /// `type` nor one of `Keys`.
  static func checkKeys<Keys: CodingKey & CaseIterable>(
    _ object: JSONObject, _ keys: Keys.Type, field: String? = nil
  ) throws {
    let allowed = Set(Keys.allCases.map(\.stringValue))
    for key in object.keys where !allowed.contains(key) && (field != nil || key != "type") {
      throw RecordError(field: field, message: "unknown key \"\(key)\"")
    }
  }

  /// The same for each object of an array field (`pattern[2]`, `expect[0]`).
  static func checkElementKeys<Keys: CodingKey & CaseIterable>(
    _ value: JSONValue?, _ name: String, _ keys: Keys.Type
  ) throws {
    for (index, element) in (value?.arrayValue ?? []).enumerated() {
      if let object = element.objectValue { try checkKeys(object, keys, field: "\(name)[\(index)]") }
    }
  }
}

struct RecordError: Error {
  var field: String?
  var message: String
}

/// A gazetteer entry: a phrase and its other names → label, id, canonical name.
struct EntityRecord: Codable {
  var id: String?
  var label: String
  var name: String
  var aliases: [String]?
  var description: String?

  enum CodingKeys: String, CodingKey, CaseIterable { case id, label, name, aliases, description }
}

/// A country: its GPE names, its demonyms (NORP), its capital (GPE), and the
/// official names of its ministries where they differ from the usual ones.
struct CountryRecord: Codable {
  var id: String?
  var name: String
  var aliases: [String]?
  var demonyms: [String]?
  var capital: String?
  var capitalAliases: [String]?
  var ministries: [String: String]?

  enum CodingKeys: String, CodingKey, CaseIterable {
    case id, name, aliases, demonyms, capital, capitalAliases, ministries
  }
}

/// A named word list that patterns refer to (`"list": "org_heads"`).
struct ListRecord: Codable {
  var name: String
  var words: [String]
  var description: String?

  enum CodingKeys: String, CodingKey, CaseIterable { case name, words, description }
}

/// A token pattern in the spirit of spaCy's Matcher.
struct PatternRecord: Codable {
  var id: String
  var label: String
  var layer: String?
  /// Patterns run in stages; `ent` sees the spans that earlier stages kept.
  var stage: Int?
  var minTokens: Int?
  /// Scalars to drop from the end of the match (`Governments support` → `Government`).
  var trimEnd: Int?
  var pattern: [PatternElementRecord]

  enum CodingKeys: String, CodingKey, CaseIterable { case id, label, layer, stage, minTokens, trimEnd, pattern }
}

struct PatternElementRecord: Codable {
  var lower: OneOrMany?
  var list: OneOrMany?
  var notList: OneOrMany?
  var notLower: OneOrMany?
  var shape: String?
  var ent: OneOrMany?
  var space: Bool?
  var op: String?
  var peek: Bool?

  enum CodingKeys: String, CodingKey, CaseIterable {
    case lower, list, shape, ent, space, op, peek
    case notList = "not_list"
    case notLower = "not_lower"
  }
}

/// An example the rules must read a certain way, run by `gloss check`:
/// `{"type":"test","text":"…","expect":[{"text":"Acme Widgets","label":"ORG"}],"reject":[{"text":"Acme"}]}`.
/// Each `expect` is a mention the rules must find with exactly that text (and
/// that label and entity id, when given); each `reject` one they must not.
struct TestRecord: Codable {
  var text: String
  var expect: [Expectation]?
  var reject: [Expectation]?
  var description: String?

  struct Expectation: Codable {
    var text: String
    var label: String?
    var entity: String?

    enum CodingKeys: String, CodingKey, CaseIterable { case text, label, entity }
  }

  enum CodingKeys: String, CodingKey, CaseIterable { case text, expect, reject, description }
}

/// A string or a list of strings.
struct OneOrMany: Codable {
  var values: [String]
  init(from decoder: Decoder) throws {
    let container = try decoder.singleValueContainer()
    if let one = try? container.decode(String.self) {
      values = [one]
    } else {
      values = try container.decode([String].self)
    }
  }
  func encode(to encoder: Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(values)
  }
}
