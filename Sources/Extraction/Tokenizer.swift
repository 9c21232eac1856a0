/// Shape and kind of a token, as bits: the matcher tests them without
/// looking at text.
public struct TokenFlags: OptionSet, Sendable, Hashable {
  public let rawValue: UInt16
  public init(rawValue: UInt16) { self.rawValue = rawValue }

  public static let word = TokenFlags(rawValue: 1 << 0)  // has a letter
  public static let number = TokenFlags(rawValue: 1 << 1)  // digits only (with , or . inside)
  public static let punct = TokenFlags(rawValue: 1 << 2)
  public static let title = TokenFlags(rawValue: 1 << 3)  // first letter upper, no other upper
  public static let upper = TokenFlags(rawValue: 1 << 4)  // letters all upper
  public static let lower = TokenFlags(rawValue: 1 << 5)  // letters all lower
  public static let spaceBefore = TokenFlags(rawValue: 1 << 6)
  public static let lineBefore = TokenFlags(rawValue: 1 << 7)  // a line break since the previous token
  public static let sentenceStart = TokenFlags(rawValue: 1 << 8)
  public static let abbreviation = TokenFlags(rawValue: 1 << 9)  // ends in a period that is part of it
  public static let possessive = TokenFlags(rawValue: 1 << 10)  // the token is 's or ’s
  public static let digit = TokenFlags(rawValue: 1 << 11)  // contains a digit
  public static let nonASCII = TokenFlags(rawValue: 1 << 12)

  /// Capitalised as a name is: title case or all capitals.
  public var isCapitalized: Bool { !isDisjoint(with: [.title, .upper]) && contains(.word) }
}

public struct Token: Sendable, Equatable {
  public var byteStart: Int32
  public var byteEnd: Int32
  /// Unicode scalar offsets, end exclusive.
  public var start: Int32
  public var end: Int32
  /// The folded key's id in the rules' vocabulary, or -1 for a word no rule names.
  public var word: Int32
  public var flags: TokenFlags
  /// FNV-1a hash of the folded key: lets aliases found at run time (a
  /// surname) be compared without building strings.
  public var keyHash: UInt64
}

/// Words that take a period as part of themselves, so the period ends no sentence.
let abbreviationWords: Set<String> = [
  "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "lieut", "col", "maj", "capt", "adm", "sgt", "gov", "sen",
  "rep", "st", "jr", "sr", "no", "vol", "jan", "feb", "mar", "apr", "aug", "sep", "sept", "oct", "nov", "dec",
  "inc", "corp", "co", "ltd", "dept", "mt", "ft", "brig", "cmdr", "pres", "rev", "hon", "vs", "etc", "a.m", "p.m",
]

/// Splits UTF-8 bytes into tokens. ASCII bytes take a fast path with no
/// `String` work; a non-ASCII scalar is decoded and classified by its Unicode
/// properties.
///
/// Words are runs of letters, digits and combining marks; `'s`/`’s` is its own
/// token (so possessives stay out of spans); hyphens, slashes and all other
/// punctuation are single tokens (so `Vietnam-US` is three tokens);
/// `U.S.`-style initials and known abbreviations (`Gen.`) keep their periods;
/// numbers keep inner `,` and `.` (`2,000`, `3.5`).
public struct Tokenizer: Sendable {
  public let vocabulary: Vocabulary
  /// `abbreviationWords` by key hash.
  private let abbreviations: UInt64Map

  public init(vocabulary: Vocabulary) {
    self.vocabulary = vocabulary
    var abbreviations = UInt64Map(capacity: abbreviationWords.count)
    for word in abbreviationWords { abbreviations.set(Vocabulary.hash(word), 0) }
    self.abbreviations = abbreviations
  }

