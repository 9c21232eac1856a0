import Extraction
import Store

/// A place where a rejection stopped a mention: code actions offer to undo it there.
public struct RejectedSpan: Sendable, Equatable {
  public var start: Int
  public var end: Int
  public var correction: String
}

/// Who made a correction and when, for hover's "where the label came from"
/// and for undo.
public struct CorrectionSource: Sendable, Equatable {
  public var id: String
  public var action: CorrectionRecord.Action
  public var author: String
  public var created: String
}

/// One correction in force, ready to apply to the rules' mentions.
struct CompiledCorrection: Sendable {
  enum Effect: Sendable {
    case annotate(label: EntityLabel, entity: String?, name: String?)
    case reject
    case retype(label: EntityLabel, entity: String?)
    case link(label: EntityLabel, entity: String)
    case unlink(label: EntityLabel, entity: String?)
  }
  var order: Int
  var record: CorrectionRecord
  var target: CorrectionRecord.Target
  var effect: Effect
  var rule: RuleRef
  /// The surface form, folded as the rules fold names.
  var key: String
  /// The label the rules gave the span (nil: unknown, an older record).
  var from: EntityLabel?
  /// The local context at the anchored place (nil: the record has none).
  var context: LocalContext?
  /// For annotations: the surface's tokens, folded, as written (for their
  /// case) and whether a space precedes each.
  var words: [(key: String, text: String, spaced: Bool)]

  var scope: CorrectionRecord.Scope { record.scope }

  /// Whether the rules read mention `m` the way the correction's reading was:
  /// the same surface form (folded), the same label, and — for a name the
  /// rules know by name, which is an entity elsewhere — the same local
  /// context (“US” rejected before “$”, “Thai” linked before “said”).
  func reads(_ m: Mention, context local: () -> LocalContext) -> Bool {
    guard Folding.key(m.text) == key else { return false }
    if let from, m.label != from { return false }
    switch effect {
    case .unlink(_, let entity): return entity == nil || m.entity == entity
    case .reject, .retype, .link:
      guard let context, Self.isKnownName(m.rule) else { return true }
      return context.admits(local())
    case .annotate: return true
    }
  }

  /// A knowledge-base name (built-in or workspace) or an analyst's own
  /// entity: it names an entity elsewhere, so a correction of one reading of
  /// it is about its context.
  static func isKnownName(_ rule: RuleRef) -> Bool { rule.kind.namesAnEntity }

  /// Whether it generalises beyond its anchored place into document `path`.
  func generalises(to path: String) -> Bool {
    scope == .corpus || (scope == .document && target.source == path)
  }
}

/// The corrections in force, applied as a pass over what the rules read in
/// a document (see README, Corrections):
///
/// * In the document a correction was made in, it applies at its anchored
///   place (re-anchored by quote and context) whatever the rules read there:
///   every rule mention overlapping the place goes, so no fragment is left.
/// * Elsewhere (scope `document`: in that document; `corpus`: everywhere) it
///   applies only where the rules read the same surface form the same way:
///   a reject, retype or link to a mention with the same text (folded) and
///   the same label — a whole mention, so never one inside a longer mention;
///   an annotation to an occurrence of the phrase that no mention crosses.
///   A reject, retype or link of a name the rules know by name (knowledge
///   base, or an analyst's own annotation) applies only in the same local
///   context (`LocalContext`), since the name is an entity elsewhere.
/// * Corrections apply in log order: the newest wins where they meet.
public struct CorrectionSet: Sendable {
  let corrections: [CompiledCorrection]
  /// Rule ids (`correction:<id>`) → who made them.
  public let sources: [String: CorrectionSource]
  private let anchoredIn: [String: [Int]]
  private let byKey: [String: [Int]]
  private let annotationsByFirstWord: [String: [Int]]
  /// The UTF-8 lengths of `byKey`'s keys: an ASCII mention folds to a key
  /// of its own length, so one of another length needs no folding.
  private let keyLengths: Set<Int>
  private let rules: RuleSet

