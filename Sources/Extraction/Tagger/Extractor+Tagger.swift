/// How the tagger's reading joins the rules' (the combination policy):
///
/// 1. Analyst corrections beat everything (they are applied after
///    extraction, by the workspace's correction pass).
/// 2. The rules and the knowledge base keep every span they found.
/// 3. The tagger fills what they left: it decodes with the rules' spans as
///    fixed tags, and its spans over free tokens join (`SpanSet.fill`).
/// 4. Optionally (`extensionConfidence` ≤ 1; off by default): where the
///    tagger, reading on its own, finds a longer name around rule spans
///    (`Gulf of Mexico` around the country `Mexico`) with that confidence,
///    the name replaces them — never over a person the people rules found
///    as another kind, and never starting at a title or honorific.
///
/// Extending and relabelling were measured against filling alone (README,
/// "The tagger"): neither gained enough to be worth its cost by default.
extension Extractor {
  func addTaggerSpans(
    _ tagger: Tagger, alone: Bool, _ tokens: [Token], _ bytes: UnsafeBufferPointer<UInt8>, _ kept: inout SpanSet,
    _ reading: inout RuleReading
  ) {
    let input = TaggerDocument(
      tokens: tokens, bytes: bytes, kept: kept, titles: reading.titles, lexicon: rules.lexicon)
    let cache = Tagger.StaticScores(tokens: tokens.count, tags: tagger.tagSet.count)
    if alone {
      // The tagger alone: its own spans, and the rules' only where it found
      // nothing (dates, facilities, documents: labels it does not learn).
      var own = SpanSet(tokenCount: tokens.count)
      own.fill(taggerSpans(tagger, input, forceRules: false, forceTitles: false, cache: cache))
      own.fill(kept.spans.filter { !tagger.tagSet.labels.contains($0.label) })
      kept = own
      reading.titles = []
      return
    }
    kept.fill(taggerSpans(tagger, input, forceRules: true, forceTitles: true, cache: cache))
    guard extensionConfidence <= 1 else { return }
    let windows = extensionWindows(kept, tokens)
    guard !windows.isEmpty else { return }
    let longer = taggerSpans(tagger, input, forceRules: false, forceTitles: true, windows: windows, cache: cache)
      .filter {
        $0.confidence >= extensionConfidence
          && input.lists[$0.first] & (TaggerDocument.ListBit.title | TaggerDocument.ListBit.honorific) == 0
      }
    kept.extend(with: longer) { candidate, inside in inside.label != .PERSON || candidate.label == .PERSON }
  }

  /// Stretches of a line around rule spans that a longer name could
  /// cover: a capitalised word the rules left within two tokens of the
  /// span (`City` after `Kansas`, `Gulf of` before `Mexico`), four tokens
  /// each side. Merged, in order.
  func extensionWindows(_ kept: SpanSet, _ tokens: [Token]) -> [Range<Int>] {
    let n = tokens.count
    // A word the rules left (the tagger's own fill may hold it) and capitalised.
    func freeName(_ t: Int) -> Bool {
      t >= 0 && t < n && tokens[t].flags.isCapitalized && (kept.span(at: t).map { $0.rule === Tagger.rule } ?? true)
    }
    var windows: [Range<Int>] = []
    for span in kept.spans where span.layer == .core && span.rule !== Tagger.rule {
      let near =
        freeName(span.first - 1) || freeName(span.first - 2) || freeName(span.end) || freeName(span.end + 1)
      guard near else { continue }
      var first = span.first
      while first > 0 && span.first - first < 4 && !tokens[first].flags.contains(.lineBefore) { first -= 1 }
      var end = span.end
      while end < n && end - span.end < 4 && !tokens[end].flags.contains(.lineBefore) { end += 1 }
      if let last = windows.last, last.upperBound >= first {
        windows[windows.count - 1] = last.lowerBound..<max(last.upperBound, end)
      } else {
        windows.append(first..<end)
      }
    }
    return windows
  }

  /// The tagger's spans over tokens no fixed tag holds. Fixed: the rules'
  /// spans (`forceRules`: mapped to the tagger's tags, O for labels it
  /// does not learn) and role words of the title layer (`forceTitles`).
  /// (Analyst rejections apply after extraction, in the correction pass.) `windows`: decode only these stretches.
  func taggerSpans(
    _ tagger: Tagger, _ input: TaggerDocument, forceRules: Bool, forceTitles: Bool, windows: [Range<Int>]? = nil,
    cache: Tagger.StaticScores
  ) -> [Span] {
    let tagSet = tagger.tagSet
    var forced = [Int16](repeating: -1, count: input.tokens.count)
    for i in forced.indices {
      if forceTitles && input.inTitle[i] {
        forced[i] = 0
      } else if forceRules && input.ruleTags[i] != 0 {
        let code = Int(input.ruleTags[i]) - 1
        if let index = tagSet.labels.firstIndex(of: EntityLabel.allCases[code >> 2]) {
          forced[i] = Int16(tagSet.tag(index, TagSet.Position(rawValue: code & 3)!))
        } else {
          forced[i] = 0
        }
      }
    }
    var out: [Span] = []
    for range in windows ?? [0..<input.tokens.count] {
      let (tags, confidence) = tagger.decode(input, forced: forced, range: range, cache: cache)
      for (first, end, labelIndex) in tagSet.spans(Array(tags[range])) {
        let first = first + range.lowerBound
        let end = end + range.lowerBound
        guard (first..<end).allSatisfy({ forced[$0] < 0 }) else { continue }
        var span = Span(first: first, end: end, label: tagSet.labels[labelIndex], rule: Tagger.rule)
        span.confidence = confidence[first..<end].min() ?? 1
        guard span.confidence >= minimumConfidence else { continue }
        span = trimmed(span, input.tokens, input.bytes)
        if span.end > span.first { out.append(span) }
      }
    }
    return out
  }
}
