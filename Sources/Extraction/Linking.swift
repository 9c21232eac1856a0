/// Entity ids for spans the rules built (gazetteer spans carry theirs): the
/// guidelines' slugs, with the conventions for people (no single-letter
/// middle initials), state bodies (`<country id>-<English name>`),
/// governments (`government-of-<country id>`) and facilities (one id
/// whatever the text calls it).
struct Linker {
  let rules: RuleSet
  let tokens: [Token]
  let bytes: UnsafeBufferPointer<UInt8>
  /// The gazetteer's own spans, before patterns grew over them.
  let gazetteerSpans: SpanSet
  let names: Names

  func text(_ first: Int, _ end: Int) -> String {
    String(
      decoding: UnsafeBufferPointer(rebasing: bytes[Int(tokens[first].byteStart)..<Int(tokens[end - 1].byteEnd)]),
      as: UTF8.self)
  }

  /// The country a span names inside it (a GPE or a demonym).
  func country(in span: Span) -> (id: String, first: Int, end: Int)? {
    var i = span.first
    while i < span.end {
      if let inner = gazetteerSpans.span(at: i), let id = names.id(inner.entity) {
        if inner.label == .GPE, rules.countries[id] != nil { return (id, inner.first, inner.end) }
        if inner.label == .NORP, let c = rules.countryOfDemonym[id] { return (c, inner.first, inner.end) }
        i = max(i + 1, inner.end)
      } else {
        i += 1
      }
    }
    return nil
  }

  static let portfolios: [String: (key: String, name: String)] = [
    "defence": ("defence", "Ministry of Defence"), "defense": ("defence", "Ministry of Defence"),
    "national defence": ("defence", "Ministry of Defence"), "national defense": ("defence", "Ministry of Defence"),
    "foreign": ("foreign", "Ministry of Foreign Affairs"),
    "foreign affairs": ("foreign", "Ministry of Foreign Affairs"),
    "public security": ("security", "Ministry of Public Security"),
    "home": ("home", "Ministry of Home Affairs"), "home affairs": ("home", "Ministry of Home Affairs"),
    "interior": ("interior", "Ministry of the Interior"), "finance": ("finance", "Ministry of Finance"),
    "health": ("health", "Ministry of Health"), "education": ("education", "Ministry of Education"),
    "trade": ("trade", "Ministry of Trade"), "industry and trade": ("trade", "Ministry of Industry and Trade"),
    "justice": ("justice", "Ministry of Justice"),
  ]

  func link(_ span: inout Span) {
    guard span.entity.isNone, span.label.isLinked, span.layer == .core else { return }
    switch span.label {
    case .PERSON:
      span.entity = names.add(personSlug(span))
    case .ORG:
      span.entity = names.add(organisationID(&span))
    case .FAC:
      // One id for an airport whatever the text calls it: `international` is left out.
      let airport = (span.first..<span.end).contains { tokens[$0].word == rules.lexicon.airport }
      span.entity = names.add(slug(span) { airport && tokens[$0].word == rules.lexicon.international })
    default:
      span.entity = names.add(slug(span))
    }
    if span.canonicalName.isNone { span.canonicalName = names.add(text(span.first, span.end)) }
  }

  /// The slug of a span's text, leaving out the tokens `skip` names.
  func slug(_ span: Span, skip: (Int) -> Bool = { _ in false }) -> String {
    var builder = SlugBuilder()
    for i in span.first..<span.end where !skip(i) {
      builder.separate()
      builder.append(UnsafeBufferPointer(rebasing: bytes[Int(tokens[i].byteStart)..<Int(tokens[i].byteEnd)]))
    }
    return builder.string
  }

  /// A person's slug leaves out middle initials (`Lloyd J. Austin` is
  /// `lloyd-austin`): words (tokens joined without spaces) of one letter,
  /// or of two characters ending in a period.
  func personSlug(_ span: Span) -> String {
    var builder = SlugBuilder()
    var wordStart = span.first
    while wordStart < span.end {
      var wordEnd = wordStart + 1
      while wordEnd < span.end && !tokens[wordEnd].flags.contains(.spaceBefore) { wordEnd += 1 }
      let first = tokens[wordStart]
      let last = tokens[wordEnd - 1]
      let scalars = last.end - first.start
      let isInitial = scalars == 1 || (scalars == 2 && bytes[Int(last.byteEnd) - 1] == 0x2E)
      if !isInitial {
        builder.separate()
        builder.append(UnsafeBufferPointer(rebasing: bytes[Int(first.byteStart)..<Int(last.byteEnd)]))
      }
      wordStart = wordEnd
    }
    return builder.string
  }

  /// A country just before a span, as in `China's foreign ministry` or
  /// `the Qatari foreign ministry`.
  func countryBefore(_ span: Span) -> (id: String, first: Int, end: Int)? {
    var i = span.first - 1
    if i >= 0, tokens[i].flags.contains(.possessive) { i -= 1 }
    guard i >= 0, let inner = gazetteerSpans.span(at: i), inner.end == i + 1, let id = names.id(inner.entity) else {
      return nil
    }
    if inner.label == .GPE, rules.countries[id] != nil { return (id, span.first, span.first) }
    // `Qatari foreign ministry`: a demonym names the country too.
    if inner.label == .NORP, let country = rules.countryOfDemonym[id] { return (country, span.first, span.first) }
    return nil
  }

  private func organisationID(_ span: inout Span) -> String {
    guard let (countryID, cFirst, cEnd) = country(in: span) ?? countryBefore(span),
      let info = rules.countries[countryID]
    else {
      return slug(span)
    }
    // The words besides the country, without `of`, `the` and possessives.
    let lexicon = rules.lexicon
    let rest = (span.first..<span.end).filter { i in
      (i < cFirst || i >= cEnd) && !tokens[i].flags.contains(.possessive)
        && tokens[i].word != lexicon.of && tokens[i].word != lexicon.the
    }
    // (`Governments` with its possessive's `s` trimmed off is `Government`.)
    if rest.count == 1,
      tokens[rest[0]].word == lexicon.government || (span.trimEnd > 0 && tokens[rest[0]].word == lexicon.governments)
    {
      span.canonicalName = names.add("Government of \(info.name)")
      return "government-of-\(countryID)"
    }
    if let head = rest.firstIndex(where: { tokens[$0].word == lexicon.ministry }) {
      var portfolio = rest.map { Folding.key(text($0, $0 + 1)) }
      portfolio.remove(at: head)
      // A possessive written without its apostrophe was trimmed off the text.
      if span.trimEnd > 0, let last = portfolio.last, last.hasSuffix("s") {
        portfolio[portfolio.count - 1] = String(last.dropLast())
      }
      if let known = Self.portfolios[portfolio.joined(separator: " ")] {
        let name = info.ministries[known.key] ?? known.name
        span.canonicalName = names.add("\(name) (\(info.name))")
        return "\(countryID)-\(Folding.slug(name))"
      }
    }
    return slug(span)
  }
}
