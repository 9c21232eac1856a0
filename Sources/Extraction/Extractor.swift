/// Text in, mentions out: the whole pipeline for one document. Pure (no I/O,
/// no LSP); the rules are handed to it.
///
/// Stages, each seeing what the earlier ones kept:
/// 1. tokenize (UTF-8 bytes, ASCII fast path);
/// 2. gazetteer (longest match over the token trie);
/// 3. date and time grammar;
/// 4. token patterns by stage (organisations, facilities, documents, events);
/// 5. title patterns (the title layer) and the people rules;
/// 6. partial references and acronyms (the resolver's in-document part);
/// 7. trimming and entity ids.
public struct Extractor: Sendable {
  public let rules: RuleSet
  let tokenizer: Tokenizer
  /// The most elements of a memoised pattern: the height of the matcher's
  /// memo (zeroed for every document, so no taller than needed).
  let memoRows: Int
  let memoWidth: Int
  /// Tagger mentions less confident than this are left out.
  public var minimumConfidence: Float = Extractor.defaultMinimumConfidence
  /// 0.5: chosen on GMB dev, where it keeps precision at 0.80 for the loss
  /// of half a point of recall (README, "The tagger").
  public static let defaultMinimumConfidence: Float = 0.5
  /// How confident the tagger must be to extend a rule's span to a longer
  /// name around it; above 1 (the default): never. Measured both ways on
  /// GMB dev, extending at 0.8 gained 0.1 point of F1 once the rules knew
  /// compound places themselves, for a second decode: off by default
  /// (`gloss check --tagger-policy extend` measures it).
  public var extensionConfidence: Float = 2
  public static let extendingConfidence: Float = 0.8
  /// What `extract` draws on unless told otherwise.
  public var sources: Sources = .all

  public init(rules: RuleSet) {
    self.rules = rules
    self.tokenizer = Tokenizer(vocabulary: rules.vocabulary)
    self.memoRows = rules.patterns.filter(\.memoised).map(\.elements.count).max() ?? 0
    self.memoWidth = rules.patterns.filter(\.memoised).map { Pattern.maxLength($0.elements) + 1 }.max() ?? 0
  }

  /// Mentions of both layers, sorted by start offset (core before title at
  /// the same start). A pure function of the text and the rules: analyst
  /// corrections apply afterwards, in the workspace's correction pass.
  public func extract(_ text: String, sources: Sources? = nil) -> [Mention] {
    var text = text
    return text.withUTF8 { extract(bytes: $0, sources: sources) }
  }

  public func extract(bytes: UnsafeBufferPointer<UInt8>, sources: Sources? = nil) -> [Mention] {
    extract(tokenizer.tokenize(bytes), bytes, sources: sources)
  }

  /// The mentions and the word keys (`wordKeys`) of a text, from one
  /// tokenization: the workspace index wants both for every document.
  public func extractWithWordKeys(_ text: String) -> (mentions: [Mention], wordKeys: [UInt32]) {
    var text = text
    return text.withUTF8 { bytes in
      let tokens = tokenizer.tokenize(bytes)
      return (extract(tokens, bytes, sources: nil), Self.wordKeys(of: tokens))
    }
  }

