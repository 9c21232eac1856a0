/// What the tagger knows about each token of one document, computed once:
/// the rules' reading around it, the word lists it is in, and whether its
/// line is an all-capitals headline. Features are read from here.
struct TaggerDocument {
  let tokens: [Token]
  let bytes: UnsafeBufferPointer<UInt8>
  /// Per token: the rules' span over it as `1 + 4 × label + position`
  /// (label by `EntityLabel.allCases` index, position as in `TagSet`), or 0.
  var ruleTags: [UInt8]
  /// Per token: the label (1 + `allCases` index) the rules gave the same
  /// word elsewhere in this document, 0 for none, 255 for several.
  var documentLabels: [UInt8]
  /// Per token: the word lists it is in (`ListBit`).
  var lists: [UInt16]
  /// Per token: its line has letters and no lowercase ones (a headline or
  /// dateline in capitals).
  var capitalLine: [Bool]
  /// Per token: inside a title-layer span the rules found and no core span
  /// (`Minister of National Defence`): a role, not a name.
  var inTitle: [Bool]

  enum ListBit {
    static let givenName: UInt16 = 1
    static let familyName: UInt16 = 2
    static let honorific: UInt16 = 4
    static let title: UInt16 = 8
    static let notName: UInt16 = 16
    static let dateWord: UInt16 = 32
    static let corporate: UInt16 = 64
    static let placeNoun: UInt16 = 128
    static let particle: UInt16 = 256
  }

  init(tokens: [Token], bytes: UnsafeBufferPointer<UInt8>, kept: SpanSet, titles: [Span], lexicon: Lexicon) {
    self.tokens = tokens
    self.bytes = bytes
    let n = tokens.count
    ruleTags = [UInt8](repeating: 0, count: n)
    documentLabels = [UInt8](repeating: 0, count: n)
    lists = [UInt16](repeating: 0, count: n)
    capitalLine = [Bool](repeating: false, count: n)
    inTitle = [Bool](repeating: false, count: n)
    for span in titles where span.layer == .title {
      for t in span.first..<span.end where !kept.isCovered(t) { inTitle[t] = true }
    }

    var labelOfWord = UInt64Map(capacity: 64)
    for span in kept.spans {
      guard span.layer == .core else { continue }
      let label = UInt8(EntityLabel.allCases.firstIndex(of: span.label)!)
      for t in span.first..<span.end {
        let position: TagSet.Position =
          span.length == 1 ? .unit : t == span.first ? .begin : t == span.end - 1 ? .last : .inside
        ruleTags[t] = 1 + 4 * label + UInt8(position.rawValue)
        guard span.label.isLinked, tokens[t].flags.isCapitalized else { continue }
        let code = Int32(label) + 1
        if let seen = labelOfWord.get(tokens[t].keyHash), seen != code {
          labelOfWord.set(tokens[t].keyHash, 255)
        } else {
          labelOfWord.set(tokens[t].keyHash, code)
        }
      }
    }
    if labelOfWord.count > 0 {
      for t in 0..<n where tokens[t].flags.isCapitalized {
        if let code = labelOfWord.get(tokens[t].keyHash) { documentLabels[t] = UInt8(code) }
      }
    }

    for t in 0..<n {
      let word = tokens[t].word
      guard word >= 0 else { continue }
      var bits: UInt16 = 0
      if lexicon.givenNames.contains(word) { bits |= ListBit.givenName }
      if lexicon.vietnameseFamilyNames.contains(word) || lexicon.eastAsianFamilyNames.contains(word)
        || lexicon.eastAsianFamilyNamesHyphenated.contains(word)
      {
        bits |= ListBit.familyName
      }
      if lexicon.honorifics.contains(word) { bits |= ListBit.honorific }
      if lexicon.titleHeads.contains(word) || lexicon.ranks.contains(word) { bits |= ListBit.title }
      if lexicon.notNames.contains(word) { bits |= ListBit.notName }
      if lexicon.months.contains(word) || lexicon.weekdays.contains(word) { bits |= ListBit.dateWord }
      if lexicon.corporateSuffixes.contains(word) { bits |= ListBit.corporate }
      if lexicon.placeNouns.contains(word) { bits |= ListBit.placeNoun }
      if lexicon.nameParticles.contains(word) { bits |= ListBit.particle }
      lists[t] = bits
    }

    // Lines in capitals: every word on the line has no lowercase letter.
    var lineStart = 0
    while lineStart < n {
      var lineEnd = lineStart + 1
      while lineEnd < n && !tokens[lineEnd].flags.contains(.lineBefore) { lineEnd += 1 }
      var words = 0
      var capitals = true
      for t in lineStart..<lineEnd where tokens[t].flags.contains(.word) {
        words += 1
        if !tokens[t].flags.contains(.upper) {
          capitals = false
          break
        }
      }
      if capitals && words >= 1 {
        for t in lineStart..<lineEnd { capitalLine[t] = true }
      }
      lineStart = lineEnd
    }
  }

