import Store

/// Checks gold spans against the documents: a span's `text` must equal the
/// document's characters from `start` to `end`.
public enum GoldValidation {
  public static func check(_ spans: [SpanRecord], documents: [DocumentResult]) -> [StoreProblem] {
    let byPath = Dictionary(documents.map { ($0.path, Array($0.text.unicodeScalars)) }, uniquingKeysWith: { a, _ in a })
    var problems: [StoreProblem] = []
    for span in spans {
      guard let scalars = byPath[span.doc] else { continue }
      guard span.end <= scalars.count else {
        problems.append(
          StoreProblem(
            file: span.doc, message: "a gold span ends at \(span.end), past the document's end (\(scalars.count))"))
        continue
      }
      var actual = String.UnicodeScalarView()
      actual.append(contentsOf: scalars[span.start..<span.end])
      if String(actual) != span.text {
        problems.append(
          StoreProblem(
            file: span.doc,
            message:
              "gold span \(span.start)..<\(span.end) says \"\(span.text)\" but the document has \"\(String(actual))\""))
      }
    }
    return problems
  }
}
