import ArgumentParser
import Extraction
import Foundation
import Store
import Workspace

struct Check: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Validate the annotation store and score the rules against gold annotations.",
    discussion: """
      Exit status: 0 when the store is valid and every file was read (and the strict micro F1 of the core \
      layer reaches --min-f1); 1 otherwise; 64 on usage errors.
      """)

  @OptionGroup var workspace: WorkspaceOptions

  @Option(help: "Folder of gold *.jsonl files, relative to the root, inside it (default: annotations/gold).")
  var gold: String?

  @Option(help: "Fail (exit 1) when the core layer's strict micro F1 is below this (0–1).")
  var minF1: Double?

  @Option(help: "Report format: text or json.")
  var format: String = "text"

  @Option(help: "Leave out tagger mentions less confident than this (0–1).")
  var minConfidence = Double(Extractor.defaultMinimumConfidence)

  @Option(
    help:
      "How the tagger joins the rules: extend (fill gaps and extend rule spans to longer names) or fill (gaps only).")
  var taggerPolicy = "extend"

  @Argument(help: "Files or folders to score (default: every document the gold files name).")
  var paths: [String] = []

  func validate() throws {
    guard ["text", "json"].contains(format) else { throw ValidationError("--format must be text or json") }
    if let minF1, !(0...1).contains(minF1) { throw ValidationError("--min-f1 must be between 0 and 1") }
    guard (0...1).contains(minConfidence) else { throw ValidationError("--min-confidence must be between 0 and 1") }
    guard ["extend", "fill"].contains(taggerPolicy) else {
      throw ValidationError("--tagger-policy must be extend or fill")
    }
  }

  /// The reader under `--tagger-policy`.
  func policy(_ reader: DocumentReader) -> DocumentReader {
    taggerPolicy == "extend" ? reader.extending(above: Extractor.extendingConfidence) : reader
  }

  func run() throws {
    let store = try workspace.store(for: paths)
    let (rules, ruleProblems) = store.ruleSet()
    var problems = ruleProblems
    // The rule files' own examples, on the rules alone.
    let ruleTests = rules.runTests()
    problems += ruleTests.failures.map(StoreProblem.init(ruleError:))
    let (settings, settingsProblems) = store.settings()
    _ = settings
    problems += settingsProblems
    let gold = try goldFolder(store)
    let (goldSpans, goldProblems) = store.spans(in: gold)
    problems += goldProblems
    var (paths, pathProblems) = expand(paths, store)
    problems += pathProblems
    if self.paths.isEmpty { paths = Array(Set(goldSpans.map(\.doc))).sorted() }
    let batch = BatchExtraction.run(
      paths: paths, store: store, reader: policy(DocumentReader(rules: rules, minimumConfidence: Float(minConfidence))),
      progress: progressReporter())
    problems += batch.problems
    problems += GoldValidation.check(goldSpans, documents: batch.documents)

    // Corrections: validated, and scored apart so the report shows what they changed.
    let (loaded, logProblems) = CorrectionLog(files: store.files).load()
    problems += logProblems
    let records = loaded.map { ($0.line, $0.record) }
    var texts: [String: String] = [:]
    for path in Set(records.compactMap { $0.1.target?.source }) {
      if case .success(let text) = store.files.readText(path) { texts[path] = text }
    }
    problems += WorkspaceIndex.validate(records, documents: texts)
    let reader = policy(DocumentReader(rules: rules, records: loaded, minimumConfidence: Float(minConfidence)))
    var withCorrections: Evaluation?
    if !reader.corrections.isEmpty {
      let corrected = BatchExtraction.run(paths: paths, store: store, reader: reader)
      withCorrections = Scorer.evaluate(corrected.documents, gold: goldSpans)
    }
    let scored = Set(batch.documents.map(\.path))
    var report = CheckReport(
      problems: problems, evaluation: Scorer.evaluate(batch.documents, gold: goldSpans),
      withCorrections: withCorrections, goldCount: goldSpans.filter { scored.contains($0.doc) }.count,
      goldFolder: gold)
    report.ruleTests = (ruleTests.run, ruleTests.failures.count)
    // With a tagger: the rules alone and the tagger alone, side by side.
    if rules.tagger != nil {
      report.sourcesTitle = "rules + tagger"
      for (sources, key, title) in [
        (Extractor.Sources.rules, "coreRulesOnly", "rules alone"), (.tagger, "coreTaggerOnly", "tagger alone"),
      ] {
        let alone = DocumentReader(rules: rules, minimumConfidence: Float(minConfidence)).sources(sources)
        let documents = BatchExtraction.run(paths: paths, store: store, reader: alone).documents
        report.alternatives.append((key, title, Scorer.evaluate(documents, gold: goldSpans).core))
      }
    }
    print(format == "json" ? report.json().jsonText : report.text(), terminator: format == "json" ? "\n" : "")
    if report.hasErrors { throw ExitCode(1) }
    if let minF1, !report.isScored {
      printError("gloss: no gold spans to score in \(gold): --min-f1 \(minF1) cannot be met")
      throw ExitCode(1)
    }
    if let minF1 {
      let f1 = report.evaluation.core.strictMicro.f1
      if f1 < minF1 {
        printError("gloss: strict micro F1 \(String(format: "%.3f", f1)) is below --min-f1 \(minF1)")
        throw ExitCode(1)
      }
    }
  }
}

extension Check {
  /// The gold folder, workspace-relative: `--gold` must lie inside the root
  /// and exist (the default may be missing: then nothing is scored).
  func goldFolder(_ store: AnnotationStore) throws -> String {
    guard let gold else { return "annotations/gold" }
    let url = gold.hasPrefix("/") ? URL(fileURLWithPath: gold) : store.root.appendingPathComponent(gold)
    guard let relative = store.files.relativePath(of: url), !relative.isEmpty else {
      throw ValidationError("--gold \(gold): outside the workspace root \(store.root.path)")
    }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
      throw ValidationError("--gold \(gold): no such folder in \(store.root.path)")
    }
    return relative
  }
}