  /// A token's coarse shape: 0 punctuation, 1 number, 2 lower case, 3 title
  /// case, 4 capitals, 5 one capital letter, 6 mixed (`McKesson`).
  @inline(__always) func coarseShape(_ i: Int) -> UInt64 {
    let flags = tokens[i].flags
    if flags.contains(.punct) { return 0 }
    if !flags.contains(.word) { return 1 }
    if flags.contains(.lower) { return 2 }
    if flags.contains(.title) { return tokens[i].end - tokens[i].start == 1 ? 5 : 3 }
    if flags.contains(.upper) { return tokens[i].end - tokens[i].start == 1 ? 5 : 4 }
    return 6
  }

  /// A token's written shape, letters by case and digits as `d`, runs of
  /// more than two of a kind collapsed (`Xxx-Xxx`, `dd.d`, `X&X`), hashed.
  func shape(_ i: Int) -> UInt64 {
    var hash = FNV1a()
    var last: UInt8 = 0
    var run = 0
    var count = 0
    for b in bytes[Int(tokens[i].byteStart)..<Int(tokens[i].byteEnd)] {
      let c: UInt8
      switch b {
      case 0x41...0x5A: c = 0x58  // X
      case 0x61...0x7A: c = 0x78  // x
      case 0x30...0x39: c = 0x64  // d
      case 0x80...0xBF: continue  // a UTF-8 continuation byte
      case 0xC0...0xFF: c = 0x61  // a non-ASCII letter
      default: c = b
      }
      if c == last {
        run += 1
        if run > 2 { continue }
      } else {
        run = 1
        last = c
      }
      hash.mix(c)
      count += 1
      if count >= 12 { break }
    }
    return hash.value
  }

  /// The first or last three bytes of a token, lowercased, packed.
  func affix(_ i: Int, suffix: Bool) -> UInt64 {
    let start = Int(tokens[i].byteStart)
    let end = Int(tokens[i].byteEnd)
    guard end - start > 3 else { return 0 }
    var value: UInt64 = suffix ? 1 : 2
    for k in 0..<3 {
      var b = bytes[suffix ? end - 3 + k : start + k]
      if b >= 0x41 && b <= 0x5A { b += 32 }
      value = value << 8 | UInt64(b)
    }
    return value
  }

  @inline(__always) func key(_ i: Int) -> UInt64 {
    i < 0 ? 0x5EED_0001 : i >= tokens.count ? 0x5EED_0002 : tokens[i].keyHash
  }

  @inline(__always) func coarse(_ i: Int) -> UInt64 { i < 0 || i >= tokens.count ? 7 : coarseShape(i) }
  @inline(__always) func list(_ i: Int) -> UInt64 { i < 0 || i >= tokens.count ? 0xFFFF : UInt64(lists[i]) }
  @inline(__always) func rule(_ i: Int) -> UInt64 { i < 0 || i >= tokens.count ? 0xFF : UInt64(ruleTags[i]) }
}

/// The feature templates, hashed into `1 << bits` buckets. Each feature
/// is a template number and a value, mixed (splitmix64's finaliser) so
/// that nearby values land far apart. Changing a template changes what
/// every weight means: bump `TaggerFeatures.version` and retrain.
public struct TaggerFeatures {
  public static let version: UInt32 = 1
  static let count = 29

  let bits: Int

  @inline(__always) func bucket(_ template: UInt64, _ value: UInt64) -> UInt32 {
    var z = value &+ (template &+ 1) &* 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    z ^= z >> 31
    return UInt32(truncatingIfNeeded: z >> UInt64(64 - bits))
  }

  @inline(__always) func pair(_ a: UInt64, _ b: UInt64) -> UInt64 { (a &* 0x0000_0100_0000_01b3) ^ (b &+ 0x632B_E59B) }

  /// The buckets of token `i`'s features, given the two tags before it.
  func extract(_ d: TaggerDocument, _ i: Int, previous p1: Int, beforeThat p2: Int, into out: inout [UInt32]) {
    out.removeAll(keepingCapacity: true)
    appendStatic(d, i, to: &out)
    appendDynamic(d, i, previous: p1, beforeThat: p2, to: &out)
  }