  public static let ruleFile = "annotations/corrections.jsonl"

  /// Compiles the records in force, with their lines in the log (withdrawn
  /// ones and actions that are not about spans are left out).
  public init(records: [(line: Int, record: CorrectionRecord)], extractor: Extractor) {
    self.rules = extractor.rules
    let active = Set(CorrectionLog.active(records.map(\.record)).map(\.id))
    var compiled: [CompiledCorrection] = []
    var sources: [String: CorrectionSource] = [:]
    for (line, record) in records where active.contains(record.id) {
      guard let c = Self.compile(record, line: line, order: compiled.count, extractor: extractor) else { continue }
      compiled.append(c)
      sources[c.rule.id] = CorrectionSource(
        id: record.id, action: record.action, author: record.author, created: record.created)
    }
    corrections = compiled
    self.sources = sources
    var anchoredIn: [String: [Int]] = [:]
    var byKey: [String: [Int]] = [:]
    var annotations: [String: [Int]] = [:]
    for c in compiled {
      anchoredIn[c.target.source, default: []].append(c.order)
      if case .annotate = c.effect {
        if c.scope != .mention, let first = c.words.first { annotations[first.key, default: []].append(c.order) }
      } else if c.scope != .mention {
        byKey[c.key, default: []].append(c.order)
      }
    }
    self.anchoredIn = anchoredIn
    self.byKey = byKey
    self.annotationsByFirstWord = annotations
    // ASCII folds byte for byte, to ASCII: only ASCII keys of the same length can match.
    keyLengths = Set(byKey.keys.filter { $0.utf8.allSatisfy { $0 < 0x80 } }.map(\.utf8.count))
  }

  public var isEmpty: Bool { corrections.isEmpty }

  static func compile(
    _ record: CorrectionRecord, line: Int, order: Int, extractor: Extractor
  ) -> CompiledCorrection? {
    guard let target = record.target, !target.exact.isEmpty else { return nil }
    let label = record.body.label.flatMap(EntityLabel.init(rawValue:))
    let effect: CompiledCorrection.Effect
    var from = record.body.from.flatMap(EntityLabel.init(rawValue:))
    switch record.action {
    case .annotate:
      guard let label, label != .TITLE else { return nil }
      effect = .annotate(label: label, entity: label.isLinked ? record.body.entity : nil, name: record.body.name)
    case .retype:
      guard let label, label != .TITLE else { return nil }
      effect = .retype(label: label, entity: label.isLinked ? record.body.entity : nil)
    case .link:
      guard let label, label != .TITLE, let entity = record.body.entity else { return nil }
      effect = .link(label: label, entity: entity)
    case .unlink:
      guard let label else { return nil }
      effect = .unlink(label: label, entity: record.body.entity)
    case .reject:
      effect = .reject
      from = label
    case .rename, .pin, .remove:
      return nil
    }
    let rule = RuleRef(
      id: "correction:\(record.id)", kind: .correction(record.id),
      origin: RuleOrigin(file: ruleFile, line: line, tier: .correction))
    let tokens = extractor.tokens(target.exact)
    let words = tokens.indices.map { i in
      (
        key: Folding.key(tokens[i].text), text: tokens[i].text,
        spaced: i > 0 && tokens[i].start > tokens[i - 1].end
      )
    }
    return CompiledCorrection(
      order: order, record: record, target: target, effect: effect, rule: rule, key: Folding.key(target.exact),
      from: from, context: LocalContext(target), words: words)
  }

