/// The labels of docs/ANNOTATION-GUIDELINES.md: the core layer's ten and TITLE.
public enum EntityLabel: String, CaseIterable, Sendable, Codable, Comparable {
  case PERSON, NORP, ORG, GPE, LOC, FAC, EVENT, DOC, DATE, TIME, TITLE

  public static func < (a: EntityLabel, b: EntityLabel) -> Bool { a.rawValue < b.rawValue }

  /// DATE and TIME carry no entity id.
  public var isLinked: Bool { self != .DATE && self != .TIME }
  public static let core: [EntityLabel] = allCases.filter { $0 != .TITLE }
}

public enum Layer: String, Sendable, Codable {
  case core, title
}

/// Where a rule came from, for hover's "why" and for error messages.
public struct RuleOrigin: Sendable, Hashable, CustomStringConvertible {
  public enum Tier: Int, Sendable, Comparable {
    case builtIn = 0
    case workspace = 1
    case correction = 2
    public static func < (a: Tier, b: Tier) -> Bool { a.rawValue < b.rawValue }
  }
  /// A file name: `countries.jsonl` for built-in rules, a workspace-relative path otherwise.
  public var file: String
  public var line: Int
  public var tier: Tier

  public init(file: String, line: Int, tier: Tier) {
    self.file = file
    self.line = line
    self.tier = tier
  }

  public var description: String { "\(tier == .builtIn ? "built-in " : "")\(file):\(line)" }
}

/// Which rule produced a mention. A class so that the many spans and
/// mentions that share a rule share one reference.
public final class RuleRef: Sendable, Hashable, CustomStringConvertible {
  /// What kind of rule it is, set where the rule is built: what the code
  /// asks instead of parsing `id`.
  public enum Kind: Sendable, Hashable {
    /// A knowledge-base entry (`"type":"entity"`, built-in or the
    /// workspace's): the entity's id.
    case knowledgeBase(entity: String)
    /// A country record: the country's names and its demonyms (the country's id).
    case country(String)
    /// A country record's capital (the capital's id).
    case capital(String)
    /// A token pattern of a rule file.
    case pattern
    /// A rule written in code: dates and times, people.
    case code
    /// The statistical tagger.
    case model
    /// An analyst's correction (its id in the log).
    case correction(String)

    /// Whether the rule knows a name by name (a knowledge-base, country or
    /// capital entry, or an analyst's own annotation): that name is an
    /// entity wherever it stands.
    public var namesAnEntity: Bool {
      switch self {
      case .knowledgeBase, .country, .capital, .correction: return true
      case .pattern, .code, .model: return false
      }
    }
  }

  /// For display (hover, tables, scores): `gazetteer:vietnam`,
  /// `country:vietnam`, `capital:hanoi`, `correction:<id>`, a pattern's id,
  /// `tagger`. Code asks `kind`, never this string.
  public let id: String
  public let kind: Kind
  public let origin: RuleOrigin
  public init(id: String, kind: Kind, origin: RuleOrigin) {
    self.id = id
    self.kind = kind
    self.origin = origin
  }
  public static func == (a: RuleRef, b: RuleRef) -> Bool { a.id == b.id && a.kind == b.kind && a.origin == b.origin }
  public func hash(into hasher: inout Hasher) {
    hasher.combine(id)
    hasher.combine(origin)
  }
  public var description: String { "\(id) (\(origin))" }
}

/// One span found in a document. Offsets are Unicode scalar offsets, end exclusive.
public struct Mention: Sendable, Equatable, Hashable {
  public var start: Int
  public var end: Int
  public var label: EntityLabel
  public var layer: Layer
  public var text: String
  /// The entity id (a slug); nil for DATE, TIME and titles of no one.
  public var entity: String?
  /// The canonical name the rules know, when a knowledge entry names it.
  public var canonicalName: String?
  public var rule: RuleRef
  /// For a mention the tagger found: its confidence, 0–1 (the softmax
  /// probability of its least certain token). Nil for rules and corrections.
  public var confidence: Double?

  public init(
    start: Int, end: Int, label: EntityLabel, layer: Layer = .core, text: String, entity: String?,
    canonicalName: String? = nil, rule: RuleRef, confidence: Double? = nil
  ) {
    self.start = start
    self.end = end
    self.label = label
    self.layer = layer
    self.text = text
    self.entity = entity
    self.canonicalName = canonicalName
    self.rule = rule
    self.confidence = confidence
  }
}

/// A known thing: a gazetteer record (built-in or workspace) with its names.
public struct KnownEntity: Sendable, Equatable {
  public var id: String
  public var label: EntityLabel
  public var name: String
  public var aliases: [String]
  public var description: String?
  public var rule: RuleRef
}

/// A problem in a rules file: which file, line and field, and what is wrong.
public struct RuleError: Error, Sendable, Equatable, CustomStringConvertible {
  public var file: String
  public var line: Int
  public var field: String?
  public var message: String
  public init(file: String, line: Int, field: String?, message: String) {
    self.file = file
    self.line = line
    self.field = field
    self.message = message
  }
  public var description: String { "\(file):\(line): \(field.map { "\($0): " } ?? "")\(message)" }
}