  /// The features that do not depend on the tags before the token: scored
  /// once per token, whatever the decoder chose before it.
  func appendStatic(_ d: TaggerDocument, _ i: Int, to out: inout [UInt32]) {
    appendWords(d, i, to: &out)
    let shape = d.coarse(i)
    let flags = d.tokens[i].flags
    let sentenceStart: UInt64 = flags.contains(.sentenceStart) || flags.contains(.lineBefore) ? 1 : 0
    out.append(bucket(0, 0))
    out.append(bucket(9, d.shape(i)))
    out.append(bucket(10, d.coarse(i - 1) << 8 | shape << 4 | d.coarse(i + 1)))
    out.append(bucket(16, d.list(i)))
    out.append(bucket(17, d.list(i - 1)))
    out.append(bucket(18, d.list(i + 1)))
    out.append(bucket(19, d.rule(i)))
    out.append(bucket(20, d.rule(i - 1)))
    out.append(bucket(21, d.rule(i + 1)))
    out.append(bucket(22, UInt64(d.documentLabels[i]) << 4 | shape))
    out.append(bucket(23, (d.capitalLine[i] ? 1 : 0) << 4 | shape))
    out.append(bucket(24, sentenceStart << 4 | shape))
    out.append(bucket(28, (d.inTitle[i] ? 1 : 0) << 4 | shape))
  }

  /// How many of `appendWords`'s features are about the neighbours only
  /// (the context a similar name shares): templates 3–6, 26, 27.
  static let contextFeatures = 6

  /// The features about words: the token, its affixes, its neighbours and
  /// the pairs they make.
  func appendWords(_ d: TaggerDocument, _ i: Int, to out: inout [UInt32]) {
    let w = d.key(i)
    let shape = d.coarse(i)
    out.append(bucket(1, w))
    out.append(bucket(2, pair(w, shape)))
    out.append(bucket(3, d.key(i - 1)))
    out.append(bucket(4, d.key(i + 1)))
    out.append(bucket(5, d.key(i - 2)))
    out.append(bucket(6, d.key(i + 2)))
    out.append(bucket(7, d.affix(i, suffix: false)))
    out.append(bucket(8, d.affix(i, suffix: true)))
    out.append(bucket(14, pair(d.key(i - 1), w)))
    out.append(bucket(15, pair(w, d.key(i + 1))))
    out.append(bucket(26, pair(d.key(i - 1), shape)))
    out.append(bucket(27, pair(shape, d.key(i + 1))))
  }

  /// What an analyst's correction teaches: the word features and the word
  /// after the tag before it. The general ones (bias, shapes, lists, the
  /// rules' reading, the tags before) stay as trained: moving them would
  /// move every capitalised word of every document.
  func appendLexical(_ d: TaggerDocument, _ i: Int, previous p1: Int, to out: inout [UInt32]) {
    out.removeAll(keepingCapacity: true)
    appendWords(d, i, to: &out)
    out.append(bucket(13, pair(d.key(i), UInt64(p1))))
  }

  /// The features of the tags before the token.
  func appendDynamic(_ d: TaggerDocument, _ i: Int, previous p1: Int, beforeThat p2: Int, to out: inout [UInt32]) {
    let p1 = UInt64(p1)
    out.append(bucket(11, p1))
    out.append(bucket(12, p1 << 8 | UInt64(p2)))
    out.append(bucket(13, pair(d.key(i), p1)))
    out.append(bucket(25, pair(d.shape(i), p1)))
  }

  /// Whether token `i` is tagged O without scoring: a lowercase word (not
  /// before a hyphen: `al-Qaida`), a number or punctuation, when no name
  /// is open. Most tokens of news are; skipping them is most of the speed.
  @inline(__always) static func isPlainlyOutside(_ d: TaggerDocument, _ i: Int) -> Bool {
    let flags = d.tokens[i].flags
    if flags.contains(.punct) {
      return d.tokens[i].byteEnd - d.tokens[i].byteStart == 1 && d.bytes[Int(d.tokens[i].byteStart)] != 0x26
    }
    if !flags.contains(.word) { return true }
    guard flags.contains(.lower) else { return false }
    if i + 1 < d.tokens.count && !d.tokens[i + 1].flags.contains(.spaceBefore) && d.tokens[i + 1].flags.contains(.punct)
    {
      return false
    }
    return true
  }
}
