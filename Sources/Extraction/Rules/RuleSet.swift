import JSON

/// Everything extraction knows, compiled: vocabulary, gazetteer trie, word
/// lists, patterns, known entities and countries. Immutable and Sendable, so
/// one RuleSet serves every document on every core.
public struct RuleSet: Sendable {
  public let vocabulary: Vocabulary
  let gazetteer: Gazetteer
  let lists: [String: WordSet]
  /// The lists the built-in code rules consult, resolved once.
  let lexicon: Lexicon
  let patterns: [Pattern]
  /// Per vocabulary id: a bit for each of the first 64 patterns whose anchor
  /// element accepts the word, so one pass over a document finds every
  /// pattern's anchors.
  let anchorMasks: [UInt64]
  /// Per combination of a token's shape flags (`Pattern.shapeIndex`): a bit
  /// for each of the first 64 patterns whose anchor element's shape can
  /// accept such a token, so a lowercase `office` wakes no pattern that
  /// wants `Office`.
  let anchorShapeMasks: [UInt64]
  /// Known entities by id; `entityList` is the same, indexed as the gazetteer refers to it.
  public let entities: [String: KnownEntity]
  let entityList: [KnownEntity]
  let countries: [String: CountryInfo]
  /// Country id of each NORP (demonym) id and of each GPE alias id.
  let countryOfDemonym: [String: String]
  /// Problems found while loading; the rules that loaded still work.
  public let errors: [RuleError]
  /// The examples the rule files carry (`"type":"test"`), in file order; `runTests()` runs them.
  public let tests: [RuleTest]
  /// The statistical tagger that fills what the rules miss, with what it
  /// learned from the workspace's corrections; nil: rules only.
  public internal(set) var tagger: Tagger? = nil

  struct CountryInfo: Sendable {
    var id: String
    var name: String
    var ministries: [String: String]
  }
}

/// Collects rule files (built-in first, then the workspace's) and compiles them.
public struct RuleSetBuilder {
  private var entities: [(KnownEntity, [String])] = []  // entity, surfaces
  private var countries: [(CountryRecord, RuleRef)] = []
  private var listRecords: [(ListRecord, RuleOrigin)] = []
  private var patternRecords: [(PatternRecord, RuleOrigin)] = []
  private var tests: [RuleTest] = []
  public private(set) var errors: [RuleError] = []
  /// The tagger's weights: those shipped in the binary unless set (nil: rules only).
  public var taggerWeights: TaggerWeights? = TaggerWeights.shipped

  public init() {}

