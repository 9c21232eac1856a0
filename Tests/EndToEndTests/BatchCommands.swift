import Foundation
import GlossTestSupport
import JSON
import Testing

/// Gold for "Talks in Hanoi with Zorblat.": a place any rule finds, a person none can know.
let zorblatGold = """
  {"doc":"a.txt","start":9,"end":14,"label":"GPE","text":"Hanoi","entity":"hanoi"}
  {"doc":"a.txt","start":20,"end":27,"label":"PERSON","text":"Zorblat","entity":"zorblat"}
  """

@Suite(.serialized) struct BatchCommands {
  @Test func checkPassesOnTheSeedsWithTheirGold() throws {
    let result = try runGloss(["check", "--min-f1", "0.90"], in: repositoryRoot)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("store: valid"))
    #expect(result.stdout.contains("core layer (rules + tagger)"))
    #expect(result.stdout.contains("core layer (rules alone)"))
    #expect(result.stdout.contains("core layer (tagger alone)"))
  }

  @Test func checkJSONReportIsWellFormed() throws {
    let result = try runGloss(["check", "--format", "json"], in: repositoryRoot)
    let report = try JSONValue.parse(result.stdout)
    #expect(report["valid"] == true)
    #expect(report.at("core.strict.micro.f1")?.doubleValue ?? 0 >= 0.9)
    #expect(report["documents"] == 2)
  }

  @Test func checkFailsUnderMinF1() throws {
    // The gold names a person no rule can know: recall is 1/2 (the tagger,
    // which might guess it from context, is off).
    let folder = try workspaceWith([
      "a.txt": "Talks in Hanoi with Zorblat.", "annotations/gold/a.jsonl": zorblatGold,
      "annotations/gloss.json": #"{"tagger": false}"#,
    ])
    defer { try? FileManager.default.removeItem(at: folder) }
    let failing = try runGloss(["check", "--min-f1", "0.9"], in: folder)
    #expect(failing.status == 1)
    #expect(failing.stderr.contains("below --min-f1"))
    #expect(failing.stdout.contains("missed"))
    #expect(try runGloss(["check", "--min-f1", "0.6"], in: folder).status == 0)
  }

  @Test func usageErrorsExit64() throws {
    #expect(try runGloss(["check", "--format", "yaml"], in: repositoryRoot).status == 64)
    #expect(try runGloss(["extract", "--format", "xml"], in: repositoryRoot).status == 64)
    #expect(try runGloss(["check", "--min-f1", "2"], in: repositoryRoot).status == 64)
  }

  @Test func extractWorksOnAFolderWithoutAnnotations() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try "Japanese Prime Minister Fumio Kishida visited Hanoi on May 3, 2023.".write(
      to: folder.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
    try "".write(to: folder.appendingPathComponent("empty.txt"), atomically: true, encoding: .utf8)
    let result = try runGloss(["extract", "--format", "jsonl", folder.path], in: repositoryRoot)
    #expect(result.status == 0, "\(result.stderr)")
    let lines = result.stdout.split(separator: "\n").map { try? JSONValue.parse(String($0)) }
    #expect(!lines.isEmpty && lines.allSatisfy { $0 != nil })
    let spans = lines.compactMap { $0 }
    #expect(spans.contains { $0["text"] == "Fumio Kishida" && $0["label"] == "PERSON" && $0["doc"] == "a.txt" })
    #expect(spans.contains { $0["layer"] == "title" && $0["text"] == "Japanese Prime Minister" })
    #expect(spans.contains { $0["text"] == "May 3, 2023" && $0["label"] == "DATE" && $0["entity"] == nil })
  }

  @Test func aFileThatIsNotUTF8IsNamedAndTheOthersAreProcessed() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try Data([0x48, 0x61, 0x6E, 0x6F, 0x69, 0xFF, 0xFE]).write(to: folder.appendingPathComponent("bad.txt"))
    try "Talks in Hanoi.".write(to: folder.appendingPathComponent("good.txt"), atomically: true, encoding: .utf8)
    let result = try runGloss(["extract", "--format", "table", folder.path], in: repositoryRoot)
    #expect(result.status == 1)
    #expect(result.stderr.contains("bad.txt") && result.stderr.contains("not UTF-8"))
    #expect(result.stdout.contains("Hanoi"))
  }

  @Test func extractReadsStandardInput() throws {
    let result = try runGloss(
      ["extract", "--format", "conll", "-"], in: repositoryRoot, stdin: "Ships left Da Nang port.")
    #expect(result.status == 0)
    #expect(result.stdout.contains("Da\t11\t13\tB-FAC"))
    #expect(result.stdout.contains("port\t19\t23\tI-FAC"))
  }

  @Test func bratOutputIsStandoff() throws {
    let result = try runGloss(["extract", "--format", "brat", "-"], in: repositoryRoot, stdin: "The UN met in Geneva.")
    #expect(result.stdout.contains("T1\tORG 4 6\tUN"))
    #expect(result.stdout.contains("T2\tGPE 14 20\tGeneva"))
  }

  @Test func anInvalidStoreFailsCheckAndNamesTheLine() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try FileManager.default.createDirectory(
      at: folder.appendingPathComponent("annotations/gold"), withIntermediateDirectories: true)
    try "Talks in Hanoi.".write(to: folder.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
    try """
    {"doc":"a.txt","start":9,"end":14,"label":"GPE","text":"Hanoi","entity":"hanoi"}
    {"doc":"a.txt","start":9,"end":14,"label":"PLACE","text":"Hanoi"}
    not json
    """.write(to: folder.appendingPathComponent("annotations/gold/a.jsonl"), atomically: true, encoding: .utf8)
    let result = try runGloss(["check", "--root", folder.path], in: folder)
    #expect(result.status == 1)
    #expect(result.stdout.contains("annotations/gold/a.jsonl:2"))
    #expect(result.stdout.contains("annotations/gold/a.jsonl:3"))
  }

  @Test func checkShowsScoresWithAndWithoutCorrections() throws {
    let folder = try workspaceWith(["a.txt": "Talks in Hanoi with Zorblat.", "annotations/gold/a.jsonl": zorblatGold])
    defer { try? FileManager.default.removeItem(at: folder) }
    let line =
      #"{"id":"c-1","created":"2026-11-23T10:00:00Z","author":"ana","action":"annotate","target":{"source":"a.txt","selector":[{"type":"TextQuoteSelector","exact":"Zorblat","prefix":"Talks in Hanoi with ","suffix":"."},{"type":"TextPositionSelector","start":20,"end":27}]},"body":{"label":"PERSON","entity":"zorblat"},"scope":"corpus"}"#
    try (line + "\n").write(
      to: folder.appendingPathComponent("annotations/corrections.jsonl"), atomically: true, encoding: .utf8)
    let result = try runGloss(["check", "--format", "json"], in: folder)
    #expect(result.status == 0, "\(result.stdout)")
    let report = try JSONValue.parse(result.stdout)
    #expect(report["valid"] == true)
    let rulesOnly = report.at("core.strict.micro.f1")?.doubleValue ?? 0
    let corrected = report.at("coreWithCorrections.strict.micro.f1")?.doubleValue ?? 0
    #expect(rulesOnly < corrected)
    #expect(corrected == 1)
    let text = try runGloss(["check"], in: folder).stdout
    #expect(text.contains("core layer (rules + corrections)"))
  }

  @Test func checkReportsCorrectionsThatNoLongerPlace() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try FileManager.default.createDirectory(
      at: folder.appendingPathComponent("annotations"), withIntermediateDirectories: true)
    try "Talks in Hanoi.".write(to: folder.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
    let line =
      #"{"id":"c-1","created":"2026-11-23T10:00:00Z","author":"ana","action":"annotate","target":{"source":"a.txt","selector":[{"type":"TextQuoteSelector","exact":"the Grand Velvet Palace","prefix":"","suffix":""}]},"body":{"label":"NOPE"},"scope":"corpus"}"#
    try (line + "\n").write(
      to: folder.appendingPathComponent("annotations/corrections.jsonl"), atomically: true, encoding: .utf8)
    let result = try runGloss(["check", "a.txt"], in: folder)
    #expect(result.status == 1)
    #expect(result.stdout.contains("annotations/corrections.jsonl:1: body.label: unknown label"))
    #expect(result.stdout.contains("can no longer be placed"))
  }

  @Test func anInstalledCopyWorksWithNoFilesBesideIt() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let installed = folder.appendingPathComponent("bin/gloss")
    try FileManager.default.createDirectory(
      at: installed.deletingLastPathComponent(), withIntermediateDirectories: true)
    try FileManager.default.copyItem(at: glossBinary, to: installed)
    let process = Process()
    process.executableURL = installed
    process.arguments = ["extract", "--format", "table", repositoryRoot.appendingPathComponent("seeds").path]
    process.currentDirectoryURL = folder
    let out = Pipe()
    process.standardOutput = out
    try process.run()
    let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    #expect(output.contains("Ngo Xuan Lich"))
    let version = try runGloss(["--version"], in: folder)
    #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
    let help = try runGloss(["serve", "--help"], in: folder)
    #expect(help.stdout.contains("--stdio") && help.stdout.contains("--log-level"))
  }
}
