import JSON

/// Reads JSON Lines: one object a line. A line that does not parse is a
/// problem with its file and line number; the other lines load.
public enum JSONLines {
  public static func parse(_ text: String, file: String) -> (
    records: [(line: Int, value: JSONValue)], problems: [StoreProblem]
  ) {
    var records: [(Int, JSONValue)] = []
    var problems: [StoreProblem] = []
    var number = 0
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      number += 1
      var trimmed = Substring(line)
      while let last = trimmed.last, last == "\r" || last == " " || last == "\t" { trimmed.removeLast() }
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
}