  public func tokenize(_ bytes: UnsafeBufferPointer<UInt8>) -> [Token] {
    var tokens: [Token] = []
    tokens.reserveCapacity(bytes.count / 5)
    let n = bytes.count
    var i = 0
    var scalar: Int32 = 0
    var pendingSpace = false
    var pendingLine = false
    var sentenceEnded = true

    @inline(__always) func decode(_ at: Int) -> (Unicode.Scalar, Int) { decodeScalar(bytes, at: at) }

    @inline(__always) func isWordScalar(_ s: Unicode.Scalar) -> Bool {
      let v = s.value
      if v < 0x80 {
        return (v >= 0x61 && v <= 0x7A) || (v >= 0x41 && v <= 0x5A) || (v >= 0x30 && v <= 0x39)
      }
      let p = s.properties
      return p.isAlphabetic || p.generalCategory == .nonspacingMark || p.generalCategory == .decimalNumber
    }

    while i < n {
      let b = bytes[i]
      // Whitespace and line breaks.
      if b == 0x20 || b == 0x09 {
        pendingSpace = true
        i += 1
        scalar += 1
        continue
      }
      if b == 0x0A || b == 0x0D {
        pendingSpace = true
        pendingLine = true
        i += 1
        scalar += 1
        continue
      }
      let (first, firstLength) = decode(i)
      // A byte-order mark (U+FEFF, also a zero-width no-break space) reads as a space.
      if first.value >= 0x80 && (first.value == 0xA0 || first.value == 0xFEFF || first.properties.isWhitespace) {
        pendingSpace = true
        if first.value == 0x2028 || first.value == 0x2029 || first.value == 0x85 { pendingLine = true }
        i += firstLength
        scalar += 1
        continue
      }

      let startByte = i
      let startScalar = scalar
      var flags: TokenFlags = []
      var hash = FNV1a()

      if isWordScalar(first) {
        var letters = 0
        var uppers = 0
        var lowers = 0
        var firstUpper = false
        var digits = 0
        var j = i
        var sc = scalar
        // Counts use wrapping arithmetic: a token is shorter than the text.
        while j < n {
          let byte = bytes[j]
          if byte < 0x80 {
            if byte &- 0x61 < 26 {  // a-z, the common case first
              letters &+= 1
              lowers &+= 1
              hash.mix(byte)
            } else if byte &- 0x41 < 26 {  // A-Z
              if letters == 0 { firstUpper = true }
              letters &+= 1
              uppers &+= 1
              hash.mix(byte | 0x20)
            } else if byte &- 0x30 < 10 {
              digits &+= 1
              hash.mix(byte)
            } else if (byte == 0x2C || byte == 0x2E) && digits > 0 && letters == 0 && j + 1 < n
              && bytes[j + 1] >= 0x30 && bytes[j + 1] <= 0x39
            {
              hash.mix(byte)  // 2,000 and 3.5 stay one number
            } else if byte == 0x27 && letters > 0 && j + 1 < n && Self.isApostropheContinuation(bytes, j + 1, n) {
              hash.mix(byte)  // O'Brien, don't — but not the possessive 's
            } else {
              break
            }
            j &+= 1
            sc &+= 1
            continue
          }
          let (s, length) = decode(j)
          if s.value == 0x2019 && letters > 0 && j + length < n && Self.isApostropheContinuation(bytes, j + length, n) {
            hash.mix(0x27)
            j += length
            sc += 1
            continue
          }
          guard isWordScalar(s) else { break }
          flags.insert(.nonASCII)
          let p = s.properties
          if p.isAlphabetic {
            if p.isUppercase {
              if letters == 0 { firstUpper = true }
              uppers += 1
            } else if p.isLowercase {
              lowers += 1
            }
            letters += 1
          } else if p.generalCategory == .decimalNumber {
            digits += 1
          }
          hash.mixFolded(s)
          j += length
          sc += 1
        }
        // Initials with periods: U.S., U.N., D.C.; and lowercase a.m., p.m., e.g.
        @inline(__always) func sameCaseLetter(_ b: UInt8) -> Bool {
          uppers == 1 ? (b >= 0x41 && b <= 0x5A) : (b >= 0x61 && b <= 0x7A)
        }
        if letters == 1 && digits == 0 && j + 2 < n && bytes[j] == 0x2E && sameCaseLetter(bytes[j + 1])
          && bytes[j + 2] == 0x2E
        {
          while j + 1 < n && bytes[j] == 0x2E && sameCaseLetter(bytes[j + 1])
            && (j + 2 >= n || bytes[j + 2] == 0x2E)
          {
            hash.mix(0x2E)
            hash.mix(bytes[j + 1] | 0x20)
            j += 2
            sc += 2
          }
          if j < n && bytes[j] == 0x2E {
            hash.mix(0x2E)
            j += 1
            sc += 1
          }
          flags.insert(.abbreviation)
        } else if letters == 1 && uppers == 1 && digits == 0 && j + 2 < n && bytes[j] == 0x2E && bytes[j + 1] == 0x20
          && bytes[j + 2] >= 0x41 && bytes[j + 2] <= 0x5A
        {
          // A middle initial: Lloyd J. Austin.
          hash.mix(0x2E)
          j += 1
          sc += 1
          flags.insert(.abbreviation)
        } else if j < n && bytes[j] == 0x2E && letters > 0 && letters <= 5 && digits == 0 {
          // Gen. Mr. Lieut. — a known abbreviation keeps its period.
          // (ASCII words only: the key hash is then the lowercased word's.)
          if !flags.contains(.nonASCII) && abbreviations.get(hash.value) != nil {
            hash.mix(0x2E)
            j += 1
            sc += 1
            flags.insert(.abbreviation)
          }
        }
        if letters > 0 {
          flags.insert(.word)
          if uppers > 0 && lowers == 0 {
            flags.insert(.upper)
            if letters == 1 || firstUpper { flags.insert(.title) }
          } else if lowers > 0 && uppers == 0 {
            flags.insert(.lower)
          } else if firstUpper && uppers == 1 {
            flags.insert(.title)
          }
        } else {
          flags.insert(.number)
        }
        if digits > 0 { flags.insert(.digit) }
        i = j
        scalar = sc
      } else {
        // Possessive 's / ’s as its own token.
        let isApostrophe = first.value == 0x27 || first.value == 0x2019
        if isApostrophe && !tokens.isEmpty && !pendingSpace && i + firstLength < n
          && (bytes[i + firstLength] == 0x73 || bytes[i + firstLength] == 0x53)
          && (i + firstLength + 1 >= n || !isWordScalar(decode(i + firstLength + 1).0))
        {
          hash.mix(0x27)
          hash.mix(0x73)
          flags.insert([.possessive, .word, .lower])
          i += firstLength + 1
          scalar += 2
        } else {
          flags.insert(.punct)
          hash.mixFolded(first)
          i += firstLength
          scalar += 1
        }
      }

      if pendingSpace { flags.insert(.spaceBefore) }
      if pendingLine { flags.insert(.lineBefore) }
      if sentenceEnded || pendingLine { flags.insert(.sentenceStart) }
      pendingSpace = false
      pendingLine = false
      let token = Token(
        byteStart: Int32(startByte), byteEnd: Int32(i), start: startScalar, end: scalar,
        word: vocabulary.id(forHash: hash.value), flags: flags, keyHash: hash.value)
      sentenceEnded = Self.endsSentence(token, bytes)
      tokens.append(token)
    }
    return tokens
  }

