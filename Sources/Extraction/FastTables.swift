/// A set of vocabulary ids as a bit array: membership is one load and a
/// mask, with no hashing and no reference counting on the hot path once the
/// storage is borrowed.
struct WordSet: Sendable, Equatable {
  private(set) var bits: [UInt64] = []

  init() {}
  init<S: Sequence>(_ ids: S) where S.Element == Int32 { for id in ids { insert(id) } }

  mutating func insert(_ id: Int32) {
    guard id >= 0 else { return }
    let word = Int(id) >> 6
    if word >= bits.count { bits += Array(repeating: 0, count: word - bits.count + 1) }
    bits[word] |= 1 << UInt64(id & 63)
  }

  mutating func formUnion(_ other: WordSet) {
    if other.bits.count > bits.count { bits += Array(repeating: 0, count: other.bits.count - bits.count) }
    for i in other.bits.indices { bits[i] |= other.bits[i] }
  }

  @inline(__always) func contains(_ id: Int32) -> Bool {
    guard id >= 0 else { return false }
    let word = Int(id) >> 6
    return word < bits.count && bits[word] & (1 << UInt64(id & 63)) != 0
  }

  var isEmpty: Bool { bits.allSatisfy { $0 == 0 } }
}

/// An open-addressing hash map from 64-bit keys (already well mixed: FNV
/// hashes and packed trie edges) to 32-bit values. Swift's Dictionary hashes
/// with SipHash, which costs more than the rest of a token's work.
struct UInt64Map: Sendable {
  private var keys: [UInt64]
  private var values: [Int32]
  private var mask: Int
  private(set) var count = 0

  init(capacity: Int = 16) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    keys = Array(repeating: 0, count: size)
    values = Array(repeating: -1, count: size)
    mask = size - 1
  }

  @inline(__always) private static func slot(_ key: UInt64) -> Int {
    var x = key
    x ^= x >> 33
    x &*= 0xff51_afd7_ed55_8ccd
    x ^= x >> 33
    return Int(truncatingIfNeeded: x)
  }

  @inline(__always) func get(_ key: UInt64) -> Int32? {
    var i = Self.slot(key) & mask
    while true {
      let v = values[i]
      if v < 0 { return nil }
      if keys[i] == key { return v }
      i = (i + 1) & mask
    }
  }

  mutating func set(_ key: UInt64, _ value: Int32) {
    precondition(value >= 0)
    if (count + 1) * 2 > keys.count { grow() }
    var i = Self.slot(key) & mask
    while values[i] >= 0 && keys[i] != key { i = (i + 1) & mask }
    if values[i] < 0 { count += 1 }
    keys[i] = key
    values[i] = value
  }

  private mutating func grow() {
    let oldKeys = keys
    let oldValues = values
    keys = Array(repeating: 0, count: oldKeys.count * 2)
    values = Array(repeating: -1, count: oldKeys.count * 2)
    mask = keys.count - 1
    count = 0
    for i in oldKeys.indices where oldValues[i] >= 0 { set(oldKeys[i], oldValues[i]) }
  }
}

/// FNV-1a, the hash of folded keys (token keys, vocabulary) and raw words.
/// A struct with mutating methods rather than a closure over a local, so
/// hot loops capture nothing.
struct FNV1a {
  private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

  @inline(__always) mutating func mix(_ byte: UInt8) { value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }

  /// Mixes a scalar's folded form (see `Folding`).
  @inline(__always) mutating func mixFolded(_ scalar: Unicode.Scalar) {
    let folded = Folding.foldedByte(scalar)
    if folded >= 0 {
      mix(UInt8(folded))
    } else if folded == Folding.needsMapping {
      for byte in String(scalar.properties.lowercaseMapping).utf8 { mix(byte) }
    }
  }
}
