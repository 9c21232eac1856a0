// Longer than the ~400 lines files aim for: one family of rules whose
// cues, name runs and partial references share the same token helpers.
/// Rules that find people: names after titles and ranks, after honorifics
/// and bylines, names that start with a known given name or a Vietnamese
/// family name; and, once full names are known, the later partial
/// references to them (surname for Western names; the given name — the last
/// syllable — for Vietnamese ones, never the family name alone).
struct PeopleRules {
  let rules: RuleSet
  let tokens: [Token]
  let bytes: UnsafeBufferPointer<UInt8>
  let names: Names

  static func rule(_ id: String) -> RuleRef {
    RuleRef(id: id, kind: .code, origin: RuleOrigin(file: "People.swift", line: 1, tier: .builtIn))
  }
  static let afterTitle = rule("person.after-title")
  static let afterHonorific = rule("person.after-honorific")
  static let byline = rule("person.byline")
  static let givenName = rule("person.given-name")
  static let vietnameseName = rule("person.vietnamese-name")
  static let eastAsianName = rule("person.east-asian-name")
  static let appositive = rule("person.appositive-after-title")
  static let aged = rule("person.with-age")
  static let partialName = rule("person.partial-name")
  static let acronym = rule("acronym.expansion")
  static let shortName = rule("organisation.short-name")

  func text(_ first: Int, _ end: Int) -> String {
    String(
      decoding: UnsafeBufferPointer(rebasing: bytes[Int(tokens[first].byteStart)..<Int(tokens[end - 1].byteEnd)]),
      as: UTF8.self)
  }

  /// A word that can be part of a person's name here.
  func isNameWord(_ i: Int, _ kept: SpanSet) -> Bool {
    guard i < tokens.count else { return false }
    let t = tokens[i]
    guard t.flags.isCapitalized, !t.flags.contains(.possessive), !t.flags.contains(.digit) else { return false }
    guard !kept.isCovered(i) || isGivenNameOverGroup(i, kept), !rules.lexicon.notInNames.contains(t.word) else {
      return false
    }
    // All-caps words longer than 3 letters are acronyms or shouting, not names.
    if t.flags.contains(.upper) && t.end - t.start > 3 { return false }
    return true
  }

  /// A given name that is also the one-word name of a group (`Christian`)
  /// stays a name word before a capitalised word no rule took (`Christian
  /// Lindner`); the longer person span then wins.
  func isGivenNameOverGroup(_ i: Int, _ kept: SpanSet) -> Bool {
    guard let span = kept.span(at: i), span.label == .NORP, span.length == 1, i + 1 < tokens.count,
      rules.lexicon.givenNames.contains(tokens[i].word)
    else { return false }
    let next = tokens[i + 1]
    return next.flags.contains(.title) && next.flags.contains(.word) && !next.flags.contains(.lineBefore)
      && !kept.isCovered(i + 1) && !rules.lexicon.notInNames.contains(next.word)
  }

  /// The end of a name starting at `i`: one to five name words on one line,
  /// with runs of lowercase particles inside (`van`, `bin`, `von der`) and
  /// hyphenated parts written tight (`Hak-kyu`, `Jean-Pierre`);
  /// `minimum` counts words.
  func nameEnd(from i: Int, _ kept: SpanSet, minimum: Int = 1) -> Int? {
    let lexicon = rules.lexicon
    var end = i
    var words = 0
    while end < tokens.count, words < 5 {
      if end > i && tokens[end].flags.contains(.lineBefore) { break }
      if isNameWord(end, kept) {
        end += 1
        words += 1
        // A hyphenated part: `-kyu` in Park Hak-kyu.
        while end + 1 < tokens.count, tokens[end].word == lexicon.hyphen,
          !tokens[end].flags.contains(.spaceBefore), !tokens[end + 1].flags.contains(.spaceBefore),
          tokens[end + 1].flags.contains(.word), !tokens[end + 1].flags.contains(.possessive), !kept.isCovered(end + 1)
        {
          end += 2
        }
        continue
      }
      // Particles, then a name word: Ursula von der Leyen, Abdel Fattah al-Sisi.
      var next = end
      while next < tokens.count, next - end < 4 {
        let token = tokens[next]
        if lexicon.nameParticles.contains(token.word) && token.flags.contains(.lower) {
          next += 1
        } else if next > end, token.word == lexicon.hyphen, !token.flags.contains(.spaceBefore),
          next + 1 < tokens.count, !tokens[next + 1].flags.contains(.spaceBefore)
        {
          next += 1
        } else {
          break
        }
      }
      if words > 0, next > end, isNameWord(next, kept) {
        end = next
      } else {
        break
      }
    }
    return words >= minimum ? end : nil
  }

