import JSON

/// Reads JSON Lines: one object a line, line by line. Lines end at `\n`,
/// `\r\n` or `\r`; a line that is not UTF-8, not JSON or not an object is a
/// problem with its file and line number, and every other line loads.
public enum JSONLines {
  /// A file's bytes as text to parse line by line: line endings made `\n`,
  /// a leading byte-order mark dropped, and each line that is not UTF-8
  /// left empty (reported with its number), so line numbers stay those of
  /// the file.
  public static func text(_ bytes: [UInt8], file: String) -> (text: String, problems: [StoreProblem]) {
    var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    // The common case: UTF-8 throughout, `\n` only.
    if !bytes.contains(0x0D), let text = String(validating: bytes[start...], as: UTF8.self) {
      return (text, [])
    }
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var problems: [StoreProblem] = []
    var number = 1
    var i = start
    while start <= bytes.count {
      // The line is start..<i; then its ending.
      while i < bytes.count && bytes[i] != 0x0A && bytes[i] != 0x0D { i += 1 }
      let line = bytes[start..<i]
      if String(validating: line, as: UTF8.self) != nil {
        out += line
      } else {
        problems.append(StoreProblem(file: file, line: number, message: "not UTF-8 text: line skipped"))
      }
      guard i < bytes.count else { break }
      i += bytes[i] == 0x0D && i + 1 < bytes.count && bytes[i + 1] == 0x0A ? 2 : 1
      out.append(0x0A)
      number += 1
      start = i
    }
    return (String(decoding: out, as: UTF8.self), problems)
  }

  /// Parses a file's bytes (see `text(_:file:)`).
  public static func parse(_ bytes: [UInt8], file: String) -> (
    records: [(line: Int, value: JSONValue)], problems: [StoreProblem]
  ) {
    let (text, problems) = text(bytes, file: file)
    let parsed = parse(text, file: file)
    return (parsed.records, (problems + parsed.problems).sorted { ($0.line ?? 0) < ($1.line ?? 0) })
  }

  public static func parse(_ text: String, file: String) -> (
    records: [(line: Int, value: JSONValue)], problems: [StoreProblem]
  ) {
    var records: [(Int, JSONValue)] = []
    var problems: [StoreProblem] = []
    var number = 0
    for line in lines(text) {
      number += 1
      var trimmed = line
      if number == 1, trimmed.unicodeScalars.first == "\u{FEFF}" { trimmed.unicodeScalars.removeFirst() }
      while let last = trimmed.last, last == " " || last == "\t" { trimmed.removeLast() }
      if trimmed.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
      do {
        let value = try JSONValue.parse(String(trimmed))
        guard case .object = value else {
          problems.append(
            StoreProblem(file: file, line: number, message: "expected a JSON object, found \(value.typeName)"))
          continue
        }
        records.append((number, value))
      } catch {
        problems.append(StoreProblem(file: file, line: number, message: "not valid JSON: \(error)"))
      }
    }
    return (records, problems)
  }

  /// The lines of a text, ending at `\n`, `\r\n` or `\r` (a `String` splits
  /// by characters, and `\r\n` is one character: split the scalars).
  static func lines(_ text: String) -> [Substring] {
    var out: [Substring] = []
    let scalars = text.unicodeScalars
    var start = scalars.startIndex
    var i = start
    while i < scalars.endIndex {
      let c = scalars[i]
      if c == "\n" || c == "\r" {
        out.append(Substring(scalars[start..<i]))
        var next = scalars.index(after: i)
        if c == "\r", next < scalars.endIndex, scalars[next] == "\n" { next = scalars.index(after: next) }
        start = next
        i = next
      } else {
        i = scalars.index(after: i)
      }
    }
    out.append(Substring(scalars[start..<scalars.endIndex]))
    return out
  }
}
