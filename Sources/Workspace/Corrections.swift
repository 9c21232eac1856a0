import Extraction
import Store

/// Corrections in the index: loading the log (compiled into the
/// `CorrectionSet` the document reader applies), renames, pins and orphans.
extension WorkspaceIndex {
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
    replaceReader(
      DocumentReader(
        rules: rules, records: records.map { (line: $0.0, record: $0.1) },
        minimumConfidence: extractor.minimumConfidence))
    return true
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
      if let from = record.body.from, EntityLabel(rawValue: from) == nil {
        problem("body.from: unknown label \"\(from)\"")
      }
      if record.action != .remove && record.target == nil { problem("target: missing") }
      if active.contains(record.id), let target = record.target, let text = documents[target.source],
        Anchoring.locate(target, in: text) == nil
      {
        problem(
          "this correction can no longer be placed in \(target.source): “\(target.exact)” (not found exactly, "
            + "nor approximately within \(Anchoring.fuzzyWindow) characters of its old place)")
      }
    }
    return problems
  }

  /// Workspace rules or the knowledge base changed.
  public func recompileRules() {
    guard let store else { return }
    let (compiled, problems) = store.ruleSet()
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

  /// The correction record that produced a mention, if any.
  public func correction(of mention: Mention) -> CorrectionRecord? {
    guard case .correction(let id) = mention.rule.kind else { return nil }
    return correctionRecords.first { $0.1.id == id }?.1
  }

  /// Who made the correction behind a rule (`correction:<id>`).
  public func correctionSource(_ rule: RuleRef) -> CorrectionSource? { reader.corrections.sources[rule.id] }

  /// The rejections in force at an offset of a document (end inclusive, as
  /// for mentions), with their records: what undo offers there.
  public func rejections(at start: Int, _ end: Int, in path: String) -> [CorrectionRecord] {
    guard let document = documents[path] else { return [] }
    let ids = document.rejected.filter { $0.start <= end && start <= $0.end }.map(\.correction)
    return ids.compactMap { id in correctionRecords.first { $0.1.id == id }?.1 }
  }
}