  /// An apostrophe inside a word continues it (O'Brien), unless it starts
  /// the possessive `'s` at the end of a word.
  static func isApostropheContinuation(_ bytes: UnsafeBufferPointer<UInt8>, _ at: Int, _ n: Int) -> Bool {
    let next = bytes[at]
    let isLetter = (next >= 0x41 && next <= 0x5A) || (next >= 0x61 && next <= 0x7A)
    guard isLetter else { return false }
    if next == 0x73 || next == 0x53 {
      // 's followed by a non-letter is the possessive.
      guard at + 1 < n else { return false }
      let after = bytes[at + 1]
      return (after >= 0x41 && after <= 0x5A) || (after >= 0x61 && after <= 0x7A)
    }
    return true
  }

  static func endsSentence(_ token: Token, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard token.flags.contains(.punct) else { return false }
    let b = bytes[Int(token.byteStart)]
    return b == 0x2E || b == 0x21 || b == 0x3F
  }
}

/// The words the rules name, each with an id; tokens carry the id of their
/// folded key so matching compares integers.
public struct Vocabulary: Sendable {
  private var ids = UInt64Map(capacity: 4096)
  public private(set) var count = 0

  public init() {}

  public static func hash(_ key: String) -> UInt64 {
    var hash = FNV1a()
    for byte in key.utf8 { hash.mix(byte) }
    return hash.value
  }

  /// The id of a folded key, adding it when new.
  public mutating func intern(_ key: String) -> Int32 { internHash(Self.hash(key)) }

  mutating func internHash(_ h: UInt64) -> Int32 {
    if let id = ids.get(h) { return id }
    let id = Int32(count)
    ids.set(h, id)
    count += 1
    return id
  }

  public func id(forHash hash: UInt64) -> Int32 { ids.get(hash) ?? -1 }
  public func id(for key: String) -> Int32 { ids.get(Self.hash(key)) ?? -1 }
}