  func spans(titles: inout [Span], kept: SpanSet) -> [Span] {
    var out: [Span] = []
    let companies = corporateShortForms(kept)
    var notTitles: [Int] = []
    // After a title or rank: Defence Minister General Ngo Xuan Lich, General Lich.
    for index in titles.indices {
      let title = titles[index]
      // A rank or title word that starts a company's short name is part of
      // it (General Electric after General Electric Co.).
      if !companies.isEmpty,
        let k = (title.first..<title.end).first(where: { (shortFormEnd(at: $0, companies, kept) ?? 0) > title.end })
      {
        if k == title.first { notTitles.append(index) } else { titles[index].end = k }
        continue
      }
      var start = title.end
      if start < tokens.count, rules.lexicon.honorifics.contains(tokens[start].word) { start += 1 }
      if start < tokens.count, tokens[start].flags.contains(.lineBefore) { continue }
      if let end = nameEnd(from: start, kept) {
        titles[index].person = out.count
        out.append(Span(first: start, end: end, label: .PERSON, rule: Self.afterTitle))
      } else if let (first, end) = appositiveName(after: start, kept) {
        titles[index].person = out.count
        out.append(Span(first: first, end: end, label: .PERSON, rule: Self.appositive))
      }
    }
    let titled = out.count
    let lexicon = rules.lexicon
    for i in tokens.indices where lexicon.personCues.contains(tokens[i].word) {
      let t = tokens[i]
      // Mr. Mark Esper (the honorific stays out of the span).
      if lexicon.honorifics.contains(t.word), t.flags.isCapitalized, let end = nameEnd(from: i + 1, kept) {
        out.append(Span(first: i + 1, end: end, label: .PERSON, rule: Self.afterHonorific))
      }
      // A byline on its own line: By Sarah Thompson.
      if t.word == lexicon.by, t.flags.contains(.title), i == 0 || t.flags.contains(.lineBefore),
        let end = nameEnd(from: i + 1, kept, minimum: 2), end == tokens.count || tokens[end].flags.contains(.lineBefore)
      {
        out.append(Span(first: i + 1, end: end, label: .PERSON, rule: Self.byline))
      }
      // Translated by Thu Nguyen.
      if lexicon.bylineVerbs.contains(t.word), t.flags.isCapitalized, i + 1 < tokens.count,
        tokens[i + 1].word == lexicon.by, let end = nameEnd(from: i + 2, kept)
      {
        out.append(Span(first: i + 2, end: end, label: .PERSON, rule: Self.byline))
      }
      // Mark Esper: a known given name and at least one more name word.
      // (Not after another capitalised word: "Second Thomas Shoal" is no person.)
      let afterCapitalized =
        i > 0 && tokens[i - 1].flags.isCapitalized && !tokens[i].flags.contains(.sentenceStart)
        && !tokens[i].flags.contains(.lineBefore)
      if lexicon.givenNames.contains(t.word), isNameWord(i, kept) {
        // A hyphenated given name belongs to the person: Poul-Erik Hoyer-Larsen.
        let first = hyphenatedNameStart(i, kept)
        let beforeCapitalized =
          first == i
          ? afterCapitalized
          : first > 0 && tokens[first - 1].flags.isCapitalized && !tokens[first].flags.contains(.sentenceStart)
            && !tokens[first].flags.contains(.lineBefore)
        if !beforeCapitalized, let end = nameEnd(from: first, kept, minimum: 2) {
          out.append(Span(first: first, end: end, label: .PERSON, rule: Self.givenName))
        }
      }
      // Xi Jinping, Kishida Fumio, Park Hak-kyu: an East Asian family name and
      // one or two given names; a family name that is also an English word
      // (Park, Moon, Song) only before a hyphenated given name.
      let eastAsian = lexicon.eastAsianFamilyNames.contains(t.word)
      if eastAsian || lexicon.eastAsianFamilyNamesHyphenated.contains(t.word), !afterCapitalized, isNameWord(i, kept),
        let end = nameEnd(from: i, kept, minimum: 2), end - i <= 5,
        eastAsian || (i + 2 < end && tokens[i + 2].word == lexicon.hyphen),
        !(end < tokens.count && lexicon.placeNouns.contains(tokens[end].word))
      {
        out.append(Span(first: i, end: end, label: .PERSON, rule: Self.eastAsianName))
      }
      // Nguyen Xuan Phuc: a Vietnamese family name and one to three syllables.
      if lexicon.vietnameseFamilyNames.contains(t.word), isNameWord(i, kept),
        let end = nameEnd(from: i, kept, minimum: 2), end - i <= 4,
        !(end < tokens.count && lexicon.placeNouns.contains(tokens[end].word)),
        (i + 1..<end).allSatisfy({ tokens[$0].end - tokens[$0].start <= 6 })
      {
        out.append(Span(first: i, end: end, label: .PERSON, rule: Self.vietnameseName))
      }
    }
    out += agedNames(kept)
    for index in notTitles.reversed() { titles.remove(at: index) }
    guard !companies.isEmpty else { return out }
    // Nor is a company's short name a person (Tim Hortons after Tim Hortons Inc.).
    return out.enumerated().filter { index, span in
      index < titled || (shortFormEnd(at: span.first, companies, kept) ?? 0) < span.end
    }.map(\.element)
  }

