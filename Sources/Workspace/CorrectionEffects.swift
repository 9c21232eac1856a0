import Extraction
import Store

/// One document's corrections pass: the core mentions as the corrections so
/// far left them, changed one correction at a time (in log order).
struct Pass {
  let scalars: [Unicode.Scalar]
  let path: String
  var core: [Mention]
  let rules: RuleSet
  var rejected: [RejectedSpan] = []

  mutating func apply(_ c: CompiledCorrection, occurrences: [(start: Int, end: Int)]) {
    // In its own document: at its anchored place, whatever the rules read there.
    var anchor: (start: Int, end: Int)?
    if c.target.source == path, let found = Anchoring.locate(c.target, in: scalars) {
      anchor = found
      place(c, found.start, found.end)
    }
    guard c.generalises(to: path) else { return }
    func apart(_ start: Int, _ end: Int) -> Bool { anchor.map { end <= $0.start || start >= $0.end } ?? true }
    if case .annotate = c.effect {
      for o in occurrences where apart(o.start, o.end) {
        // Never into a longer mention (“Da Nang” in “Da Nang airport”), never across one.
        let crossed = core.contains { m in
          (m.start < o.start && m.end > o.start) || (m.start < o.end && m.end > o.end)
        }
        if !crossed { place(c, o.start, o.end) }
      }
      return
    }
    for i in core.indices.reversed()
    where apart(core[i].start, core[i].end)
      && c.reads(core[i], context: { LocalContext(scalars, start: core[i].start, end: core[i].end) })
    {
      transform(i, c)
    }
  }

  /// The correction at `start..<end`: every core mention overlapping it goes
  /// (no fragment of a longer reading is left), then its own mention, if any.
  mutating func place(_ c: CompiledCorrection, _ start: Int, _ end: Int) {
    let replaced = core.filter { $0.start < end && $0.end > start }
    core.removeAll { $0.start < end && $0.end > start }
    rejected.removeAll { $0.start < end && $0.end > start }
    let text = string(start, end)
    let mention: Mention
    switch c.effect {
    case .reject:
      rejected.append(RejectedSpan(start: start, end: end, correction: c.record.id))
      return
    case .annotate(let label, let entity, let name):
      mention = Mention(
        start: start, end: end, label: label, text: text,
        entity: label.isLinked ? (entity ?? Folding.slug(c.target.exact)) : nil, canonicalName: name ?? text,
        rule: c.rule)
    case .retype(let label, let entity):
      let was = replaced.first { $0.start == start && $0.end == end }?.entity ?? entity
      mention = Mention(
        start: start, end: end, label: label, text: text,
        entity: label.isLinked ? Self.retyped(entity ?? was, text: text, to: label, rules: rules) : nil,
        canonicalName: nil, rule: c.rule)
    case .link(let label, let entity):
      mention = Mention(start: start, end: end, label: label, text: text, entity: entity, rule: c.rule)
    case .unlink(let label, _):
      mention = Mention(
        start: start, end: end, label: label, text: text, entity: Folding.slug(text), canonicalName: text,
        rule: c.rule)
    }
    core.append(mention)
  }

  /// A generalised correction on the rules' mention `i`.
  mutating func transform(_ i: Int, _ c: CompiledCorrection) {
    var m = core[i]
    switch c.effect {
    case .reject:
      rejected.append(RejectedSpan(start: m.start, end: m.end, correction: c.record.id))
      core.remove(at: i)
      return
    case .retype(let label, _):
      m.entity = label.isLinked ? Self.retyped(m.entity, text: m.text, to: label, rules: rules) : nil
      m.label = label
      m.canonicalName = nil
    case .link(let label, let entity):
      m.label = label
      m.entity = entity
      m.canonicalName = nil
    case .unlink(let label, _):
      m.label = label
      m.entity = Folding.slug(m.text)
      m.canonicalName = m.text
    case .annotate:
      return
    }
    m.rule = c.rule
    core[i] = m
  }

  /// The id of a retyped mention: its own, unless that names a known entity
  /// of another kind (the knowledge base's description would follow it).
  static func retyped(_ entity: String?, text: String, to label: EntityLabel, rules: RuleSet) -> String {
    let id = entity ?? Folding.slug(text)
    guard let known = rules.entities[id], known.label != label else { return id }
    let own = Folding.slug(text)
    return rules.entities[own].map { $0.label == label } ?? true ? own : "\(own)-\(label.rawValue.lowercased())"
  }

  func string(_ start: Int, _ end: Int) -> String {
    var view = String.UnicodeScalarView()
    view.append(contentsOf: scalars[max(0, start)..<min(end, scalars.count)])
    return String(view)
  }
}
