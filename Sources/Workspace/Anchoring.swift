import Store

/// Re-anchors a correction's target in a document's current text, as
/// Hypothesis does: the exact quote first (the occurrence whose context and
/// position fit best), then a fuzzy match with at most min(256, length/2)
/// errors, scored on the quote, its prefix and suffix and closeness to the
/// old position. Nil when nothing fits: the correction is an orphan.
///
/// The exact search reads the whole text (linear); the fuzzy one only a
/// window of `fuzzyWindow` scalars each side of the old position, so
/// re-anchoring stays bounded in a long document (20 changed quotes in a
/// 1 MB document took 20 s to place before the server answered). A quote
/// edited and moved further than that gives up: the correction is an orphan,
/// reported as one.
public enum Anchoring {
  public static let contextLength = 32
  /// How far from its old position (in scalars, each side) a quote that no
  /// longer matches exactly is looked for.
  public static let fuzzyWindow = 4096

  /// The quote and its context around `start..<end`, for a new record.
  public static func target(in text: String, start: Int, end: Int, source: String) -> CorrectionRecord.Target {
    let scalars = Array(text.unicodeScalars)
    func string(_ range: Swift.Range<Int>) -> String {
      var view = String.UnicodeScalarView()
      view.append(contentsOf: scalars[range])
      return String(view)
    }
    let s = max(0, min(start, scalars.count))
    let e = max(s, min(end, scalars.count))
    return CorrectionRecord.Target(
      source: source, exact: string(s..<e), prefix: string(max(0, s - contextLength)..<s),
      suffix: string(e..<min(scalars.count, e + contextLength)), start: s, end: e)
  }

  public static func locate(_ target: CorrectionRecord.Target, in text: String) -> (start: Int, end: Int)? {
    locate(target, in: Array(text.unicodeScalars))
  }

  public static func locate(_ target: CorrectionRecord.Target, in text: [Unicode.Scalar]) -> (start: Int, end: Int)? {
    text.withUnsafeBufferPointer { locate(target, in: $0) }
  }

  /// Over a buffer: the scans touch every scalar of a long document.
  static func locate(_ target: CorrectionRecord.Target, in text: UnsafeBufferPointer<Unicode.Scalar>) -> (
    start: Int, end: Int
  )? {
    let quote = Array(target.exact.unicodeScalars)
    guard !quote.isEmpty, !text.isEmpty else { return nil }
    let prefix = Array(target.prefix.unicodeScalars)
    let suffix = Array(target.suffix.unicodeScalars)

    func contextScore(_ start: Int, _ end: Int) -> Double {
      var p = 0
      while p < prefix.count && start - 1 - p >= 0 && text[start - 1 - p] == prefix[prefix.count - 1 - p] { p += 1 }
      var s = 0
      while s < suffix.count && end + s < text.count && text[end + s] == suffix[s] { s += 1 }
      let context = Double(p + s) / Double(max(1, prefix.count + suffix.count))
      let distance = Double(abs(start - target.start)) / Double(max(1, text.count))
      return context - 0.25 * distance
    }

    // Exact occurrences.
    var best: (score: Double, start: Int)?
    var i = 0
    let first = quote[0]
    while i + quote.count <= text.count {
      if text[i] == first && text[i..<i + quote.count].elementsEqual(quote) {
        let score = contextScore(i, i + quote.count)
        if best == nil || score > best!.score { best = (score, i) }
      }
      i += 1
    }
    // An exact quote whose context fits wins at once; one whose context does
    // not competes with fuzzy candidates (the text may have changed there).
    if let best, best.score >= 0.5 { return (best.start, best.start + quote.count) }
    let exact = best.map { ($0.score, $0.start, $0.start + quote.count) }

    // Fuzzy (Sellers): edit distance of the quote against any substring ending at j.
    let maxErrors = min(256, quote.count / 2)
    guard maxErrors > 0 else { return exact.map { ($0.1, $0.2) } }
    var previous = Array(0...quote.count)
    var current = previous
    var candidates: [(errors: Int, end: Int)] = []
    // Only around the old position: quote-sized margins beyond the window.
    let center = min(max(0, target.start), text.count)
    let low = max(0, center - fuzzyWindow - quote.count)
    let high = min(text.count, center + fuzzyWindow + 2 * quote.count)
    for j in low..<high {
      current[0] = 0
      for q in 1...quote.count {
        let cost = quote[q - 1] == text[j] ? 0 : 1
        current[q] = min(previous[q - 1] + cost, previous[q] + 1, current[q - 1] + 1)
      }
      if current[quote.count] <= maxErrors { candidates.append((current[quote.count], j + 1)) }
      swap(&previous, &current)
    }
    var choice: (score: Double, start: Int, end: Int)? = exact
    for c in candidates where c.errors > 0 {
      // The start: align the quote's length, then widen to the context's best fit.
      let start = max(0, c.end - quote.count)
      let score = contextScore(start, c.end) - Double(c.errors) / Double(quote.count)
      if choice == nil || score > choice!.score { choice = (score, start, c.end) }
    }
    guard let choice, choice.score > -0.5 || choice.score == exact?.0 else { return nil }
    return (choice.start, choice.end)
  }
}
