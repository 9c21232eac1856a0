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

    /// Whether the shape test can pass for a token with these shape flags
    /// (`Pattern.shapeIndex`). Shapes that read the text (year, ordinal,
    /// proper) are given the benefit of the doubt.
    func mayAccept(shapeIndex: Int) -> Bool {
      guard let shape else { return true }
      switch shape {
      case .year, .ordinal, .proper: return true
      default:
        let token = Token(
          byteStart: 0, byteEnd: 0, start: 0, end: 0, word: -1, flags: TokenFlags(rawValue: UInt16(shapeIndex)),
          keyHash: 0)
        return Pattern.test(shape, token, UnsafeBufferPointer(start: nil, count: 0))
      }
    }
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
  /// Whether the search memoises: worth it only when many optional or
  /// repeated elements let paths meet (`needsMemo`).
  var memoised = false

  static let maxRepeat = 12

  /// The most tokens a match can span (an `ent` element takes a span of up
  /// to 12 tokens): the memo's width for this pattern.
  static func maxLength(_ elements: [Element]) -> Int {
    elements.reduce(0) { total, e in
      total + (e.ents != 0 ? 12 : 1) * (e.op == .zeroOrMore || e.op == .oneOrMore ? maxRepeat : 1)
    }
  }

  /// Whether plain backtracking could explore too many paths: the product
  /// of each element's choices (a repeat: up to `maxRepeat` + 1, an
  /// optional part: 2) is over 200. Memoised over (element, token), the
  /// search is polynomial — elements × tokens × `maxRepeat` per attempt —
  /// however many repeats a workspace pattern stacks (7 × `word*` then a
  /// number on a 60-word line took 25 s unmemoised).
  static func needsMemo(_ elements: [Element]) -> Bool {
    var paths = 1
    for e in elements {
      switch e.op {
      case .one: continue
      case .optional: paths *= 2
      case .zeroOrMore, .oneOrMore: paths *= maxRepeat + 1
      }
      if paths > 200 { return true }
    }
    return false
  }

  /// A bit per label, by declaration order (hot: once per kept span per stage).
  static func labelBit(_ label: EntityLabel) -> UInt16 {
    switch label {
    case .PERSON: 1 << 0
    case .NORP: 1 << 1
    case .ORG: 1 << 2
    case .GPE: 1 << 3
    case .LOC: 1 << 4
    case .FAC: 1 << 5
    case .EVENT: 1 << 6
    case .DOC: 1 << 7
    case .DATE: 1 << 8
    case .TIME: 1 << 9
    case .TITLE: 1 << 10
    }
  }
}

