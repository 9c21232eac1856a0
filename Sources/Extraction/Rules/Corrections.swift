/// Analyst corrections as the top rule layer. The workspace turns each
/// correction in force into one of these; the rule set compiles them into
/// gazetteer entries of the `correction` tier, which beat any overlapping
/// rule match whatever its length. An accepted span is an entry, a
/// rejection a suppression, a link an entry with the target's id, a retype
/// an entry with the new label.
public struct CorrectionRule: Sendable, Equatable {
  public enum Effect: Sendable, Equatable {
    case annotate(label: EntityLabel, entity: String?, name: String?)
    case reject
  }
  /// The correction's id (from `corrections.jsonl`).
  public var id: String
  public var surface: String
  public var effect: Effect
  /// Only in this document (document scope); nil: every document.
  public var document: String?
  public var author: String
  public var created: String
  public var line: Int

  public init(
    id: String, surface: String, effect: Effect, document: String?, author: String, created: String, line: Int
  ) {
    self.id = id
    self.surface = surface
    self.effect = effect
    self.document = document
    self.author = author
    self.created = created
    self.line = line
  }
}

/// Who made a correction and when, for hover's "where the label came from".
public struct CorrectionInfo: Sendable, Equatable {
  public var id: String
  public var author: String
  public var created: String
}

extension RuleSetBuilder {
  public static let correctionsFile = "annotations/corrections.jsonl"
}
