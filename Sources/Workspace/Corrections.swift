import Extraction
import Store

/// Corrections in the index: loading the log, compiling it into the top
/// rule layer, renames, pins and orphans.
extension WorkspaceIndex {
  /// The rule for a correction in force, or nil for actions that are not
  /// about spans (rename, pin, remove) or lack what they need.
  static func rule(_ record: CorrectionRecord, line: Int) -> CorrectionRule? {
    guard let target = record.target, !target.exact.isEmpty else { return nil }
    let document = record.scope == .document ? target.source : nil
    let label = record.body.label.flatMap(EntityLabel.init(rawValue:))
    let effect: CorrectionRule.Effect
    switch record.action {
    case .annotate, .retype, .link:
      guard let label, label != .TITLE else { return nil }
      effect = .annotate(label: label, entity: label.isLinked ? record.body.entity : nil, name: record.body.name)
    case .unlink:
      guard let label else { return nil }
      effect = .annotate(label: label, entity: Folding.slug(target.exact), name: target.exact)
    case .reject:
      effect = .reject
    case .rename, .pin, .remove:
      return nil
    }
    return CorrectionRule(
      id: record.id, surface: target.exact, effect: effect, document: document, author: record.author,
      created: record.created, line: line)
  }

  /// Reads `corrections.jsonl` again and, when it changed, recompiles the
  /// rules and extracts every document again. Returns whether it changed.
  @discardableResult
  public func reloadCorrections() -> Bool {
    guard let store else { return false }
    let (loaded, problems) = CorrectionLog(files: store.files).load()
    let records = loaded.map { ($0.line, $0.record) }
    guard records.map(\.1) != correctionRecords.map(\.1) || problems != correctionProblems else { return false }
    correctionRecords = records
    correctionProblems = problems
    recompileRules()
    return true
  }

  /// The rules of the corrections in force, in log order.
  public static func correctionRules(_ records: [(Int, CorrectionRecord)]) -> [CorrectionRule] {
    let active = Set(CorrectionLog.active(records.map(\.1)).map(\.id))
    return records.compactMap { line, record in active.contains(record.id) ? rule(record, line: line) : nil }
  }

  /// What `gloss check` reports of a log: unknown labels, missing entity
  /// ids, removals of unknown corrections, and corrections that no longer
  /// place in their documents.
  public static func validate(_ records: [(Int, CorrectionRecord)], documents: [String: String]) -> [StoreProblem] {
    var problems: [StoreProblem] = []
    let ids = Set(records.map(\.1.id))
    let active = Set(CorrectionLog.active(records.map(\.1)).map(\.id))
    for (line, record) in records {
      func problem(_ message: String) {
        problems.append(StoreProblem(file: CorrectionLog.path, line: line, message: message))
      }
      switch record.action {
      case .annotate, .retype, .link, .unlink:
        if let raw = record.body.label, let label = EntityLabel(rawValue: raw), label != .TITLE {
          if label.isLinked, record.action != .unlink, record.body.entity == nil { problem("body.entity: missing") }
        } else {
          problem("body.label: unknown label \"\(record.body.label ?? "")\"")
        }
      case .rename:
        if record.body.entity == nil { problem("body.entity: missing") }
        if record.body.name?.isEmpty ?? true { problem("body.name: missing") }
      case .pin:
        if record.body.entity == nil { problem("body.entity: missing") }
      case .remove:
        if let id = record.body.correction, !ids.contains(id) { problem("body.correction: no correction \(id)") }
      case .reject: break
      }
      if record.action != .remove && record.target == nil { problem("target: missing") }
      if active.contains(record.id), let target = record.target, let text = documents[target.source],
        Anchoring.locate(target, in: text) == nil
      {
        problem("this correction can no longer be placed in \(target.source): “\(target.exact)”")
      }
    }
    return problems
  }

  /// Workspace rules, the knowledge base or corrections changed.
  public func recompileRules() {
    guard let store else { return }
    let rules = Self.correctionRules(correctionRecords)
    let (compiled, problems) = store.ruleSet(
      corrections: rules, lessons: Self.taggerLessons(correctionRecords))
    replaceRules(compiled, problems: problems)
  }

  /// Corrections in force, with their log lines.
  public var activeCorrections: [(line: Int, record: CorrectionRecord)] {
    let active = Set(CorrectionLog.active(correctionRecords.map(\.1)).map(\.id))
    return correctionRecords.filter { active.contains($0.1.id) }.map { ($0.0, $0.1) }
  }

  /// The name an analyst gave an entity (the latest rename in force).
  public func renamed(_ entity: String) -> String? {
    activeCorrections.last { $0.record.action == .rename && $0.record.body.entity == entity }?.record.body.name
  }

  /// The mention an analyst pinned as an entity's definition, re-anchored.
  public func pinned(_ entity: String) -> MentionRef? {
    guard
      let pin = activeCorrections.last(where: { $0.record.action == .pin && $0.record.body.entity == entity })?.record,
      let target = pin.target, let document = documents[target.source],
      let (start, _) = Anchoring.locate(target, in: document.text),
      let mention = document.mentions.first(where: { $0.entity == entity && $0.start <= start && start < $0.end })
    else { return nil }
    return MentionRef(path: target.source, mention: mention)
  }

  /// Corrections in force whose target can no longer be placed in its
  /// document's current text. They stay in the log.
  public func orphans() -> [(line: Int, record: CorrectionRecord)] {
    activeCorrections.filter { _, record in
      guard let target = record.target, let document = documents[target.source] else { return false }
      return Anchoring.locate(target, in: document.text) == nil
    }
  }

  /// The correction records that produced a mention, if any.
  public func correction(of mention: Mention) -> CorrectionRecord? {
    guard mention.rule.origin.tier == .correction else { return nil }
    let id = String(mention.rule.id.dropFirst("correction:".count))
    return correctionRecords.first { $0.1.id == id }?.1
  }
}