  func extract(_ tokens: [Token], _ bytes: UnsafeBufferPointer<UInt8>, sources: Sources?) -> [Mention] {
    let sources = sources ?? self.sources
    guard !tokens.isEmpty else { return [] }
    let names = Names(known: rules.entityList)
    var reading = readByRules(tokens, bytes, names: names)
    var kept = reading.kept
    let people = reading.people
    let linker = Linker(
      rules: rules, tokens: tokens, bytes: bytes, gazetteerSpans: reading.gazetteerSpans, names: names)
    kept.update { linker.link(&$0) }

    // The resolver's in-document part: partial names and acronyms.
    func resolveReferences(_ kept: inout SpanSet, shortNames: Bool) {
      // A one-word name (General Lich) is the person whose full name ends in it.
      let referenceWords = people.referenceWords(kept)
      // A one-word guess of the tagger's that is a person's surname here is that person.
      kept.update { span in
        guard span.label == .PERSON || span.rule === Tagger.rule, span.length == 1,
          span.rule.origin.tier != .correction,
          let candidate = referenceWords[rawHash(bytes, tokens[span.first])], let (entity, name) = candidate
        else { return }
        span.label = .PERSON
        span.entity = entity
        span.canonicalName = name
      }
      kept.fill(people.partialReferences(kept, referenceWords))
      if shortNames {
        kept.fill(people.acronyms(kept))
        kept.fill(people.organisationShortNames(kept))
      }
      kept.update { linker.link(&$0) }
    }
    resolveReferences(&kept, shortNames: true)

    // The tagger fills what the rules left (or, alone, reads every token);
    // its people are then referred to by surname like the rules' people.
    if sources != .rules, let tagger = rules.tagger {
      addTaggerSpans(tagger, alone: sources == .tagger, tokens, bytes, &kept, &reading)
      kept.update { linker.link(&$0) }
      resolveReferences(&kept, shortNames: false)
    }
    var titleSpans = reading.titles
    let persons = reading.persons

    // Titles name the person who follows them, or the one the same role
    // named earlier in the document when only one did.
    var titleOwners: [UInt64: NameRef?] = [:]
    for index in titleSpans.indices {
      guard let p = titleSpans[index].person, let owner = kept.span(at: persons[p].first), owner.label == .PERSON else {
        continue
      }
      titleSpans[index].entity = owner.entity
      let key = roleKey(titleSpans[index], kept, tokens)
      if let existing = titleOwners[key], !(existing.map { names.sameEntity($0, owner.entity) } ?? false) {
        titleOwners[key] = .some(nil)
      } else {
        titleOwners[key] = owner.entity
      }
    }
    for index in titleSpans.indices where titleSpans[index].entity.isNone {
      if let found = titleOwners[roleKey(titleSpans[index], kept, tokens)], let owner = found {
        titleSpans[index].entity = owner
      }
    }

    // In text order, core before title at the same start. Spans of one
    // layer never overlap, so (start, layer) is unique: one packed key each.
    let all = kept.spans + titleSpans
    var order = all.indices.map { UInt64(all[$0].first * 2 + (all[$0].layer == .title ? 1 : 0)) << 32 | UInt64($0) }
    order.sort()
    var mentions: [Mention] = []
    mentions.reserveCapacity(all.count)
    for key in order {
      let span = all[Int(key & 0xFFFF_FFFF)]
      mentions.append(mention(span, tokens, bytes, names))
    }
    return mentions
  }

  /// What extraction draws on: everything (rules, knowledge base,
  /// corrections and the tagger), the rules alone, or the tagger alone
  /// (with the rules' spans of labels it does not learn).
  public enum Sources: Sendable, Equatable {
    case all, rules, tagger
  }

  /// The rules' reading of a document before the tagger and the resolver:
  /// the core spans kept, the title layer, and the people rules' findings.
  struct RuleReading {
    var kept: SpanSet
    var gazetteerSpans: SpanSet
    var titles: [Span]
    var persons: [Span]
    var people: PeopleRules
  }

  func readByRules(
    _ tokens: [Token], _ bytes: UnsafeBufferPointer<UInt8>, names: Names
  ) -> RuleReading {
    var kept = SpanSet(tokenCount: tokens.count)

    // Gazetteer.
    var found: [Span] = []
    tokens.withUnsafeBufferPointer { tokens in
      for i in tokens.indices {
        guard let match = rules.gazetteer.longestMatch(tokens, at: i, bytes: bytes) else { continue }
        found.append(
          Span(
            first: i, end: match.end, label: match.label, rule: match.rule, entity: .known(match.entity),
            canonicalName: .known(match.entity)))
      }
    }
    kept.resolve(adding: found)
    let gazetteerSpans = kept

    // Dates and times.
    kept.resolve(adding: DateGrammar(rules: rules, tokens: tokens, bytes: bytes).spans())

    // Patterns, stage by stage; the title layer is kept apart.
    let titles = applyPatterns(tokens, bytes, &kept)

    // People.
    let people = PeopleRules(rules: rules, tokens: tokens, bytes: bytes, names: names)
    var titleSpans = titles.spans
    let persons = people.spans(titles: &titleSpans, kept: kept)
    kept.resolve(adding: persons)
    return RuleReading(
      kept: kept, gazetteerSpans: gazetteerSpans, titles: titleSpans, persons: persons, people: people)
  }