  /// Adds one JSON Lines file. A bad line is reported with its file, line and
  /// field, and skipped; the other lines load.
  /// - Parameter defaultType: the `type` of lines that give none (the
  ///   knowledge base, `entities.jsonl`, holds only entities).
  public mutating func add(jsonl text: String, file: String, tier: RuleOrigin.Tier, defaultType: String? = nil) {
    var lineNumber = 0
    // By scalars: `\r\n` is one Character, and splitting characters at "\n" would miss it.
    for line in text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false) {
      lineNumber += 1
      let trimmed = String(String.UnicodeScalarView(line)).trimmingCharacters(in: " \t\r")
      if trimmed.isEmpty || trimmed.hasPrefix("//") { continue }
      let origin = RuleOrigin(file: file, line: lineNumber, tier: tier)
      do {
        var value = try JSONValue.parse(String(trimmed))
        if let defaultType, case .object(var object) = value, object["type"] == nil {
          object["type"] = .string(defaultType)
          value = .object(object)
        }
        try add(RuleRecord.decode(value), origin)
      } catch let error as JSONParseError {
        errors.append(RuleError(file: file, line: lineNumber, field: nil, message: "not JSON: \(error.message)"))
      } catch let error as RecordError {
        errors.append(RuleError(file: file, line: lineNumber, field: error.field, message: error.message))
      } catch {
        errors.append(RuleError(file: file, line: lineNumber, field: nil, message: "\(error)"))
      }
    }
  }

  private mutating func add(_ record: RuleRecord, _ origin: RuleOrigin) throws {
    switch record {
    case .comment: break
    case .entity(let e):
      guard let label = EntityLabel(rawValue: e.label), label != .TITLE else {
        throw RecordError(field: "label", message: "unknown label \"\(e.label)\"")
      }
      guard !e.name.isEmpty else { throw RecordError(field: "name", message: "must not be empty") }
      let id = e.id ?? Folding.slug(e.name)
      let entity = KnownEntity(
        id: id, label: label, name: e.name, aliases: e.aliases ?? [], description: e.description,
        rule: RuleRef(id: "gazetteer:\(id)", kind: .knowledgeBase(entity: id), origin: origin))
      entities.append((entity, [e.name] + (e.aliases ?? [])))
    case .country(let c):
      let id = c.id ?? Folding.slug(c.name)
      countries.append((c, RuleRef(id: "country:\(id)", kind: .country(id), origin: origin)))
    case .list(let l):
      listRecords.append((l, origin))
    case .pattern(let p):
      guard let label = EntityLabel(rawValue: p.label) else {
        throw RecordError(field: "label", message: "unknown label \"\(p.label)\"")
      }
      if let layer = p.layer, Layer(rawValue: layer) == nil {
        throw RecordError(field: "layer", message: "must be core or title")
      }
      _ = label
      guard !p.pattern.isEmpty else { throw RecordError(field: "pattern", message: "must not be empty") }
      for (index, element) in p.pattern.enumerated() {
        if let op = element.op, !["?", "*", "+", "1"].contains(op) {
          throw RecordError(field: "pattern[\(index)].op", message: "must be one of ?, *, +")
        }
        if let shape = element.shape, Pattern.Shape(rawValue: shape) == nil {
          throw RecordError(field: "pattern[\(index)].shape", message: "unknown shape \"\(shape)\"")
        }
        for ent in element.ent?.values ?? [] where EntityLabel(rawValue: ent) == nil {
          throw RecordError(field: "pattern[\(index)].ent", message: "unknown label \"\(ent)\"")
        }
      }
      patternRecords.append((p, origin))
    case .test(let t):
      tests.append(try RuleTest.compile(t, origin: origin))
    }
  }

  public func build() -> RuleSet {
    var errors = self.errors
    var vocabulary = Vocabulary()
    let scratch = Tokenizer(vocabulary: Vocabulary())

    func words(_ phrase: String) -> (ids: [Int32], tokens: [Token], bytes: [UInt8]) {
      let bytes = Array(phrase.utf8)
      let tokens = bytes.withUnsafeBufferPointer { scratch.tokenize($0) }
      return (tokens.map { vocabulary.intern(hash: $0.keyHash) }, tokens, bytes)
    }

    // Known entities: explicit records and those a country line implies.
    var all = entities
    var countryInfo: [String: RuleSet.CountryInfo] = [:]
    var countryOfDemonym: [String: String] = [:]
    for (c, rule) in countries {
      let id = c.id ?? Folding.slug(c.name)
      countryInfo[id] = .init(id: id, name: c.name, ministries: c.ministries ?? [:])
      all.append(
        (
          KnownEntity(
            id: id, label: .GPE, name: c.name, aliases: c.aliases ?? [], description: "country", rule: rule),
          [c.name] + (c.aliases ?? [])
        ))
      if let demonyms = c.demonyms, let first = demonyms.first {
        let nid = Folding.slug(first)
        countryOfDemonym[nid] = id
        all.append(
          (
            KnownEntity(
              id: nid, label: .NORP, name: first, aliases: Array(demonyms.dropFirst()),
              description: "people or things of \(c.name)", rule: rule),
            demonyms
          ))
      }
      if let capital = c.capital {
        all.append(
          (
            KnownEntity(
              id: Folding.slug(capital), label: .GPE, name: capital, aliases: c.capitalAliases ?? [],
              description: "capital of \(c.name)",
              rule: RuleRef(
                id: "capital:\(Folding.slug(capital))", kind: .capital(Folding.slug(capital)), origin: rule.origin)),
            [capital] + (c.capitalAliases ?? [])
          ))
      }
    }

    // Plurals of the names of peoples and groups (Italians, Israelis,
    // Englishmen, Muslims): derived from every NORP name rather than listed,
    // unless the plural is another entity's name (Lao, Laos).
    let surfaces = Set(all.flatMap { $0.1.map { Folding.key($0) } })
    for index in all.indices where all[index].0.label == .NORP {
      all[index].1 += all[index].1.flatMap(RuleSetBuilder.plurals(of:)).filter { !surfaces.contains(Folding.key($0)) }
    }

    var gazetteer = Gazetteer()
    var byID: [String: KnownEntity] = [:]
    var entityList: [KnownEntity] = []
    for (entity, surfaces) in all {
      // A workspace record with the same id replaces the built-in one.
      if let existing = byID[entity.id], existing.rule.origin.tier > entity.rule.origin.tier { continue }
      byID[entity.id] = entity
      let index = Int32(entityList.count)
      entityList.append(entity)
      for surface in Set(surfaces) {
        let (ids, tokens, bytes) = words(surface)
        guard !ids.isEmpty else { continue }
        let raw = bytes.withUnsafeBufferPointer { b in tokens.map { rawHash(b, $0) } }
        gazetteer.insert(
          words: ids,
          entry: .init(
            entity: index, label: entity.label, cases: tokens.map(Gazetteer.caseClass(of:)), rawHashes: raw,
            rule: entity.rule))
      }
    }

    var lists: [String: WordSet] = [:]
    for (record, _) in listRecords {
      var set = lists[record.name] ?? WordSet()
      for word in record.words { set.insert(vocabulary.intern(Folding.key(word))) }
      lists[record.name] = set
    }

    var patterns: [Pattern] = []
    for (record, origin) in patternRecords {
      var elements: [Pattern.Element] = []
      var pool: [UInt64] = []
      func store(_ set: WordSet) -> (offset: Int32, count: Int32) {
        let offset = Int32(pool.count)
        pool += set.bits
        return (offset, Int32(set.bits.count))
      }
      var failed = false
      for (index, r) in record.pattern.enumerated() {
        var element = Pattern.Element()
        if r.lower != nil || r.list != nil {
          var set = WordSet()
          for w in r.lower?.values ?? [] { set.insert(vocabulary.intern(Folding.key(w))) }
          for name in r.list?.values ?? [] {
            guard let listWords = lists[name] else {
              errors.append(
                RuleError(
                  file: origin.file, line: origin.line, field: "pattern[\(index)].list",
                  message: "no list named \"\(name)\""))
              failed = true
              continue
            }
            set.formUnion(listWords)
          }
          element.words = store(set)
        }
        if r.notLower != nil || r.notList != nil {
          var set = WordSet()
          for w in r.notLower?.values ?? [] { set.insert(vocabulary.intern(Folding.key(w))) }
          for name in r.notList?.values ?? [] { set.formUnion(lists[name] ?? WordSet()) }
          element.notWords = store(set)
        }
        element.shape = r.shape.flatMap(Pattern.Shape.init(rawValue:))
        for label in r.ent?.values ?? [] {
          if let l = EntityLabel(rawValue: label) { element.ents |= Pattern.labelBit(l) }
        }
        element.space = r.space.map { $0 ? 1 : 2 } ?? 0
        element.peek = r.peek ?? false
        switch r.op {
        case "?": element.op = .optional
        case "*": element.op = .zeroOrMore
        case "+": element.op = .oneOrMore
        default: element.op = .one
        }
        elements.append(element)
      }
      if failed { continue }
      let leading = (elements.firstIndex { $0.op == .one || $0.op == .oneOrMore } ?? (elements.count - 1)) + 1
      // The anchor: a mandatory element with a word list, capitalised ones
      // first (a head such as `Authority` is rarer than `and`).
      let mandatory = { (e: Pattern.Element) in
        (e.op == .one || e.op == .oneOrMore) && e.words.count >= 0 && e.ents == 0
      }
      let anchor =
        elements.firstIndex { mandatory($0) && ($0.shape == .title || $0.shape == .capitalized) }
        ?? elements.firstIndex(where: mandatory)
      // Tokens before the anchor: an `ent` span is at most 12 tokens, a repeat at most maxRepeat.
      let maxBefore = elements.prefix(anchor ?? 0).reduce(0) { total, e in
        let each = e.ents != 0 ? 12 : 1
        let times = e.op == .zeroOrMore || e.op == .oneOrMore ? Pattern.maxRepeat : 1
        return total + each * times
      }
      patterns.append(
        Pattern(
          id: record.id, label: EntityLabel(rawValue: record.label)!,
          layer: Layer(rawValue: record.layer ?? "core") ?? .core, stage: record.stage ?? 1,
          minTokens: record.minTokens ?? 1, trimEnd: record.trimEnd ?? 0, elements: elements, pool: pool,
          leading: leading, anchor: anchor, maxBeforeAnchor: maxBefore,
          rule: RuleRef(id: record.id, kind: .pattern, origin: origin),
          memoised: Pattern.needsMemo(elements)))
    }
    // Stable by stage; within a stage, workspace patterns come first so that
    // they win ties.
    patterns = patterns.enumerated().sorted {
      ($0.element.stage, -$0.element.rule.origin.tier.rawValue, $0.offset)
        < ($1.element.stage, -$1.element.rule.origin.tier.rawValue, $1.offset)
    }.map(\.element)

    let lexicon = Lexicon(lists: lists, vocabulary: &vocabulary)
    var anchorMasks = [UInt64](repeating: 0, count: vocabulary.count)
    for (index, pattern) in patterns.enumerated().prefix(64) {
      guard let anchor = pattern.anchor else { continue }
      let range = pattern.elements[anchor].words
      for word in 0..<Int(range.count) * 64 where word < vocabulary.count {
        let bits = pattern.pool[Int(range.offset) + word >> 6]
        if bits & (1 << UInt64(word & 63)) != 0 { anchorMasks[word] |= 1 << UInt64(index) }
      }
    }
    var anchorShapeMasks = [UInt64](repeating: 0, count: Pattern.shapeIndexCount)
    for (index, pattern) in patterns.enumerated().prefix(64) {
      guard let anchor = pattern.anchor else { continue }
      for shapes in 0..<Pattern.shapeIndexCount where pattern.elements[anchor].mayAccept(shapeIndex: shapes) {
        anchorShapeMasks[shapes] |= 1 << UInt64(index)
      }
    }
    return RuleSet(
      vocabulary: vocabulary, gazetteer: gazetteer, lists: lists, lexicon: lexicon, patterns: patterns,
      anchorMasks: anchorMasks, anchorShapeMasks: anchorShapeMasks, entities: byID,
      entityList: entityList, countries: countryInfo, countryOfDemonym: countryOfDemonym,
      errors: errors, tests: tests, tagger: taggerWeights.map(Tagger.init(weights:)))
  }
}

