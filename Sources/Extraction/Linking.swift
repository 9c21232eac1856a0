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

  func text(_ first: Int, _ end: Int) -> String {
    String(
      decoding: UnsafeBufferPointer(rebasing: bytes[Int(tokens[first].byteStart)..<Int(tokens[end - 1].byteEnd)]),
      as: UTF8.self)
  }

  /// The country a span names inside it (a GPE or a demonym).
  func country(in span: Span) -> (id: String, first: Int, end: Int)? {
    var i = span.first
    while i < span.end {
      if let inner = gazetteerSpans.span(at: i), let id = inner.entity {
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

  mutating func link(_ span: inout Span) {
    guard span.entity == nil, span.label.isLinked, span.layer == .core else { return }
    let surface = text(span.first, span.end)
    switch span.label {
    case .PERSON:
      let words = surface.split(whereSeparator: { $0 == " " })
      let kept = words.filter { w in !(w.count <= 2 && w.hasSuffix(".") || w.count == 1) }
      span.entity = Folding.slug(kept.joined(separator: " "))
      span.canonicalName = surface
    case .ORG:
      span.entity = organisationID(&span, surface)
    case .FAC:
      var words = Folding.key(surface).split(separator: " ").map(String.init)
      if words.contains("airport") { words.removeAll { $0 == "international" } }
      span.entity = Folding.slug(words.joined(separator: " "))
    default:
      span.entity = Folding.slug(surface)
    }
    if span.canonicalName == nil { span.canonicalName = surface }
  }

  /// A country just before a span, as in `China's foreign ministry`.
  func countryBefore(_ span: Span) -> (id: String, first: Int, end: Int)? {
    var i = span.first - 1
    if i >= 0, tokens[i].flags.contains(.possessive) { i -= 1 }
    guard i >= 0, let inner = gazetteerSpans.span(at: i), inner.end == i + 1, let id = inner.entity else { return nil }
    if inner.label == .GPE, rules.countries[id] != nil { return (id, span.first, span.first) }
    return nil
  }

  private func organisationID(_ span: inout Span, _ surface: String) -> String {
    guard let (countryID, cFirst, cEnd) = country(in: span) ?? countryBefore(span),
      let info = rules.countries[countryID]
    else {
      return Folding.slug(surface)
    }
    var rest: [String] = []
    for i in span.first..<span.end where i < cFirst || i >= cEnd {
      let word = Folding.key(text(i, i + 1))
      if ["of", "the", "'s"].contains(word) { continue }
      rest.append(word)
    }
    // A possessive written without its apostrophe was trimmed off the text.
    if span.trimEnd > 0, let last = rest.last, last.hasSuffix("s") { rest[rest.count - 1] = String(last.dropLast()) }
    if rest == ["government"] {
      span.canonicalName = "Government of \(info.name)"
      return "government-of-\(countryID)"
    }
    if let head = rest.firstIndex(where: { $0 == "ministry" }) {
      var portfolio = rest
      portfolio.remove(at: head)
      if let known = Self.portfolios[portfolio.joined(separator: " ")] {
        let name = info.ministries[known.key] ?? known.name
        span.canonicalName = "\(name) (\(info.name))"
        return "\(countryID)-\(Folding.slug(name))"
      }
    }
    return Folding.slug(surface)
  }
}
