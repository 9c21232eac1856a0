import JSON

/// The shapes of the lines in a rules file (`annotations/rules/*.jsonl` and
/// the built-in `Resources/*.jsonl`), one JSON object a line, told apart by
/// `type`. Declared once as Codable structs; the JSON target maps them.
enum RuleRecord {
  case comment
  case entity(EntityRecord)
  case country(CountryRecord)
  case list(ListRecord)
  case pattern(PatternRecord)

  static func decode(_ value: JSONValue) throws -> RuleRecord {
    guard case .object = value else { throw RecordError(field: nil, message: "a rule must be a JSON object") }
    guard let type = value["type"]?.stringValue else {
      throw RecordError(field: "type", message: "missing; one of entity, country, list, pattern, comment")
    }
    do {
      switch type {
      case "comment": return .comment
      case "entity", "gazetteer": return .entity(try value.decode(EntityRecord.self))
      case "country": return .country(try value.decode(CountryRecord.self))
      case "list": return .list(try value.decode(ListRecord.self))
      case "pattern": return .pattern(try value.decode(PatternRecord.self))
      default:
        throw RecordError(
          field: "type", message: "unknown type \"\(type)\"; one of entity, country, list, pattern, comment")
      }
    } catch let error as RecordError {
      throw error
    } catch {
      let text = describeDecodingError(error)
      let field = text.split(separator: ":").first.map(String.init)
      throw RecordError(field: field, message: String(text.dropFirst((field?.count ?? 0) + 2)))
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
}

/// A named word list that patterns refer to (`"list": "org_heads"`).
struct ListRecord: Codable {
  var name: String
  var words: [String]
  var description: String?
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

  enum CodingKeys: String, CodingKey {
    case lower, list, shape, ent, space, op, peek
    case notList = "not_list"
    case notLower = "not_lower"
  }
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