/// What a pattern sees: tokens, and the spans kept by earlier stages.
struct MatchContext {
  /// The search's memo (see `SearchMemo`).
  let memo: SearchMemo
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
          for e in 0..<leading where Self.step(elements[e], start, start, context, pool) != nil {
            canStart = true
            break
          }
          guard canStart else { return }
          let search = Search(
            elements: elements, pool: pool, context: context, start: start,
            attempt: memoised ? context.memo.nextAttempt() : 0)
          let best = search.run(0, start)
          if best >= start + minTokens { out.append((start, best)) }
        }
        guard let anchor else {
          for start in 0..<context.tokens.count { attempt(start) }
          return
        }
        var tried = 0  // starts below this were tried already
        func around(_ t: Int) {
          // The anchor's word list matched; its other tests (shape, case) must too.
          guard Self.step(elements[anchor], t, t, context, pool) != nil else { return }
          // Walk back only over tokens some element before the anchor accepts
          // (or that lie inside a kept span an `ent` element may take whole):
          // a match is contiguous, so no start lies beyond the first token none accepts.
          let lowest = max(tried, t - maxBeforeAnchor, Int(context.segmentStart[t]))
          var start = t
          while start > lowest {
            let p = start - 1
            if !context.covered[p] {
              var accepted = false
              for e in 0..<anchor where Self.step(elements[e], p, p, context, pool) != nil {
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

  @inline(__always)
  static func inPool(_ pool: UnsafeBufferPointer<UInt64>, _ range: (offset: Int32, count: Int32), _ id: Int32) -> Bool {
    guard id >= 0 else { return false }
    let word = Int(id) >> 6
    guard word < Int(range.count) else { return false }
    return pool[Int(range.offset) + word] & (1 << UInt64(id & 63)) != 0
  }

  /// The token index after `element` matched at `t`, or nil.
  @inline(__always)
  static func step(
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

  /// The flags a shape test looks at, as a small index: word, number,
  /// punct, title, upper, lower (the low six bits of `TokenFlags`).
  static let shapeIndexCount = 64
  @inline(__always) static func shapeIndex(_ flags: TokenFlags) -> Int { Int(flags.rawValue & 0x3F) }

  /// Four digits from 1800 to 2099 (digits only: `18.1` and `2,00` are amounts).
  static func isYear(_ token: Token, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard token.flags.contains(.number), token.byteEnd - token.byteStart == 4 else { return false }
    let s = Int(token.byteStart)
    guard (s..<s + 4).allSatisfy({ bytes[$0] &- 0x30 < 10 }) else { return false }
    let century = Int(bytes[s] &- 48) * 10 + Int(bytes[s + 1] &- 48)
    return century >= 18 && century <= 20
  }
}

/// The matcher's memo: per (element, token offset from the attempt's
/// start), the result of `search` in the current attempt. One per
/// extraction, shared by every pattern; an attempt stamps its cells, so no
/// clearing between attempts. Offsets past `width` (the longest match of a
/// memoised pattern, `Pattern.maxLength`) are not memoised.
///
/// A plain value over memory `SearchMemo.Storage` owns: the matcher passes
/// it down every call, and a reference there would be retained each time.
struct SearchMemo {
  final class Storage {
    fileprivate let cells: UnsafeMutablePointer<UInt64>
    fileprivate let rows: Int
    fileprivate let width: Int

    init(elements: Int, width: Int) {
      rows = max(1, elements)
      self.width = max(1, width)
      // The last cell counts attempts.
      cells = .allocate(capacity: rows * self.width + 1)
      cells.initialize(repeating: 0, count: rows * self.width + 1)
    }

    deinit { cells.deallocate() }
  }

  private let cells: UnsafeMutablePointer<UInt64>
  private let rows: Int
  private let width: Int

  /// Valid while `storage` lives.
  init(_ storage: Storage) {
    cells = storage.cells
    rows = storage.rows
    width = storage.width
  }

  /// A new attempt's stamp (stamps are 32 bits: an extraction makes far
  /// fewer attempts than 2^32).
  @inline(__always) func nextAttempt() -> UInt64 {
    cells[rows * width] += 1
    return cells[rows * width]
  }

  @inline(__always) func cell(element: Int, offset: Int) -> Int? {
    offset < width && element < rows ? element * width + offset : nil
  }

  @inline(__always) func value(_ cell: Int, _ attempt: UInt64) -> Int? {
    let stored = cells[cell]
    return stored >> 32 == attempt ? Int(stored & 0xFFFF_FFFF) - 2 : nil
  }

  @inline(__always) func store(_ cell: Int, _ attempt: UInt64, _ value: Int) {
    cells[cell] = attempt << 32 | UInt64(value + 2)
  }
}

/// One attempt's search: the end of the longest completion of elements
/// `e...` from token `t` — where the last element that is not a `peek`
/// stopped, or `nothingMore`, or `noMatch`. For a pattern with many
/// optional or repeated parts (`Pattern.memoised`) it is memoised by
/// (element, token): such parts let many paths meet at the same place, and
/// without the memo each path is explored again (for a pattern with a few,
/// the memo costs more than it saves; attempt 0 means no memo). A struct, so
/// the recursion passes one reference to it rather than every argument.
private struct Search {
  let elements: UnsafeBufferPointer<Pattern.Element>
  let pool: UnsafeBufferPointer<UInt64>
  let context: MatchContext
  let start: Int
  let attempt: UInt64

  /// No way to complete the pattern from here.
  static let noMatch = -2
  /// Completes, consuming nothing more (what is left is optional or `peek`).
  static let nothingMore = -1

  func run(_ e: Int, _ t: Int) -> Int {
    if e == elements.count { return Self.nothingMore }
    // Attempt 0: not memoised (the memo costs more than it saves when few
    // paths can meet).
    let cell = attempt == 0 ? nil : context.memo.cell(element: e, offset: t - start)
    if let cell, let known = context.memo.value(cell, attempt) { return known }
    let op = elements[e].op
    let peek = elements[e].peek
    /// The best of going on from `next` after consuming up to it.
    @inline(__always) func after(_ next: Int) -> Int {
      let rest = run(e + 1, next)
      return rest == Self.nothingMore && !peek ? next : rest
    }
    var best = Self.noMatch
    switch op {
    case .one:
      if let next = Pattern.step(elements[e], t, start, context, pool) { best = after(next) }
    case .optional:
      if let next = Pattern.step(elements[e], t, start, context, pool) { best = after(next) }
      best = max(best, run(e + 1, t))
    case .zeroOrMore, .oneOrMore:
      if op == .zeroOrMore { best = run(e + 1, t) }
      var current = t
      for _ in 0..<Pattern.maxRepeat {
        guard let next = Pattern.step(elements[e], current, start, context, pool) else { break }
        best = max(best, after(next))
        current = next
      }
    }
    if let cell { context.memo.store(cell, attempt, best) }
    return best
  }
}