extension RuleSetBuilder {
  /// The regular plural of the name of a people or group, by its ending:
  /// `-shman`, `-chman`, `-sman` → `-men` (Englishman, Frenchman, Scotsman;
  /// not German), `-woman` → `-women`; none for adjectives and nouns whose
  /// plural is the same or irregular (`-s`, `-sh`, `-ch` but `Czech`, `-x`,
  /// `-z`, `-ese`, `-y`: Swiss, British, French, Chinese, Malagasy); else
  /// `+s` (Italians, Israelis, New Zealanders, Kurds, Hindus).
  static func plurals(of name: String) -> [String] {
    guard let last = name.last, last.isLetter, last.isLowercase else { return [] }
    let lower = name.lowercased()
    if lower.hasSuffix("woman") { return [String(name.dropLast(3)) + "men"] }
    if lower.hasSuffix("shman") || lower.hasSuffix("chman") || lower.hasSuffix("sman") {
      return [String(name.dropLast(2)) + "en"]
    }
    if lower.hasSuffix("ch") {
      return lower.hasSuffix("ech") ? [name + "s"] : []
    }
    for ending in ["s", "sh", "x", "z", "ese", "y"] where lower.hasSuffix(ending) { return [] }
    return [name + "s"]
  }
}

extension Vocabulary {
  /// Interns a key known only by its hash (from a tokenized phrase).
  mutating func intern(hash: UInt64) -> Int32 { internHash(hash) }
}

extension StringProtocol {
  func trimmingCharacters(in set: String) -> Substring {
    var s = Substring(self)
    while let c = s.first, set.contains(c) { s.removeFirst() }
    while let c = s.last, set.contains(c) { s.removeLast() }
    return s
  }
}
