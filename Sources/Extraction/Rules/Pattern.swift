/// A compiled token pattern: a sequence of elements, each a test on one
/// token (or on one whole span of an earlier stage, for `ent`) with an
/// operator. Matching returns the longest end, trying every way the
/// operators allow (patterns are short; repetition is capped).
///
/// Elements are plain values (word sets live in one bit pool per pattern) so
/// the matcher runs on unsafe buffers with no reference counting; a
/// first-token filter skips most positions without entering the matcher.
struct Pattern: Sendable {
  enum Op: UInt8, Sendable { case one, optional, zeroOrMore, oneOrMore }

  enum Shape: String, Sendable {
    case capitalized, title, upper, lower, number, year, ordinal, punct, word
    /// A word that can stand inside a proper name: capitalised, `'s`, `&`, or
    /// a hyphen written without spaces.
    case proper
  }

  struct Element: Sendable {
    /// Offset and length in `pool` of the required word bits (length 0: any word).
    var words: (offset: Int32, count: Int32) = (0, -1)
    var notWords: (offset: Int32, count: Int32) = (0, -1)
    var shape: Shape?
    /// Bit per `EntityLabel` (by case index); 0: not an `ent` element.
    var ents: UInt16 = 0
    /// 0: either; 1: space required before; 2: no space before.
    var space: UInt8 = 0
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
  var pool: [UInt64]
  /// Leading elements up to and including the first mandatory one: a match
  /// can only start at a token one of them accepts.
  var leading: Int
  /// A mandatory element with a word list, and how many tokens can come
  /// before it: matches are only tried near tokens it accepts (heads such as
  /// Ministry or airport are rare), not at every token.
  var anchor: Int?
  var maxBeforeAnchor: Int
  var rule: RuleRef

  static let maxRepeat = 12

  static func labelBit(_ label: EntityLabel) -> UInt16 {
    1 << UInt16(EntityLabel.allCases.firstIndex(of: label)!)
  }
}

/// What a pattern sees: tokens, and the spans kept by earlier stages.
struct MatchContext {
  let tokens: UnsafeBufferPointer<Token>
  let bytes: UnsafeBufferPointer<UInt8>
  /// Per token: the end of a kept span starting there, or -1, and its label bit.
  let spanEnd: UnsafeBufferPointer<Int32>
  let spanLabel: UnsafeBufferPointer<UInt16>
  let covered: UnsafeBufferPointer<Bool>
  /// Per token: the first token of its segment. No match crosses a line
  /// break or sentence punctuation, so no match starts before this.
  let segmentStart: UnsafeBufferPointer<Int32>
}

extension Pattern {
  /// Every match, as (start, end) token ranges: the longest at each start
  /// (without trailing `peek` elements), at least `minTokens` long.
  /// - Parameter anchors: the tokens the anchor element accepts, when the
  ///   caller found them already (one pass for all patterns); nil to scan.
  func matches(_ context: MatchContext, anchors: ArraySlice<Int32>? = nil) -> [(Int, Int)] {
    var out: [(Int, Int)] = []
    elements.withUnsafeBufferPointer { elements in
      pool.withUnsafeBufferPointer { pool in
        func attempt(_ start: Int) {
          var canStart = false
          for e in 0..<leading where step(elements[e], start, start, context, pool) != nil {
            canStart = true
            break
          }
          guard canStart else { return }
          var best = -1
          search(elements, pool, 0, start, start, start, context, &best)
          if best >= 0, best - start >= minTokens { out.append((start, best)) }
        }
        guard let anchor else {
          for start in 0..<context.tokens.count { attempt(start) }
          return
        }
        var tried = 0  // starts below this were tried already
        func around(_ t: Int) {
          // The anchor's word list matched; its other tests (shape, case) must too.
          guard step(elements[anchor], t, t, context, pool) != nil else { return }
          // Walk back only over tokens some element before the anchor accepts
          // (or that lie inside a kept span an `ent` element may take whole):
          // a match is contiguous, so no start lies beyond the first token none accepts.
          let lowest = max(tried, t - maxBeforeAnchor, Int(context.segmentStart[t]))
          var start = t
          while start > lowest {
            let p = start - 1
            if !context.covered[p] {
              var accepted = false
              for e in 0..<anchor where step(elements[e], p, p, context, pool) != nil {
                accepted = true
                break
              }
              if !accepted { break }
            }
            start -= 1
          }
          for s in start...t { attempt(s) }
          tried = t + 1
        }
        if let anchors {
          for t in anchors { around(Int(t)) }
        } else {
          let words = elements[anchor].words
          for t in 0..<context.tokens.count where Self.inPool(pool, words, context.tokens[t].word) { around(t) }
        }
      }
    }
    return out
  }

