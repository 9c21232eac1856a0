import Extraction
import JSON
import Store

/// What `gloss report` shows, computed from the mentions the editor shows
/// (no I/O): the entities, their co-occurrence in paragraphs, the dates on a
/// timeline, and the corrections by author and action.
public struct Report: Sendable {
  public struct Place: Sendable, Equatable {
    public var doc: String
    public var line: Int
    public var start: Int
    public var end: Int
    /// The paragraph's line around the mention (at most ~160 characters).
    public var context: String
    /// Where the mention starts and ends inside `context` (Unicode scalars).
    public var contextStart: Int
    public var contextEnd: Int
  }

  public struct Entity: Sendable {
    public var id: String
    public var name: String
    public var label: EntityLabel
    public var mentions: Int
    public var documents: Int
    public var first: Place
    public var aliases: [String]
    /// At most `placesPerEntity` of its mentions, in corpus order.
    public var places: [Place]
  }

  public struct Edge: Sendable, Equatable {
    public var source: String
    public var target: String
    /// In how many paragraphs both appear.
    public var weight: Int
  }

  public struct DatePoint: Sendable {
    public var text: String
    public var label: EntityLabel
    public var value: String?
    /// The first day the value covers, when it names at least a year
    /// (`2019-11-20` for `2019-11-20/2019-11-21`, `2019-01-01` for `2019`).
    public var day: CalendarDate?
    public var place: Place
  }

  public struct CorrectionCount: Sendable, Equatable {
    public var author: String
    public var action: String
    public var count: Int
  }

  public var documents: [String]
  public var entities: [Entity]
  public var edges: [Edge]
  public var dates: [DatePoint]
  public var corrections: [CorrectionCount]

  public static let placesPerEntity = 50

