/// The tagger's tags: BILOU over the labels it learns. Tag 0 is O; label
/// `l` (its index in `labels`) has B, I, L and U at `1 + 4l + position`.
///
/// BILOU rather than BIO: the last token of a name (`Corp`, `Co.`, a
/// surname) and single-token names (`Texaco`, `Labour`) get weights of
/// their own, which greedy decoding needs more than a Viterbi decoder would.
public struct TagSet: Sendable, Equatable {
  public enum Position: Int, Sendable { case begin = 0, inside, last, unit }

  public let labels: [EntityLabel]
  public var count: Int { 1 + 4 * labels.count }

  public init(labels: [EntityLabel]) { self.labels = labels }

  public static let outside = 0

  @inline(__always) public func tag(_ labelIndex: Int, _ position: Position) -> Int {
    1 + 4 * labelIndex + position.rawValue
  }

  @inline(__always) public func labelIndex(of tag: Int) -> Int { (tag - 1) >> 2 }

  @inline(__always) public func position(of tag: Int) -> Position { Position(rawValue: (tag - 1) & 3)! }

  public func label(of tag: Int) -> EntityLabel? { tag == 0 ? nil : labels[labelIndex(of: tag)] }

  /// Whether `tag` may follow `previous`: after O, L or U a name starts
  /// (B or U) or none does (O); after B or I the same name goes on (I) or
  /// ends (L).
  @inline(__always) public func allowed(_ tag: Int, after previous: Int) -> Bool {
    let open = previous != 0 && (position(of: previous) == .begin || position(of: previous) == .inside)
    if tag == 0 { return !open }
    let p = position(of: tag)
    if open { return labelIndex(of: tag) == labelIndex(of: previous) && (p == .inside || p == .last) }
    return p == .begin || p == .unit
  }

  /// Whether the tag leaves a name open (B or I).
  @inline(__always) public func isOpen(_ tag: Int) -> Bool {
    tag != 0 && (position(of: tag) == .begin || position(of: tag) == .inside)
  }

  /// The tags of a span of `length` tokens with this label.
  public func tags(labelIndex: Int, length: Int) -> [Int] {
    if length == 1 { return [tag(labelIndex, .unit)] }
    return [tag(labelIndex, .begin)] + Array(repeating: tag(labelIndex, .inside), count: length - 2)
      + [tag(labelIndex, .last)]
  }

  /// Spans (token ranges and label indices) read off a tag sequence. A name
  /// cut short (B without L, a stray I) is closed at its last consistent
  /// token rather than dropped.
  public func spans(_ tags: [Int]) -> [(first: Int, end: Int, labelIndex: Int)] {
    var out: [(first: Int, end: Int, labelIndex: Int)] = []
    var start = -1
    var current = -1
    for (i, tag) in tags.enumerated() {
      if tag == 0 {
        if start >= 0 { out.append((start, i, current)) }
        start = -1
        continue
      }
      let l = labelIndex(of: tag)
      let p = position(of: tag)
      if start >= 0 && (l != current || p == .begin || p == .unit) {
        out.append((start, i, current))
        start = -1
      }
      if start < 0 {
        start = i
        current = l
      }
      if p == .last || p == .unit {
        out.append((start, i + 1, current))
        start = -1
      }
    }
    if start >= 0 { out.append((start, tags.count, current)) }
    return out
  }
}
