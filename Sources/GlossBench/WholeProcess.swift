import Foundation

/// `gloss extract --format jsonl` over the corpus written as files, on one
/// core (`taskset -c 0` when it exists), rules alone and with the tagger in
/// one run: the whole process — reading, extraction, correction pass and
/// JSON output — as an analyst runs it. The median of three runs each.
func wholeProcessExtraction(binary: String, corpus: [String], megabytes: Double) throws -> [Row] {
  let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gloss-bench-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: folder) }
  for (index, doc) in corpus.enumerated() {
    try doc.write(
      to: folder.appendingPathComponent(String(format: "doc%05d.txt", index)), atomically: false, encoding: .utf8)
  }
  let pin = FileManager.default.isExecutableFile(atPath: "/usr/bin/taskset")
  func run(_ extra: [String]) throws -> Double {
    var seconds: [Double] = []
    for _ in 0..<3 {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: pin ? "/usr/bin/taskset" : binary)
      process.arguments =
        (pin ? ["-c", "0", binary] : []) + ["extract", "--root", folder.path, "--format", "jsonl"] + extra
      process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
      process.standardError = FileHandle(forWritingAtPath: "/dev/null")
      let t0 = now()
      try process.run()
      process.waitUntilExit()
      seconds.append(now() - t0)
    }
    return megabytes / seconds.sorted()[1]
  }
  let rules = try run(["--rules-only"])
  let tagger = try run([])
  return [
    Row(
      what: "gloss extract, whole process, 1 core: rules alone", measured: String(format: "%.1f MB/s", rules),
      target: "-"),
    Row(
      what: "gloss extract, whole process, 1 core: with the tagger", measured: String(format: "%.1f MB/s", tagger),
      target: "≥ 10 MB/s"),
  ]
}