  /// Runs the token patterns stage by stage: each stage sees the spans
  /// kept so far, and its core matches join them. Returns the title layer.
  func applyPatterns(_ tokens: [Token], _ bytes: UnsafeBufferPointer<UInt8>, _ kept: inout SpanSet) -> SpanSet {
    let segmentStart = segmentStarts(tokens, bytes)
    let anchors = anchorTokens(tokens)
    var titles = SpanSet(tokenCount: tokens.count)
    let memoStorage = SearchMemo.Storage(elements: memoRows, width: memoWidth)
    var stageStart = 0
    while stageStart < rules.patterns.count {
      let stage = rules.patterns[stageStart].stage
      var stageEnd = stageStart
      while stageEnd < rules.patterns.count && rules.patterns[stageEnd].stage == stage { stageEnd += 1 }
      var core: [Span] = []
      var title: [Span] = []
      let (spanEnd, spanLabel) = kept.startTables()
      let covered = kept.coverage
      // The memo's pointers are valid while its storage lives.
      withExtendedLifetime(memoStorage) {
        tokens.withUnsafeBufferPointer { tokenBuffer in
          spanEnd.withUnsafeBufferPointer { spanEnd in
            spanLabel.withUnsafeBufferPointer { spanLabel in
              covered.withUnsafeBufferPointer { covered in
                segmentStart.withUnsafeBufferPointer { segmentStart in
                  let context = MatchContext(
                    memo: SearchMemo(memoStorage), tokens: tokenBuffer, bytes: bytes, spanEnd: spanEnd,
                    spanLabel: spanLabel, covered: covered, segmentStart: segmentStart)
                  for p in stageStart..<stageEnd {
                    let pattern = rules.patterns[p]
                    let found =
                      p < 64 && pattern.anchor != nil
                      ? anchors.tokens[anchors.offsets[p]..<anchors.offsets[p + 1]] : nil
                    for (i, end) in pattern.matches(context, anchors: found) {
                      let span = Span(
                        first: i, end: end, label: pattern.label, layer: pattern.layer, rule: pattern.rule,
                        trimEnd: pattern.trimEnd)
                      if pattern.layer == .title { title.append(span) } else { core.append(span) }
                    }
                  }
                }
              }
            }
          }
        }
      }
      kept.resolve(adding: core.map { trimmed($0, tokens, bytes) }.filter { $0.end > $0.first })
      titles.resolve(adding: title.map { trimmed($0, tokens, bytes) }.filter { $0.end > $0.first })
      stageStart = stageEnd
    }
    return titles
  }

  /// Abbreviated roles spelled out, by the hash of the folded word: the
  /// words it stands for.
  static let roleSynonyms: [UInt64: [UInt64]] = {
    let spelled = ["pm": "prime minister", "defense": "defence", "fm": "foreign minister"]
    var table: [UInt64: [UInt64]] = [:]
    for (short, long) in spelled {
      table[Vocabulary.hash(short)] = long.split(separator: " ").map { Vocabulary.hash(String($0)) }
    }
    return table
  }()

  /// A title's role without its affiliation, folded, with common
  /// abbreviations spelled out, as a hash of its words: `Vietnamese PM` and
  /// `Prime Minister` share one.
  func roleKey(_ title: Span, _ kept: SpanSet, _ tokens: [Token]) -> UInt64 {
    var key: UInt64 = 0
    for i in title.first..<title.end {
      if let span = kept.span(at: i), [.GPE, .NORP, .ORG].contains(span.label) { continue }
      let token = tokens[i]
      if token.flags.contains(.possessive) || token.flags.contains(.punct) { continue }
      for word in Self.roleSynonyms[token.keyHash] ?? [token.keyHash] { key = (key ^ word) &* 0x0000_0100_0000_01b3 }
    }
    return key
  }

  /// The tokens each of the first 64 patterns' anchor element accepts, in
  /// one pass over the document: pattern `p`'s are
  /// `tokens[offsets[p]..<offsets[p + 1]]`.
  func anchorTokens(_ tokens: [Token]) -> (tokens: [Int32], offsets: [Int]) {
    let patternCount = min(64, rules.patterns.count)
    var hits: [(token: Int32, patterns: UInt64)] = []
    var counts = [Int](repeating: 0, count: patternCount + 1)
    let shapeMasks = rules.anchorShapeMasks
    rules.anchorMasks.withUnsafeBufferPointer { masks in
      for (i, token) in tokens.enumerated() where token.word >= 0 && Int(token.word) < masks.count {
        var mask = masks[Int(token.word)] & shapeMasks[Pattern.shapeIndex(token.flags)]
        guard mask != 0 else { continue }
        hits.append((Int32(i), mask))
        while mask != 0 {
          counts[mask.trailingZeroBitCount + 1] += 1
          mask &= mask - 1
        }
      }
    }
    for p in 0..<patternCount { counts[p + 1] += counts[p] }
    var next = counts
    var flat = [Int32](repeating: 0, count: counts[patternCount])
    for (token, patterns) in hits {
      var mask = patterns
      while mask != 0 {
        let p = mask.trailingZeroBitCount
        flat[next[p]] = token
        next[p] += 1
        mask &= mask - 1
      }
    }
    return (flat, counts)
  }