  /// The mentions of a document once the corrections are applied to what
  /// the rules read (`mentions`, both layers, in text order), and the places
  /// rejections stopped a mention. `tokens` is asked for only when an
  /// annotation may generalise into the document.
  public func apply(
    to mentions: [Mention], text: String, path: String, tokens: () -> [Extractor.PlainToken]
  ) -> (mentions: [Mention], rejected: [RejectedSpan]) {
    guard !corrections.isEmpty else { return (mentions, []) }
    var candidates = Set(anchoredIn[path] ?? [])
    // The surface forms present once corrections have run: the rules', and
    // those corrections anchored here or annotations found here may make.
    var keys = Set(candidates.map { corrections[$0].key })
    for m in mentions where m.layer == .core {
      // Folding allocates: an ASCII mention of a length no ASCII key has cannot match.
      if !keyLengths.contains(m.text.utf8.count), m.text.utf8.allSatisfy({ $0 < 0x80 }) { continue }
      keys.insert(Folding.key(m.text))
    }
    var occurrences: [Int: [(start: Int, end: Int)]] = [:]
    if !annotationsByFirstWord.isEmpty {
      occurrences = annotationOccurrences(tokens(), path: path)
      for (order, _) in occurrences {
        candidates.insert(order)
        keys.insert(corrections[order].key)
      }
    }
    for key in keys {
      for order in byKey[key] ?? [] where corrections[order].generalises(to: path) { candidates.insert(order) }
    }
    guard !candidates.isEmpty else { return (mentions, []) }
    var pass = Pass(
      scalars: Array(text.unicodeScalars), path: path, core: mentions.filter { $0.layer == .core }, rules: rules)
    for order in candidates.sorted() {
      pass.apply(corrections[order], occurrences: occurrences[order] ?? [])
    }
    let all = pass.core + mentions.filter { $0.layer == .title }
    let sorted = all.sorted { ($0.start, $0.layer == .core ? 0 : 1) < ($1.start, $1.layer == .core ? 0 : 1) }
    return (sorted, pass.rejected.sorted { $0.start < $1.start })
  }

  /// Where each annotation that generalises into the document occurs in it:
  /// its tokens in sequence, folded, joined or spaced as in the surface, and
  /// case by shape (`caseFits`).
  func annotationOccurrences(_ tokens: [Extractor.PlainToken], path: String) -> [Int: [(start: Int, end: Int)]] {
    var found: [Int: [(start: Int, end: Int)]] = [:]
    var keys: [String?] = Array(repeating: nil, count: tokens.count)
    func key(_ i: Int) -> String {
      if let k = keys[i] { return k }
      let k = Folding.key(tokens[i].text)
      keys[i] = k
      return k
    }
    for i in tokens.indices {
      guard let list = annotationsByFirstWord[key(i)] else { continue }
      for order in list where corrections[order].generalises(to: path) {
        let words = corrections[order].words
        guard i + words.count <= tokens.count else { continue }
        var matched = true
        for (n, word) in words.enumerated() {
          let token = tokens[i + n]
          let spaced = n > 0 && token.start > tokens[i + n - 1].end
          if key(i + n) != word.key || (n > 0 && spaced != word.spaced) || !Self.caseFits(word.text, token.text) {
            matched = false
            break
          }
        }
        if matched { found[order, default: []].append((tokens[i].start, tokens[i + words.count - 1].end)) }
      }
    }
    return found
  }

  /// Case by shape, as the gazetteer matches names: a lowercase word fits
  /// any case; a capitalised one capitalised or all-caps text (“Da Nang”
  /// fits “DA NANG”); an all-caps one all-caps text only (“US” is not “Us”);
  /// a mixed-case one itself or all caps.
  static func caseFits(_ written: String, _ text: String) -> Bool {
    let letters = written.unicodeScalars.filter(\.properties.isAlphabetic)
    guard let first = letters.first, !letters.allSatisfy({ !$0.properties.isUppercase }) else { return true }
    let textLetters = text.unicodeScalars.filter(\.properties.isAlphabetic)
    let textIsUpper = !textLetters.isEmpty && textLetters.allSatisfy { !$0.properties.isLowercase }
    let rest = letters.dropFirst()
    if first.properties.isUppercase && rest.allSatisfy({ !$0.properties.isUppercase }) {
      return textLetters.first?.properties.isUppercase ?? false
    }
    if letters.count > 1 && letters.allSatisfy({ !$0.properties.isLowercase }) { return textIsUpper }
    return text == written || textIsUpper
  }
}
