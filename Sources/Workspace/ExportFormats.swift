import Extraction
import JSON
import Store

/// The formats of `gloss extract`: the guidelines' JSON Lines, CoNLL (one
/// token a line, BIO tags), brat standoff, and a table for people.
public enum ExportFormat: String, CaseIterable, Sendable {
  case jsonl, conll, brat, table

  public func render(_ documents: [DocumentResult], extractor: Extractor) -> String {
    var out = ""
    for document in documents {
      switch self {
      case .jsonl: out += Self.jsonl(document)
      case .conll: out += Self.conll(document, extractor)
      case .brat: out += Self.brat(document)
      case .table: out += Self.table(document)
      }
    }
    return out
  }

  public static func spanRecord(_ m: Mention, doc: String) -> SpanRecord {
    SpanRecord(
      doc: doc, start: m.start, end: m.end, label: m.label.rawValue, layer: m.layer == .title ? "title" : nil,
      text: m.text, entity: m.entity)
  }

  /// One mention in the span format (`jsonl` lines, `extract --input jsonl` mentions).
  public static func spanJSON(_ m: Mention, doc: String) -> JSONValue {
    var object: JSONObject = [
      "doc": .string(doc), "start": .int(Int64(m.start)), "end": .int(Int64(m.end)),
    ]
    object["label"] = .string(m.label.rawValue)
    if m.layer == .title { object["layer"] = "title" }
    object["text"] = .string(m.text)
    if let entity = m.entity { object["entity"] = .string(entity) }
    return .object(object)
  }

  static func jsonl(_ document: DocumentResult) -> String {
    var out = ""
    for m in document.mentions { out += spanJSON(m, doc: document.path).jsonText + "\n" }
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

  static func brat(_ document: DocumentResult) -> String {
    var out = "# \(document.path).ann\n"
    var n = 0
    for m in document.mentions {
      n += 1
      out += "T\(n)\t\(m.label.rawValue) \(m.start) \(m.end)\t\(m.text.replacingNewlines)\n"
      if let entity = m.entity { out += "#\(n)\tAnnotatorNotes T\(n)\t\(entity)\n" }
    }
    return out
  }

  static func table(_ document: DocumentResult) -> String {
    var out = ""
    for m in document.mentions {
      let place = "\(document.path):\(document.line(of: m.start))"
      let label = m.layer == .title ? "TITLE" : m.label.rawValue
      out +=
        place.padded(to: 34) + " " + label.padded(to: 7) + " " + m.text.replacingNewlines.padded(to: 44) + " "
        + (m.entity ?? "-").padded(to: 40) + " " + m.rule.id + "\n"
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