  private func search(
    _ elements: UnsafeBufferPointer<Element>, _ pool: UnsafeBufferPointer<UInt64>, _ e: Int, _ t: Int,
    _ consumedEnd: Int, _ start: Int, _ context: MatchContext, _ best: inout Int
  ) {
    if e == elements.count {
      if consumedEnd > best { best = consumedEnd }
      return
    }
    let element = elements[e]
    switch element.op {
    case .one:
      if let next = step(element, t, start, context, pool) {
        search(elements, pool, e + 1, next, element.peek ? consumedEnd : next, start, context, &best)
      }
    case .optional:
      if let next = step(element, t, start, context, pool) {
        search(elements, pool, e + 1, next, element.peek ? consumedEnd : next, start, context, &best)
      }
      search(elements, pool, e + 1, t, consumedEnd, start, context, &best)
    case .zeroOrMore, .oneOrMore:
      var positions = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
      var count = 0
      withUnsafeMutableBytes(of: &positions) { raw in
        let p = raw.bindMemory(to: Int.self)
        if element.op == .zeroOrMore {
          p[0] = t
          count = 1
        }
        var current = t
        for _ in 0..<Self.maxRepeat {
          guard let next = step(element, current, start, context, pool) else { break }
          p[count] = next
          count += 1
          current = next
        }
        var k = count - 1
        while k >= 0 {
          search(elements, pool, e + 1, p[k], element.peek ? consumedEnd : p[k], start, context, &best)
          k -= 1
        }
      }
    }
  }

  @inline(__always)
  static func inPool(_ pool: UnsafeBufferPointer<UInt64>, _ range: (offset: Int32, count: Int32), _ id: Int32) -> Bool {
    guard id >= 0 else { return false }
    let word = Int(id) >> 6
    guard word < Int(range.count) else { return false }
    return pool[Int(range.offset) + word] & (1 << UInt64(id & 63)) != 0
  }

  /// The token index after `element` matched at `t`, or nil.
  @inline(__always)
  func step(
    _ element: Element, _ t: Int, _ start: Int, _ context: MatchContext, _ pool: UnsafeBufferPointer<UInt64>
  ) -> Int? {
    let tokens = context.tokens
    guard t < tokens.count else { return nil }
    let token = tokens[t]
    // No match crosses a line break: headlines, captions and bylines are lines.
    if t > start && token.flags.contains(.lineBefore) { return nil }
    if element.space != 0, token.flags.contains(.spaceBefore) != (element.space == 1) { return nil }
    if element.ents != 0 {
      let end = context.spanEnd[t]
      guard end >= 0, context.spanLabel[t] & element.ents != 0 else { return nil }
      return Int(end)
    }
    if context.covered[t] { return nil }
    if element.words.count >= 0, !Self.inPool(pool, element.words, token.word) { return nil }
    if element.notWords.count >= 0, Self.inPool(pool, element.notWords, token.word) { return nil }
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
      guard f.contains(.digit), f.contains(.word), token.byteEnd - token.byteStart >= 3 else { return false }
      let a = bytes[Int(token.byteEnd) - 2] | 0x20
      let b = bytes[Int(token.byteEnd) - 1] | 0x20
      return (a == 0x73 && b == 0x74) || (a == 0x6E && b == 0x64) || (a == 0x72 && b == 0x64)
        || (a == 0x74 && b == 0x68)
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
    let century = Int(bytes[s] &- 48) * 10 + Int(bytes[s + 1] &- 48)
    return century >= 18 && century <= 20
  }
}