  /// The names of the companies the document gives with a corporate suffix,
  /// without it (`General Electric` of `General Electric Co.`), as the raw
  /// hashes of their words: a later mention of one is the company, not a
  /// rank and a person, as `organisationShortNames` finds it once people are known.
  func corporateShortForms(_ kept: SpanSet) -> [[UInt64]] {
    var forms: [[UInt64]] = []
    for span in kept.spans where span.label == .ORG && span.length >= 2 {
      guard rules.lexicon.corporateSuffixes.contains(tokens[span.end - 1].word) else { continue }
      forms.append((span.first..<span.end - 1).map { rawHash(bytes, tokens[$0]) })
    }
    return forms
  }

  /// The end of a company's short name (`corporateShortForms`) written at
  /// `i` on tokens no rule took, or nil.
  func shortFormEnd(at i: Int, _ forms: [[UInt64]], _ kept: SpanSet) -> Int? {
    for words in forms where i + words.count <= tokens.count {
      let matches = words.indices.allSatisfy { k in
        !kept.isCovered(i + k) && rawHash(bytes, tokens[i + k]) == words[k]
      }
      if matches { return i + words.count }
    }
    return nil
  }

  /// The first word of a hyphenated name whose last part is `i`
  /// (`Poul-Erik`, `Hans-Peter`), or `i`.
  func hyphenatedNameStart(_ i: Int, _ kept: SpanSet) -> Int {
    var first = i
    while first >= 2, tokens[first - 1].word == rules.lexicon.hyphen,
      !tokens[first - 1].flags.contains(.spaceBefore), !tokens[first].flags.contains(.spaceBefore),
      !tokens[first].flags.contains(.lineBefore), tokens[first - 2].flags.contains(.title), isNameWord(first - 2, kept)
    {
      first -= 2
    }
    return first
  }

  /// `Messi, 37, joined`: one to four name words set off by commas around
  /// an age, the news convention for introducing a person.
  func agedNames(_ kept: SpanSet) -> [Span] {
    let lexicon = rules.lexicon
    var out: [Span] = []
    var i = 1
    while i + 2 < tokens.count {
      defer { i += 1 }
      guard tokens[i].word == lexicon.comma, tokens[i + 2].word == lexicon.comma, isAge(i + 1) else { continue }
      // Back over name words on the same line.
      var first = i
      while first > 0, i - first < 4, isNameWord(first - 1, kept), !tokens[first].flags.contains(.lineBefore) {
        first -= 1
      }
      guard first < i, nameEnd(from: first, kept) == i else { continue }
      out.append(Span(first: first, end: i, label: .PERSON, rule: Self.aged))
    }
    return out
  }

  /// A number from 1 to 119 written alone.
  private func isAge(_ i: Int) -> Bool {
    let token = tokens[i]
    guard token.flags.contains(.number), token.byteEnd - token.byteStart <= 3 else { return false }
    var value = 0
    for b in Int(token.byteStart)..<Int(token.byteEnd) {
      guard bytes[b] >= 0x30 && bytes[b] <= 0x39 else { return false }
      value = value * 10 + Int(bytes[b] - 0x30)
    }
    return value >= 1 && value < 120
  }

  /// A name set off by commas after a title and what it is of:
  /// `Japan's ambassador to Vietnam, Ito Naoki, said`. Two to four name
  /// words, then a comma, a full stop or the end of the line.
  func appositiveName(after start: Int, _ kept: SpanSet) -> (Int, Int)? {
    let lexicon = rules.lexicon
    var comma = start
    // `to Vietnam`, `of the Philippines`: a place or body the title is of.
    if comma + 1 < tokens.count, lexicon.titlePrepositions.contains(tokens[comma].word) {
      var next = comma + 1
      if lexicon.determiners.contains(tokens[next].word) { next += 1 }
      guard next < tokens.count, let span = kept.span(at: next), span.first == next,
        [.GPE, .ORG].contains(span.label)
      else { return nil }
      comma = span.end
    }
    guard comma + 1 < tokens.count, tokens[comma].word == lexicon.comma,
      !tokens[comma + 1].flags.contains(.lineBefore),
      let end = nameEnd(from: comma + 1, kept, minimum: 2)
    else { return nil }
    let closes =
      end >= tokens.count || tokens[end].flags.contains(.lineBefore) || tokens[end].word == lexicon.comma
      || tokens[end].word == lexicon.fullStop
    return closes ? (comma + 1, end) : nil
  }

