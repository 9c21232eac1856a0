import Dispatch
import Extraction
import JSON
import Store

/// `gloss extract --input jsonl`: one JSON object a line in (`{"id": …,
/// "text": …}`, other fields passed through), one a line out, with the
/// document's mentions in the span format of `gloss extract --format
/// jsonl` (`doc` is the id). Lines are read in small batches (closed early
/// when no further line has arrived), extracted on every core and written in
/// input order, so memory stays flat on an unbounded stream, a slow producer
/// is answered line by line, and output lines pair with input lines.
public struct StreamingExtraction: Sendable {
  public let reader: DocumentReader
  /// Lines read before a batch is extracted, and the bytes that also close one.
  public var batchLines = 64
  public var batchBytes = 8 << 20

  /// `documentDate` of `gloss.json`: relative dates' `value`s resolve against it, as in `extract`.
  public let dates: DocumentDates?

  public init(reader: DocumentReader, dates: DocumentDates? = nil) {
    self.reader = reader
    self.dates = dates
  }

  /// The output line for one input line (without its newline), and what was
  /// wrong with it, if anything. A line that cannot be read still gets an
  /// output line, `{"id"?, "line", "error"}`, so outputs pair with inputs.
  public func process(_ line: String, number: Int) -> (output: String, problem: String?) {
    let object: JSONObject
    do {
      guard let parsed = try JSONValue.parse(line).objectValue else {
        return failure(number, id: nil, "not a JSON object")
      }
      object = parsed
    } catch {
      return failure(number, id: nil, "not JSON: \(error)")
    }
    guard let id = object["id"], id.stringValue != nil || id.intValue != nil else {
      return failure(number, id: nil, "no \"id\" (a string or an integer)")
    }
    guard let text = object["text"]?.stringValue else {
      return failure(number, id: id, "no \"text\" string")
    }
    let doc = id.stringValue ?? id.jsonText
    let result = reader.read(text, path: doc)
    var out: JSONObject = ["id": id]
    for entry in object where entry.key != "id" && entry.key != "text" && entry.key != "mentions" {
      out[entry.key] = entry.value
    }
    let values = result.dateValues(dates)
    out["mentions"] = .array(zip(result.mentions, values).map { ExportFormat.spanJSON($0, doc: doc, value: $1) })
    return (JSONValue.object(out).jsonText, nil)
  }

  private func failure(_ number: Int, id: JSONValue?, _ message: String) -> (output: String, problem: String?) {
    var out = JSONObject()
    if let id { out["id"] = id }
    out["line"] = .int(Int64(number))
    out["error"] = .string(message)
    return (JSONValue.object(out).jsonText, "stdin:\(number): \(message)")
  }

  /// What `nextLine` gives: a line, nothing yet (only when asked not to wait), or the end.
  public enum LineRead: Equatable {
    case line(String)
    case wouldBlock
    case end
  }

  /// Reads lines until `nextLine` says `.end` (blank lines are skipped) and
  /// writes one output line per input line, in order. A batch closes when
  /// it is full or when no further line is there yet (`nextLine(false)` says
  /// `.wouldBlock`), so a slow stream gets each document's line as soon as it
  /// is extracted. Returns the number of lines that could not be read (each
  /// reported through `problem`).
  public func run(
    nextLine: (_ wait: Bool) -> LineRead, write: (String) -> Void, problem: (String) -> Void
  ) -> Int {
    var failures = 0
    var number = 0
    var finished = false
    while !finished {
      var batch: [(number: Int, line: String)] = []
      var bytes = 0
      reading: while batch.count < batchLines && bytes < batchBytes {
        switch nextLine(batch.isEmpty) {
        case .end:
          finished = true
          break reading
        case .wouldBlock:
          break reading
        case .line(let line):
          number += 1
          if line.allSatisfy(\.isWhitespace) { continue }
          batch.append((number, line))
          bytes += line.utf8.count
        }
      }
      guard !batch.isEmpty else { continue }
      let slots = ResultSlots<(output: String, problem: String?)>(count: batch.count)
      let lines = batch
      DispatchQueue.concurrentPerform(iterations: lines.count) { i in
        slots.set(i, process(lines[i].line, number: lines[i].number))
      }
      for result in slots.values {
        guard let result else { continue }
        write(result.output)
        if let message = result.problem {
          failures += 1
          problem(message)
        }
      }
    }
    return failures
  }
}
