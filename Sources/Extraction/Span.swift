/// A candidate span in token indices, before it becomes a `Mention`.
struct Span: Sendable {
  var first: Int
  var end: Int  // exclusive token index
  var label: EntityLabel
  var layer: Layer = .core
  var rule: RuleRef
  var entity: String? = nil
  var canonicalName: String? = nil
  /// Scalars dropped from the end (a possessive written without its apostrophe).
  var trimEnd: Int = 0
  /// For a title: the index of the person span it introduces, set by the people rules.
  var person: Int? = nil

  var length: Int { end - first }
}

/// Keeps non-overlapping spans by precedence: an analyst correction beats any
/// rule match whatever its length; among rules the longest match wins, then
/// workspace rules over built-ins, then the earliest.
struct SpanSet {
  private(set) var spans: [Span] = []
  private(set) var owner: [Int32]  // per token: index into spans, or -1

  init(tokenCount: Int) { owner = Array(repeating: -1, count: tokenCount) }

  static func precedes(_ a: Span, _ b: Span) -> Bool {
    let aCorrection = a.rule.origin.tier == .correction
    let bCorrection = b.rule.origin.tier == .correction
    if aCorrection != bCorrection { return aCorrection }
    if a.length != b.length { return a.length > b.length }
    if a.rule.origin.tier != b.rule.origin.tier { return a.rule.origin.tier > b.rule.origin.tier }
    return a.first < b.first
  }

  /// Merges candidates with the spans kept so far and keeps the winners.
  mutating func resolve(adding candidates: [Span]) {
    guard !candidates.isEmpty else { return }
    let all = (spans + candidates).sorted(by: Self.precedes)
    spans = []
    for i in owner.indices { owner[i] = -1 }
    for span in all where span.end > span.first {
      if (span.first..<span.end).contains(where: { owner[$0] >= 0 }) { continue }
      let index = Int32(spans.count)
      spans.append(span)
      for t in span.first..<span.end { owner[t] = index }
    }
  }

  /// Adds spans only where no kept span is: a fallback never displaces a rule.
  mutating func fill(_ candidates: [Span]) {
    for span in candidates.sorted(by: Self.precedes) where span.end > span.first {
      if (span.first..<span.end).contains(where: { owner[$0] >= 0 }) { continue }
      let index = Int32(spans.count)
      spans.append(span)
      for t in span.first..<span.end { owner[t] = index }
    }
  }

  func isCovered(_ token: Int) -> Bool { owner[token] >= 0 }

  func span(at token: Int) -> Span? {
    let i = owner[token]
    return i >= 0 ? spans[Int(i)] : nil
  }

  /// For each token where a kept span starts: its end and label.
  var starts: [Int32: (end: Int, label: EntityLabel)] {
    var out: [Int32: (end: Int, label: EntityLabel)] = [:]
    for span in spans { out[Int32(span.first)] = (span.end, span.label) }
    return out
  }

  var coverage: [Bool] { owner.map { $0 >= 0 } }

  mutating func update(_ body: (inout Span) -> Void) {
    for i in spans.indices { body(&spans[i]) }
  }
}
