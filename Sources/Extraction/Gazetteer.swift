/// Phrases → known entities, matched longest-first over token sequences with
/// a trie keyed by vocabulary ids (never a loop of string searches).
///
/// Case is matched by shape: a lowercase word in an entry matches any case;
/// a capitalised word matches capitalised or all-caps text (so `us` is not
/// `US` and lowercase page furniture is not a name); an all-caps entry word
/// matches all-caps text only; a mixed-case word (`RoK`) matches itself or
/// all caps.
struct Gazetteer: Sendable {
  enum CaseClass: UInt8, Sendable {
    case any, capitalized, upper, exact
  }

  struct Entry: Sendable {
    var entity: Int32  // index into RuleSet.entityList
    var label: EntityLabel
    var cases: [CaseClass]
    /// FNV hashes of the raw (unfolded) words, for `exact` case checks.
    var rawHashes: [UInt64]
    var rule: RuleRef
    /// A rejection: the span blocks every rule and is not reported.
    var suppress = false
    /// Only in this document (a correction of document scope).
    var document: String? = nil
  }

  private var transitions = UInt64Map(capacity: 8192)
  private var terminals: [Int32: [Entry]] = [:]
  private var nodeCount: Int32 = 1

  private static func key(_ node: Int32, _ word: Int32) -> UInt64 { UInt64(UInt32(node)) << 32 | UInt64(UInt32(word)) }

  mutating func insert(words: [Int32], entry: Entry) {
    var node: Int32 = 0
    for word in words {
      let k = Self.key(node, word)
      if let next = transitions.get(k) {
        node = next
      } else {
        transitions.set(k, nodeCount)
        node = nodeCount
        nodeCount += 1
      }
    }
    var list = terminals[node] ?? []
    // Higher tiers first, so a workspace entry overrides a built-in one; among
    // corrections the newest (added last) comes first.
    let tier = entry.rule.origin.tier
    let index =
      list.firstIndex { tier == .correction ? $0.rule.origin.tier <= tier : $0.rule.origin.tier < tier } ?? list.count
    list.insert(entry, at: index)
    terminals[node] = list
  }

  static func caseClass(of token: Token) -> CaseClass {
    let f = token.flags
    guard f.contains(.word) else { return .any }
    if f.contains(.lower) { return .any }
    if f.contains(.upper) { return token.end - token.start > 1 && !f.contains(.abbreviation) ? .upper : .capitalized }
    if f.contains(.title) { return .capitalized }
    return .exact
  }

  @inline(__always)
  static func accepts(_ required: CaseClass, _ token: Token, rawHash: () -> UInt64, expected: UInt64) -> Bool {
    switch required {
    case .any: return true
    case .capitalized: return token.flags.isCapitalized
    case .upper: return token.flags.contains(.upper)
    case .exact: return token.flags.contains(.upper) || rawHash() == expected
    }
  }

  /// The longest entry that starts at `start`, with its end token index.
  func longestMatch(
    _ tokens: [Token], at start: Int, bytes: UnsafeBufferPointer<UInt8>, document: String? = nil
  ) -> (end: Int, entry: Entry)? {
    var node: Int32 = 0
    var i = start
    var best: (Int, Entry)?
    while i < tokens.count {
      let word = tokens[i].word
      guard word >= 0, let next = transitions.get(Self.key(node, word)) else { break }
      // A phrase never spans a line break (headlines, captions, bylines are lines).
      if i > start && tokens[i].flags.contains(.lineBefore) { break }
      node = next
      i += 1
      if let entries = terminals[node] {
        for entry in entries
        where (entry.document == nil || entry.document == document) && check(entry, tokens, start, bytes) {
          best = (i, entry)
          break
        }
      }
    }
    return best
  }

  private func check(_ entry: Entry, _ tokens: [Token], _ start: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    for (offset, required) in entry.cases.enumerated() {
      let token = tokens[start + offset]
      let ok = Self.accepts(
        required, token, rawHash: { rawHash(bytes, token) }, expected: entry.rawHashes[offset])
      if !ok { return false }
    }
    return true
  }
}

/// FNV-1a of a token's bytes as written.
func rawHash(_ bytes: UnsafeBufferPointer<UInt8>, _ token: Token) -> UInt64 {
  var hash: UInt64 = 0xcbf2_9ce4_8422_2325
  for i in Int(token.byteStart)..<Int(token.byteEnd) { hash = (hash ^ UInt64(bytes[i])) &* 0x0000_0100_0000_01b3 }
  return hash
}
