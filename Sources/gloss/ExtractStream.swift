import ArgumentParser
import Foundation
import Workspace

extension Extract {
  /// `--input jsonl`: documents as JSON Lines on stdin, one output line per
  /// document on stdout, flushed per batch (see `StreamingExtraction`).
  func stream(_ reader: DocumentReader) throws {
    let streaming = StreamingExtraction(reader: reader)
    var pending = ""
    func flush() {
      guard !pending.isEmpty else { return }
      FileHandle.standardOutput.write(Data(pending.utf8))
      pending = ""
    }
    let failures = streaming.run(
      // A reader waiting for the last batch's output gets it before we block on input.
      nextLine: {
        flush()
        return readLine(strippingNewline: true)
      },
      write: { pending += $0 + "\n" },
      problem: { printError("gloss: \($0)") })
    flush()
    if failures > 0 { throw ExitCode(1) }
  }
}

extension Extract {
  func validateInput() throws {
    guard let input else { return }
    guard input == "jsonl" else { throw ValidationError("--input must be jsonl") }
    guard paths.isEmpty else { throw ValidationError("--input jsonl reads stdin: give no paths") }
    guard format == "jsonl" else { throw ValidationError("--input jsonl writes JSON Lines: --format must be jsonl") }
  }
}
