import ArgumentParser
import Foundation
import Workspace

extension Extract {
  /// `--input jsonl`: documents as JSON Lines on stdin, one output line per
  /// document on stdout, flushed per batch (see `StreamingExtraction`).
  func stream() throws {
    let store = try workspace.store()
    var (reader, storeProblems) = store.documentReader(
      corrections: !rulesOnly, minimumConfidence: Float(minConfidence))
    for p in storeProblems { printError("gloss: \(p)") }
    if rulesOnly { reader = reader.sources(.rules) }
    let streaming = StreamingExtraction(reader: reader, dates: store.settings().0.documentDate)
    let input = LineReader(fd: 0)
    var pending = ""
    func flush() {
      guard !pending.isEmpty else { return }
      FileHandle.standardOutput.write(Data(pending.utf8))
      pending = ""
    }
    let failures = streaming.run(
      // A reader waiting for the last batch's output gets it before we block on input.
      nextLine: { wait in
        if wait { flush() }
        return input.next(wait: wait)
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
    guard format == "jsonl", out == nil else {
      throw ValidationError("--input jsonl writes JSON Lines to stdout: --format must be jsonl, without --out")
    }
  }
}

/// Lines from a file descriptor, read with read(2) into one buffer, so
/// whether a further line is there can be told without blocking: a
/// complete line in the buffer, else poll(2). `\r\n` ends a line like `\n`.
final class LineReader {
  private let fd: Int32
  private var buffer: [UInt8] = []
  private var start = 0
  /// Where the search for the next newline resumes (bytes before it hold none).
  private var scanned = 0
  private var atEnd = false

  init(fd: Int32) { self.fd = fd }

  func next(wait: Bool) -> StreamingExtraction.LineRead {
    while true {
      if let newline = buffer[scanned...].firstIndex(of: 0x0A) {
        var end = newline
        if end > start && buffer[end - 1] == 0x0D { end -= 1 }
        let line = String(decoding: buffer[start..<end], as: UTF8.self)
        start = newline + 1
        scanned = start
        if start >= 1 << 16 && start * 2 >= buffer.count {
          buffer.removeFirst(start)
          start = 0
          scanned = 0
        }
        return .line(line)
      }
      scanned = buffer.count
      if atEnd {
        guard start < buffer.count else { return .end }
        let line = String(decoding: buffer[start...], as: UTF8.self)
        start = buffer.count
        scanned = start
        return .line(line)
      }
      if !wait {
        var ready = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        if poll(&ready, 1, 0) == 0 { return .wouldBlock }
      }
      var chunk = [UInt8](repeating: 0, count: 1 << 16)
      let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if count < 0 && errno == EINTR { continue }
      if count <= 0 {
        atEnd = true
        continue
      }
      buffer.append(contentsOf: chunk[0..<count])
    }
  }
}