  /// The word a person is referred to by later, or nil when there is none
  /// (one-word names, and family names: `Thu Nguyen` is never `Nguyen`).
  func referenceWord(of span: Span) -> Int? {
    guard span.length >= 2 else { return nil }
    // East Asian names put the family name first: Xi Jinping is Xi.
    let lexicon = rules.lexicon
    let first = tokens[span.first].word
    if lexicon.eastAsianFamilyNames.contains(first) || lexicon.eastAsianFamilyNamesHyphenated.contains(first) {
      return span.first
    }
    let last = span.end - 1
    if rules.lexicon.vietnameseFamilyNames.contains(tokens[last].word) { return nil }
    return last
  }

  /// The word each full name in the document is referred to by, with its
  /// entity and name; a word two people share maps to nil (ambiguous).
  func referenceWords(_ kept: SpanSet) -> [UInt64: (entity: NameRef, name: NameRef)?] {
    var byHash: [UInt64: (entity: NameRef, name: NameRef)?] = [:]
    for span in kept.spans where span.label == .PERSON {
      guard let word = referenceWord(of: span), case let entity = span.entity, !entity.isNone else { continue }
      let hash = rawHash(bytes, tokens[word])
      if let existing = byHash[hash] {
        if !(existing.map { names.sameEntity($0.entity, entity) } ?? false) { byHash[hash] = .some(nil) }
      } else {
        byHash[hash] = (entity, span.canonicalName)
      }
    }
    return byHash
  }

  /// Later mentions by surname or given name, within the document.
  func partialReferences(_ kept: SpanSet, _ words: [UInt64: (entity: NameRef, name: NameRef)?]) -> [Span] {
    guard !words.isEmpty else { return [] }
    // Most capitalised words are no one's name: a filter by key hash first.
    var keys = UInt64Map(capacity: words.count)
    // Hyphenated surnames (Hoyer-Larsen), by the hash of all their parts.
    var compounds = Set<UInt64>()
    for span in kept.spans where span.label == .PERSON {
      guard let word = referenceWord(of: span) else { continue }
      keys.set(tokens[word].keyHash, 0)
      let first = compoundStart(word, notBefore: span.first)
      if first < word { compounds.insert(compoundHash(first, word + 1)) }
    }
    var out: [Span] = []
    for i in tokens.indices where !kept.isCovered(i) && tokens[i].flags.contains(.title) {
      guard keys.get(tokens[i].keyHash) != nil, let candidate = words[rawHash(bytes, tokens[i])],
        let (entity, name) = candidate
      else { continue }
      // Not the first word of a longer capitalised run (that is another name).
      if i + 1 < tokens.count, isNameWord(i + 1, kept), !tokens[i + 1].flags.contains(.lineBefore) { continue }
      // A hyphenated surname is referred to whole (Hoyer-Larsen, not Larsen).
      var first = i
      if !compounds.isEmpty {
        var start = i
        while start >= 2, compoundStart(start, notBefore: start - 2) < start, !kept.isCovered(start - 2) {
          start -= 2
          if compounds.contains(compoundHash(start, i + 1)) { first = start }
        }
      }
      out.append(
        Span(first: first, end: i + 1, label: .PERSON, rule: Self.partialName, entity: entity, canonicalName: name))
    }
    return out
  }

  /// The first token of the hyphenated word written tight that ends at
  /// `i` (`Hoyer` for the `Larsen` of `Hoyer-Larsen`), or `i`.
  func compoundStart(_ i: Int, notBefore floor: Int) -> Int {
    var first = i
    while first - 2 >= floor, tokens[first - 1].word == rules.lexicon.hyphen,
      !tokens[first - 1].flags.contains(.spaceBefore), !tokens[first].flags.contains(.spaceBefore),
      tokens[first - 2].flags.contains(.word)
    {
      first -= 2
    }
    return first
  }

