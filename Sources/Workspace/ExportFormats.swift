import Extraction
import JSON
import Store

/// The formats of `gloss extract`: the guidelines' JSON Lines, CoNLL (one
/// token a line, BIO tags), brat standoff, CSV for spreadsheets, and a table
/// for people.
public enum ExportFormat: String, CaseIterable, Sendable {
  case jsonl, conll, brat, csv, table

  /// - Parameter dates: `documentDate` of `gloss.json`, to resolve relative dates.
  public func render(_ documents: [DocumentResult], extractor: Extractor, dates: DocumentDates? = nil) -> String {
    switch self {
    case .csv: return Self.csv(documents, dates: dates)
    case .table: return Self.table(documents)
    default: break
    }
    var out = ""
    for var document in documents {
      // A file name that is not UTF-8 is shown with its odd bytes as \xNN.
      document.path = FileAccess.display(document.path)
      switch self {
      case .jsonl: out += Self.jsonl(document, dates: dates)
      case .conll: out += Self.conll(document, extractor)
      case .brat: out += "# \(document.path).ann\n" + Self.brat(document)
      case .csv, .table: break
      }
    }
    return out
  }

  /// What made a mention, for people and other tools: `rule` (a pattern or
  /// a code rule), `knowledge-base` (a knowledge-base, country or capital
  /// entry), `correction` (an analyst's) or `tagger`.
  public static func source(_ m: Mention) -> String {
    switch m.rule.kind {
    case .pattern, .code: return "rule"
    case .knowledgeBase, .country, .capital: return "knowledge-base"
    case .correction: return "correction"
    case .model: return "tagger"
    }
  }

  /// A confidence as written: three decimals.
  static func rounded(_ confidence: Double) -> Double { (confidence * 1000).rounded() / 1000 }

  public static func spanRecord(_ m: Mention, doc: String) -> SpanRecord {
    SpanRecord(
      doc: doc, start: m.start, end: m.end, label: m.label.rawValue, layer: m.layer == .title ? "title" : nil,
      text: m.text, entity: m.entity)
  }

  /// One mention in the span format (`jsonl` lines, `extract --input jsonl`
  /// mentions), with `value`, the normalised date of a DATE or TIME mention.
  public static func spanJSON(_ m: Mention, doc: String, value: String?) -> JSONValue {
    var object: JSONObject = [
      "doc": .string(doc), "start": .int(Int64(m.start)), "end": .int(Int64(m.end)),
    ]
    object["label"] = .string(m.label.rawValue)
    if m.layer == .title { object["layer"] = "title" }
    object["text"] = .string(m.text)
    if let entity = m.entity { object["entity"] = .string(entity) }
    if let value { object["value"] = .string(value) }
    object["source"] = .string(Self.source(m))
    if let confidence = m.confidence { object["confidence"] = .double(Self.rounded(confidence)) }
    return .object(object)
  }

  /// The span format, with the normalised `value` of DATE and TIME mentions.
  static func jsonl(_ document: DocumentResult, dates: DocumentDates?) -> String {
    var out = ""
    let values = document.dateValues(dates)
    for (m, value) in zip(document.mentions, values) {
      out += spanJSON(m, doc: document.path, value: value).jsonText + "\n"
    }
    return out
  }

  static func conll(_ document: DocumentResult, _ extractor: Extractor) -> String {
    var out = "-DOCSTART- \(document.path)\n\n"
    let core = document.mentions.filter { $0.layer == .core }
    var next = 0
    var previousSentence = false
    for token in extractor.tokens(document.text) {
      if token.sentenceStart && previousSentence { out += "\n" }
      previousSentence = true
      while next < core.count && core[next].end <= token.start { next += 1 }
      var tag = "O"
      if next < core.count, core[next].start <= token.start, token.end <= core[next].end {
        tag = (core[next].start == token.start ? "B-" : "I-") + core[next].label.rawValue
      }
      out += "\(token.text)\t\(token.start)\t\(token.end)\t\(tag)\n"
    }
    return out + "\n"
  }

