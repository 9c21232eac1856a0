import Extraction
import Testing

/// A test text with inline span markers: `{Mark Esper|PERSON}` or
/// `{Mark Esper|PERSON|mark-esper}` marks an expected core span (and its
/// entity id); the markers are removed from the text the extractor sees.
struct MarkedText {
  struct Expected: Equatable, CustomStringConvertible {
    var start: Int
    var end: Int
    var label: String
    var text: String
    var entity: String?
    var description: String { "\(label) \"\(text)\" \(start)..<\(end)\(entity.map { " → \($0)" } ?? "")" }
  }

  var text = ""
  var spans: [Expected] = []

  init(_ marked: String) {
    var scalars = String.UnicodeScalarView()
    var iterator = marked.unicodeScalars.makeIterator()
    var offset = 0
    while let s = iterator.next() {
      guard s == "{" else {
        scalars.append(s)
        offset += 1
        continue
      }
      var inner = ""
      while let c = iterator.next(), c != "}" { inner.unicodeScalars.append(c) }
      let parts = inner.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
      let surface = parts[0]
      let start = offset
      scalars.append(contentsOf: surface.unicodeScalars)
      offset += surface.unicodeScalars.count
      spans.append(
        Expected(start: start, end: offset, label: parts[1], text: surface, entity: parts.count > 2 ? parts[2] : nil))
    }
    text = String(scalars)
  }
}

/// Checks that the core layer is exactly the marked spans (and the marked ids).
func expectCoreSpans(_ marked: String, _ extractor: Extractor, sourceLocation: SourceLocation = #_sourceLocation) {
  let m = MarkedText(marked)
  let mentions = extractor.extract(m.text).filter { $0.layer == .core }
  let found = mentions.map {
    MarkedText.Expected(start: $0.start, end: $0.end, label: $0.label.rawValue, text: $0.text, entity: $0.entity)
  }
  let expectedKeys = m.spans.map { "\($0.start):\($0.end):\($0.label)" }
  let foundKeys = found.map { "\($0.start):\($0.end):\($0.label)" }
  let missing = m.spans.filter { !foundKeys.contains("\($0.start):\($0.end):\($0.label)") }
  let extra = found.filter { !expectedKeys.contains("\($0.start):\($0.end):\($0.label)") }
  #expect(
    missing.isEmpty && extra.isEmpty, "in: \(m.text)\nmissing: \(missing)\nextra: \(extra)",
    sourceLocation: sourceLocation)
  for expected in m.spans where expected.entity != nil {
    let actual = found.first { $0.start == expected.start && $0.end == expected.end }
    #expect(actual?.entity == expected.entity, "id of \(expected.text)", sourceLocation: sourceLocation)
  }
}
