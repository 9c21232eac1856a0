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
  }

  private var transitions = UInt64Map(capacity: 8192)
  /// The trie's first level by vocabulary id (most tokens start no phrase,
  /// so they cost one array load).
  private var roots: [Int32] = []
  /// Per node: index into `entryLists`, or -1 when no phrase ends there.
  private var terminals: [Int32] = [-1]
  private var entryLists: [[Entry]] = []
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
        if node == 0 {
          if Int(word) >= roots.count { roots += Array(repeating: -1, count: Int(word) - roots.count + 1) }
          roots[Int(word)] = nodeCount
        }
        node = nodeCount
        terminals.append(-1)
        nodeCount += 1
      }
    }
    if terminals[Int(node)] < 0 {
      terminals[Int(node)] = Int32(entryLists.count)
      entryLists.append([])
    }
    let listIndex = Int(terminals[Int(node)])
    // Higher tiers first, so a workspace entry overrides a built-in one; among
    // corrections the newest (added last) comes first.
    let tier = entry.rule.origin.tier
    let index =
      entryLists[listIndex].firstIndex {
        tier == .correction ? $0.rule.origin.tier <= tier : $0.rule.origin.tier < tier
      } ?? entryLists[listIndex].count
    entryLists[listIndex].insert(entry, at: index)
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

  /// What a match needs of its entry, as a plain value (no entry is copied
  /// on the hot path).
  struct Match {
    var end: Int
    var label: EntityLabel
    var entity: Int32
    unowned(unsafe) var rule: RuleRef
  }

  /// The longest entry that starts at `start`, with its end token index.
  func longestMatch(
    _ tokens: UnsafeBufferPointer<Token>, at start: Int, bytes: UnsafeBufferPointer<UInt8>
  ) -> Match? {
    let first = tokens[start].word
    guard first >= 0, Int(first) < roots.count, roots[Int(first)] >= 0 else { return nil }
    var node: Int32 = 0
    var i = start
    var best: Match?
    while i < tokens.count {
      let word = tokens[i].word
      let next = node == 0 ? roots[Int(first)] : word >= 0 ? transitions.get(Self.key(node, word)) ?? -1 : -1
      guard next >= 0 else { break }
      // A phrase never spans a line break (headlines, captions, bylines are lines).
      if i > start && tokens[i].flags.contains(.lineBefore) { break }
      node = next
      i += 1
      let list = Int(terminals[Int(node)])
      guard list >= 0 else { continue }
      entryLists[list].withUnsafeBufferPointer { entries in
        for k in entries.indices where check(entries[k], tokens, start, bytes) {
          best = Match(end: i, label: entries[k].label, entity: entries[k].entity, rule: entries[k].rule)
          break
        }
      }
    }
    return best
  }

  private func check(
    _ entry: Entry, _ tokens: UnsafeBufferPointer<Token>, _ start: Int, _ bytes: UnsafeBufferPointer<UInt8>
  ) -> Bool {
    for offset in entry.cases.indices {
      let token = tokens[start + offset]
      let ok = Self.accepts(
        entry.cases[offset], token, rawHash: { rawHash(bytes, token) }, expected: entry.rawHashes[offset])
      if !ok { return false }
    }
    return true
  }
}

/// FNV-1a of a token's bytes as written.
func rawHash(_ bytes: UnsafeBufferPointer<UInt8>, _ token: Token) -> UInt64 {
  var hash = FNV1a()
  for i in Int(token.byteStart)..<Int(token.byteEnd) { hash.mix(bytes[i]) }
  return hash.value
}
