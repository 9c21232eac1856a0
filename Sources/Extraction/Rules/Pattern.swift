/// A compiled token pattern: a sequence of elements, each a test on one
/// token (or on one whole span of an earlier stage, for `ent`) with an
/// operator. Matching returns the longest end, trying every way the
/// operators allow (patterns are short; repetition is capped).
struct Pattern: Sendable {
  enum Op: Sendable { case one, optional, zeroOrMore, oneOrMore }

  enum Shape: String, Sendable {
    case capitalized, title, upper, lower, number, year, ordinal, punct, word
    /// A word that can stand inside a proper name: capitalised, `'s`, `&`, or
    /// a hyphen written without spaces.
    case proper
  }

  struct Element: Sendable {
    var words: Set<Int32>?
    var notWords: Set<Int32> = []
    var shape: Shape?
    var ents: Set<EntityLabel>?
    var spaceBefore: Bool?
    var op: Op = .one
    var peek = false
  }

  var id: String
  var label: EntityLabel
  var layer: Layer
  var stage: Int
  var minTokens: Int
  var trimEnd: Int
  var elements: [Element]
  var rule: RuleRef

  static let maxRepeat = 12
}

/// What a pattern sees besides tokens: spans kept by earlier stages.
struct MatchContext {
  let tokens: [Token]
  let bytes: UnsafeBufferPointer<UInt8>
  /// For each token, the end and label of a kept span that starts there.
  let spanStarts: [Int32: (end: Int, label: EntityLabel)]
  /// Tokens inside kept spans (an `ent`-less element never enters one partway).
  let covered: [Bool]
}

extension Pattern {
  /// The end (exclusive token index) of the longest match at `start`, and
  /// the end of its consumed part (without trailing `peek` elements).
  func match(at start: Int, _ context: MatchContext) -> Int? {
    var best: Int?
    search(0, start, start, start, context, &best)
    guard let end = best, end - start >= minTokens else { return nil }
    return end
  }

  private func search(
    _ e: Int, _ t: Int, _ consumedEnd: Int, _ start: Int, _ context: MatchContext, _ best: inout Int?
  ) {
    if e == elements.count {
      if consumedEnd > (best ?? -1) { best = consumedEnd }
      return
    }
    let element = elements[e]
    func advance(_ next: Int) -> Int { element.peek ? consumedEnd : next }
    switch element.op {
    case .one:
      if let next = step(element, t, start, context) { search(e + 1, next, advance(next), start, context, &best) }
    case .optional:
      if let next = step(element, t, start, context) { search(e + 1, next, advance(next), start, context, &best) }
      search(e + 1, t, consumedEnd, start, context, &best)
    case .zeroOrMore, .oneOrMore:
      var positions: [Int] = element.op == .zeroOrMore ? [t] : []
      var current = t
      for _ in 0..<Self.maxRepeat {
        guard let next = step(element, current, start, context) else { break }
        positions.append(next)
        current = next
      }
      for position in positions.reversed() {
        search(e + 1, position, element.peek ? consumedEnd : position, start, context, &best)
      }
    }
  }

  /// The token index after `element` matched at `t`, or nil.
  func step(_ element: Element, _ t: Int, _ start: Int, _ context: MatchContext) -> Int? {
    let tokens = context.tokens
    guard t < tokens.count else { return nil }
    let token = tokens[t]
    // No match crosses a line break: headlines, captions and bylines are lines.
    if t > start && token.flags.contains(.lineBefore) { return nil }
    if let space = element.spaceBefore, token.flags.contains(.spaceBefore) != space { return nil }
    if let ents = element.ents {
      guard let span = context.spanStarts[Int32(t)], ents.contains(span.label) else { return nil }
      return span.end
    }
    if context.covered[t] { return nil }
    if let words = element.words, !words.contains(token.word) { return nil }
    if element.notWords.contains(token.word) { return nil }
    if let shape = element.shape, !Self.test(shape, token, context.bytes) { return nil }
    return t + 1
  }

  static func test(_ shape: Shape, _ token: Token, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    let f = token.flags
    switch shape {
    case .capitalized: return f.isCapitalized
    case .title: return f.contains(.title) && f.contains(.word)
    case .upper: return f.contains(.upper)
    case .lower: return f.contains(.lower) && !f.contains(.possessive)
    case .number: return f.contains(.number)
    case .word: return f.contains(.word)
    case .punct: return f.contains(.punct)
    case .year: return isYear(token, bytes)
    case .ordinal:
      guard f.contains(.digit), f.contains(.word) else { return false }
      let last2 = String(
        decoding: UnsafeBufferPointer(rebasing: bytes[Int(token.byteEnd) - 2..<Int(token.byteEnd)]), as: UTF8.self
      ).lowercased()
      return ["st", "nd", "rd", "th"].contains(last2)
    case .proper:
      if f.isCapitalized || f.contains(.possessive) { return true }
      guard f.contains(.punct), !f.contains(.spaceBefore) else { return false }
      let b = bytes[Int(token.byteStart)]
      return b == 0x2D || b == 0x26  // - &
    }
  }

  /// Four digits from 1800 to 2099.
  static func isYear(_ token: Token, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard token.flags.contains(.number), token.byteEnd - token.byteStart == 4 else { return false }
    let s = Int(token.byteStart)
    let century = Int(bytes[s] - 48) * 10 + Int(bytes[s + 1] - 48)
    return century >= 18 && century <= 20
  }
}
