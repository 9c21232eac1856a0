/// A candidate span in token indices, before it becomes a `Mention`.
///
/// A plain value: spans are sorted and copied at every stage, so nothing in
/// one is reference counted. The rule is held `unowned(unsafe)` (every rule
/// lives as long as the rule set or is static, and the rule set outlives
/// the extraction); ids and names are indices into `Names`.
struct Span: Sendable {
  var first: Int
  var end: Int  // exclusive token index
  var label: EntityLabel
  var layer: Layer = .core
  unowned(unsafe) var rule: RuleRef
  var entity: NameRef = .none
  var canonicalName: NameRef = .none
  /// Scalars dropped from the end (a possessive written without its apostrophe).
  var trimEnd: Int = 0
  /// For a title: the index of the person span it introduces, set by the people rules.
  var person: Int? = nil
  /// The tagger's confidence in a span it found (its least certain token).
  var confidence: Float = 1

  var length: Int { end - first }
}

/// An entity id or a canonical name, by index: a known entity of the rule
/// set (its id or its name, by the field that holds the reference) or a
/// string made during this extraction.
struct NameRef: Sendable, Equatable {
  fileprivate var raw: Int32
  static let none = NameRef(raw: -1)
  static func known(_ entityIndex: Int32) -> NameRef { NameRef(raw: -2 - entityIndex) }
  var isNone: Bool { raw == -1 }
}

/// The strings the spans of one extraction refer to.
final class Names {
  private let known: [KnownEntity]
  private var made: [String] = []

  init(known: [KnownEntity]) { self.known = known }

  func add(_ string: String) -> NameRef {
    made.append(string)
    return NameRef(raw: Int32(made.count - 1))
  }

  /// The entity id a reference stands for.
  func id(_ ref: NameRef) -> String? {
    ref.raw >= 0 ? made[Int(ref.raw)] : ref.raw == -1 ? nil : known[Int(-2 - ref.raw)].id
  }

  /// The name a reference stands for.
  func name(_ ref: NameRef) -> String? {
    ref.raw >= 0 ? made[Int(ref.raw)] : ref.raw == -1 ? nil : known[Int(-2 - ref.raw)].name
  }

  /// Whether two entity references name the same entity.
  func sameEntity(_ a: NameRef, _ b: NameRef) -> Bool { a == b || id(a) == id(b) }
}

/// Keeps non-overlapping spans by precedence: an analyst correction beats any
/// rule match whatever its length; among rules the longest match wins, then
/// workspace rules over built-ins, then the earliest.
struct SpanSet {
  private(set) var spans: [Span] = []
  private(set) var owner: [Int32]  // per token: index into spans, or -1

  init(tokenCount: Int) { owner = Array(repeating: -1, count: tokenCount) }

  /// The precedence of a span packed in one integer (smaller wins): a
  /// correction first, then the longer (lengths past 4095 tokens count as
  /// 4095), then the higher tier, then the earlier. Ties go to the earlier
  /// index.
  @inline(__always) static func rank(_ s: Span) -> UInt64 {
    let correction: UInt64 = s.rule.origin.tier == .correction ? 0 : 1
    let shortness = UInt64(4095 - min(s.length, 4095))
    let tier = UInt64(2 - s.rule.origin.tier.rawValue)
    return correction << 63 | shortness << 51 | tier << 49 | UInt64(s.first)
  }

  private static func order(_ ranks: inout [(UInt64, Int)]) {
    ranks.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
  }

  /// Merges candidates with the spans kept so far and keeps the winners.
  /// Each winner is copied once.
  mutating func resolve(adding candidates: [Span]) {
    guard !candidates.isEmpty else { return }
    let keptCount = spans.count
    var order: [(UInt64, Int)] = []
    order.reserveCapacity(keptCount + candidates.count)
    for i in spans.indices { order.append((Self.rank(spans[i]), i)) }
    for i in candidates.indices { order.append((Self.rank(candidates[i]), keptCount + i)) }
    Self.order(&order)
    for i in owner.indices { owner[i] = -1 }
    var result: [Span] = []
    result.reserveCapacity(order.count)
    for (_, index) in order {
      let span = index < keptCount ? spans[index] : candidates[index - keptCount]
      guard span.end > span.first, !(span.first..<span.end).contains(where: { owner[$0] >= 0 }) else { continue }
      let kept = Int32(result.count)
      result.append(span)
      for t in span.first..<span.end { owner[t] = kept }
    }
    spans = result
  }

  /// Adds spans only where no kept span is: a fallback never displaces a rule.
  mutating func fill(_ candidates: [Span]) {
    var order = candidates.indices.map { (Self.rank(candidates[$0]), $0) }
    Self.order(&order)
    for (_, index) in order {
      let span = candidates[index]
      guard span.end > span.first else { continue }
      if (span.first..<span.end).contains(where: { owner[$0] >= 0 }) { continue }
      let index = Int32(spans.count)
      spans.append(span)
      for t in span.first..<span.end { owner[t] = index }
    }
  }

  /// Lets a candidate take the place of the kept spans it wholly contains
  /// (`Kansas City` over `Kansas`), when it contains at least one, covers
  /// more than the rules' spans do, and cuts into no kept span. Returns
  /// how many it replaced.
  @discardableResult
  mutating func extend(with candidates: [Span], may: (_ candidate: Span, _ kept: Span) -> Bool) -> Int {
    var replaced = Set<Int32>()
    var winners: [Span] = []
    for c in candidates where c.end > c.first {
      var inside = Set<Int32>()
      var free = 0
      var fits = true
      for t in c.first..<c.end {
        let o = owner[t]
        if o < 0 {
          free += 1
          continue
        }
        let span = spans[Int(o)]
        if span.first < c.first || span.end > c.end || span.layer != .core || replaced.contains(o) || !may(c, span) {
          fits = false
          break
        }
        inside.insert(o)
        if span.rule === Tagger.rule { free += 1 }  // the tagger's own fill is no rule's finding
      }
      guard fits, !inside.isEmpty, free > 0 else { continue }
      replaced.formUnion(inside)
      winners.append(c)
    }
    guard !winners.isEmpty else { return 0 }
    let kept = spans.enumerated().filter { !replaced.contains(Int32($0.offset)) }.map(\.element)
    spans = []
    for i in owner.indices { owner[i] = -1 }
    fill(kept + winners)
    return replaced.count
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

  var coverage: [Bool] {
    [Bool](unsafeUninitializedCapacity: owner.count) { buffer, count in
      owner.withUnsafeBufferPointer { owner in
        for i in owner.indices { buffer[i] = owner[i] >= 0 }
      }
      count = owner.count
    }
  }

  mutating func update(_ body: (inout Span) -> Void) {
    for i in spans.indices { body(&spans[i]) }
  }
}