  /// For each token, the first token of its segment: segments end at line
  /// breaks and at punctuation no pattern crosses (. ! ? ; : ( ) and quotes).
  func segmentStarts(_ tokens: [Token], _ bytes: UnsafeBufferPointer<UInt8>) -> [Int32] {
    var out = [Int32](repeating: 0, count: tokens.count)
    var start: Int32 = 0
    for (i, token) in tokens.enumerated() {
      if token.flags.contains(.lineBefore) { start = Int32(i) }
      out[i] = start
      if token.flags.contains(.punct) {
        let b = bytes[Int(token.byteStart)]
        // . ! ? ; : ( ) " and any non-ASCII punctuation other than dashes and apostrophes.
        let barrier: Bool
        switch b {
        case 0x2E, 0x21, 0x3F, 0x3B, 0x3A, 0x28, 0x29, 0x22: barrier = true
        case 0xE2:
          barrier =
            token.byteEnd - token.byteStart == 3 && bytes[Int(token.byteStart) + 1] == 0x80
            && [0x9C, 0x9D].contains(bytes[Int(token.byteStart) + 2])  // “ ”
        default: barrier = false
        }
        if barrier { start = Int32(i + 1) }
      }
    }
    return out
  }

  /// Drops leading determiners, conjunctions, possessives and punctuation
  /// (`and Plan of Action`, `-Mercosur`) and trailing function words and
  /// punctuation (words compared by vocabulary id).
  func trimmed(_ span: Span, _ tokens: [Token], _ bytes: UnsafeBufferPointer<UInt8>) -> Span {
    var span = span
    let lexicon = rules.lexicon
    while span.first < span.end,
      lexicon.determiners.contains(tokens[span.first].word) || lexicon.conjunctions.contains(tokens[span.first].word)
        || !tokens[span.first].flags.isDisjoint(with: [.possessive, .punct])
    {
      span.first += 1
    }
    while span.end > span.first {
      let last = tokens[span.end - 1]
      if last.flags.contains(.punct) || last.flags.contains(.possessive) || lexicon.trailingWords.contains(last.word) {
        span.end -= 1
        span.trimEnd = 0
      } else {
        break
      }
    }
    return span
  }

  func mention(_ span: Span, _ tokens: [Token], _ bytes: UnsafeBufferPointer<UInt8>, _ names: Names) -> Mention {
    let first = tokens[span.first]
    let last = tokens[span.end - 1]
    let byteEnd = Int(last.byteEnd) - span.trimEnd
    let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[Int(first.byteStart)..<byteEnd]), as: UTF8.self)
    return Mention(
      start: Int(first.start), end: Int(last.end) - span.trimEnd, label: span.label, layer: span.layer, text: text,
      entity: span.label.isLinked ? names.id(span.entity) : nil, canonicalName: names.name(span.canonicalName),
      rule: span.rule, confidence: span.rule === Tagger.rule ? Double(span.confidence) : nil)
  }
}

extension Extractor {
  /// A token as written, for exports (CoNLL).
  public struct PlainToken: Sendable {
    public var start: Int
    public var end: Int
    public var text: String
    public var sentenceStart: Bool
  }

  /// The words of a text (tokens with a letter or a digit) as 32-bit hashes
  /// of their folded keys, sorted, each once: how the workspace finds the
  /// documents a phrase can occur in. Two words may share a hash: a lookup can only
  /// find too many documents, never too few.
  public func wordKeys(_ text: String) -> [UInt32] {
    var text = text
    return text.withUTF8 { Self.wordKeys(of: tokenizer.tokenize($0)) }
  }

  static func wordKeys(of tokens: [Token]) -> [UInt32] {
    var keys: [UInt32] = []
    for t in tokens where !t.flags.isDisjoint(with: [.word, .digit]) {
      keys.append(UInt32(truncatingIfNeeded: t.keyHash))
    }
    keys.sort()
    var unique: [UInt32] = []
    unique.reserveCapacity(keys.count / 2)
    for k in keys where unique.last != k { unique.append(k) }
    return unique
  }

  public func tokens(_ text: String) -> [PlainToken] {
    var text = text
    return text.withUTF8 { bytes in
      tokenizer.tokenize(bytes).map { t in
        PlainToken(
          start: Int(t.start), end: Int(t.end),
          text: String(
            decoding: UnsafeBufferPointer(rebasing: bytes[Int(t.byteStart)..<Int(t.byteEnd)]), as: UTF8.self),
          sentenceStart: t.flags.contains(.sentenceStart))
      }
    }
  }
}
