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

  @Option(help: "Folder of gold *.jsonl files, relative to the root (default: annotations/gold).")
  var gold: String = "annotations/gold"

  @Option(help: "Fail (exit 1) when the core layer's strict micro F1 is below this (0–1).")
  var minF1: Double?

  @Option(help: "Report format: text or json.")
  var format: String = "text"

  @Option(help: "Leave out tagger mentions less confident than this (0–1).")
  var minConfidence: Double = 0

  @Argument(help: "Files or folders to score (default: every document the gold files name).")
  var paths: [String] = []

  func validate() throws {
    guard ["text", "json"].contains(format) else { throw ValidationError("--format must be text or json") }
    if let minF1, !(0...1).contains(minF1) { throw ValidationError("--min-f1 must be between 0 and 1") }
    guard (0...1).contains(minConfidence) else { throw ValidationError("--min-confidence must be between 0 and 1") }
  }

  func run() throws {
    let store = workspace.store(for: paths)
    let (rules, ruleProblems) = store.ruleSet()
    var problems = ruleProblems
    let (settings, settingsProblems) = store.settings()
    _ = settings
    problems += settingsProblems
    let (goldSpans, goldProblems) = store.spans(in: gold)
    problems += goldProblems
    var (paths, pathProblems) = expand(paths, store)
    problems += pathProblems
    if self.paths.isEmpty { paths = Array(Set(goldSpans.map(\.doc))).sorted() }
    var extractor = Extractor(rules: rules)
    extractor.minimumConfidence = Float(minConfidence)
    let batch = BatchExtraction.run(paths: paths, store: store, extractor: extractor, progress: progressReporter())
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
    let corrections = WorkspaceIndex.correctionRules(records)
    var withCorrections: Evaluation?
    if !corrections.isEmpty {
      let (correctedRules, _) = store.ruleSet(
        corrections: corrections, lessons: WorkspaceIndex.taggerLessons(records))
      let corrected = BatchExtraction.run(paths: paths, store: store, extractor: Extractor(rules: correctedRules))
      withCorrections = Scorer.evaluate(corrected.documents, gold: goldSpans)
    }
    var report = CheckReport(
      problems: problems, evaluation: Scorer.evaluate(batch.documents, gold: goldSpans),
      withCorrections: withCorrections, goldCount: goldSpans.count, goldFolder: gold)
    // With a tagger: the rules alone and the tagger alone, side by side.
    if rules.tagger != nil {
      report.sourcesTitle = "rules + tagger"
      for (sources, key, title) in [
        (Extractor.Sources.rules, "coreRulesOnly", "rules alone"), (.tagger, "coreTaggerOnly", "tagger alone"),
      ] {
        var alone = extractor
        alone.sources = sources
        let documents = BatchExtraction.run(paths: paths, store: store, extractor: alone).documents
        report.alternatives.append((key, title, Scorer.evaluate(documents, gold: goldSpans).core))
      }
    }
    print(format == "json" ? report.json().jsonText : report.text(), terminator: format == "json" ? "\n" : "")
    if report.hasErrors { throw ExitCode(1) }
    if let minF1 {
      let f1 = report.evaluation.core.strictMicro.f1
      if f1 < minF1 {
        printError("gloss: strict micro F1 \(String(format: "%.3f", f1)) is below --min-f1 \(minF1)")
        throw ExitCode(1)
      }
    }
  }
}