  /// The tokens `first..<end` as written, as one hash.
  func compoundHash(_ first: Int, _ end: Int) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for t in first..<end { hash = (hash ^ rawHash(bytes, tokens[t])) &* 0x0000_0100_0000_01b3 }
    return hash
  }

  /// `US Agency for International Development (USAID)`: the short form in
  /// parentheses after a span is another mention of the same entity
  /// (Schwartz–Hearst: its letters appear in order in the long form, the
  /// first at a word start); later uses of the short form are too.
  func acronyms(_ kept: SpanSet) -> [Span] {
    var forms: [UInt64: Span] = [:]
    var out: [Span] = []
    for span in kept.spans where span.layer == .core && span.label.isLinked && span.length >= 2 {
      let open = span.end
      guard open + 2 < tokens.count, tokens[open].word == rules.lexicon.openParen,
        tokens[open + 2].word == rules.lexicon.closeParen,
        tokens[open + 1].flags.contains(.upper), !kept.isCovered(open + 1)
      else { continue }
      let short = text(open + 1, open + 2)
      guard Self.abbreviates(short, text(span.first, span.end)) else { continue }
      var mention = span
      mention.first = open + 1
      mention.end = open + 2
      mention.rule = Self.acronym
      mention.trimEnd = 0
      forms[rawHash(bytes, tokens[open + 1])] = mention
    }
    // An unknown capitalised run with its short form: `Vietnam Electricity (EVN)` is an organisation.
    for open in tokens.indices where tokens[open].word == rules.lexicon.openParen && open + 2 < tokens.count {
      guard tokens[open + 2].word == rules.lexicon.closeParen, tokens[open + 1].flags.contains(.upper),
        !kept.isCovered(open + 1), tokens[open + 1].end - tokens[open + 1].start >= 2, open > 0
      else { continue }
      var first = open
      while first > 0, isNameWord(first - 1, kept) || (first - 1 >= 0 && kept.span(at: first - 1)?.label == .GPE),
        !tokens[first].flags.contains(.lineBefore), open - first < 8
      {
        first -= 1
      }
      guard open - first >= 2,
        !(first..<open).contains(where: { kept.isCovered($0) && kept.span(at: $0)?.label != .GPE }),
        Self.abbreviates(text(open + 1, open + 2), text(first, open))
      else { continue }
      let long = Span(first: first, end: open, label: .ORG, rule: Self.acronym)
      let linker = Linker(rules: rules, tokens: tokens, bytes: bytes, gazetteerSpans: kept, names: names)
      var linked = long
      linker.link(&linked)
      out.append(linked)
      var short = linked
      short.first = open + 1
      short.end = open + 2
      forms[rawHash(bytes, tokens[open + 1])] = short
    }
    guard !forms.isEmpty else { return out }
    for i in tokens.indices where !kept.isCovered(i) {
      guard var mention = forms[rawHash(bytes, tokens[i])] else { continue }
      mention.first = i
      mention.end = i + 1
      out.append(mention)
    }
    return out
  }

  /// `Acme Widgets Inc.` later called `Acme Widgets`: the name without its
  /// corporate suffix is another mention of the same organisation.
  func organisationShortNames(_ kept: SpanSet) -> [Span] {
    var forms: [[UInt64]: Span] = [:]
    for span in kept.spans where span.label == .ORG && span.length >= 2 && !span.entity.isNone {
      guard rules.lexicon.corporateSuffixes.contains(tokens[span.end - 1].word) else { continue }
      let words = (span.first..<span.end - 1).map { rawHash(bytes, tokens[$0]) }
      var mention = span
      mention.rule = Self.shortName
      mention.trimEnd = 0
      forms[words] = mention
    }
    guard !forms.isEmpty else { return [] }
    var out: [Span] = []
    for (words, template) in forms {
      var i = 0
      while i + words.count <= tokens.count {
        let matches = (0..<words.count).allSatisfy { k in
          !kept.isCovered(i + k) && rawHash(bytes, tokens[i + k]) == words[k]
        }
        if matches && !isNameWord(i + words.count, kept) {
          var mention = template
          mention.first = i
          mention.end = i + words.count
          out.append(mention)
          i += words.count
        } else {
          i += 1
        }
      }
    }
    return out
  }

  static func abbreviates(_ short: String, _ long: String) -> Bool {
    let s = Array(short.lowercased().filter(\.isLetter))
    let l = Array(long.lowercased())
    guard s.count >= 2 else { return false }
    var si = s.count - 1
    var li = l.count - 1
    while si >= 0 {
      while li >= 0 && (l[li] != s[si] || (si == 0 && li > 0 && l[li - 1].isLetter)) { li -= 1 }
      if li < 0 { return false }
      si -= 1
      li -= 1
    }
    return true
  }
}
