import Dispatch
import Extraction
import Foundation

// `make bench`: measures against the targets in README.md (Benchmark) and prints a table.
// Not a test: machines here are shared and noisy, so numbers are reported,
// never asserted.

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

/// Peak resident memory of this process (VmHWM), in MiB.
func peakMemoryMiB() -> Double {
  guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
  for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
    let kb = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
    return kb / 1024
  }
  return 0
}

struct Row {
  var what: String
  var measured: String
  var target: String
}

func printTable(_ rows: [Row]) {
  let w0 = max(4, rows.map(\.what.count).max() ?? 0)
  let w1 = max(8, rows.map(\.measured.count).max() ?? 0)
  func pad(_ s: String, _ w: Int) -> String { s + String(repeating: " ", count: max(0, w - s.count)) }
  print(pad("what", w0) + " | " + pad("measured", w1) + " | target")
  print(String(repeating: "-", count: w0) + "-|-" + String(repeating: "-", count: w1) + "-|-------")
  for r in rows { print(pad(r.what, w0) + " | " + pad(r.measured, w1) + " | " + r.target) }
}

let arguments = CommandLine.arguments
let megabytes = arguments.count > 1 ? Int(arguments[1]) ?? 50 : 50
let seedsFolder = arguments.count > 2 ? arguments[2] : "seeds"

let seedFiles =
  (try? FileManager.default.contentsOfDirectory(atPath: seedsFolder))?.filter { $0.hasSuffix(".txt") }.sorted() ?? []
let seeds = seedFiles.compactMap { try? String(contentsOfFile: "\(seedsFolder)/\($0)", encoding: .utf8) }
guard !seeds.isEmpty else {
  FileHandle.standardError.write(Data("gloss-bench: no seeds in \(seedsFolder)\n".utf8))
  exit(2)
}

var generator = CorpusGenerator()
let corpus = generator.corpus(from: seeds, bytes: megabytes << 20)
// `--write-corpus DIR`: the same corpus as files, to profile or compare `gloss extract` on it.
if let flag = arguments.firstIndex(of: "--write-corpus"), flag + 1 < arguments.count {
  let folder = URL(fileURLWithPath: arguments[flag + 1])
  try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  for (index, doc) in corpus.enumerated() {
    try doc.write(
      to: folder.appendingPathComponent(String(format: "doc%05d.txt", index)), atomically: false, encoding: .utf8)
  }
  print("wrote \(corpus.count) documents to \(folder.path)")
  exit(0)
}

let totalBytes = corpus.reduce(0) { $0 + $1.utf8.count }
let totalMB = Double(totalBytes) / 1_048_576
print("corpus: \(corpus.count) documents, \(String(format: "%.1f", totalMB)) MB generated from \(seeds.count) seeds")

let started = now()
let extractor = Extractor(rules: .builtIn)
_ = extractor.extract("warm up")
let loadSeconds = now() - started
var rulesOnly = extractor
rulesOnly.sources = .rules

/// One core: the median of three passes, since the machines this runs on
/// are shared and one pass can be slowed by a neighbour.
func oneCorePasses(_ extractor: Extractor) -> (median: Double, passes: [Double], mentions: Int) {
  var mentions = 0
  var passes: [Double] = []
  for _ in 0..<3 {
    mentions = 0
    let t0 = now()
    for doc in corpus { mentions += extractor.extract(doc).count }
    passes.append(totalMB / (now() - t0))
  }
  return (passes.sorted()[1], passes, mentions)
}
let rulesPass = oneCorePasses(rulesOnly)
let taggerPass = oneCorePasses(extractor)
let mentions = taggerPass.mentions

// All cores.
let cores = ProcessInfo.processInfo.activeProcessorCount
let t1 = now()
DispatchQueue.concurrentPerform(iterations: cores) { worker in
  var i = worker
  while i < corpus.count {
    _ = extractor.extract(corpus[i])
    i += cores
  }
}
let allCores = totalMB / (now() - t1)

func passesText(_ pass: (median: Double, passes: [Double], mentions: Int)) -> String {
  String(format: "%.1f MB/s", pass.median) + " ("
    + pass.passes.map { String(format: "%.0f", $0) }.joined(separator: ", ")
    + ")"
}

var rows = [
  Row(what: "rules load (built-in)", measured: String(format: "%.1f ms", loadSeconds * 1000), target: "-"),
  Row(what: "extraction, rules alone, 1 core (median of 3)", measured: passesText(rulesPass), target: "≥ 50 MB/s"),
  Row(what: "extraction with the tagger, 1 core (median of 3)", measured: passesText(taggerPass), target: "-"),
  Row(what: "extraction with the tagger, \(cores) cores", measured: String(format: "%.1f MB/s", allCores), target: "-"),
  Row(
    what: "mentions found (rules alone / with the tagger)", measured: "\(rulesPass.mentions) / \(mentions)", target: "-"
  ),
  Row(what: "extraction peak memory", measured: String(format: "%.0f MiB", peakMemoryMiB()), target: "-"),
]

// End to end over stdio, when the gloss binary is beside this program.
let glossBinary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
  "gloss"
).path
if CommandLine.arguments.contains("--extraction-only") {
  // Profiling the engine alone.
} else if FileManager.default.isExecutableFile(atPath: glossBinary) {
  do {
    rows += try wholeProcessExtraction(binary: glossBinary, corpus: corpus, megabytes: totalMB)
    rows += try serverScenarios(binary: glossBinary, seeds: seeds, seedsFolder: seedsFolder, corpus: corpus)
  } catch {
    FileHandle.standardError.write(Data("gloss-bench: server scenarios failed: \(error)\n".utf8))
  }
} else {
  FileHandle.standardError.write(
    Data("gloss-bench: no gloss binary at \(glossBinary); server scenarios skipped\n".utf8))
}
printTable(rows)
