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
  /// An analyst's rejection: blocks every rule over its tokens, reported as nothing.
  var suppressed = false

  var length: Int { end - first }
}

/// Keeps non-overlapping spans by precedence: an analyst correction beats any
/// rule match whatever its length; among rules the longest match wins, then
/// workspace rules over built-ins, then the earliest.
struct SpanSet {
  private(set) var spans: [Span] = []
  private(set) var owner: [Int32]  // per token: index into spans, or -1

  init(tokenCount: Int) { owner = Array(repeating: -1, count: tokenCount) }

  /// The precedence of a span as plain integers, so sorting moves no strings.
  @inline(__always) static func rank(_ s: Span, _ index: Int) -> (Int, Int, Int, Int, Int) {
    (s.rule.origin.tier == .correction ? 0 : 1, -s.length, -s.rule.origin.tier.rawValue, s.first, index)
  }

  /// Merges candidates with the spans kept so far and keeps the winners.
  /// Ranks are plain integers and each winner is copied once.
  mutating func resolve(adding candidates: [Span]) {
    guard !candidates.isEmpty else { return }
    let keptCount = spans.count
    var order: [(Int, Int, Int, Int, Int)] = []
    order.reserveCapacity(keptCount + candidates.count)
    for i in spans.indices { order.append(Self.rank(spans[i], i)) }
    for i in candidates.indices { order.append(Self.rank(candidates[i], keptCount + i)) }
    order.sort { $0 < $1 }
    for i in owner.indices { owner[i] = -1 }
    var result: [Span] = []
    result.reserveCapacity(order.count)
    for (_, _, _, _, index) in order {
      let (first, end) =
        index < keptCount
        ? (spans[index].first, spans[index].end)
        : (candidates[index - keptCount].first, candidates[index - keptCount].end)
      guard end > first, !(first..<end).contains(where: { owner[$0] >= 0 }) else { continue }
      let kept = Int32(result.count)
      result.append(index < keptCount ? spans[index] : candidates[index - keptCount])
      for t in first..<end { owner[t] = kept }
    }
    spans = result
  }

  /// Adds spans only where no kept span is: a fallback never displaces a rule.
  mutating func fill(_ candidates: [Span]) {
    let order = candidates.indices.map { Self.rank(candidates[$0], $0) }.sorted { $0 < $1 }
    for (_, _, _, _, index) in order {
      let span = candidates[index]
      guard span.end > span.first else { continue }
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

  /// Per token: the end of the kept span starting there (or -1) and its label bit.
  func startTables() -> ([Int32], [UInt16]) {
    var ends = [Int32](repeating: -1, count: owner.count)
    var labels = [UInt16](repeating: 0, count: owner.count)
    for span in spans where span.layer == .core {
      ends[span.first] = Int32(span.end)
      labels[span.first] = Pattern.labelBit(span.label)
    }
    return (ends, labels)
  }

  var coverage: [Bool] { owner.map { $0 >= 0 } }

  mutating func update(_ body: (inout Span) -> Void) {
    for i in spans.indices { body(&spans[i]) }
  }
}