  /// - Parameters:
  ///   - documents: in corpus order.
  ///   - rules: for knowledge-base names.
  ///   - corrections: the correction log (all of it: every record counts in
  ///     the table; renames in force name their entities).
  ///   - dates: `documentDate` of `gloss.json`.
  public init(
    documents: [DocumentResult], rules: RuleSet, corrections: [CorrectionRecord], dates: DocumentDates?
  ) {
    self.documents = documents.map(\.path)
    let active = CorrectionLog.active(corrections)
    var renames: [String: String] = [:]
    for record in active where record.action == .rename {
      if let entity = record.body.entity, let name = record.body.name { renames[entity] = name }
    }

    struct Building {
      var label: [EntityLabel: Int] = [:]
      var mentions = 0
      var documents = Set<String>()
      var first: Place?
      var best: (words: Int, text: String, canonical: String?)?
      var surfaces: [String] = []
      var places: [Place] = []
    }
    var order: [String] = []
    var building: [String: Building] = [:]
    var pairs: [String: Int] = [:]
    var points: [DatePoint] = []

    for document in documents {
      let scalars = Array(document.text.unicodeScalars)
      let paragraphs = Self.paragraphStarts(scalars)
      let values = document.dateValues(dates)
      var paragraphEntities: [Int: Set<String>] = [:]
      for (m, value) in zip(document.mentions, values) where m.layer == .core {
        if m.label == .DATE || m.label == .TIME {
          let place = Self.place(m, in: document, scalars)
          points.append(
            DatePoint(text: m.text, label: m.label, value: value, day: value.flatMap(Self.firstDay), place: place))
          continue
        }
        guard let id = m.entity else { continue }
        if building[id] == nil {
          order.append(id)
          building[id] = Building()
        }
        var b = building[id]!
        b.label[m.label, default: 0] += 1
        b.mentions += 1
        b.documents.insert(document.path)
        let place = Self.place(m, in: document, scalars)
        if b.first == nil { b.first = place }
        if b.places.count < Self.placesPerEntity { b.places.append(place) }
        let words = m.text.split(whereSeparator: \.isWhitespace).count
        if b.best == nil || words > b.best!.words { b.best = (words, m.text, m.canonicalName) }
        let surface = m.text.replacingNewlines
        if !b.surfaces.contains(surface) { b.surfaces.append(surface) }
        building[id] = b
        paragraphEntities[Self.paragraph(of: m.start, paragraphs), default: []].insert(id)
      }
      for ids in paragraphEntities.values {
        let sorted = ids.sorted()
        for i in 0..<sorted.count {
          for j in (i + 1)..<sorted.count { pairs[sorted[i] + "\u{1F}" + sorted[j], default: 0] += 1 }
        }
      }
    }

    entities = order.map { id in
      let b = building[id]!
      let name = renames[id] ?? rules.entities[id]?.name ?? b.best?.canonical ?? b.best?.text ?? id
      let label = b.label.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }!.key
      return Entity(
        id: id, name: name, label: label, mentions: b.mentions, documents: b.documents.count, first: b.first!,
        aliases: b.surfaces.filter { $0 != name }, places: b.places)
    }
    edges = pairs.map { key, weight in
      let ids = key.split(separator: "\u{1F}").map(String.init)
      return Edge(source: ids[0], target: ids[1], weight: weight)
    }.sorted { ($0.weight, $1.source, $1.target) > ($1.weight, $0.source, $0.target) }
    self.dates = points
    var counts: [String: Int] = [:]
    for record in corrections { counts[record.author + "\u{1F}" + record.action.rawValue, default: 0] += 1 }
    self.corrections = counts.map { key, count in
      let parts = key.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
      return CorrectionCount(author: parts[0], action: parts[1], count: count)
    }.sorted { ($0.author, $0.action) < ($1.author, $1.action) }
  }

  /// The first day a value covers, when it names at least a year.
  static func firstDay(_ value: String) -> CalendarDate? {
    let head = value.split(separator: "/").first.map(String.init) ?? value
    let date = head.split(separator: "T").first.map(String.init) ?? head
    let parts = date.split(separator: "-").map(String.init)
    guard let first = parts.first, first.count == 4, let year = Int(first) else { return nil }
    let month = parts.count > 1 ? Int(parts[1]) ?? 1 : 1
    let day = parts.count > 2 ? Int(parts[2]) ?? 1 : 1
    return CalendarDate(year: year, month: month, day: day)
  }

  /// Paragraphs are separated by blank lines: the offsets where each starts.
  static func paragraphStarts(_ scalars: [Unicode.Scalar]) -> [Int] {
    var starts = [0]
    var i = 0
    while i < scalars.count {
      if scalars[i] == "\n" {
        var j = i + 1
        var blank = false
        while j < scalars.count, scalars[j] == " " || scalars[j] == "\t" || scalars[j] == "\r" || scalars[j] == "\n" {
          if scalars[j] == "\n" { blank = true }
          j += 1
        }
        if blank { starts.append(j) }
        i = j
      } else {
        i += 1
      }
    }
    return starts
  }

  static func paragraph(of offset: Int, _ starts: [Int]) -> Int {
    var low = 0
    var high = starts.count - 1
    while low < high {
      let mid = (low + high + 1) / 2
      if starts[mid] <= offset { low = mid } else { high = mid - 1 }
    }
    return low
  }

  /// A mention's place, with its line cut to about 160 characters around it.
  static func place(_ m: Mention, in document: DocumentResult, _ scalars: [Unicode.Scalar]) -> Place {
    var start = m.start
    while start > 0, scalars[start - 1] != "\n", m.start - start < 80 { start -= 1 }
    var end = min(m.end, scalars.count)
    while end < scalars.count, scalars[end] != "\n", end - m.end < 80 { end += 1 }
    // Whole words only, an ellipsis where the line was cut.
    var prefix = ""
    var suffix = ""
    if start > 0, scalars[start - 1] != "\n" {
      if let space = (start..<m.start).first(where: { scalars[$0] == " " }) { start = space + 1 }
      prefix = "…"
    }
    if end < scalars.count, scalars[end] != "\n" {
      if let space = (m.end..<end).last(where: { scalars[$0] == " " }) { end = space }
      suffix = "…"
    }
    let text = prefix + String(String.UnicodeScalarView(scalars[start..<end])) + suffix
    // In Unicode scalars, as the page's script counts (Array.from).
    let before = prefix.unicodeScalars.count + m.start - start
    let inside = min(m.end, scalars.count) - m.start
    return Place(
      doc: document.path, line: document.line(of: m.start), start: m.start, end: m.end, context: text,
      contextStart: before, contextEnd: before + inside)
  }

  // MARK: JSON

  static func json(_ p: Place) -> JSONValue {
    [
      "doc": .string(p.doc), "line": .int(Int64(p.line)), "start": .int(Int64(p.start)), "end": .int(Int64(p.end)),
      "context": .string(p.context), "contextStart": .int(Int64(p.contextStart)),
      "contextEnd": .int(Int64(p.contextEnd)),
    ]
  }

  /// The report as one JSON object: what `--format json` prints and the
  /// page embeds.
  public var json: JSONValue {
    let entities: [JSONValue] = self.entities.map { e in
      [
        "id": .string(e.id), "name": .string(e.name), "label": .string(e.label.rawValue),
        "mentions": .int(Int64(e.mentions)), "documents": .int(Int64(e.documents)), "first": Self.json(e.first),
        "aliases": .array(e.aliases.map { .string($0) }), "places": .array(e.places.map(Self.json)),
      ]
    }
    let edges: [JSONValue] = self.edges.map {
      ["source": .string($0.source), "target": .string($0.target), "weight": .int(Int64($0.weight))]
    }
    let dates: [JSONValue] = self.dates.map { d in
      var object: JSONObject = ["text": .string(d.text), "label": .string(d.label.rawValue)]
      object["value"] = d.value.map { .string($0) } ?? .null
      object["day"] = d.day.map { .string($0.description) } ?? .null
      object["place"] = Self.json(d.place)
      return .object(object)
    }
    let corrections: [JSONValue] = self.corrections.map {
      ["author": .string($0.author), "action": .string($0.action), "count": .int(Int64($0.count))]
    }
    return [
      "documents": .array(documents.map { .string($0) }), "entities": .array(entities), "edges": .array(edges),
      "dates": .array(dates), "corrections": .array(corrections),
    ]
  }
}