  /// A document's brat standoff (`.ann`): `T1<TAB>LABEL start end<TAB>text`
  /// (a span across lines in fragments, `start end;start end`, as brat
  /// wants), the entity id as an `AnnotatorNotes` line. Title-layer spans
  /// are `TITLE`.
  public static func brat(_ document: DocumentResult) -> String {
    var out = ""
    var n = 0
    let scalars = Array(document.text.unicodeScalars)
    for m in document.mentions {
      n += 1
      let label = m.layer == .title ? "TITLE" : m.label.rawValue
      var fragments: [(Int, Int)] = []
      var start = m.start
      for i in m.start..<min(m.end, scalars.count) where scalars[i] == "\n" || scalars[i] == "\r" {
        if i > start { fragments.append((start, i)) }
        start = i + 1
      }
      if start < m.end { fragments.append((start, m.end)) }
      let offsets = fragments.map { "\($0.0) \($0.1)" }.joined(separator: ";")
      let text = fragments.map { String(String.UnicodeScalarView(scalars[$0.0..<$0.1])) }.joined(separator: " ")
      out += "T\(n)\t\(label) \(offsets)\t\(text)\n"
      if let entity = m.entity { out += "#\(n)\tAnnotatorNotes T\(n)\t\(entity)\n" }
    }
    return out
  }

  /// brat's `annotation.conf` for these documents: the labels they use as
  /// entity types (sorted), and no relations, events or attributes.
  public static func bratConfiguration(_ documents: [DocumentResult]) -> String {
    var labels = Set<String>()
    for document in documents {
      for m in document.mentions { labels.insert(m.layer == .title ? "TITLE" : m.label.rawValue) }
    }
    return "[entities]\n" + labels.sorted().map { $0 + "\n" }.joined() + "\n[relations]\n\n[events]\n\n[attributes]\n"
  }

  static let csvHeader = [
    "doc", "line", "start", "end", "label", "layer", "text", "entity", "value", "source", "confidence", "rule",
  ]

  /// RFC 4180: CRLF line ends; a field holding a comma, a quote or a line
  /// break is quoted, its quotes doubled.
  static func csvField(_ field: String) -> String {
    guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else {
      return field
    }
    return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  static func csv(_ documents: [DocumentResult], dates: DocumentDates?) -> String {
    var out = csvHeader.joined(separator: ",") + "\r\n"
    for document in documents {
      let values = document.dateValues(dates)
      for (m, value) in zip(document.mentions, values) {
        let fields = [
          document.path, String(document.line(of: m.start)), String(m.start), String(m.end), m.label.rawValue,
          m.layer.rawValue, m.text, m.entity ?? "", value ?? "", source(m),
          m.confidence.map { String(rounded($0)) } ?? "", m.rule.id,
        ]
        out += fields.map(csvField).joined(separator: ",") + "\r\n"
      }
    }
    return out
  }

  /// One mention a line, for people: `file:line`, label, text, entity,
  /// rule, each column as wide as its widest cell.
  static func table(_ documents: [DocumentResult]) -> String {
    var rows: [[String]] = [["PLACE", "LABEL", "TEXT", "ENTITY", "RULE"]]
    for document in documents {
      for m in document.mentions {
        rows.append([
          "\(document.path):\(document.line(of: m.start))", m.layer == .title ? "TITLE" : m.label.rawValue,
          m.text.replacingNewlines, m.entity ?? "-", m.rule.id,
        ])
      }
    }
    guard rows.count > 1 else { return "" }
    var widths = [Int](repeating: 0, count: 5)
    for row in rows {
      for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) }  // characters, not scalars
    }
    var out = ""
    for row in rows {
      var line = ""
      for (i, cell) in row.enumerated() {
        line += i == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count) + "  "
      }
      out += line + "\n"
    }
    return out
  }
}

extension String {
  func padded(to width: Int) -> String {
    let count = unicodeScalars.count
    return count >= width ? self : self + String(repeating: " ", count: width - count)
  }
  var replacingNewlines: String { split(whereSeparator: \.isNewline).joined(separator: " ") }
}
